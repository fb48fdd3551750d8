"""Figures of the geometry lesson: loss contours with constraint regions, unit balls, zero share."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from regviz.geometry import ContourView, ZeroShare
from regviz.penalties import LP_FAMILY, lp_unit_ball
from regviz.text import t
from regviz.text.numbers import num

from .theme import COLORS, axis, f32, figure, layout, scatter

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def loss_contours(view: ContourView, lang: str, title: str) -> go.Figure:
    """Loss ellipses over two weights, the region {P ≤ t}, the solution and its λ path."""
    traces = []
    line = {"color": COLORS["contour"], "width": 1, "shape": "spline"}
    for k, c in enumerate(view.contours[1:]):
        traces.append(
            scatter(
                f32(c[0]),
                f32(c[1]),
                t("fig.contours", lang),
                mode="lines",
                line=line,
                legendgroup="contours",
                showlegend=k == 0,
                hoverinfo="skip",
            )
        )
    if view.contours:
        c = view.contours[0]
        traces.append(
            scatter(
                f32(c[0]),
                f32(c[1]),
                t("fig.tangent_contour", lang, level=num(view.level)),
                mode="lines",
                line={"color": COLORS["tangent"], "width": 3, "shape": "spline"},
            )
        )
    if view.region.size:
        region = scatter(
            f32(view.region[0]),
            f32(view.region[1]),
            t("fig.region", lang, lam=num(view.lam), t=num(view.t)),
            mode="lines",
            line={"color": COLORS.get(view.penalty), "width": 3},
        )
        if view.penalty != "l0":
            region.update(fill="toself", fillcolor="rgba(230, 159, 0, 0.12)")
        traces.append(region)
    traces.append(
        scatter(
            f32(view.path[:, 0]),
            f32(view.path[:, 1]),
            t("fig.path", lang),
            mode="lines",
            line={"color": COLORS["path"], "width": 2, "dash": "dot"},
        )
    )
    traces.append(
        scatter(
            [float(view.ols[0])],
            [float(view.ols[1])],
            t("fig.ols", lang),
            mode="markers",
            marker={"symbol": "x", "size": 12, "color": COLORS["ols"]},
        )
    )
    w1, w2 = (float(w) for w in view.solution)
    traces.append(
        scatter(
            [w1],
            [w2],
            t("fig.solution", lang, w1=num(w1), w2=num(w2)),
            mode="markers",
            marker={"size": 13, "color": COLORS["solution"], "line": {"width": 2, "color": "white"}},
        )
    )
    i, j = (str(k + 1).translate(SUBSCRIPTS) for k in view.pair)
    e = view.extent
    zero = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#999", "range": [-e, e]}
    return figure(
        traces,
        layout(
            title,
            f"w{i}",
            f"w{j}",
            height=600,
            xaxis=axis(f"w{i}", **zero),
            yaxis=axis(f"w{j}", scaleanchor="x", scaleratio=1, **zero),
        ),
    )


def unit_balls(lang: str) -> go.Figure:
    """‖w‖_p = 1 for p = 0, ½, 1, 2, ∞ in one panel."""
    colors = ["#7A5C00", "#CC79A7", "#E69F00", "#56B4E9", "#009E73"]
    traces = []
    for p, color in zip(LP_FAMILY, colors, strict=True):
        B = lp_unit_ball(p, extent=1.3)
        label = "∞" if math.isinf(p) else ("½" if p == 0.5 else f"{p:g}")
        traces.append(
            scatter(
                f32(B[0]), f32(B[1]), f"p = {label}", mode="lines", line={"color": color, "width": 3}, connectgaps=False
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


def zero_share_bars(shares: list[ZeroShare], lang: str) -> go.Figure:
    """Share of random losses whose penalised solution has an exactly-zero weight."""
    values = [100.0 * s.share for s in shares]
    bars = {
        "type": "bar",
        "x": [t(f"penalty.{s.penalty}", lang) for s in shares],
        "y": values,
        "marker": {"color": [COLORS[s.penalty] for s in shares]},
        "text": [f"{v:.1f} %" for v in values],
        "textposition": "outside",
        "name": "",
    }
    trials = shares[0].trials if shares else 0
    title = t("fig.zero_share", lang, trials=trials)
    return figure(
        [bars],
        layout(title, "", t("fig.zero_share_axis", lang), height=440, yaxis={"range": [0, 105]}, showlegend=False),
    )
