"""One colour-blind-safe palette (Okabe & Ito) with named roles, and the base layout."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

COLORS = {
    "train": "#0072B2",  # blue
    "test": "#D55E00",  # vermillion
    "truth": "#444444",
    "fit": "#009E73",  # bluish green
    "band": "rgba(0, 158, 115, 0.18)",
    "l1": "#E69F00",  # orange
    "l2": "#56B4E9",  # sky blue
    "elasticnet": "#CC79A7",  # reddish purple
    "l0": "#7A5C00",  # dark yellow
    "none": "#444444",
    "zero": "#BBBBBB",
    "contour": "#8DA0CB",
    "tangent": "#0072B2",
    "solution": "#D55E00",
    "ols": "#000000",
    "path": "#009E73",
    "bias": "#E69F00",
    "variance": "#CC79A7",
    "noise": "#999999",
    "here": "#D55E00",
}

FONT_SIZE = 15  # readable when projected in a lecture hall


def base_layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 460) -> go.Figure:
    """Apply the shared look; uirevision keeps a user's zoom across redraws."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": FONT_SIZE + 2}},
        font={"size": FONT_SIZE},
        height=height,
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        # Legend under the plot: titles and long (translated) labels never collide.
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0.0, "xanchor": "left"},
        uirevision="keep",
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def f32(values: object) -> list[float]:
    """Round to 5 decimals before sending: far fewer bytes, the same picture."""
    return np.asarray(values, dtype=np.float32).astype(float).round(5).tolist()
