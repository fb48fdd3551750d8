"""Error curves with a "you are here" marker, and the bias–variance decomposition."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from regviz.text import t

from .theme import COLORS, f32, figure, layout, scatter


def _log_range(values: list[np.ndarray]) -> list[float]:
    """A log-axis range that keeps interpolation's ~0 training error and extrapolation's
    huge test error from squashing the interesting part of the curves."""
    v = np.concatenate([np.asarray(a, dtype=float).ravel() for a in values])
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return [-3.0, 1.0]
    lo = max(float(v.min()), 1e-6)
    hi = min(float(v.max()), 1e3 * float(np.median(v)))
    return [float(np.log10(lo)) - 0.1, float(np.log10(max(hi, lo * 10))) + 0.1]


def _here(x: float, log_range: list[float], lang: str) -> dict[str, Any]:
    """A dashed vertical "you are here" line at x, spanning the visible y range."""
    return scatter(
        [x, x],
        [10 ** log_range[0], 10 ** log_range[1]],
        t("fig.you_are_here", lang),
        mode="lines+text",
        text=["", t("fig.you_are_here", lang)],
        textposition="top center",
        line={"color": COLORS["here"], "dash": "dash", "width": 2},
        textfont={"color": COLORS["here"]},
        showlegend=False,
    )


def _layout(title: str, x_title: str, lang: str, y_range: list[float], log_x: bool) -> dict[str, Any]:
    # λ axis: strong regularisation (simple models) on the left
    x_axis = {"type": "log", "autorange": "reversed"} if log_x else {}
    return layout(title, x_title, t("fig.mse", lang), height=440, xaxis=x_axis, yaxis={"type": "log", "range": y_range})


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
    y_range = _log_range([train, test])
    traces = [_here(float(current), y_range, lang)]
    for name, values, role in (("fig.train_error", train, "train"), ("fig.test_error", test, "test")):
        traces.append(
            scatter(
                f32(axis),
                f32(values),
                t(name, lang),
                mode="lines+markers",
                line={"color": COLORS[role], "width": 3},
                marker={"size": 5},
            )
        )
    i = int(np.argmin(np.abs(np.asarray(axis, dtype=float) - current)))
    traces.append(
        scatter(
            [float(axis[i])] * 2,
            [float(train[i]), float(test[i])],
            t("fig.current", lang),
            mode="markers",
            marker={"size": 14, "color": COLORS["here"], "symbol": "diamond"},
        )
    )
    return figure(traces, _layout(title, x_title, lang, y_range, log_x))


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
    total = bias2 + variance + noise
    y_range = _log_range([bias2, variance, total])
    traces = [_here(float(current), y_range, lang)]
    for key, values, role, dash in (
        ("fig.bias2", bias2, "bias", "solid"),
        ("fig.variance", variance, "variance", "solid"),
        ("fig.noise", np.full_like(bias2, noise), "noise", "dot"),
        ("fig.expected_mse", total, "test", "dash"),
    ):
        traces.append(
            scatter(
                f32(axis),
                f32(values),
                t(key, lang),
                mode="lines",
                line={"color": COLORS[role], "width": 3, "dash": dash},
            )
        )
    return figure(traces, _layout(title, x_title, lang, y_range, log_x))
