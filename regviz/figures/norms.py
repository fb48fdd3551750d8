"""Charts of the norms lesson: residuals as distances, error measures along λ, ℓp balls.

- ``residuals`` reads the ``measures`` arrays: training points, the fitted curve of row i
  (scaled Legendre, as ``fit``) and each residual y_i − ŷ_i as a vertical segment;
- ``error_measures``: SSE, MSE, RMSE and ‖y − ŷ‖₂ along λ with "you are here";
- ``lp_contours`` reads the ``lp`` arrays: the loss contours around the OLS point, the one
  through the global minimum, the ball {P_p ≤ t} there, the unit ball ‖w‖_p = 1, the global
  minimum, the start and where coordinate descent from it stops.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.errors import MARKER, here_line, log_range, place
from regviz.figures.kernels import ellipse, legendre_curve, lp_ball
from regviz.figures.kind import Kind, Spec, View, by_uid, set_title
from regviz.figures.theme import COLORS, axis, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num

MEASURES = (("sse", "#0072B2"), ("dist", "#009E73"), ("mse", "#D55E00"), ("rmse", "#CC79A7"))


def _residuals_template(data: PanelData, lang: str) -> Spec:
    lo, hi = data.values["domain"]
    x_grid = floats(np.linspace(lo, hi, data.values["points"]))
    traces = [
        scatter([], [], t("fig.residual", lang), uid="residuals", mode="lines",
                line={"color": COLORS["test"], "width": 2}, hoverinfo="skip"),
        scatter(floats(data["x_train"]), floats(data["y_train"]), t("fig.train_points", lang), mode="markers",
                marker={"color": COLORS["train"], "size": 9}),
        scatter(x_grid, [], t("fig.fit", lang), uid="fit", mode="lines", line={"color": COLORS["fit"], "width": 3}),
    ]  # fmt: skip
    return figure(traces, layout("", "x", "y", yaxis={"range": floats(data["y_range"])}))


def _residuals_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    fit = by_uid(spec, "fit")
    lo, hi = v.values["domain"]
    fit["y"] = legendre_curve(a["coefs"][i], float(a["intercepts"][i]), lo, hi, fit["x"])
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x, y, yh in zip(a["x_train"], a["y_train"], a["yhat"][i], strict=True):
        xs += [float(x), float(x), None]
        ys += [float(y), float(yh), None]
    res = by_uid(spec, "residuals")
    res["x"], res["y"] = xs, ys
    set_title(spec, v.strings["residual_title"][i])


def _residuals_strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    title = t("fig.residual_title", lang)  # looked up once, not once per λ
    return {"residual_title": [title.format(dist=num(d)) for d in data["dist"].tolist()]}


def _measures_template(data: PanelData, lang: str) -> Spec:
    traces = [
        scatter(list(LAM_GRID), floats(data[key]), t(f"fig.measure_{key}", lang), uid=key, mode="lines",
                line={"color": color, "width": 3})
        for key, color in MEASURES
    ]  # fmt: skip
    y_range = log_range([data[key] for key, _ in MEASURES])
    marks = [{**MARKER, "font": {**MARKER["font"], "color": color}} for _, color in MEASURES]
    lay = layout(
        t("fig.measures_title", lang),
        "λ",
        t("fig.measure_axis", lang),
        height=460,
        xaxis={"type": "log", "autorange": "reversed"},
        yaxis={"type": "log", "range": y_range},
        shapes=[here_line(lang)],
        annotations=marks,
    )
    return figure(traces, lay)


def _measures_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    place(spec, ctx.get("lams", LAM_GRID)[i], [float(v.arrays[key][i]) for key, _ in MEASURES])


def _lp_template(data: PanelData, lang: str) -> Spec:
    line = {"color": COLORS["contour"], "width": 1, "shape": "spline"}
    spans = data.values["spans"]
    traces = [
        scatter([], [], t("fig.contours", lang), uid=f"span{k}", mode="lines", line=line,
                legendgroup="contours", showlegend=k == 0, hoverinfo="skip")
        for k in range(len(spans))
    ]  # fmt: skip
    traces += [
        scatter([], [], t("fig.tangent", lang), uid="tangent", mode="lines",
                line={**line, "color": COLORS["tangent"], "width": 3}),
        scatter([], [], t("fig.unit_ball", lang), uid="unit", mode="lines",
                line={"color": "#999999", "width": 1.5, "dash": "dot"}),
        scatter([], [], t("fig.lp_ball", lang), uid="ball", mode="lines", fill="toself",
                fillcolor="rgba(230, 159, 0, 0.12)", line={"color": COLORS["l1"], "width": 3}),
        scatter(floats([data["ols"][0]]), floats([data["ols"][1]]), t("fig.ols", lang), uid="ols", mode="markers",
                marker={"symbol": "x", "size": 12, "color": COLORS["ols"]}),
        scatter(floats([data["start"][0]]), floats([data["start"][1]]), t("fig.start", lang), uid="start",
                mode="markers", marker={"symbol": "circle-open", "size": 14, "color": "#555", "line": {"width": 2}}),
        scatter([0.0], [0.0], t("fig.local", lang), uid="local", mode="markers",
                marker={"symbol": "diamond", "size": 13, "color": "#F0E442", "line": {"width": 2, "color": "#333"}}),
        scatter([0.0], [0.0], t("fig.global", lang), uid="best", mode="markers",
                marker={"size": 13, "color": COLORS["solution"], "line": {"width": 2, "color": "white"}}),
    ]  # fmt: skip
    extent = float(data.values["extent"])
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-extent, extent]}
    lay = layout("", "w₁", "w₂", height=600, xaxis=axis("w₁", **zero),
                 yaxis=axis("w₂", scaleanchor="x", scaleratio=1, **zero))  # fmt: skip
    return figure(traces, lay)


def _lp_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a, vals = v.arrays, v.values
    q = (float(a["Q"][0]), float(a["Q"][1]), float(a["Q"][2]))
    centre = (float(a["ols"][0]), float(a["ols"][1]))
    extent, points, code = float(vals["extent"]), int(vals["points"]), vals["p"]
    flattest = float(vals["flattest"])
    for k, f in enumerate(vals["spans"]):
        trace = by_uid(spec, f"span{k}")
        trace["x"], trace["y"] = ellipse(q, centre, 0.5 * flattest * (f * extent) ** 2, points)
    tangent = by_uid(spec, "tangent")
    tangent["x"], tangent["y"] = ellipse(q, centre, max(float(a["excess"][i]), 1e-12), points)
    unit = by_uid(spec, "unit")
    unit_t = 1.0 if code in ("0", "inf") else 1.0 / float(code)  # ‖w‖_p = 1
    unit["x"], unit["y"] = lp_ball(code, unit_t, 2 * points - 1, extent)
    ball = by_uid(spec, "ball")
    ball["x"], ball["y"] = lp_ball(code, float(a["t_best"][i]), 2 * points - 1, extent)
    ball["name"] = v.strings["ball"][i]
    for uid in ("local", "best"):
        mark = by_uid(spec, uid)
        mark["x"], mark["y"] = [float(a[uid][i][0])], [float(a[uid][i][1])]
    set_title(spec, v.strings["lp_title"][i])


def _lp_strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    p = t(f"norms.p_choice.{data.values['p']}", lang)
    return {
        "lp_title": [t("fig.lp_title", lang, p=p, lam=num(lam)) for lam in LAM_GRID],
        "ball": [t("fig.lp_ball_at", lang, p=p, t=num(v)) for v in data["t_best"]],
    }


RESIDUALS = Kind(_residuals_template, _residuals_fill, _residuals_strings)
ERROR_MEASURES = Kind(_measures_template, _measures_fill)
LP_CONTOURS = Kind(_lp_template, _lp_fill, _lp_strings)
