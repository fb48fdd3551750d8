"""Charts of the Bayesian lesson: prior × likelihood, and the posterior it makes.

Both read regviz.lessons.bayes's ``posterior`` arrays. At λ index i:

- ``prior_likelihood``: the likelihood's contours (ellipses around the unpenalized optimum,
  at 10 %, 50 % and 90 % of its peak), the prior's (the penalty's level sets P = t_k around
  0; none for a flat prior), the posterior's half-peak contour and the MAP, in the geometry
  lesson's view;
- ``posterior``: the posterior zoomed, shaded by density (filled level sets at 10 … 90 % of
  its peak, found along rays from the MAP: regviz.figures.kernels.level_set), the MAP and
  the posterior mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from regviz.bayes import scale_text
from regviz.figures.geometry import SUBSCRIPTS
from regviz.figures.kernels import ellipse, joined, level_set, region
from regviz.figures.kind import Kind, Spec, View, by_uid, set_title
from regviz.figures.theme import COLORS, axis, figure, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num

LIKELIHOOD = "#0072B2"
POSTERIOR = "#5B2C83"
SHADES = tuple(f"rgba(91, 44, 131, {alpha})" for alpha in (0.12, 0.22, 0.34, 0.48, 0.64))  # outer to inner
MAP_MARKER = {"size": 13, "color": COLORS["solution"], "line": {"width": 2, "color": "white"}}


def _axes(data: PanelData) -> tuple[str, str]:
    i, j = (str(k + 1).translate(SUBSCRIPTS) for k in data.values["pair"])
    return f"w{i}", f"w{j}"


# The λ step moves these charts' axes and points: margins fixed (an automatic margin that
# changes with the tick labels redraws a chart twice), the points' coordinates in annotations
# (a legend whose labels change is redrawn whole).
MARGIN = {"l": 76, "r": 20, "t": 72, "b": 70}  # t: the posterior's two-line title
LABEL = {
    "x": 0.0, "y": 0.0, "xref": "x", "yref": "y", "text": "", "showarrow": True, "arrowhead": 0,
    "arrowwidth": 1, "arrowcolor": "#555", "bgcolor": "rgba(255, 255, 255, 0.8)", "font": {"size": 13},
}  # fmt: skip
HEADS = {
    "mean": {"arrowhead": 7, "arrowsize": 2.6, "arrowcolor": "#B8860B", "arrowwidth": 2},
    "map": {"arrowhead": 6, "arrowsize": 1.8, "arrowcolor": COLORS["solution"], "arrowwidth": 2},
}  # the posterior's points: a square and, on top where the two coincide (L2), a dot
OFFSET = (36, 30)  # px from a point to its label


def _layout(data: PanelData, title: str, labels: tuple[str, ...], heads: bool = False) -> dict[str, Any]:
    x, y = _axes(data)
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-1.0, 1.0], "automargin": False}
    return layout(
        title,
        x,
        y,
        height=560,
        margin=MARGIN,
        xaxis=axis(x, **zero),
        yaxis=axis(y, scaleanchor="x", scaleratio=1, **zero),
        annotations=[{**LABEL, **(HEADS[uid] if heads else {})} for uid in labels],
    )


def _label(
    spec: Spec, k: int, point: tuple[float, float], text: str, centre: tuple[float, float], out: int = 1
) -> None:
    """Put the layout's k-th annotation at the point with the text, its label towards the
    view's centre (out = −1: away from it, to keep two labels of one point apart)."""
    lay = spec["layout"]
    notes = list(lay["annotations"])
    ax = -out * OFFSET[0] if point[0] > centre[0] else out * OFFSET[0]
    ay = out * OFFSET[1] if point[1] > centre[1] else -out * OFFSET[1]  # pixels: down is positive
    notes[k] = {**notes[k], "x": point[0], "y": point[1], "text": text, "ax": ax, "ay": ay}
    spec["layout"] = {**lay, "annotations": notes}


def _map_trace(lang: str) -> dict[str, Any]:
    return scatter([0.0], [0.0], t("fig.bayes_map", lang), uid="map", mode="markers", marker=MAP_MARKER)


def _pl_template(data: PanelData, lang: str) -> Spec:
    flat = data.values["penalty"] == "none"
    contour = {"mode": "lines", "hoverinfo": "skip"}
    like = {"width": 1.5, "color": LIKELIHOOD}
    traces = [
        scatter([], [], t("fig.bayes_likelihood", lang), uid="like", line=like, **contour),
        scatter(
            [], [], t("fig.bayes_prior", lang), uid="prior", line={"width": 1.5, "color": COLORS["l1"], "dash": "dash"},
            showlegend=not flat, **contour,
        ),
        scatter([], [], t("fig.bayes_half", lang), uid="half", mode="lines", line={"width": 3, "color": POSTERIOR}),
        scatter([0.0], [0.0], t("fig.ols", lang), uid="ols", mode="markers",
                marker={"symbol": "x", "size": 12, "color": COLORS["ols"]}),
        _map_trace(lang),
    ]  # fmt: skip
    return figure(traces, _layout(data, t("fig.bayes_pl_title", lang), ("map",)))


