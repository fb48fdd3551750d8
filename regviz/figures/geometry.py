"""Charts of the geometry lesson: loss contours with the constraint region, unit balls, zero share.

``contours`` reads regviz.lessons.geometry's arrays: Q, b, c, w, level, ols, low, t, extent
(see that module). At λ index i it draws the contours that span 40 % and 80 % of the view,
the contour through the solution, the region {P ≤ t_i}, the path of the solution along λ,
the unpenalized optimum and the solution.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.kernels import ellipse, region
from regviz.figures.kind import Kind, Spec, View, by_uid
from regviz.figures.theme import COLORS, axis, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
REGION_FILL = "rgba(230, 159, 0, 0.12)"


def ols_marker(lang: str) -> dict[str, Any]:
    """The least-squares point of a two-weight plane (placed by the panel's fill)."""
    marker = {"symbol": "x", "size": 12, "color": COLORS["ols"]}
    return scatter([0.0], [0.0], t("fig.ols", lang), uid="ols", mode="markers", marker=marker)


def _contours_template(data: PanelData, lang: str) -> Spec:
    penalty = data.values["penalty"]
    line = {"color": COLORS["contour"], "width": 1, "shape": "spline"}
    traces = [
        scatter(
            [],
            [],
            t("fig.contours", lang),
            uid=f"span{k}",
            mode="lines",
            line=line,
            legendgroup="contours",
            showlegend=k == 0,
            hoverinfo="skip",
        )
        for k in range(len(data.values["spans"]))
    ]
    traces.append(
        scatter([], [], "", uid="tangent", mode="lines", line={**line, "color": COLORS["tangent"], "width": 3})
    )
    region_trace = scatter(
        [],
        [],
        "",
        uid="region",
        mode="lines",
        line={"color": COLORS[penalty], "width": 3},
        showlegend=penalty != "none",
    )
    if penalty not in ("l0", "none"):
        region_trace.update(fill="toself", fillcolor=REGION_FILL)
    traces.append(region_trace)
    w = data["w"]
    traces.append(
        scatter(
            floats(w[:, 0]),
            floats(w[:, 1]),
            t("fig.path", lang),
            uid="path",
            mode="lines",
            line={"color": COLORS["path"], "width": 2, "dash": "dot"},
        )
    )
    traces.append(ols_marker(lang))
    traces.append(
        scatter(
            [0.0],
            [0.0],
            "",
            uid="solution",
            mode="markers",
            marker={"size": 13, "color": COLORS["solution"], "line": {"width": 2, "color": "white"}},
        )
    )
    i, j = (str(k + 1).translate(SUBSCRIPTS) for k in data.values["pair"])
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-1.0, 1.0]}
    return figure(
        traces,
        layout(
            t(data.values["title"], lang),
            f"w{i}",
            f"w{j}",
            height=600,
            xaxis=axis(f"w{i}", **zero),
            yaxis=axis(f"w{j}", scaleanchor="x", scaleratio=1, **zero),
        ),
    )


def _contours_strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    w, level, tt = data["w"].tolist(), data["level"].tolist(), data["t"].tolist()
    # each text looked up once, not once per λ (61 × 3 per panel of a fresh state)
    tangent, region, solution = (t(f"fig.{key}", lang) for key in ("tangent_contour", "region", "solution"))
    return {
        "tangent": [tangent.format(level=num(v)) for v in level],
        "region": [region.format(lam=num(lam), t=num(v)) for lam, v in zip(LAM_GRID, tt, strict=True)],
        "solution": [solution.format(w1=num(a), w2=num(b)) for a, b in w],
    }


def _contours_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    q = (float(a["Q"][0]), float(a["Q"][1]), float(a["Q"][2]))
    centre = (float(a["ols"][i][0]), float(a["ols"][i][1]))
    low, extent = float(a["low"][i]), float(a["extent"][i])
    excess = max(float(a["level"][i]) - low, 1e-12 * max(abs(low), 1.0))
    flattest, points = float(v.values["flattest"]), int(v.values["points"])
    for k, f in enumerate(v.values["spans"]):
        trace = by_uid(spec, f"span{k}")
        trace["x"], trace["y"] = ellipse(q, centre, 0.5 * flattest * (f * extent) ** 2, points)
    tangent = by_uid(spec, "tangent")
    tangent["x"], tangent["y"] = ellipse(q, centre, excess, points)
    tangent["name"] = v.strings["tangent"][i]
    reg = by_uid(spec, "region")
    penalty, rho = v.values["penalty"], float(v.values["l1_ratio"])
    reg["x"], reg["y"] = region(penalty, rho, float(a["t"][i]), 2 * points - 1, extent)
    reg["name"] = v.strings["region"][i]
    ols = by_uid(spec, "ols")
    ols["x"], ols["y"] = [centre[0]], [centre[1]]
    sol = by_uid(spec, "solution")
    sol["x"], sol["y"] = [float(a["w"][i][0])], [float(a["w"][i][1])]
    sol["name"] = v.strings["solution"][i]
    spec["layout"]["xaxis"]["range"] = [-extent, extent]
    spec["layout"]["yaxis"]["range"] = [-extent, extent]


