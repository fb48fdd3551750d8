"""Figures: structure, not pixels — for every chart kind of every lesson, through the registry."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from regviz import figures, geometry
from regviz.figures import KINDS, by_uid, figure, figure_spec
from regviz.lessons import geometry as lesson1
from regviz.lessons.registry import DEFAULT, LESSONS, panel_data
from regviz.params import LAM_GRID
from regviz.text.numbers import num

CHARTS = [(lesson, panel, kind) for lesson in LESSONS for panel in lesson.panels for kind in panel.charts]
STATES = [
    DEFAULT,
    DEFAULT.with_(penalty="l2", lang="zh"),
    DEFAULT.with_(penalty="elasticnet", l1_ratio=0.3, degree=4),
    DEFAULT.with_(penalty="l0", degree=5, data="diabetes"),
    DEFAULT.with_(penalty="none", degree=15, n=20, seed=1),
]


def test_every_kind_is_drawn_by_some_lesson() -> None:
    assert {kind for *_, kind in CHARTS} == set(KINDS)


@pytest.mark.parametrize("lesson,panel,kind", CHARTS, ids=lambda x: getattr(x, "name", getattr(x, "slug", x)))
@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.penalty}-{s.data}-{s.lang}")
def test_every_chart_builds_at_both_ends_of_the_grid_as_plain_plotly(lesson, panel, kind, state) -> None:
    data = panel_data(lesson, panel.name, state)
    extra = panel_data(lesson, panel.extra, state) if panel.extra and panel.extra_when(state) else None
    for i in (0, len(LAM_GRID) // 2, len(LAM_GRID) - 1):
        spec = figure_spec(kind, data, i, state.lang, {"degree": state.degree, "lams": list(LAM_GRID)}, extra)
        json.dumps(spec, allow_nan=False)  # what the browser parses: no NaN or infinity anywhere
        fig = figure(kind, data, i, state.lang, {"degree": state.degree}, extra)
        assert isinstance(fig, go.Figure) and fig.data
        fig.update_layout(title_text="mine")  # plain Plotly: export and templates need this
        fig.add_trace(go.Scatter(x=[0], y=[0]))
        assert fig.layout.title.text == "mine" and len(fig.data) == len(spec["data"]) + 1


def _two_feature(penalty: str, **changes):
    state = DEFAULT.with_(penalty=penalty, **changes)
    return state, lesson1.two_feature(state)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet"])
@pytest.mark.parametrize("i", [5, 25, 40])
def test_constraint_outline_is_closed_and_the_solution_marker_sits_at_the_fit(penalty: str, i: int) -> None:
    _, data = _two_feature(penalty)
    spec = figure_spec("contours", data, i, "en")
    region = by_uid(spec, "region")
    assert region["x"][0] == pytest.approx(region["x"][-1]) and region["y"][0] == pytest.approx(region["y"][-1])
    sol = by_uid(spec, "solution")
    assert (sol["x"][0], sol["y"][0]) == (data["w"][i][0], data["w"][i][1])
    assert f"t = {num(data['t'][i])}" in region["name"] and f"λ = {num(LAM_GRID[i])}" in region["name"]


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "l0"])
def test_the_tangent_contour_is_the_loss_level_at_the_solution(penalty: str) -> None:
    state, data = _two_feature(penalty)
    problem = lesson1.two_feature_problem(state)
    for i in (10, 25, 35):
        tangent = by_uid(figure_spec("contours", data, i, "en"), "tangent")
        quad = geometry.pair_quadratic(problem, data["w"][i])
        levels = quad.value(np.array(tangent["x"]), np.array(tangent["y"]))
        # the contour through the solution (or, when the solution is the optimum itself, a speck there)
        excess = max(float(data["level"][i] - data["low"][i]), 1e-12 * max(abs(float(data["low"][i])), 1.0))
        assert np.allclose(levels, data["low"][i] + excess, rtol=1e-9, atol=1e-12)


def test_span_contours_fill_the_view_at_any_lambda() -> None:
    """At a small λ the contour through the solution is a speck; the span contours are level
    sets around the optimum whose longer semi-axis is the asked share of the view."""
    _, data = _two_feature("l1")
    for i in (0, 30, 50):
        spec = figure_spec("contours", data, i, "en")
        extent = data["extent"][i]
        for k, f in enumerate(data.values["spans"]):
            trace = by_uid(spec, f"span{k}")
            pts = np.array([trace["x"], trace["y"]]) - data["ols"][i][:, None]
            assert np.max(np.hypot(*pts)) == pytest.approx(f * extent, rel=0.02)  # 29 points: the axis within 2 %


def test_l0_region_is_the_pair_of_axes_and_none_has_no_region() -> None:
    _, data = _two_feature("l0")
    i = int(np.flatnonzero(data["t"] == 1)[0])  # one weight kept: ‖w‖₀ ≤ 1
    region = by_uid(figure_spec("contours", data, i, "en"), "region")
    extent = data["extent"][i]
    assert region["x"] == [-extent, extent, None, 0.0, 0.0] and "fill" not in region
    _, data = _two_feature("none")
    spec = figure_spec("contours", data, 30, "en")
    assert by_uid(spec, "region")["x"] == [] and by_uid(spec, "region")["showlegend"] is False


def test_coefficient_bars_mark_exact_zeros() -> None:
    state = DEFAULT.with_(penalty="l1", lam=0.0631)
    data = panel_data(LESSONS[1], "fit", state)
    i = state.lam_index
    spec = figure_spec("coefs", data, i, "en")
    row = data["coefs"][i]
    assert by_uid(spec, "zeros")["x"] == [k + 1 for k in np.flatnonzero(row == 0)]
    assert by_uid(spec, "bars")["y"] == [float(w) for w in row[row != 0]]
    assert f"‖w‖₀ = {np.count_nonzero(row)} of {row.size}" in spec["layout"]["title"]["text"]


def test_the_fitted_curve_is_the_polynomial_of_the_fit() -> None:
    from regviz.lessons.common import state_fit

    state = DEFAULT.with_(penalty="l2", degree=7)
    data = panel_data(LESSONS[1], "fit", state)
    fit = state_fit(state)
    for i in (0, 30, 60):
        line = by_uid(figure_spec("fit", data, i, "en"), "fit")
        expected = fit.basis.transform(np.array(line["x"])) @ fit.coefs[i] + fit.intercepts[i]
        assert np.allclose(line["y"], expected, rtol=1e-12, atol=1e-12)


def test_you_are_here_follows_lambda_and_the_degree() -> None:
    state = DEFAULT.with_(penalty="l2")
    lesson = LESSONS[1]
    fit, degrees = panel_data(lesson, "fit", state), panel_data(lesson, "degrees", state)
    spec = figure_spec("errors_lam", fit, 12, "en")
    (line,), marks = spec["layout"]["shapes"], spec["layout"]["annotations"]
    assert line["x0"] == line["x1"] == LAM_GRID[12] and (line["y0"], line["y1"]) == (0.0, 1.0)
    # annotations on log axes are placed in log10 units
    assert [(m["x"], m["y"]) for m in marks] == pytest.approx(
        [
            (np.log10(LAM_GRID[12]), np.log10(fit["train_mse"][12])),
            (np.log10(LAM_GRID[12]), np.log10(fit["test_mse"][12])),
        ]
    )
    spec = figure_spec("errors_degree", degrees, 12, "en", {"degree": 4})
    (line,), marks = spec["layout"]["shapes"], spec["layout"]["annotations"]
    assert line["x0"] == 4.0 and [m["x"] for m in marks] == [4.0, 4.0]  # a linear x axis
    assert [m["y"] for m in marks] == pytest.approx(list(np.log10([degrees["train"][3, 12], degrees["test"][3, 12]])))
    assert by_uid(spec, "train")["y"] == [float(v) for v in degrees["train"][:, 12]]


def test_zero_share_bars_follow_lambda() -> None:
    data = lesson1.zero_share(DEFAULT)
    spec = figure_spec("zero_share", data, 45, "en")
    bars = by_uid(spec, "bars")
    assert bars["y"] == pytest.approx([100 * s for s in data["share"][45]])
    assert bars["text"] == [figures.geometry.percent_label(s) for s in data["share"][45]]
    assert figures.geometry.percent_label(0.0025) == "0.3 %" and figures.geometry.percent_label(1.0) == "100.0 %"


def test_unit_balls_cover_p_0_half_1_2_infinity() -> None:
    spec = figure_spec("unit_balls", lesson1.balls(DEFAULT), 0, "en")
    assert [tr["name"] for tr in spec["data"]] == ["p = 0", "p = ½", "p = 1", "p = 2", "p = ∞"]
    square = spec["data"][4]
    assert max(abs(v) for v in square["x"]) == pytest.approx(1.0)
