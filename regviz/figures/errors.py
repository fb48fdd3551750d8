"""Error curves with a "you are here" marker, and the bias–variance decomposition."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from regviz.text import t

from .theme import COLORS, base_layout, f32


def _log_range(values: list[np.ndarray]) -> list[float]:
    """A log-axis range that keeps interpolation's ~0 training error and extrapolation's
    huge test error from squashing the interesting part of the curves."""
    v = np.concatenate([np.asarray(a, dtype=float).ravel() for a in values])
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return [-3.0, 1.0]
    lo = max(float(v.min()), 1e-6)
    hi = min(float(v.max()), 1e3 * float(np.median(v)))
    return [np.log10(lo) - 0.1, np.log10(max(hi, lo * 10)) + 0.1]


def _here(fig: go.Figure, x: float, values: list[np.ndarray], lang: str) -> None:
    """A dashed vertical "you are here" line at x, spanning the plotted values."""
    finite = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in values])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (1e-3, 1.0)
    fig.add_trace(
        go.Scatter(
            x=[x, x],
            y=[lo, hi],
            mode="lines+text",
            text=["", t("fig.you_are_here", lang)],
            textposition="top center",
            line={"color": COLORS["here"], "dash": "dash", "width": 2},
            textfont={"color": COLORS["here"]},
            name=t("fig.you_are_here", lang),
            showlegend=False,
        )
    )


def error_curves(
    axis: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    current: float,
    lang: str,
    title: str,
    x_title: str,
    log_x: bool = False,
) -> go.Figure:
    """Train and test MSE along degree or λ; the current setting is marked."""
    fig = go.Figure()
    for name, values, role in (("fig.train_error", train, "train"), ("fig.test_error", test, "test")):
        fig.add_trace(
            go.Scatter(
                x=f32(axis),
                y=f32(values),
                mode="lines+markers",
                name=t(name, lang),
                line={"color": COLORS[role], "width": 3},
                marker={"size": 5},
            )
        )
    y_range = _log_range([train, test])
    _here(fig, float(current), y_range, lang)
    i = int(np.argmin(np.abs(np.asarray(axis, dtype=float) - current)))
    fig.add_trace(
        go.Scatter(
            x=[float(axis[i])] * 2,
            y=[float(train[i]), float(test[i])],
            mode="markers",
            marker={"size": 14, "color": COLORS["here"], "symbol": "diamond"},
            name=t("fig.current", lang),
        )
    )
    base_layout(fig, title, x_title, t("fig.mse", lang), height=440)
    fig.update_yaxes(type="log", range=y_range)
    if log_x:  # λ axis: strong regularisation (simple models) on the left
        fig.update_xaxes(type="log", autorange="reversed")
    return fig


def bias_variance_curves(
    axis: np.ndarray,
    bias2: np.ndarray,
    variance: np.ndarray,
    noise: float,
    current: float,
    lang: str,
    title: str,
    x_title: str,
    log_x: bool = False,
) -> go.Figure:
    """bias², variance, noise and their sum (the expected test MSE) along λ or degree."""
    fig = go.Figure()
    total = bias2 + variance + noise
    y_range = _log_range([bias2, variance, total])
    _here(fig, float(current), y_range, lang)
    for key, values, role, dash in (
        ("fig.bias2", bias2, "bias", "solid"),
        ("fig.variance", variance, "variance", "solid"),
        ("fig.noise", np.full_like(bias2, noise), "noise", "dot"),
        ("fig.expected_mse", total, "test", "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=f32(axis),
                y=f32(values),
                mode="lines",
                name=t(key, lang),
                line={"color": COLORS[role], "width": 3, "dash": dash},
            )
        )
    base_layout(fig, title, x_title, t("fig.mse", lang), height=440)
    fig.update_yaxes(type="log", range=y_range)
    if log_x:  # λ axis: strong regularisation (simple models) on the left
        fig.update_xaxes(type="log", autorange="reversed")
    return fig
