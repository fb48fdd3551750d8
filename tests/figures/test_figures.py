"""Figure builders: structure, not pixels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

import regviz
from regviz import datasets, geometry
from regviz.figures.errors import bias_variance_curves, error_curves
from regviz.figures.fit import coefficient_bars, fitted_curve
from regviz.figures.geometry import loss_contours, unit_balls, zero_share_bars
from regviz.polyfit import poly_path
from regviz.problem import Problem
from regviz.text import t

LAMS = np.geomspace(10, 1e-5, 61)


def two_feature_view(penalty: str, index: int = 30, rho: float = 0.5) -> tuple[geometry.ContourView, Problem]:
    tf = datasets.two_feature(0.5, (1.0, 1.0), None, 100, 0.5, 0)
    problem = Problem.from_data(tf.X, tf.y)
    coefs = regviz.path(tf.X, tf.y, penalty, LAMS, rho).coefs
    return geometry.contour_view(problem, coefs, LAMS, index, penalty, rho), problem


def trace_named(fig: go.Figure, name: str) -> go.Scatter:
    matches = [tr for tr in fig.data if tr.name and tr.name.startswith(name)]
    assert matches, f"no trace named {name!r} in {[tr.name for tr in fig.data]}"
    return matches[0]


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet"])
def test_constraint_outline_is_closed_and_solution_marker_sits_at_the_fit(penalty: str) -> None:
    view, _ = two_feature_view(penalty)
    fig = loss_contours(view, "en", "title")
    region = trace_named(fig, "region P(w) ≤ t")
    assert region.x[0] == pytest.approx(region.x[-1]) and region.y[0] == pytest.approx(region.y[-1])
    marker = trace_named(fig, "solution (")
    assert marker.x[0] == pytest.approx(view.solution[0]) and marker.y[0] == pytest.approx(view.solution[1])
    assert f"t = {regviz.text.numbers.num(view.t)}" in region.name


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "l0"])
def test_tangent_contour_level_equals_the_loss_at_the_solution(penalty: str) -> None:
    view, problem = two_feature_view(penalty, index=25)
    fig = loss_contours(view, "en", "title")
    tangent = trace_named(fig, "contour through the solution")
    w = regviz.path(problem.Xc, problem.yc, penalty, [view.lam], 0.5).coefs[0]
    quad = geometry.pair_quadratic(problem, w)
    levels = quad.value(np.array(tangent.x), np.array(tangent.y))
    assert np.allclose(levels, quad.value(*view.solution), rtol=1e-3)  # figures carry 5 decimals


def test_span_contours_fill_the_view_at_any_lambda() -> None:
    """At a small λ the contour through the solution is a speck; the span contours are
    level sets around the optimum whose longer semi-axis is the asked share of the view."""
    tf = datasets.two_feature(0.5, (1.0, 1.0), None, 100, 0.5, 0)
    problem = Problem.from_data(tf.X, tf.y)
    coefs = regviz.path(tf.X, tf.y, "l1", LAMS, 0.5).coefs
    for index in (5, 30, 60):
        view = geometry.contour_view(problem, coefs, LAMS, index, "l1", levels=(1.0,), spans=(0.4, 0.8))
        quad = geometry.pair_quadratic(problem, coefs[index])
        _, *spans = view.contours
        assert len(spans) == 2
        for share, c in zip((0.4, 0.8), spans, strict=True):
            level = quad.value(c[0], c[1])
            assert np.allclose(level, level[0], rtol=1e-9) and level[0] > quad.value(*view.ols)
            semi_axis = np.max(np.hypot(c[0] - view.ols[0], c[1] - view.ols[1]))
            assert semi_axis == pytest.approx(share * view.extent, rel=1e-3)
    small = geometry.contour_view(problem, coefs, LAMS, 60, "l1", levels=(1.0,), spans=(0.4,))
    tangent_size = np.ptp(small.contours[0][0])
    assert tangent_size < 0.05 * small.extent < np.ptp(small.contours[1][0])


def test_l1_solution_lies_on_the_region_boundary() -> None:
    view, _ = two_feature_view("l1", index=32)
    assert np.abs(view.solution).sum() == pytest.approx(view.t)
    # and the path passes through the solution at the current λ
    assert np.allclose(view.path[32], view.solution)


def test_no_penalty_draws_no_region() -> None:
    view, _ = two_feature_view("none")
    fig = loss_contours(view, "en", "title")
    assert not [tr for tr in fig.data if tr.name and tr.name.startswith("region")]
    assert np.allclose(view.solution, view.ols)


def test_unit_balls_has_five_curves() -> None:
    fig = unit_balls("en")
    assert [tr.name for tr in fig.data] == ["p = 0", "p = ½", "p = 1", "p = 2", "p = ∞"]


def test_zero_share_bars_in_percent() -> None:
    shares = geometry.zero_share(0.5, 0.5, trials=500)
    fig = zero_share_bars(shares, "zh")
    assert list(fig.data[0].x) == [t("penalty.l1", "zh"), t("penalty.elasticnet", "zh"), t("penalty.l2", "zh")]
    assert fig.data[0].y[2] == 0.0 and fig.data[0].y[0] > 20


def test_coefficient_bars_mark_exact_zeros() -> None:
    coef = np.array([0.5, 0.0, -0.2, 0.0, 0.0])
    fig = coefficient_bars(coef, "en")
    bars, zeros = fig.data
    assert list(bars.x) == [1, 3] and list(zeros.x) == [2, 4, 5]
    assert "‖w‖₀ = 2 of 5" in fig.layout.title.text


def test_fitted_curve_has_data_truth_fit_and_band() -> None:
    curve = datasets.synthetic(30, 0.3, 0)
    fit = poly_path(curve, 5, "l2", 0.5, LAMS)
    band = (fit.x_grid, fit.curves[10] - 0.1, fit.curves[10] + 0.1)
    fig = fitted_curve(curve, fit.x_grid, fit.curves[10], "en", fit.truth, band)
    names = [tr.name for tr in fig.data]
    assert names == [
        "80 % of refits on new samples",
        "test points",
        "training points",
        "true function",
        "fitted polynomial",
    ]
    assert len(fig.data[2].x) == 30
    no_truth = fitted_curve(curve, fit.x_grid, fit.curves[10], "en")
    assert len(no_truth.data) == 3


def test_error_curves_mark_the_current_setting() -> None:
    axis = np.arange(1, 11)
    train, test = np.linspace(1, 0.1, 10), np.linspace(1, 0.1, 10) + np.linspace(0, 0.5, 10) ** 2
    fig = error_curves(axis, train, test, 4, "en", "title", "degree")
    here = trace_named(fig, "current setting")
    assert list(here.x) == [4, 4] and list(here.y) == pytest.approx([train[3], test[3]], rel=1e-5)
    line = trace_named(fig, "you are here")
    assert line.x[0] == line.x[1] == 4


def test_error_curves_on_a_reversed_log_lambda_axis() -> None:
    fig = error_curves(LAMS, np.ones(61), np.ones(61) * 2, 0.01, "en", "title", "λ", log_x=True)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.autorange == "reversed"
    assert trace_named(fig, "you are here").x[0] == 0.01


def test_bias_variance_curves_sum() -> None:
    b, v = np.array([0.1, 0.05, 0.02]), np.array([0.01, 0.03, 0.2])
    fig = bias_variance_curves(np.array([1.0, 0.1, 0.01]), b, v, 0.09, 0.1, "en", "title", "λ", log_x=True)
    total = trace_named(fig, "bias² + variance + noise")
    assert np.allclose(total.y, b + v + 0.09, rtol=1e-5)


BUILDERS = [
    lambda lang: loss_contours(two_feature_view("l1")[0], lang, "t"),
    unit_balls,
    lambda lang: zero_share_bars(geometry.zero_share(0.1, 0.5, trials=100), lang),
    lambda lang: coefficient_bars(np.array([1.0, 0.0]), lang),
    lambda lang: fitted_curve(datasets.synthetic(10, 0.1, 0), np.linspace(-1, 1, 5), np.zeros(5), lang),
    lambda lang: error_curves(np.arange(1, 4), np.ones(3), np.ones(3), 2, lang, "t", "x"),
    lambda lang: bias_variance_curves(np.arange(1, 4), np.ones(3), np.ones(3), 0.1, 2, lang, "t", "x"),
]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builder_returns_a_serialisable_figure(build, lang: str) -> None:
    fig = build(lang)
    assert isinstance(fig, go.Figure) and len(fig.data) >= 1
    text = fig.to_json()
    assert "NaN" not in text.replace("null", "")
    assert len(text) < 100_000  # small enough to send on every λ step
