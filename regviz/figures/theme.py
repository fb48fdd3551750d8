"""One colour-blind-safe palette (Okabe & Ito) with named roles, and the base layout.

Figures are assembled as plain dicts and wrapped once with validation off: Plotly's
per-property validation (and resolving a named template) cost 10–50 ms a figure,
which is most of a slider step's server time. The layout below spells out the few
style properties we use instead of shipping a full template with every update.
"""

from __future__ import annotations

import base64
from typing import Any

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
GRID = "#E6ECF4"
AXIS = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "automargin": True, "ticks": ""}


def axis(title: str, **extra: Any) -> dict[str, Any]:
    return {**AXIS, "title": {"text": title}, **extra}


def layout(title: str, x_title: str, y_title: str, height: int = 460, **extra: Any) -> dict[str, Any]:
    """The shared look; uirevision keeps a user's zoom across redraws."""
    base: dict[str, Any] = {
        "title": {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": FONT_SIZE + 2}},
        "font": {"size": FONT_SIZE, "color": "#2a3f5f"},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 70},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        # Legend at the figure's foot, below the x-axis title however many rows it wraps to:
        # titles and long (translated) labels never collide.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0, "x": 0.0, "xanchor": "left"},
        "hovermode": "closest",
        "uirevision": "keep",
        "xaxis": axis(x_title),
        "yaxis": axis(y_title),
    }
    for key, value in extra.items():
        base[key] = {**base[key], **value} if isinstance(value, dict) and key in base else value
    return base


class Figure(go.Figure):
    """A go.Figure built from a ready spec, skipping Plotly's validation and deep copies.

    Streamlit serialises a figure through ``to_dict()``, which here encodes the float32
    arrays as base64 typed arrays directly (~1 ms instead of ~8 ms for a full
    go.Figure round trip). ``data``, ``layout`` and ``to_json`` behave as on any
    go.Figure; the full object is only built when one of them is first used.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_full", None)

    def _figure(self) -> go.Figure:
        if self._full is None:
            object.__setattr__(self, "_full", go.Figure(self._spec, _validate=False))
        return self._full

    @property
    def data(self) -> Any:  # type: ignore[override]
        return self._figure().data

    @property
    def layout(self) -> Any:  # type: ignore[override]
        return self._figure().layout

    def to_dict(self) -> dict[str, Any]:
        return _wire(self._spec)

    def to_plotly_json(self) -> dict[str, Any]:
        return self.to_dict()

    def to_json(self, *args: Any, **kwargs: Any) -> str:
        return self._figure().to_json(*args, **kwargs)


def _wire(value: Any) -> Any:
    """The spec with numpy arrays as Plotly's base64 typed arrays (what plotly.js reads)."""
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value, dtype=np.float32)
        return {"dtype": "f4", "bdata": base64.b64encode(arr.tobytes()).decode("ascii")}
    return value


def figure(traces: list[dict[str, Any]], layout_: dict[str, Any]) -> go.Figure:
    """Wrap prepared traces and layout (see Figure)."""
    return Figure({"data": traces, "layout": layout_})


def scatter(x: object, y: object, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "scatter", "x": x, "y": y, "name": name, **extra}


def f32(values: object) -> np.ndarray:
    """Data as float32 arrays: Plotly sends them as compact base64 typed arrays, and
    copying them is a memcpy instead of a walk over Python floats."""
    return np.asarray(values, dtype=np.float32)
