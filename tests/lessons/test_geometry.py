"""Lesson 1's arrays along λ equal the per-λ geometry (regviz.geometry), and the geometry holds."""

from __future__ import annotations

import numpy as np
import pytest

from regviz import geometry
from regviz.figures import by_uid, figure_spec
from regviz.lessons import geometry as lesson
from regviz.lessons.common import state_fit
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, LAMS
from regviz.penalties import get_penalty

SAMPLE = (0, 12, 25, 33, 41, 52, 60)
STATES = [
    DEFAULT.with_(penalty=p, **extra)
    for p in ("l1", "l2", "elasticnet", "l0", "none")
    for extra in ({}, {"geometry.corr": -0.8, "geometry.scale": 4.0, "seed": 3}, {"geometry.useless": "2", "n": 20})
]


def _reference(problem, coefs, i, state) -> geometry.ContourView:
    return geometry.contour_view(problem, coefs, LAMS, i, state.penalty, state.l1_ratio, spans=lesson.SPANS)


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.penalty}-{s['geometry.corr']}-{s['geometry.useless']}")
def test_two_feature_arrays_equal_the_per_lambda_views(state) -> None:
    data = lesson.two_feature(state)
    problem = lesson.two_feature_problem(state)
    for i in SAMPLE:
        ref = _reference(problem, data["w"], i, state)
        assert np.allclose(data["ols"][i], ref.ols, rtol=1e-12, atol=1e-14)
        assert data["t"][i] == pytest.approx(ref.t, rel=1e-12, abs=1e-15)
        assert data["level"][i] == pytest.approx(ref.level, rel=1e-12)
        assert data["extent"][i] == pytest.approx(ref.extent, rel=1e-12)
    # and the weights are the exact fit of each λ
    import regviz

    tf_fit = regviz.path(problem.Xc, problem.yc, state.penalty, LAMS, state.l1_ratio).coefs
    assert np.allclose(data["w"], tf_fit, atol=1e-9)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "none"])
@pytest.mark.parametrize("degree", [2, 9, 20])
def test_the_polynomial_pair_is_the_exact_optimum_of_its_sub_problem(penalty: str, degree: int) -> None:
    state = DEFAULT.with_(penalty=penalty, degree=degree)
    data = lesson.poly_pair(state)
    fit = state_fit(state)
    for i in SAMPLE:
        ref = _reference(fit.problem, fit.coefs, i, state)
        assert np.allclose(data["ols"][i], ref.ols, rtol=1e-9, atol=1e-12)
        assert data["level"][i] == pytest.approx(ref.level, rel=1e-7, abs=1e-12)  # c cancels big terms
        quad = geometry.pair_quadratic(fit.problem, fit.coefs[i])
        pair = geometry.solve_pair(quad, penalty, LAM_GRID[i], state.l1_ratio)
        assert np.allclose(data["w"][i], pair, atol=1e-7 * max(1.0, float(np.abs(pair).max())))


@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.5), ("l2", 0.0)])
def test_the_region_of_radius_t_touches_the_contour_at_the_solution(penalty: str, rho: float) -> None:
    """λ ⇔ t: the penalized solution minimises the loss over {P ≤ t}, so no point of the
    region's boundary lies below the contour through it, and the solution is on the boundary."""
    state = DEFAULT.with_(penalty=penalty, l1_ratio=rho)
    data = lesson.two_feature(state)
    problem = lesson.two_feature_problem(state)
    quad = geometry.pair_quadratic(problem, data["w"][0])
    pen = get_penalty(penalty, rho)
    for i in (20, 30, 38):
        w, level, t = data["w"][i], data["level"][i], data["t"][i]
        assert pen.value(w) == pytest.approx(t)
        spec = figure_spec("contours", data, i, "en")
        region = by_uid(spec, "region")
        losses = quad.value(np.array(region["x"]), np.array(region["y"]))
        assert losses.min() >= level - 1e-9 * max(1.0, abs(level))


def test_l1_gives_exact_zeros_and_l2_never_does() -> None:
    l1 = lesson.two_feature(DEFAULT.with_(penalty="l1"))["w"]
    l2 = lesson.two_feature(DEFAULT.with_(penalty="l2"))["w"]
    assert np.any((l1 == 0).sum(axis=1) == 1)  # a corner: one weight exactly zero over a range of λ
    assert np.all(l1[-1] == 0)  # λ = 10 ≥ λ_max
    assert not np.any(l2 == 0)


def test_zero_share_equals_the_per_lambda_experiment() -> None:
    data = lesson.zero_share(DEFAULT.with_(l1_ratio=0.35))
    for i in (0, 30, 45, 60):
        ref = geometry.zero_share(LAM_GRID[i], 0.35, trials=lesson.ZERO_TRIALS, seed=0)
        assert list(data["share"][i]) == [z.share for z in ref]
    assert np.all(data["share"][:, 2] == 0.0) and data["share"][-1, 0] == 1.0  # L2: never; L1 at λ ≥ λ_max: always


