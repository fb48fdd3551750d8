"""The cross-validation chart of the choosing-λ lesson.

Arrays read (regviz.lessons.choosing ``cv``): ``folds`` (k, L) each fold's validation MSE,
``cv_mean`` and ``cv_se`` along λ, ``cv_train`` (the folds' mean training MSE) and
``test_mse`` (a fit to all training points, scored on the held-out test set); values
``lam_min`` and ``lam_1se`` (dotted lines in the legend). Everything is drawn once; λ
moves the "you are here" line and its two markers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.errors import MARKER, here_line, log_range, place
from regviz.figures.kind import Kind, Spec, View
from regviz.figures.theme import COLORS, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num


def _choice_line(x: float, y_range: list[float], name: str, color: str) -> dict[str, Any]:
    """A dotted vertical line across the chart, named in the legend (a static trace)."""
    ys = [10 ** y_range[0], 10 ** y_range[1]]
    return scatter([x, x], ys, name, mode="lines", line={"color": color, "width": 2, "dash": "dot"}, hoverinfo="name")


def _cv_template(data: PanelData, lang: str) -> Spec:
    lams = list(LAM_GRID)
    mean, se, folds = data["cv_mean"], data["cv_se"], data["folds"]
    k = int(data.values["k"])
    traces = [
        scatter(
            lams,
            floats(folds[f]),
            t("fig.folds", lang, k=k),
            mode="lines",
            line={"color": "#BBBBBB", "width": 1},
            legendgroup="folds",
            showlegend=f == 0,
            hoverinfo="skip",
        )
        for f in range(folds.shape[0])
    ]
    traces.append(
        scatter(
            lams + lams[::-1],
            floats(np.concatenate([mean + se, (mean - se)[::-1]])),
            t("fig.cv_band", lang),
            fill="toself",
            fillcolor="rgba(213, 94, 0, 0.15)",
            line={"width": 0},
            hoverinfo="skip",
        )
    )
    for key, name, role, dash in (
        ("cv_mean", t("fig.cv_error", lang), "test", "solid"),
        ("cv_train", t("fig.cv_train", lang), "train", "dash"),
        ("test_mse", t("fig.heldout", lang), "truth", "dot"),
    ):
        traces.append(
            scatter(lams, floats(data[key]), name, mode="lines", line={"color": COLORS[role], "width": 3, "dash": dash})
        )
    lam_min, lam_1se = float(data.values["lam_min"]), float(data.values["lam_1se"])
    y_range = log_range([mean, data["cv_train"], data["test_mse"]])
    traces.append(_choice_line(lam_min, y_range, f"λ_min = {num(lam_min)}", COLORS["fit"]))
    traces.append(_choice_line(lam_1se, y_range, f"λ_1SE = {num(lam_1se)}", COLORS["elasticnet"]))
    marker = {**MARKER, "font": {**MARKER["font"], "color": COLORS["here"]}, "hovertext": t("fig.current", lang)}
    lay = layout(
        t("choosing.cv_title", lang, k=k),
        "λ",
        t("fig.mse", lang),
        height=480,
        xaxis={"type": "log", "autorange": "reversed"},
        yaxis={"type": "log", "range": y_range},
        shapes=[here_line(lang)],
        annotations=[marker, marker],
    )
    return figure(traces, lay)


def _cv_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    place(spec, ctx.get("lams", LAM_GRID)[i], [float(a["cv_mean"][i]), float(a["test_mse"][i])])


CV_LAM = Kind(_cv_template, _cv_fill)
