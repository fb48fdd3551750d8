"""Penalty objects: values, proximal steps (checked against brute force) and λ_max."""

from __future__ import annotations

import numpy as np
import pytest

from regviz.penalties import L0, L1, L2, ElasticNet, NoPenalty, get_penalty
from regviz.problem import Problem

GRID = np.linspace(-4, 4, 160_001)  # 5e-5 spacing


@pytest.mark.parametrize("pen", [NoPenalty(), L2(), L1(), ElasticNet(0.3), ElasticNet(0.8), L0()])
@pytest.mark.parametrize("z", [-2.3, -0.4, 0.0, 0.05, 0.9, 3.1])
@pytest.mark.parametrize("step", [0.1, 0.7])
def test_prox_is_the_argmin_of_its_definition(pen, z: float, step: float) -> None:
    """prox(z, η) = argmin_w ½(w − z)² + η·P(w), checked on a fine 1-D grid."""
    objective = 0.5 * (GRID - z) ** 2 + step * _values(pen, GRID)
    best = GRID[np.argmin(objective)]
    assert pen.prox(np.array([z]), step)[0] == pytest.approx(best, abs=1e-4)


def _values(pen, w: np.ndarray) -> np.ndarray:
    """P at every grid point (vectorised copies of the definitions; spot-checked below)."""
    if isinstance(pen, L0):
        return (w != 0).astype(float)
    if isinstance(pen, NoPenalty):
        return np.zeros_like(w)
    if isinstance(pen, L2):
        return 0.5 * w * w
    rho = pen.l1_ratio
    return rho * np.abs(w) + 0.5 * (1 - rho) * w * w


@pytest.mark.parametrize("pen", [NoPenalty(), L2(), L1(), ElasticNet(0.3), L0()])
def test_vectorised_values_match_the_objects(pen) -> None:
    w = np.array([-1.5, 0.0, 0.25, 2.0])
    assert np.allclose(_values(pen, w), [pen.value(np.array([a])) for a in w])


def test_l1_prox_lands_on_exact_zero() -> None:
    assert np.array_equal(L1().prox(np.array([0.3, -0.2, 0.5]), 0.3), np.array([0.0, 0.0, 0.2]))


def test_values() -> None:
    w = np.array([3.0, -4.0, 0.0])
    assert L1().value(w) == 7.0 and L2().value(w) == 12.5 and L0().value(w) == 2.0
    assert ElasticNet(0.5).value(w) == pytest.approx(0.5 * 7 + 0.25 * 25)
    assert NoPenalty().value(w) == 0.0


def test_lam_max_of_each_penalty(rng) -> None:
    X, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    problem = Problem.from_data(X, y)
    g = np.abs(problem.g).max()
    assert L1().lam_max(problem) == pytest.approx(g)
    assert ElasticNet(0.25).lam_max(problem) == pytest.approx(4 * g)
    assert np.isinf(L2().lam_max(problem)) and np.isinf(NoPenalty().lam_max(problem))
    assert np.isinf(ElasticNet(0.0).lam_max(problem))


def test_get_penalty_names() -> None:
    assert get_penalty("l1").name == "l1" and get_penalty("elasticnet", 0.2).l1_ratio == 0.2
