"""Charts of the paths-and-sparsity lesson.

Arrays read (regviz.lessons.paths): ``coef_paths``, ``support``, ``kept`` — the weights
``l2``, ``l1``, ``elasticnet`` and (up to 15 features) ``l0``, each (L, p);
``twin`` — the solvers' points ``cd``, ``ours``, ``pg_a``, ``pg_b``, ``ridge``, ``enet``
(L, 2) and the lasso's optimal ``segment`` (L, 4: x₀ y₀ x₁ y₁, NaN when unique);
``named_paths`` — ``coefs`` (L, p) with the feature names.
Along λ, each chart's fill only moves its "you are here" line (a layout shape) or sets the
few points and bars of the current λ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.errors import here_line, place
from regviz.figures.kind import Kind, Spec, View, by_uid, set_title
from regviz.figures.theme import COLORS, axis, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.lessons.paths import events
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num

LINES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7A5C00", "#444444", "#F0E442", "#999999")
SIDE = ("l2", "l1", "elasticnet")  # the three paths side by side
KEPT = ("l0", "l1", "l2")  # the penalties whose kept weights are compared
LOG_LAM = {"type": "log", "autorange": "reversed"}  # strong regularisation on the left


def _penalty_name(penalty: str, rho: float, lang: str) -> str:
    name = t(f"penalty.{penalty}", lang)
    return f"{name} (ρ = {num(rho)})" if penalty == "elasticnet" else name


def _coef_paths_template(data: PanelData, lang: str) -> Spec:
    traces: list[dict[str, Any]] = []
    lams = list(LAM_GRID)
    rho = float(data.values["l1_ratio"])
    axes: dict[str, Any] = {}
    shapes, titles = [], []
    for k, penalty in enumerate(SIDE):
        ref = "" if k == 0 else str(k + 1)
        W = data[penalty]
        for j in range(W.shape[1]):
            traces.append(
                scatter(
                    lams,
                    floats(W[:, j]),
                    f"w{j + 1}",
                    mode="lines",
                    line={"color": LINES[j % len(LINES)], "width": 2},
                    xaxis=f"x{ref}",
                    yaxis=f"y{ref}",
                    showlegend=False,
                    legendgroup=f"w{j + 1}",
                )
            )
        found = events(W)
        if found:
            traces.append(
                scatter(
                    [lams[i] for _, i, _ in found],
                    [0.0] * len(found),
                    t("fig.events", lang),
                    mode="markers",
                    marker={
                        "symbol": ["triangle-up" if enter else "x-thin-open" for *_, enter in found],
                        "size": 10,
                        "color": "#333",
                        "line": {"width": 2},
                    },
                    hovertext=[
                        t("fig.enters" if enter else "fig.leaves", lang, w=j + 1, lam=num(lams[i]))
                        for j, i, enter in found
                    ],
                    hoverinfo="text",
                    xaxis=f"x{ref}",
                    yaxis=f"y{ref}",
                    showlegend=k == 1,
                )
            )
        lo = 0.02 + k * 0.34
        axes[f"xaxis{ref}"] = axis("λ", domain=[lo, lo + 0.3], anchor=f"y{ref}", **LOG_LAM)
        axes[f"yaxis{ref}"] = axis(t("fig.weight", lang) if k == 0 else "", anchor=f"x{ref}", matches="y")
        line = here_line(lang, f"x{ref}", f"y{ref} domain")
        if k:
            line = {**line, "label": {"text": ""}}
        shapes.append(line)
        name = _penalty_name(penalty, rho, lang)
        titles.append(
            {
                "text": f"<b>{name}</b> ◀ {t('paths.current', lang)}" if penalty == data.values["current"] else name,
                "xref": "paper",
                "yref": "paper",
                "x": lo + 0.15,
                "y": 1.0,
                "yanchor": "bottom",
                "yshift": 24,  # above the "you are here" label
                "showarrow": False,
            }
        )
    base = layout(t("paths.coef_paths_title", lang), "", "", height=460, annotations=titles, shapes=shapes, **axes)
    return figure(traces, {**base, "margin": {**base["margin"], "t": 100}})


def _coef_paths_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    lam = ctx.get("lams", LAM_GRID)[i]
    lay = spec["layout"]
    spec["layout"] = {**lay, "shapes": [{**s, "x0": lam, "x1": lam} for s in lay["shapes"]]}


COEF_PATHS = Kind(_coef_paths_template, _coef_paths_fill)


def _present(data: PanelData, names: tuple[str, ...]) -> list[str]:
    return [p for p in names if p in data.arrays]


def _support_template(data: PanelData, lang: str) -> Spec:
    rho = float(data.values["l1_ratio"])
    traces = []
    for penalty in _present(data, ("l0", "l1", "elasticnet", "l2")):
        counts = np.count_nonzero(data[penalty], axis=1)
        traces.append(
            scatter(
                list(LAM_GRID),
                [float(c) for c in counts],
                _penalty_name(penalty, rho, lang),
                mode="lines",
                line={
                    "color": COLORS[penalty],
                    "width": 6 if penalty == data.values["current"] else 2.5,
                    "shape": "hv",
                },
            )
        )
    p = int(data.values["degree"])
    lay = layout(
        t("paths.support_title", lang),
        "λ",
        t("fig.nonzero_count", lang),
        height=440,
        xaxis=LOG_LAM,
        yaxis={"range": [-0.5, p + 0.5]},
        shapes=[here_line(lang)],
    )
    return figure(traces, lay)


def _support_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    place(spec, ctx.get("lams", LAM_GRID)[i], [])


SUPPORT = Kind(_support_template, _support_fill)

OFFSETS = {"l0": -0.27, "l1": 0.0, "l2": 0.27}


def _kept_template(data: PanelData, lang: str) -> Spec:
    traces: list[dict[str, Any]] = []
    for penalty in _present(data, KEPT):
        traces.append(
            {
                "type": "bar",
                "uid": f"bar_{penalty}",
                "x": [],
                "y": [],
                "name": t(f"penalty.{penalty}", lang),
                "marker": {"color": COLORS[penalty]},
                "offsetgroup": penalty,
            }
        )
    traces.append(
        scatter(
            [],
            [],
            t("fig.exact_zero", lang),
            uid="zeros",
            mode="markers",
            marker={"symbol": "x-thin-open", "size": 10, "color": "#666", "line": {"width": 2}},
        )
    )
    W = np.concatenate([data[p].ravel() for p in _present(data, KEPT)])
    top = float(np.max(np.abs(W))) * 1.1 + 1e-9
    lay = layout("", t("fig.feature_index", lang), t("fig.weight", lang), height=440, barmode="group")
    lay["xaxis"] = {**lay["xaxis"], "dtick": 1}
    lay["yaxis"] = {**lay["yaxis"], "range": [-top, top]}
    return figure(traces, lay)


def _kept_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    present = _present(data, KEPT)
    p = int(data.values["degree"])
    counts = {pen: np.count_nonzero(data[pen], axis=1) for pen in present}
    key = "paths.kept_title" if "l0" in present else "paths.kept_title_no_l0"
    return {
        "kept_title": [
            t(key, lang, lam=num(lam), p=p, **{pen: int(counts[pen][i]) for pen in present})
            for i, lam in enumerate(LAM_GRID)
        ]
    }


def _kept_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    zx: list[float] = []
    for penalty in KEPT:
        if penalty not in v.arrays:
            continue
        w = v.arrays[penalty][i]
        bars = by_uid(spec, f"bar_{penalty}")
        bars["x"] = [k + 1 for k in range(w.size)]
        bars["y"] = floats(w)
        zx += [k + 1 + OFFSETS[penalty] for k in range(w.size) if w[k] == 0]
    zeros = by_uid(spec, "zeros")
    zeros["x"], zeros["y"] = zx, [0.0] * len(zx)
    set_title(spec, v.strings["kept_title"][i])


KEPT_KIND = Kind(_kept_template, _kept_fill, _kept_strings)

TWIN_POINTS = (  # uid, text key, colour, symbol
    ("cd", "paths.cd", COLORS["l1"], "square"),
    ("ours", "paths.ours", COLORS["train"], "diamond"),
    ("pg_a", "paths.pg_from", COLORS["fit"], "triangle-up"),
    ("pg_b", "paths.pg_from", COLORS["fit"], "triangle-down"),
    ("ridge", "penalty.l2", COLORS["l2"], "circle"),
    ("enet", "paths.enet_point", COLORS["elasticnet"], "circle-open"),
)


def _twin_template(data: PanelData, lang: str) -> Spec:
    starts = data.values["starts"]
    traces = [
        scatter(
            [],
            [],
            t("paths.segment", lang),
            uid="segment",
            mode="lines",
            line={"color": COLORS["l1"], "width": 8},
            opacity=0.35,
        )
    ]
    for uid, key, color, symbol in TWIN_POINTS:
        start = starts.get(uid, [0.0, 0.0])
        name = t(key, lang, a=num(start[0]), b=num(start[1]), rho=num(data.values["l1_ratio"]))
        traces.append(
            scatter(
                [],
                [],
                name,
                uid=uid,
                mode="markers",
                marker={"color": color, "size": 13, "symbol": symbol, "line": {"width": 1.5, "color": "#222"}},
            )
        )
    reach = float(data.values["extent"])
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-0.15 * reach, reach]}
    lay = layout(
        "",
        "w₁",
        "w₂",
        height=560,
        xaxis=axis("w₁", **zero),
        yaxis=axis("w₂", scaleanchor="x", scaleratio=1, **zero),
    )
    return figure(traces, lay)


def _twin_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    key = f"paths.twin_title_{data.values['twin']}"
    return {"twin_title": [t(key, lang, lam=num(lam)) for lam in LAM_GRID]}


def _twin_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    seg = v.arrays["segment"][i]
    line = by_uid(spec, "segment")
    line["x"], line["y"] = floats(seg[[0, 2]]), floats(seg[[1, 3]])
    for uid, *_ in TWIN_POINTS:
        point = by_uid(spec, uid)
        w = v.arrays[uid][i]
        point["x"], point["y"] = [float(w[0])], [float(w[1])]
    set_title(spec, v.strings["twin_title"][i])


TWIN = Kind(_twin_template, _twin_fill, _twin_strings)


def _named_template(data: PanelData, lang: str) -> Spec:
    W, names = data["coefs"], data.values["names"]
    traces = [
        scatter(
            list(LAM_GRID),
            floats(W[:, j]),
            name,
            mode="lines",
            line={"color": LINES[j % len(LINES)], "width": 2.5},
        )
        for j, name in enumerate(names)
    ]
    lay = layout("", "λ", t("fig.weight", lang), height=480, xaxis=LOG_LAM, shapes=[here_line(lang)])
    return figure(traces, lay)


def _named_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    W, names = data["coefs"], data.values["names"]
    out = []
    for i, lam in enumerate(LAM_GRID):
        kept = [names[j] for j in np.flatnonzero(W[i])]
        out.append(t("paths.selection_title", lang, lam=num(lam), k=len(kept), p=len(names), names=", ".join(kept)))
    return {"selection_title": out}


def _named_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    place(spec, ctx.get("lams", LAM_GRID)[i], [])
    set_title(spec, v.strings["selection_title"][i])


NAMED_PATHS = Kind(_named_template, _named_fill, _named_strings)
