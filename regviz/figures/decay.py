"""Charts of the weight-decay lesson (arrays: regviz.lessons.decay).

- ``l1_steps``: left, the weight the lasso makes smallest along the steps of subgradient and
  proximal (ISTA) descent; right, how many weights each has exactly at 0 (and the lasso);
- ``adam_race``: left, distance to the ridge optimum along the steps (log–log) of Adam + L2
  and AdamW; right, where each ends beside the ridge weights;
- ``early_path``: the first two weights of unpenalized GD from 0 over the ridge path;
- ``early_val``: validation error along the (log-spaced) steps with the early stop;
- ``early_match``: the ridge λ nearest to each step against the rule λ ≈ 1/(ηk);
- ``dropout``: weights trained with dropout beside both ridge fits, and how far the
  standardised-feature rule λ = (1 − q)/q is from the exact one as q moves (no λ axis).

λ moves traces' y values (l1_steps, adam_race), two markers (early_path) and layout lines
(early_val, early_match) at the drawn step nearest to the one λ names, ``k_lam`` ≈ 1/(ηλ)
(in the panel's data, as the page's words use it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from regviz.figures.geometry import SUBSCRIPTS
from regviz.figures.kind import Kind, Spec, View, by_uid, set_title
from regviz.figures.theme import COLORS, axis, figure, floats, layout, scatter
from regviz.lessons.base import PanelData
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.text.numbers import num

SUB, PROX = COLORS["test"], COLORS["fit"]


def _w(j: int) -> str:
    return f"w{str(j).translate(SUBSCRIPTS)}"


def _split(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    return {
        "xaxis": axis(left.pop("x"), domain=[0.0, 0.45], **left.pop("xa", {})),
        "yaxis": axis(left.pop("y"), **left.pop("ya", {})),
        "xaxis2": axis(right.pop("x"), domain=[0.55, 1.0], anchor="y2", **right.pop("xa", {})),
        "yaxis2": axis(right.pop("y"), anchor="x2", **right.pop("ya", {})),
    }


def _ticks(count: int) -> dict[str, Any]:
    """A tick at every integer for a few weights (Plotly picks them for many)."""
    return {"dtick": 1} if count <= 12 else {}


def _line(name: str, color: str, ref: str = "", dash: str = "solid", **extra: Any) -> dict[str, Any]:
    return scatter(
        [],
        [],
        name,
        mode="lines",
        line={"color": color, "width": 3, "dash": dash},
        xaxis=f"x{ref}",
        yaxis=f"y{ref}",
        **extra,
    )


def _l1_template(data: PanelData, lang: str) -> Spec:
    steps = list(range(int(data.values["steps"]) + 1))
    counted = steps[1:]  # exact zeros from step 1 (all weights start at 0)
    traces = [
        {
            **_line(t("decay.subgradient", lang), SUB, uid="sub"),
            "x": steps,
            "mode": "lines+markers",
            "marker": {"size": 4},
        },
        {**_line(t("decay.ista", lang), PROX, uid="ista"), "x": steps, "mode": "lines+markers", "marker": {"size": 4}},
        {
            **_line("", SUB, "2", uid="sub_zeros", showlegend=False),
            "x": counted,
            "line": {"color": SUB, "width": 3, "shape": "hv"},
        },
        {
            **_line("", PROX, "2", uid="ista_zeros", showlegend=False),
            "x": counted,
            "line": {"color": PROX, "width": 3, "shape": "hv"},
        },
        {**_line(t("decay.lasso_zeros", lang), "#444", "2", "dot", uid="lasso"), "x": [1, steps[-1]]},
    ]
    top = int(data.values["p"])
    axes = _split(
        {
            "x": t("decay.step_axis", lang),
            "y": t("fig.weight", lang),
            "ya": {"zeroline": True, "zerolinecolor": "#999", "zerolinewidth": 2},
        },
        {
            "x": t("decay.step_axis", lang),
            "y": t("decay.zeros_axis", lang),
            "ya": {"range": [-0.3, top + 0.3], **_ticks(top)},
        },
    )
    return figure(traces, layout(t("decay.l1_title", lang, w="w", note=""), "", "", height=440, **axes))


def _l1_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    return {
        "l1_title": [
            t("decay.l1_title", lang, w=_w(int(j)), note=t("decay.l1_title_zero", lang) if z else "")
            for j, z in zip(data["weight"], _lasso_zero_at(data), strict=True)
        ]
    }


def _lasso_zero_at(data: PanelData) -> np.ndarray:
    """Whether the lasso's smallest weight is exactly 0, at each λ."""
    return (data["lasso_zeros"] > 0).astype(int)


def _l1_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    for uid in ("sub", "ista", "sub_zeros", "ista_zeros"):
        by_uid(spec, uid)["y"] = floats(a[uid][i])
    zeros = float(a["lasso_zeros"][i])
    by_uid(spec, "lasso")["y"] = [zeros, zeros]
    set_title(spec, v.strings["l1_title"][i])