def test_unit_balls_are_the_lp_family() -> None:
    data = lesson.balls(DEFAULT)
    for k, p in enumerate(data.values["p"]):
        ball = data[f"ball{k}"]
        finite = np.isfinite(ball).all(axis=0)
        if p == 0:
            assert np.all((ball[0, finite] == 0) | (ball[1, finite] == 0))  # the axes
        elif np.isinf(p):
            assert np.allclose(np.max(np.abs(ball), axis=0), 1.0)
        else:
            assert np.allclose((np.abs(ball) ** p).sum(axis=0), 1.0)


def test_words_say_which_weight_is_zero() -> None:
    state = DEFAULT.with_(penalty="l1")
    data = lesson.two_feature(state)
    i = int(np.flatnonzero((data["w"] == 0).sum(axis=1) == 1)[0])
    formula, words = lesson.two_feature_words(state.with_(lam=LAM_GRID[i]))
    assert "exactly 0" in words and r"\lVert w\rVert_1" in formula
    zh = lesson.two_feature_words(state.with_(lam=LAM_GRID[i], lang="zh"))[1]
    assert "恰好为 0" in zh


# --- the descent panel: proximal gradient descent along its own axis -------------------------


def _objective(problem, pen, lam: float, w) -> float:
    return float(problem.data_loss(w)[0]) + lam * pen.value(w)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "none"])
def test_descent_goes_downhill_from_the_unpenalized_optimum_at_every_lambda(penalty: str) -> None:
    state = DEFAULT.with_(penalty=penalty, l1_ratio=0.4, **{"geometry.corr": 0.7})
    data = lesson.descent(state)
    problem, pen = lesson.two_feature_problem(state), get_penalty(penalty, 0.4)
    path = data["path"]
    assert path.shape == (len(LAMS), lesson.DESCENT_STEPS + 1, 2)
    assert np.allclose(path[:, 0], data["ols"][0])  # every run starts where no penalty is
    for i in SAMPLE:
        objective = [_objective(problem, pen, LAMS[i], w) for w in path[i]]
        assert np.all(np.diff(objective) <= 1e-12 * max(1.0, abs(objective[0])))  # step 1/‖H‖₂: never uphill


@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("l2", 0.0), ("elasticnet", 0.3)])
def test_proximal_descent_converges_to_the_exact_solution(penalty: str, rho: float) -> None:
    from regviz.optimizers import proximal_paths

    state = DEFAULT.with_(penalty=penalty, l1_ratio=rho, **{"geometry.corr": -0.6, "seed": 4})
    problem, pen = lesson.two_feature_problem(state), get_penalty(penalty, rho)
    exact = lesson.two_feature(state)["w"]
    B = np.broadcast_to(problem.g, (len(LAMS), 2))
    runs = proximal_paths(problem.H, B, pen, LAMS, 3000, np.zeros(2))
    assert np.allclose(runs[:, -1], exact, atol=1e-9)


def test_l1_descent_lands_on_exact_zeros_and_l2_only_shrinks() -> None:
    l1 = lesson.descent(DEFAULT.with_(penalty="l1", **{"geometry.corr": 0.5}))
    l2 = lesson.descent(DEFAULT.with_(penalty="l2", **{"geometry.corr": 0.5}))
    sparse = [i for i in range(len(LAMS)) if np.sum(l1["w"][i] == 0.0) == 1]
    assert sparse, "some λ of the grid zeroes exactly one weight"
    for i in sparse:
        j = int(np.flatnonzero(l1["w"][i] == 0.0)[0])
        hits = np.flatnonzero(l1["path"][i, :, j] == 0.0)
        assert hits.size and hits[0] < lesson.DESCENT_STEPS  # an exact zero after finitely many steps …
        assert np.all(l1["path"][i, hits[0] :, j] == 0.0)  # … where it stays
    assert np.all(l2["path"][:, :, :] != 0.0)  # ridge's steps divide by 1 + ηλ: never exactly zero


def test_descent_chart_draws_the_iterates_up_to_the_step() -> None:
    state = DEFAULT.with_(penalty="l1")
    data = lesson.descent(state)
    i = 30
    for k in (0, 5, lesson.DESCENT_STEPS):
        spec = figure_spec("descent", data, i, "en", {"step": k})
        iterates = by_uid(spec, "iterates")
        assert len(iterates["x"]) == k + 1
        assert [iterates["x"][-1], iterates["y"][-1]] == pytest.approx(list(data["path"][i, k]))
        assert by_uid(spec, "current")["x"] == pytest.approx([data["path"][i, k, 0]])
        assert iterates["name"] == f"iterate {k} of {lesson.DESCENT_STEPS}"
        reach = spec["layout"]["xaxis"]["range"][1]
        assert reach >= np.abs(data["path"][i]).max()  # the whole run stays in view
    # no step given: the finished run
    assert len(by_uid(figure_spec("descent", data, i, "en"), "iterates")["x"]) == lesson.DESCENT_STEPS + 1
