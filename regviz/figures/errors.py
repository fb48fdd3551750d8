"""Error curves with a "you are here" marker, and the bias–variance decomposition.

Arrays read: ``errors_lam`` — the fit's ``train_mse``, ``test_mse`` along λ;
``errors_degree`` — ``train``, ``test`` (D, L); ``bias_variance`` — ``bias2``, ``variance``
along λ and the noise σ²; ``bias_variance_degree`` — the same along the degree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.kind import Kind, Spec, View, by_uid, set_title
from regviz.figures.theme import COLORS, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num


def log_range(values: list[np.ndarray]) -> list[float]:
    """A log-axis range that keeps interpolation's ~0 training error and extrapolation's
    huge test error from squashing the interesting part of the curves."""
    v = np.concatenate([np.asarray(a, dtype=float).ravel() for a in values])
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return [-3.0, 1.0]
    lo = max(float(v.min()), 1e-6)
    hi = min(float(v.max()), 1e3 * float(np.median(v)))
    return [float(np.log10(lo)) - 0.1, float(np.log10(max(hi, lo * 10))) + 0.1]


def here_line(lang: str, xref: str = "x", yref: str = "paper") -> dict[str, Any]:
    """A dashed vertical "you are here" line, a layout shape placed by the fill: moving a shape
    (or an annotation) redraws only it, where moving a trace makes Plotly redraw the whole
    chart (~5× the time, measured in the browser)."""
    return {
        "type": "line",
        "xref": xref,
        "yref": yref,
        "x0": 1.0,
        "x1": 1.0,
        "y0": 0.0,
        "y1": 1.0,
        "line": {"color": COLORS["here"], "dash": "dash", "width": 2},
        "label": {
            "text": t("fig.you_are_here", lang),
            "textposition": "end",
            "textangle": 0,
            "font": {"color": COLORS["here"]},
        },
    }


# The current setting's points on the curves: annotations (whose coordinates on a log axis are
# log10 values), explained by the "you are here" label.
MARKER: dict[str, Any] = {
    "text": "◆",
    "showarrow": False,
    "xref": "x",
    "yref": "y",
    "x": 0.0,
    "y": 0.0,
    "font": {"size": 20},
}


def _layout(title: str, x_title: str, lang: str, y_range: list[float], log_x: bool, points: int = 0) -> dict[str, Any]:
    # λ axis: strong regularisation (simple models) on the left
    x_axis = {"type": "log", "autorange": "reversed"} if log_x else {}
    return layout(
        title,
        x_title,
        t("fig.mse", lang),
        height=440,
        xaxis=x_axis,
        yaxis={"type": "log", "range": y_range},
        shapes=[here_line(lang)],
        annotations=[
            {**MARKER, "font": {**MARKER["font"], "color": COLORS["here"]}, "hovertext": t("fig.current", lang)}
        ]
        * points,
    )


def _curves(axis: list[float], train: object, test: object, lang: str) -> list[dict[str, Any]]:
    out = []
    for uid, name, values in (("train", "fig.train_error", train), ("test", "fig.test_error", test)):
        out.append(
            scatter(
                axis,
                floats(values) if values is not None else [],
                t(name, lang),
                uid=uid,
                mode="lines+markers",
                line={"color": COLORS[uid], "width": 3},
                marker={"size": 5},
            )
        )
    return out


def _log10(v: float) -> float | None:
    return math.log10(v) if v > 0 and math.isfinite(v) else None


def place(spec: Spec, x: float, points: list[float]) -> None:
    """Put the template's "you are here" line (its first shape) at x and its markers (its
    first annotations) at (x, points)."""
    lay = spec["layout"]
    log_x = lay["xaxis"].get("type") == "log"
    ax = _log10(x) if log_x else x
    notes = lay.get("annotations", [])
    marks = [{**m, "x": ax, "y": _log10(y)} for m, y in zip(notes, points, strict=False)] + notes[len(points) :]
    shapes = [{**lay["shapes"][0], "x0": x, "x1": x}, *lay["shapes"][1:]]  # the rest stay put
    spec["layout"] = {**lay, "shapes": shapes, "annotations": marks}


def _lam_template(data: PanelData, lang: str) -> Spec:
    train, test = data["train_mse"], data["test_mse"]
    y_range = log_range([train, test])
    traces = _curves(list(LAM_GRID), train, test, lang)
    return figure(traces, _layout(t("overfit.vs_lam", lang), "λ", lang, y_range, log_x=True, points=2))


def _lam_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    lam = ctx.get("lams", LAM_GRID)[i]
    place(spec, lam, [float(v.arrays["train_mse"][i]), float(v.arrays["test_mse"][i])])


ERRORS_LAM = Kind(_lam_template, _lam_fill)


def _degree_template(data: PanelData, lang: str) -> Spec:
    traces = _curves([float(d) for d in data.values["degrees"]], None, None, lang)
    traces[1]["name"] = t(data.values.get("second", "fig.test_error"), lang)
    axis_title = t("controls.degree", lang)
    # One range for every λ: the axes stay put while λ moves (and redrawing axes is what costs).
    y_range = log_range([data["train"], data["test"]])
    title = t(data.values.get("title", "overfit.vs_degree"), lang)
    return figure(traces, _layout(title, axis_title, lang, y_range, log_x=False, points=2))


def _degree_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    train, test = v.arrays["train"][:, i], v.arrays["test"][:, i]
    by_uid(spec, "train")["y"] = floats(train)
    by_uid(spec, "test")["y"] = floats(test)
    k = min(max(int(ctx.get("degree", 1)), 1), len(train)) - 1
    place(spec, float(k + 1), [float(train[k]), float(test[k])])


ERRORS_DEGREE = Kind(_degree_template, _degree_fill)


def _bv_traces(
    axis: list[float], data: PanelData, lang: str, row: int | None = None
) -> tuple[list[dict[str, Any]], list[float]]:
    """The decomposition's curves (of ``row`` of 2-D arrays) and a y-range for all of them."""
    bias2, variance, noise = data["bias2"], data["variance"], float(data.values["noise"])
    total = bias2 + variance + noise
    traces = []
    for uid, key, values, role, dash in (
        ("bias2", "fig.bias2", bias2, "bias", "solid"),
        ("variance", "fig.variance", variance, "variance", "solid"),
        ("noise", "fig.noise", np.full_like(bias2, noise), "noise", "dot"),
        ("total", "fig.expected_mse", total, "test", "dash"),
    ):
        shown = values if row is None else values[row]
        line = {"color": COLORS[role], "width": 3, "dash": dash}
        traces.append(scatter(axis, floats(shown), t(key, lang), uid=uid, mode="lines", line=line))
    return traces, log_range([bias2, variance, total])