L1_STEPS = Kind(_l1_template, _l1_fill, _l1_strings)

ADAM = (("adam_l2", COLORS["l1"]), ("adamw", COLORS["elasticnet"]))


def _adam_template(data: PanelData, lang: str) -> Spec:
    at = floats(data["at"])
    p = int(data.values["p"])
    ks = list(range(1, p + 1))
    traces = [{**_line(t(f"decay.{m}", lang), c, uid=f"{m}_dist", legendgroup=m), "x": at} for m, c in ADAM]
    traces.append(
        {
            "type": "bar",
            "x": ks,
            "y": [],
            "name": t("decay.ridge_optimum", lang),
            "uid": "ridge_bar",
            "marker": {"color": COLORS["l2"]},
            "xaxis": "x2",
            "yaxis": "y2",
        }
    )
    for m, c in ADAM:
        traces.append(
            {
                "type": "bar",
                "x": ks,
                "y": [],
                "name": t(f"decay.{m}", lang),
                "uid": f"{m}_bar",
                "marker": {"color": c},
                "xaxis": "x2",
                "yaxis": "y2",
                "legendgroup": m,
                "showlegend": False,
            }
        )
    dist = np.concatenate([data["adam_l2_dist"].ravel(), data["adamw_dist"].ravel()])
    dist = dist[np.isfinite(dist) & (dist > 0)]
    lo = float(np.log10(max(dist.min(), 1e-9))) - 0.2 if dist.size else -6.0
    hi = float(np.log10(max(dist.max(), 1e-8))) + 0.2 if dist.size else 1.0
    axes = _split(
        {
            "x": t("decay.step_axis", lang),
            "y": t("decay.distance", lang),
            "xa": {"type": "log"},
            "ya": {"type": "log", "range": [lo, hi]},
        },
        {"x": t("decay.weight_index", lang), "y": t("fig.weight", lang), "xa": _ticks(p)},
    )
    title = t("decay.adam_title", lang, lr=num(float(data.values["lr"])), steps=int(data.values["steps"]))
    return figure(traces, layout(title, "", "", height=440, barmode="group", **axes))


def _adam_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    by_uid(spec, "ridge_bar")["y"] = floats(a["ridge"][i])
    for m, _ in ADAM:
        by_uid(spec, f"{m}_dist")["y"] = floats(a[f"{m}_dist"][i])
        by_uid(spec, f"{m}_bar")["y"] = floats(a[f"{m}_end"][i])


ADAM_RACE = Kind(_adam_template, _adam_fill)


def _early_path_template(data: PanelData, lang: str) -> Spec:
    R, G = data["ridge_pair"], data["gd_pair"]
    traces = [
        scatter(
            floats(R[:, 0]),
            floats(R[:, 1]),
            t("decay.ridge_path", lang),
            mode="lines",
            line={"color": COLORS["l2"], "width": 4},
        ),
        scatter(
            floats(np.r_[0.0, G[:, 0]]),
            floats(np.r_[0.0, G[:, 1]]),
            t("decay.gd_path", lang),
            mode="lines+markers",
            line={"color": COLORS["path"], "width": 2},
            marker={"size": 4},
        ),
        scatter(
            [],
            [],
            t("decay.ridge_here", lang),
            uid="ridge_here",
            mode="markers",
            marker={"size": 14, "color": COLORS["l2"], "line": {"width": 2, "color": "#000"}},
        ),
        scatter(
            [],
            [],
            "",
            uid="gd_here",
            mode="markers",
            marker={"size": 11, "color": COLORS["path"], "symbol": "diamond", "line": {"width": 2, "color": "#000"}},
        ),
    ]
    return figure(traces, layout(t("decay.early_path_title", lang), "w₁", "w₂", height=460, yaxis={"scaleanchor": "x"}))


def _early_strings(data: PanelData, lang: str) -> dict[str, list[Any]]:
    return {
        "gd_here": [
            t("decay.gd_here_past" if past else "decay.gd_here", lang, k=int(step))
            for step, past in zip(data["k_lam"], data["k_past"], strict=True)
        ]
    }


def _early_path_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    a = v.arrays
    ridge = by_uid(spec, "ridge_here")
    ridge["x"], ridge["y"] = [float(a["ridge_pair"][i][0])], [float(a["ridge_pair"][i][1])]
    k = int(a["k_index"][i])
    gd = by_uid(spec, "gd_here")
    gd["x"], gd["y"] = [float(a["gd_pair"][k][0])], [float(a["gd_pair"][k][1])]
    gd["name"] = v.strings["gd_here"][i]


EARLY_PATH = Kind(_early_path_template, _early_path_fill, _early_strings)


