"""Figures of the geometry lesson: loss contours with constraint regions, unit balls, zero share."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from regviz.geometry import ContourView, ZeroShare
from regviz.penalties import LP_FAMILY, lp_unit_ball
from regviz.text import t
from regviz.text.numbers import num

from .theme import COLORS, base_layout, f32


def loss_contours(view: ContourView, lang: str, title: str) -> go.Figure:
    """Loss ellipses over two weights, the region {P ≤ t}, the solution and its λ path."""
    fig = go.Figure()
    i, j = (k + 1 for k in view.pair)
    for k, c in enumerate(view.contours[1:]):
        fig.add_trace(
            go.Scatter(
                x=f32(c[0]),
                y=f32(c[1]),
                mode="lines",
                line={"color": COLORS["contour"], "width": 1},
                name=t("fig.contours", lang),
                legendgroup="contours",
                showlegend=k == 0,
                hoverinfo="skip",
            )
        )
    if view.contours:
        tangent = view.contours[0]
        fig.add_trace(
            go.Scatter(
                x=f32(tangent[0]),
                y=f32(tangent[1]),
                mode="lines",
                line={"color": COLORS["tangent"], "width": 3},
                name=t("fig.tangent_contour", lang, level=num(view.level)),
            )
        )
    if view.region.size:
        fig.add_trace(
            go.Scatter(
                x=f32(view.region[0]),
                y=f32(view.region[1]),
                mode="lines",
                line={"color": COLORS.get(view.penalty, "#444"), "width": 3},
                fill="toself" if view.penalty != "l0" else None,
                fillcolor="rgba(230, 159, 0, 0.12)",
                name=t("fig.region", lang, lam=num(view.lam), t=num(view.t)),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=f32(view.path[:, 0]),
            y=f32(view.path[:, 1]),
            mode="lines",
            line={"color": COLORS["path"], "width": 2, "dash": "dot"},
            name=t("fig.path", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[float(view.ols[0])],
            y=[float(view.ols[1])],
            mode="markers",
            marker={"symbol": "x", "size": 12, "color": COLORS["ols"]},
            name=t("fig.ols", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[float(view.solution[0])],
            y=[float(view.solution[1])],
            mode="markers",
            marker={"size": 13, "color": COLORS["solution"], "line": {"width": 2, "color": "white"}},
            name=t("fig.solution", lang, w1=num(view.solution[0]), w2=num(view.solution[1])),
        )
    )
    e = view.extent
    base_layout(fig, title, f"w{_sub(i)}", f"w{_sub(j)}", height=600)
    fig.update_xaxes(range=[-e, e], zeroline=True, zerolinewidth=2, zerolinecolor="#999")
    fig.update_yaxes(range=[-e, e], zeroline=True, zerolinewidth=2, zerolinecolor="#999", scaleanchor="x", scaleratio=1)
    return fig


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def unit_balls(lang: str) -> go.Figure:
    """‖w‖_p = 1 for p = 0, ½, 1, 2, ∞ in one panel."""
    fig = go.Figure()
    colors = ["#7A5C00", "#CC79A7", "#E69F00", "#56B4E9", "#009E73"]
    for p, color in zip(LP_FAMILY, colors, strict=True):
        B = lp_unit_ball(p, extent=1.3)
        label = "∞" if math.isinf(p) else ("½" if p == 0.5 else f"{p:g}")
        fig.add_trace(
            go.Scatter(
                x=f32(B[0]),
                y=f32(B[1]),
                mode="lines",
                line={"color": color, "width": 3},
                name=f"p = {label}",
                connectgaps=False,
            )
        )
    base_layout(fig, t("fig.unit_balls", lang), "w₁", "w₂", height=460)
    fig.update_xaxes(range=[-1.4, 1.4])
    fig.update_yaxes(range=[-1.4, 1.4], scaleanchor="x", scaleratio=1)
    return fig


def zero_share_bars(shares: list[ZeroShare], lang: str) -> go.Figure:
    """Share of random losses whose penalised solution has an exactly-zero weight."""
    names = [t(f"penalty.{s.penalty}", lang) for s in shares]
    values = [100.0 * s.share for s in shares]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=[COLORS[s.penalty] for s in shares],
            text=[f"{v:.1f} %" for v in values],
            textposition="outside",
        )
    )
    trials = shares[0].trials if shares else 0
    base_layout(fig, t("fig.zero_share", lang, trials=trials), "", t("fig.zero_share_axis", lang), height=440)
    fig.update_yaxes(range=[0, 105])
    return fig