CONTOURS = Kind(_contours_template, _contours_fill, _contours_strings)

BALL_COLORS = ["#7A5C00", "#CC79A7", "#E69F00", "#56B4E9", "#009E73"]


def _balls_template(data: PanelData, lang: str) -> Spec:
    traces = []
    for k, (p, color) in enumerate(zip(data.values["p"], BALL_COLORS, strict=True)):
        ball = data[f"ball{k}"]
        label = "∞" if math.isinf(p) else ("½" if p == 0.5 else f"{p:g}")
        traces.append(
            scatter(
                floats(ball[0]),
                floats(ball[1]),
                f"p = {label}",
                mode="lines",
                line={"color": color, "width": 3},
                connectgaps=False,
            )
        )
    square = {"range": [-1.4, 1.4]}
    return figure(
        traces,
        layout(
            t("fig.unit_balls", lang),
            "w₁",
            "w₂",
            xaxis=axis("w₁", **square),
            yaxis=axis("w₂", scaleanchor="x", scaleratio=1, **square),
        ),
    )


def _static(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    """Charts without a λ axis: the template is the chart."""


UNIT_BALLS = Kind(_balls_template, _static)


def percent_label(share: float) -> str:
    """A share as a percentage with one decimal (half up: 0.25 % shows as 0.3 %)."""
    return f"{math.floor(share * 1000.0 + 0.5) / 10.0:.1f} %"


def _zero_template(data: PanelData, lang: str) -> Spec:
    penalties = data.values["penalties"]
    bars = {
        "type": "bar",
        "uid": "bars",
        "x": [t(f"penalty.{p}", lang) for p in penalties],
        "y": [0.0] * len(penalties),
        "marker": {"color": [COLORS[p] for p in penalties]},
        "text": [""] * len(penalties),
        "textposition": "outside",
        "name": "",
    }
    title = t("fig.zero_share", lang, trials=data.values["trials"])
    return figure(
        [bars],
        layout(title, "", t("fig.zero_share_axis", lang), height=440, yaxis={"range": [0, 105]}, showlegend=False),
    )


def _zero_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    return {"zero_share": [[percent_label(s) for s in row] for row in data["share"]]}


def _zero_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    bars = by_uid(spec, "bars")
    bars["y"] = [100.0 * float(s) for s in v.arrays["share"][i]]
    bars["text"] = list(v.strings["zero_share"][i])


ZERO_SHARE = Kind(_zero_template, _zero_fill, _zero_strings)


def _descent_template(data: PanelData, lang: str) -> Spec:
    """The contours chart with the optimizer's iterates in place of the path along λ."""
    spec = _contours_template(data, lang)
    k = next(n for n, trace in enumerate(spec["data"]) if trace["uid"] == "path")
    spec["data"][k] = scatter(
        [],
        [],
        "",
        uid="iterates",
        mode="lines+markers",
        line={"color": COLORS["path"], "width": 2},
        marker={"size": 5, "color": COLORS["path"]},
    )
    spec["data"].append(
        scatter(
            [0.0],
            [0.0],
            "",
            uid="current",
            mode="markers",
            marker={"size": 11, "color": COLORS["path"]},
            showlegend=False,
        )
    )
    return spec


def _descent_strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    return {**_contours_strings(data, lang), "iterate": [t("fig.iterate", lang)]}


def _descent_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    _contours_fill(spec, v, i, ctx)
    steps = int(v.values["steps"])
    k = min(max(int(ctx.get("step", steps)), 0), steps)
    path = v.arrays["path"][i]
    iterates = by_uid(spec, "iterates")
    iterates["x"], iterates["y"] = floats(path[: k + 1, 0]), floats(path[: k + 1, 1])
    iterates["name"] = v.strings["iterate"][0].replace("{k}", str(k)).replace("{steps}", str(steps))
    current = by_uid(spec, "current")
    current["x"], current["y"] = [float(path[k, 0])], [float(path[k, 1])]
    # the whole run fits the view, which stays put while it plays
    reach = max(float(v.arrays["extent"][i]), 1.1 * float(np.abs(path).max()))
    spec["layout"]["xaxis"]["range"] = [-reach, reach]
    spec["layout"]["yaxis"]["range"] = [-reach, reach]


DESCENT = Kind(_descent_template, _descent_fill, _descent_strings)