def _pair_args(a: Mapping[str, Any], i: int) -> tuple[tuple[float, float, float], tuple[float, float], float, float]:
    q = (float(a["Q"][0]), float(a["Q"][1]), float(a["Q"][2]))
    return q, (float(a["b"][i][0]), float(a["b"][i][1])), float(a["l1"][i]), float(a["l2"][i])


def _pl_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a, vals = v.arrays, v.values
    q, b, l1, l2 = _pair_args(a, i)
    scale, points = float(vals["noise_scale"]), int(vals["points"])
    extent = float(a["extent"][i])
    ols = (float(a["ols"][i][0]), float(a["ols"][i][1]))
    w = (float(a["w"][i][0]), float(a["w"][i][1]))
    levels = vals["contour_levels"]
    like = by_uid(spec, "like")
    like["x"], like["y"] = joined(ellipse(q, ols, -math.log(level) / scale, points) for level in levels)
    prior = by_uid(spec, "prior")
    rho = float(vals["l1_ratio"])
    prior["x"], prior["y"] = joined(
        region(vals["penalty"], rho, float(a["prior_t"][i][k]), points, extent) for k in range(len(levels))
    )
    half = by_uid(spec, "half")
    half["x"], half["y"] = level_set(q, b, l1, l2, w, math.log(2.0) / scale, points)
    mark = by_uid(spec, "ols")
    mark["x"], mark["y"] = [ols[0]], [ols[1]]
    sol = by_uid(spec, "map")
    sol["x"], sol["y"] = [w[0]], [w[1]]
    _label(spec, 0, w, v.strings["map"][i], (0.0, 0.0))
    spec["layout"]["xaxis"]["range"] = [-extent, extent]
    spec["layout"]["yaxis"]["range"] = [-extent, extent]


def _post_template(data: PanelData, lang: str) -> Spec:
    # No legend and no marker traces: the points are annotations (a dot and a square at the
    # arrow's head) whose labels say what they are, the title says what the shades are.
    traces = [
        scatter(
            [], [], "", uid=f"shade{k}", mode="lines", fill="toself", fillcolor=SHADES[k],
            line={"width": 0.8, "color": POSTERIOR}, hoverinfo="skip", showlegend=False,
        )
        for k in range(len(data.values["levels"]))
    ]  # fmt: skip
    spec = figure(traces, _layout(data, "", ("mean", "map"), heads=True))
    spec["layout"]["showlegend"] = False
    return spec


def _post_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a, vals = v.arrays, v.values
    q, b, l1, l2 = _pair_args(a, i)
    scale, points = float(vals["noise_scale"]), int(vals["points"])
    w = (float(a["w"][i][0]), float(a["w"][i][1]))
    for k, level in enumerate(vals["levels"]):
        shade = by_uid(spec, f"shade{k}")
        shade["x"], shade["y"] = level_set(q, b, l1, l2, w, -math.log(level) / scale, points)
    cx, cy, half = (float(x) for x in a["view"][i])
    _label(spec, 0, (float(a["mean"][i][0]), float(a["mean"][i][1])), v.strings["mean"][i], (cx, cy), out=-1)
    _label(spec, 1, w, v.strings["map"][i], (cx, cy))
    spec["layout"]["xaxis"]["range"] = [cx - half, cx + half]
    spec["layout"]["yaxis"]["range"] = [cy - half, cy + half]
    set_title(spec, v.strings["post_title"][i])


def _strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    w, mean, vals = data["w"], data["mean"], data.values
    flat = vals["penalty"] == "none"
    shades = f"<br><span style='font-size: 12px'>{t('fig.bayes_levels', lang)}</span>"
    titles = [
        t("fig.bayes_post_flat" if flat else "fig.bayes_post_title", lang, lam=num(lam), scale=scale_text(tau, b))
        + shades
        for lam, tau, b in zip(LAM_GRID, vals["tau"], vals["b_scale"], strict=True)
    ]
    return {
        "map": [t("fig.bayes_map_at", lang, w1=num(x), w2=num(y)) for x, y in w],
        "mean": [t("fig.bayes_mean_at", lang, w1=num(x), w2=num(y)) for x, y in mean],
        "post_title": titles,
    }


PRIOR_LIKELIHOOD = Kind(_pl_template, _pl_fill, _strings)
POSTERIOR_KIND = Kind(_post_template, _post_fill, _strings)
