"""Figures of the over/underfitting lesson: data and fitted curve, coefficient bars."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from regviz.datasets import Curve
from regviz.text import t

from .theme import COLORS, base_layout, f32


def fitted_curve(
    curve: Curve,
    x_grid: np.ndarray,
    fit: np.ndarray,
    lang: str,
    truth: np.ndarray | None = None,
    band: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> go.Figure:
    """Train and test points, the true function (when known), the fit and a band (x, lo, hi) of refits."""
    fig = go.Figure()
    if band is not None:
        xb, lo, hi = band
        fig.add_trace(
            go.Scatter(
                x=f32(np.concatenate([xb, xb[::-1]])),
                y=f32(np.concatenate([hi, lo[::-1]])),
                fill="toself",
                fillcolor=COLORS["band"],
                line={"width": 0},
                hoverinfo="skip",
                name=t("fig.band", lang),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=f32(curve.x_test),
            y=f32(curve.y_test),
            mode="markers",
            name=t("fig.test_points", lang),
            marker={"color": COLORS["test"], "size": 6, "symbol": "circle-open"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=f32(curve.x_train),
            y=f32(curve.y_train),
            mode="markers",
            name=t("fig.train_points", lang),
            marker={"color": COLORS["train"], "size": 9},
        )
    )
    if truth is not None:
        fig.add_trace(
            go.Scatter(
                x=f32(x_grid),
                y=f32(truth),
                mode="lines",
                name=t("fig.truth", lang),
                line={"color": COLORS["truth"], "dash": "dash", "width": 2},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=f32(x_grid),
            y=f32(fit),
            mode="lines",
            name=t("fig.fit", lang),
            line={"color": COLORS["fit"], "width": 3},
        )
    )
    y_all = np.concatenate([curve.y_train, curve.y_test])
    pad = 0.25 * float(np.ptp(y_all)) + 1e-9
    base_layout(fig, t("fig.fit_title", lang), "x", "y", height=440)
    fig.update_yaxes(range=[float(y_all.min()) - pad, float(y_all.max()) + pad])
    return fig


def coefficient_bars(coef: np.ndarray, lang: str) -> go.Figure:
    """Weights of the polynomial features; exact zeros drawn as grey markers on the axis."""
    k = np.arange(1, coef.size + 1)
    zero = coef == 0
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=k[~zero].tolist(),
            y=f32(coef[~zero]),
            marker_color=COLORS["fit"],
            name=t("fig.nonzero", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=k[zero].tolist(),
            y=[0.0] * int(zero.sum()),
            mode="markers",
            name=t("fig.exact_zero", lang),
            marker={"symbol": "x-thin-open", "size": 12, "color": "#666", "line": {"width": 2}},
        )
    )
    title = t("fig.coef_title", lang, nonzero=int((~zero).sum()), total=coef.size)
    base_layout(fig, title, t("fig.feature_index", lang), t("fig.weight", lang), height=420)
    fig.update_xaxes(dtick=1 if coef.size <= 20 else None)
    return fig
