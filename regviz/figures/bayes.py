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
from regviz.figures.geometry import SUBSCRIPTS, ols_marker
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
# changes with the tick labels redraws a chart twice) and legend labels that do not change
# (a legend whose labels change is laid out again); the points' coordinates are in the words.
MARGIN = {"l": 76, "r": 20, "t": 72, "b": 70}  # t: the posterior's two-line title
MEAN_MARKER = {"size": 13, "symbol": "square", "color": "#F0E442", "line": {"width": 2, "color": "#333"}}


def _layout(data: PanelData, title: str) -> dict[str, Any]:
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
    )


def _mark(spec: Spec, uid: str, point) -> None:
    mark = by_uid(spec, uid)
    mark["x"], mark["y"] = [float(point[0])], [float(point[1])]


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
        ols_marker(lang),
        _map_trace(lang),
    ]  # fmt: skip
    return figure(traces, _layout(data, t("fig.bayes_pl_title", lang)))


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
    _mark(spec, "ols", ols)
    _mark(spec, "map", w)
    spec["layout"]["xaxis"]["range"] = [-extent, extent]
    spec["layout"]["yaxis"]["range"] = [-extent, extent]


def _post_template(data: PanelData, lang: str) -> Spec:
    # The shades have no legend entries: the title says what they are.
    traces = [
        scatter(
            [], [], "", uid=f"shade{k}", mode="lines", fill="toself", fillcolor=SHADES[k],
            line={"width": 0.8, "color": POSTERIOR}, hoverinfo="skip", showlegend=False,
        )
        for k in range(len(data.values["levels"]))
    ]  # fmt: skip
    traces.append(scatter([0.0], [0.0], t("fig.bayes_mean", lang), uid="mean", mode="markers", marker=MEAN_MARKER))
    traces.append(_map_trace(lang))  # on top of the mean where the two coincide (L2)
    return figure(traces, _layout(data, ""))


def _post_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a, vals = v.arrays, v.values
    q, b, l1, l2 = _pair_args(a, i)
    scale, points = float(vals["noise_scale"]), int(vals["points"])
    w = (float(a["w"][i][0]), float(a["w"][i][1]))
    for k, level in enumerate(vals["levels"]):
        shade = by_uid(spec, f"shade{k}")
        shade["x"], shade["y"] = level_set(q, b, l1, l2, w, -math.log(level) / scale, points)
    _mark(spec, "map", w)
    _mark(spec, "mean", a["mean"][i])
    cx, cy, half = (float(x) for x in a["view"][i])
    spec["layout"]["xaxis"]["range"] = [cx - half, cx + half]
    spec["layout"]["yaxis"]["range"] = [cy - half, cy + half]
    set_title(spec, v.strings["post_title"][i])


def _strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    vals = data.values
    flat = vals["penalty"] == "none"
    shades = f"<br><span style='font-size: 12px'>{t('fig.bayes_levels', lang)}</span>"
    titles = [
        t("fig.bayes_post_flat" if flat else "fig.bayes_post_title", lang, lam=num(lam), scale=scale_text(tau, b))
        + shades
        for lam, tau, b in zip(LAM_GRID, vals["tau"], vals["b_scale"], strict=True)
    ]
    return {"post_title": titles}


PRIOR_LIKELIHOOD = Kind(_pl_template, _pl_fill, _strings)
POSTERIOR_KIND = Kind(_post_template, _post_fill, _strings)
