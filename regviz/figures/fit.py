"""Charts of the over/underfitting lesson: data and fitted curve, the weights.

``fit`` reads regviz.lessons.overfitting's ``fit`` arrays (points, ``coefs`` (L, d),
``intercepts``, ``truth``) and, when it has arrived, the bias–variance data's band of
refits (``band_lo``, ``band_hi`` on ``x_band``). The curve at λ index i is the scaled
Legendre polynomial of row i, evaluated at the template's x values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.kernels import legendre_curve
from regviz.figures.kind import Kind, Spec, View, by_uid
from regviz.figures.theme import COLORS, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.text import t


def _fit_template(data: PanelData, lang: str) -> Spec:
    traces = []
    lo, hi = data.values["domain"]
    x_grid = floats(np.linspace(lo, hi, data.values["points"]))
    if "truth" in data.arrays:  # the band of refits comes with the bias–variance data (synthetic only)
        traces.append(
            scatter(
                [],
                [],
                t("fig.band", lang),
                uid="band",
                fill="toself",
                fillcolor=COLORS["band"],
                line={"width": 0},
                hoverinfo="skip",
            )
        )
    traces.append(
        scatter(
            floats(data["x_test"]),
            floats(data["y_test"]),
            t("fig.test_points", lang),
            mode="markers",
            marker={"color": COLORS["test"], "size": 6, "symbol": "circle-open"},
        )
    )
    traces.append(
        scatter(
            floats(data["x_train"]),
            floats(data["y_train"]),
            t("fig.train_points", lang),
            mode="markers",
            marker={"color": COLORS["train"], "size": 9},
        )
    )
    if "truth" in data.arrays:
        traces.append(
            scatter(
                x_grid,
                floats(data["truth"]),
                t("fig.truth", lang),
                mode="lines",
                line={"color": COLORS["truth"], "dash": "dash", "width": 2},
            )
        )
    traces.append(
        scatter(x_grid, [], t("fig.fit", lang), uid="fit", mode="lines", line={"color": COLORS["fit"], "width": 3})
    )
    y_range = floats(data["y_range"])
    return figure(traces, layout(t("fig.fit_title", lang), "x", "y", yaxis={"range": y_range}))


def _fit_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    fit = by_uid(spec, "fit")
    lo, hi = v.values["domain"]
    fit["y"] = legendre_curve(v.arrays["coefs"][i], float(v.arrays["intercepts"][i]), lo, hi, fit["x"])
    if v.extra is not None and any(tr.get("uid") == "band" for tr in spec["data"]):
        band, e = by_uid(spec, "band"), v.extra.arrays
        xb = floats(e["x_band"])
        band["x"] = xb + xb[::-1]
        band["y"] = floats(e["band_hi"][i]) + floats(e["band_lo"][i])[::-1]


FIT = Kind(_fit_template, _fit_fill)


def _coefs_template(data: PanelData, lang: str) -> Spec:
    bars = {
        "type": "bar",
        "uid": "bars",
        "x": [],
        "y": [],
        "name": t("fig.nonzero", lang),
        "marker": {"color": COLORS["fit"]},
    }
    zeros = scatter(
        [],
        [],
        t("fig.exact_zero", lang),
        uid="zeros",
        mode="markers",
        marker={"symbol": "x-thin-open", "size": 12, "color": "#666", "line": {"width": 2}},
    )
    spec = figure(
        [bars, zeros], layout("", t("fig.feature_index", lang), t("fig.weight", lang), height=420, xaxis={"dtick": 1})
    )
    return spec


def _coefs_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    coefs = data["coefs"]
    return {
        "coef_title": [
            t("fig.coef_title", lang, nonzero=int(np.count_nonzero(row)), total=coefs.shape[1]) for row in coefs
        ]
    }


def _coefs_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    row = v.arrays["coefs"][i]
    bars, zeros = by_uid(spec, "bars"), by_uid(spec, "zeros")
    bars["x"] = [k + 1 for k, w in enumerate(row) if w != 0]
    bars["y"] = [float(w) for w in row if w != 0]
    zeros["x"] = [k + 1 for k, w in enumerate(row) if w == 0]
    zeros["y"] = [0.0] * len(zeros["x"])
    spec["layout"]["title"]["text"] = v.strings["coef_title"][i]


COEFS = Kind(_coefs_template, _coefs_fill, _coefs_strings)
