"""One colour-blind-safe palette (Okabe & Ito) with named roles, and the base layout.

Figures are plain data (``{"data": traces, "layout": layout}``): the browser fills in
what λ changes, and ``regviz.figures.plotly_figure`` turns one into a go.Figure. The
layout spells out the few style properties we use instead of a named template.
"""

from __future__ import annotations

from typing import Any

import numpy as np

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


def figure(traces: list[dict[str, Any]], layout_: dict[str, Any]) -> dict[str, Any]:
    """A Plotly figure spec as plain data (regviz.figures.plotly_figure makes a go.Figure of it)."""
    return {"data": traces, "layout": layout_}


def scatter(x: object, y: object, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "scatter", "x": x, "y": y, "name": name, **extra}


class Floats(list[float | None]):
    """A spec's list of numbers that keeps them as an array too (NaN where the list has None),
    so that a payload stores the array as it is instead of reading the list back."""

    __slots__ = ("array",)
    array: np.ndarray


def floats(values: object) -> list[float | None]:
    """A plain list for a spec; NaN and ±∞ (a gap in a line) become None, as JSON and Plotly want."""
    arr = np.asarray(values, dtype=float).ravel()
    finite = np.isfinite(arr)
    out = Floats(arr.tolist())
    if not finite.all():
        arr = np.where(finite, arr, np.nan)
        for i in np.flatnonzero(~finite).tolist():
            out[i] = None
    out.array = arr
    return out
