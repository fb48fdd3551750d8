"""Loss grids over two weights, constraint regions, λ ⇔ t and the zero-share experiment."""

from __future__ import annotations

import math

import numpy as np
import pytest

import regviz
from regviz import geometry
from regviz.penalties import LP_FAMILY, get_penalty, lp_unit_ball
from regviz.problem import Problem


def poly_problem() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(4)
    X = rng.standard_normal((60, 5))
    return X, X @ np.array([1.0, -0.5, 0.0, 0.3, 0.0]) + 0.3 * rng.standard_normal(60)


def test_loss_grid_equals_the_loss_computed_from_samples() -> None:
    X, y = poly_problem()
    f = regviz.fit(X, y, "l1", 0.05)
    problem = Problem.from_data(X, y)
    quad = geometry.pair_quadratic(problem, f.coef, (1, 3))
    v1, v2 = np.linspace(-2, 2, 7), np.linspace(-1, 1, 5)
    Z = quad.grid(v1, v2)
    for i, b in enumerate(v2):
        for j, a in enumerate(v1):
            w = f.coef.copy()
            w[[1, 3]] = a, b
            b0 = y.mean() - X.mean(0) @ w  # the intercept follows the weights
            assert Z[i, j] == pytest.approx(regviz.objective(X, y, w, b0, "none", 0), rel=1e-12)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "none", "l0"])
def test_fitted_pair_is_the_optimum_of_the_pair_subproblem(penalty: str) -> None:
    X, y = poly_problem()
    f = regviz.fit(X, y, penalty, 0.05, 0.5)
    quad = geometry.pair_quadratic(Problem.from_data(X, y), f.coef, (0, 1))
    v = geometry.solve_pair(quad, penalty, 0.05, 0.5)
    assert np.allclose(v, f.coef[:2], atol=1e-8)


def test_unpenalised_pair_minimizer() -> None:
    X, y = poly_problem()
    ols = regviz.fit(X, y, "none", 0)
    quad = geometry.pair_quadratic(Problem.from_data(X, y), ols.coef, (0, 1))
    assert np.allclose(quad.minimizer(), ols.coef[:2])


@pytest.mark.parametrize("penalty,rho", [("l1", 1), ("l2", 0), ("elasticnet", 0.5), ("elasticnet", 0.9)])
def test_constraint_boundary_is_closed_and_at_level_t(penalty: str, rho: float) -> None:
    t = 0.7
    B = geometry.constraint_region(penalty, t, rho, num=201)
    assert np.allclose(B[:, 0], B[:, -1])
    pen = get_penalty(penalty, rho)
    assert np.allclose([pen.value(B[:, k]) for k in range(B.shape[1])], t)


def test_l1_diamond_has_its_vertices_on_the_axes() -> None:
    B = geometry.constraint_region("l1", 2.0)
    for vertex in ([2, 0], [0, 2], [-2, 0], [0, -2]):
        assert np.any(np.all(vertex == B.T, axis=1))


def test_lam_t_correspondence_solves_the_constrained_problem() -> None:
    """The penalised solution is the best point of the loss inside {P ≤ t}, t = P(w*)."""
    X, y = poly_problem()
    f = regviz.fit(X, y, "l1", 0.08)
    quad = geometry.pair_quadratic(Problem.from_data(X, y), f.coef, (0, 1))
    v = f.coef[:2]
    t = geometry.radius("l1", v)
    B = geometry.constraint_region("l1", t, num=4001)
    assert quad.value(*v) <= quad.value(B[0], B[1]).min() + 1e-12
    # points inside the region are no better either
    inner = B * 0.999
    assert quad.value(*v) <= quad.value(inner[0], inner[1]).min()


def test_unit_balls() -> None:
    for p in LP_FAMILY:
        B = lp_unit_ball(p)
        pts = B[:, ~np.isnan(B).any(axis=0)]
        if p == 0:
            assert np.all((pts[0] == 0) | (pts[1] == 0))
        elif math.isinf(p):
            assert np.allclose(np.max(np.abs(pts), axis=0), 1)
        else:
            assert np.allclose((np.abs(pts) ** p).sum(axis=0) ** (1 / p), 1)


def test_zero_share_l1_often_l2_never() -> None:
    shares = {z.penalty: z.share for z in geometry.zero_share(0.5, 0.5, trials=3000, seed=1)}
    assert shares["l2"] == 0.0
    assert shares["l1"] > 0.3
    assert shares["l1"] >= shares["elasticnet"] > 0.0
    tiny = {z.penalty: z.share for z in geometry.zero_share(1e-6, 0.5, trials=3000, seed=1)}
    assert tiny["l1"] < 0.01


def test_batched_pair_solver_matches_the_general_one() -> None:
    Q, b = geometry.random_quadratics(40, 3)
    batch = geometry._enet_pair_batch(Q, b, 0.3 * 0.6, 0.3 * 0.4)
    for i in range(40):
        v = geometry.solve_pair(geometry.Quadratic2(Q[i], b[i], 0.0), "elasticnet", 0.3, 0.6)
        assert np.allclose(batch[i], v, atol=1e-10)