def _here(xref: str, yref: str, vertical: bool = True) -> dict[str, Any]:
    """A dashed "you are here" line, placed by the fill (a layout shape: see errors.here_line)."""
    ends = {"x0": 1, "x1": 1, "y0": 0, "y1": 1} if vertical else {"x0": 0, "x1": 1, "y0": 1, "y1": 1}
    return {
        "type": "line",
        "xref": xref,
        "yref": yref,
        **ends,
        "line": {"color": COLORS["here"], "dash": "dash", "width": 2},
    }


def _early_val_template(data: PanelData, lang: str) -> Spec:
    at, val = floats(data["at"]), data["val"]
    stop = int(data.values["stop"])
    traces = [
        scatter(at, floats(val), t("decay.val_error", lang), mode="lines", line={"color": COLORS["test"], "width": 3}),
        scatter(
            [at[stop]],
            [float(val[stop])],
            t("decay.early_stop", lang, k=int(data["at"][stop])),
            mode="markers",
            marker={"size": 14, "symbol": "star", "color": COLORS["test"], "line": {"width": 1, "color": "#000"}},
        ),
    ]
    lay = layout(
        t("decay.early_val_title", lang),
        t("decay.step_axis", lang),
        t("decay.val_axis", lang),
        height=460,
        xaxis={"type": "log"},
        yaxis={"type": "log"},
        shapes=[_here("x", "y domain")],
    )
    return figure(traces, lay)


def _early_val_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    k = float(v.arrays["k_lam"][i])
    spec["layout"] = {**spec["layout"], "shapes": [{**spec["layout"]["shapes"][0], "x0": k, "x1": k}]}


EARLY_VAL = Kind(_early_val_template, _early_val_fill)


def _early_match_template(data: PanelData, lang: str) -> Spec:
    at = floats(data["at"])
    eta = float(data.values["eta"])
    traces = [
        scatter(
            at, floats(data["match"]), t("decay.match", lang), mode="lines", line={"color": COLORS["l2"], "width": 3}
        ),
        scatter(
            at,
            floats(data["rule"]),
            t("decay.rule", lang, eta=num(eta)),
            mode="lines",
            line={"color": "#444", "width": 2, "dash": "dot"},
        ),
    ]
    lay = layout(
        t("decay.early_match_title", lang),
        t("decay.step_axis", lang),
        "λ",
        height=460,
        xaxis={"type": "log"},
        yaxis={"type": "log"},
        shapes=[_here("x", "y domain"), _here("x domain", "y", vertical=False)],
    )
    return figure(traces, lay)


def _early_match_fill(spec: Spec, v: View, i: int, ctx: Mapping[str, Any]) -> None:
    k = float(v.arrays["k_lam"][i])
    lam = float(ctx.get("lams", LAM_GRID)[i])
    a, b = spec["layout"]["shapes"]
    spec["layout"] = {**spec["layout"], "shapes": [{**a, "x0": k, "x1": k}, {**b, "y0": lam, "y1": lam}]}


EARLY_MATCH = Kind(_early_match_template, _early_match_fill)


def _dropout_template(data: PanelData, lang: str) -> Spec:
    p = len(data["trained"])
    ks = list(range(1, p + 1))
    q, lam = float(data.values["keep"]), float(data.values["lam"])
    bars = [
        ("trained", t("decay.dropout_trained", lang, q=num(q)), COLORS["test"]),
        ("exact", t("decay.dropout_exact", lang), COLORS["fit"]),
        ("plain", t("decay.dropout_plain", lang, lam=num(lam)), COLORS["l2"]),
    ]
    traces = [
        {"type": "bar", "x": ks, "y": floats(data[key]), "name": name, "marker": {"color": color}}
        for key, name, color in bars
    ]
    traces.append(
        scatter(
            floats(data["q"]),
            floats(data["approx"]),
            t("decay.dropout_rule_gap", lang),
            mode="lines",
            line={"color": COLORS["l2"], "width": 3},
            xaxis="x2",
            yaxis="y2",
        )
    )
    traces.append(
        scatter(
            [q],
            [float(data.values["trained_gap"])],
            t("decay.dropout_trained_gap", lang),
            mode="markers",
            marker={"size": 12, "color": COLORS["test"]},
            xaxis="x2",
            yaxis="y2",
        )
    )
    axes = _split(
        {"x": t("decay.weight_index", lang), "y": t("fig.weight", lang), "xa": _ticks(p)},
        {"x": t("decay.keep_axis", lang), "y": t("decay.relative_gap", lang), "xa": {"range": [0.28, 1.0]}},
    )
    shapes = [_here("x2", "y2 domain") | {"x0": q, "x1": q}]
    return figure(
        traces,
        layout(t("decay.dropout_title", lang, q=num(q)), "", "", height=440, barmode="group", shapes=shapes, **axes),
    )


DROPOUT = Kind(_dropout_template, lambda spec, v, i, ctx: None)