def _bv_template(data: PanelData, lang: str) -> Spec:
    traces, y_range = _bv_traces(list(LAM_GRID), data, lang)
    title = t("overfit.bv_lam", lang, reps=data.values["reps"])
    return figure(traces, _layout(title, "λ", lang, y_range, log_x=True))


def _bv_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    place(spec, ctx.get("lams", LAM_GRID)[i], [])


BIAS_VARIANCE = Kind(_bv_template, _bv_fill)


def _bv_degree_template(data: PanelData, lang: str) -> Spec:
    degrees = [float(d) for d in range(1, data["bias2"].shape[1] + 1)]
    traces, y_range = _bv_traces(degrees, data, lang, row=0)  # one y-range for every λ
    title = t("overfit.bv_degree", lang, reps=data.values["reps"], lam=num(LAM_GRID[0]))
    return figure(traces, _layout(title, t("controls.degree", lang), lang, y_range, log_x=False))


def _bv_degree_strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    reps = data.values["reps"]
    return {"bv_degree_title": [t("overfit.bv_degree", lang, reps=reps, lam=num(lam)) for lam in LAM_GRID]}


def _bv_degree_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    bias2, variance = v.arrays["bias2"][i], v.arrays["variance"][i]
    noise = float(v.values["noise"])
    by_uid(spec, "bias2")["y"] = floats(bias2)
    by_uid(spec, "variance")["y"] = floats(variance)
    by_uid(spec, "total")["y"] = floats(bias2 + variance + noise)
    set_title(spec, v.strings["bv_degree_title"][i])
    place(spec, float(min(max(int(ctx.get("degree", 1)), 1), bias2.size)), [])


BIAS_VARIANCE_DEGREE = Kind(_bv_degree_template, _bv_degree_fill, _bv_degree_strings)
