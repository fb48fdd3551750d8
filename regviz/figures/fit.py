"""Figures of the over/underfitting lesson: data and fitted curve, coefficient bars."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from regviz.datasets import Curve
from regviz.text import t

from .theme import COLORS, f32, figure, layout, scatter


def fitted_curve(
    curve: Curve,
    x_grid: np.ndarray,
    fit: np.ndarray,
    lang: str,
    truth: np.ndarray | None = None,
    band: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> go.Figure:
    """Train and test points, the true function (when known), the fit and a band (x, lo, hi) of refits."""
    traces = []
    if band is not None:
        xb, lo, hi = band
        traces.append(
            scatter(
                f32(np.concatenate([xb, xb[::-1]])),
                f32(np.concatenate([hi, lo[::-1]])),
                t("fig.band", lang),
                fill="toself",
                fillcolor=COLORS["band"],
                line={"width": 0},
                hoverinfo="skip",
            )
        )
    traces.append(
        scatter(
            f32(curve.x_test),
            f32(curve.y_test),
            t("fig.test_points", lang),
            mode="markers",
            marker={"color": COLORS["test"], "size": 6, "symbol": "circle-open"},
        )
    )
    traces.append(
        scatter(
            f32(curve.x_train),
            f32(curve.y_train),
            t("fig.train_points", lang),
            mode="markers",
            marker={"color": COLORS["train"], "size": 9},
        )
    )
    if truth is not None:
        traces.append(
            scatter(
                f32(x_grid),
                f32(truth),
                t("fig.truth", lang),
                mode="lines",
                line={"color": COLORS["truth"], "dash": "dash", "width": 2},
            )
        )
    traces.append(
        scatter(f32(x_grid), f32(fit), t("fig.fit", lang), mode="lines", line={"color": COLORS["fit"], "width": 3})
    )
    y_all = np.concatenate([curve.y_train, curve.y_test])
    pad = 0.25 * float(np.ptp(y_all)) + 1e-9
    y_range = [float(y_all.min()) - pad, float(y_all.max()) + pad]
    return figure(traces, layout(t("fig.fit_title", lang), "x", "y", yaxis={"range": y_range}))


def coefficient_bars(coef: np.ndarray, lang: str) -> go.Figure:
    """Weights of the polynomial features; exact zeros drawn as grey markers on the axis."""
    k = np.arange(1, coef.size + 1)
    zero = coef == 0
    bars = {
        "type": "bar",
        "x": k[~zero].tolist(),
        "y": f32(coef[~zero]),
        "name": t("fig.nonzero", lang),
        "marker": {"color": COLORS["fit"]},
    }
    zeros = scatter(
        k[zero].tolist(),
        [0.0] * int(zero.sum()),
        t("fig.exact_zero", lang),
        mode="markers",
        marker={"symbol": "x-thin-open", "size": 12, "color": "#666", "line": {"width": 2}},
    )
    title = t("fig.coef_title", lang, nonzero=int((~zero).sum()), total=coef.size)
    return figure(
        [bars, zeros],
        layout(title, t("fig.feature_index", lang), t("fig.weight", lang), height=420, xaxis={"dtick": 1}),
    )
