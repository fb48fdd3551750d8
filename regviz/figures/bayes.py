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
from regviz.figures.kernels import ellipse, level_set, region
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
MEAN_MARKER = {"size": 13, "symbol": "diamond", "color": "#F0E442", "line": {"width": 2, "color": "#333"}}


def _axes(data: PanelData) -> tuple[str, str]:
    i, j = (str(k + 1).translate(SUBSCRIPTS) for k in data.values["pair"])
    return f"w{i}", f"w{j}"


def _layout(data: PanelData, title: str) -> dict[str, Any]:
    x, y = _axes(data)
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-1.0, 1.0]}
    return layout(
        title,
        x,
        y,
        height=560,
        xaxis=axis(x, **zero),
        yaxis=axis(y, scaleanchor="x", scaleratio=1, **zero),
    )


def _map_trace(lang: str) -> dict[str, Any]:
    return scatter([0.0], [0.0], t("fig.bayes_map", lang), uid="map", mode="markers", marker=MAP_MARKER)


def _pl_template(data: PanelData, lang: str) -> Spec:
    flat = data.values["penalty"] == "none"
    line = {"width": 1.5, "shape": "spline"}
    traces = []
    for k in range(len(data.values["contour_levels"])):
        traces.append(
            scatter(
                [], [], t("fig.bayes_likelihood", lang), uid=f"like{k}", mode="lines",
                line={**line, "color": LIKELIHOOD, "dash": ("dot", "dash", "solid")[k]},
                legendgroup="like", showlegend=k == 0, hoverinfo="skip",
            )
        )  # fmt: skip
    for k in range(len(data.values["contour_levels"])):
        traces.append(
            scatter(
                [], [], t("fig.bayes_prior", lang), uid=f"prior{k}", mode="lines",
                line={"width": 1.5, "color": COLORS["l1"], "dash": ("dot", "dash", "solid")[k]},
                legendgroup="prior", showlegend=k == 0 and not flat, hoverinfo="skip",
            )
        )  # fmt: skip
    traces.append(
        scatter([], [], t("fig.bayes_half", lang), uid="half", mode="lines", line={"width": 3, "color": POSTERIOR})
    )
    traces.append(
        scatter(
            [0.0],
            [0.0],
            t("fig.ols", lang),
            uid="ols",
            mode="markers",
            marker={"symbol": "x", "size": 12, "color": COLORS["ols"]},
        )
    )
    traces.append(_map_trace(lang))
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
    for k, level in enumerate(vals["contour_levels"]):
        like = by_uid(spec, f"like{k}")
        like["x"], like["y"] = ellipse(q, ols, -math.log(level) / scale, points)
        prior = by_uid(spec, f"prior{k}")
        prior["x"], prior["y"] = region(
            vals["penalty"], float(vals["l1_ratio"]), float(a["prior_t"][i][k]), points, extent
        )
    half = by_uid(spec, "half")
    half["x"], half["y"] = level_set(q, b, l1, l2, w, math.log(2.0) / scale, points)
    mark = by_uid(spec, "ols")
    mark["x"], mark["y"] = [ols[0]], [ols[1]]
    sol = by_uid(spec, "map")
    sol["x"], sol["y"] = [w[0]], [w[1]]
    sol["name"] = v.strings["map"][i]
    spec["layout"]["xaxis"]["range"] = [-extent, extent]
    spec["layout"]["yaxis"]["range"] = [-extent, extent]


def _post_template(data: PanelData, lang: str) -> Spec:
    traces = [
        scatter(
            [], [], t("fig.bayes_level", lang, share=round(100 * level)), uid=f"shade{k}", mode="lines",
            fill="toself", fillcolor=SHADES[k], line={"width": 0.8, "color": POSTERIOR}, hoverinfo="skip",
        )
        for k, level in enumerate(data.values["levels"])
    ]  # fmt: skip
    traces.append(_map_trace(lang))
    traces.append(scatter([0.0], [0.0], t("fig.bayes_mean", lang), uid="mean", mode="markers", marker=MEAN_MARKER))
    return figure(traces, _layout(data, ""))


def _post_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a, vals = v.arrays, v.values
    q, b, l1, l2 = _pair_args(a, i)
    scale, points = float(vals["noise_scale"]), int(vals["points"])
    w = (float(a["w"][i][0]), float(a["w"][i][1]))
    for k, level in enumerate(vals["levels"]):
        shade = by_uid(spec, f"shade{k}")
        shade["x"], shade["y"] = level_set(q, b, l1, l2, w, -math.log(level) / scale, points)
    sol = by_uid(spec, "map")
    sol["x"], sol["y"] = [w[0]], [w[1]]
    sol["name"] = v.strings["map"][i]
    mean = by_uid(spec, "mean")
    mean["x"], mean["y"] = [float(a["mean"][i][0])], [float(a["mean"][i][1])]
    mean["name"] = v.strings["mean"][i]
    cx, cy, half = (float(x) for x in a["view"][i])
    spec["layout"]["xaxis"]["range"] = [cx - half, cx + half]
    spec["layout"]["yaxis"]["range"] = [cy - half, cy + half]
    set_title(spec, v.strings["post_title"][i])


def _strings(data: PanelData, lang: str) -> dict[str, list[str]]:
    w, mean, vals = data["w"], data["mean"], data.values
    flat = vals["penalty"] == "none"
    titles = [
        t("fig.bayes_post_flat" if flat else "fig.bayes_post_title", lang, lam=num(lam), scale=scale_text(tau, b))
        for lam, tau, b in zip(LAM_GRID, vals["tau"], vals["b_scale"], strict=True)
    ]
    return {
        "map": [t("fig.bayes_map_at", lang, w1=num(x), w2=num(y)) for x, y in w],
        "mean": [t("fig.bayes_mean_at", lang, w1=num(x), w2=num(y)) for x, y in mean],
        "post_title": titles,
    }


PRIOR_LIKELIHOOD = Kind(_pl_template, _pl_fill, _strings)
POSTERIOR_KIND = Kind(_post_template, _post_fill, _strings)
