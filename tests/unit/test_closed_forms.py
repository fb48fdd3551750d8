"""Closed forms, limits and KKT conditions of the numeric contract."""

from __future__ import annotations

import numpy as np
import pytest

import regviz
from tests.conftest import orthonormal_design


def soft(z: np.ndarray, t: float) -> np.ndarray:
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("lam", [0.01, 0.2, 0.7])
def test_orthonormal_design_closed_forms(seed: int, lam: float) -> None:
    n, p = 40, 6
    X = orthonormal_design(n, p, seed)
    y = np.random.default_rng(seed + 100).standard_normal(n) * 2 + 3
    ols = X.T @ (y - y.mean()) / n
    assert np.allclose(regviz.fit(X, y, "none", 0).coef, ols, atol=1e-12)
    assert np.allclose(regviz.fit(X, y, "l1", lam).coef, soft(ols, lam), atol=1e-12)
    assert np.allclose(regviz.fit(X, y, "l2", lam).coef, ols / (1 + lam), atol=1e-12)
    rho = 0.3
    en = soft(ols, lam * rho) / (1 + lam * (1 - rho))
    assert np.allclose(regviz.fit(X, y, "elasticnet", lam, rho).coef, en, atol=1e-12)


def test_lasso_toy_from_scikit_learn() -> None:
    # sklearn's test_lasso_toy: X = [-1, 0, 1], y = X; with α = 0.1 the weight is 0.85
    # and with α = 0.5 it is 0.25; the prediction at x = 2 then is 2·w.
    X, y = np.array([[-1.0], [0.0], [1.0]]), np.array([-1.0, 0.0, 1.0])
    assert regviz.fit(X, y, "l1", 0.1).coef[0] == pytest.approx(0.85, abs=1e-12)
    assert regviz.fit(X, y, "l1", 0.5).coef[0] == pytest.approx(0.25, abs=1e-12)
    assert regviz.fit(X, y, "l1", 1.0).coef[0] == 0.0


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.5), ("elasticnet", 0.05)])
def test_kkt_conditions_hold_along_the_path(seed: int, penalty: str, rho: float) -> None:
    rng = np.random.default_rng(seed)
    n, p = 50, 12
    X = rng.standard_normal((n, p)) @ rng.standard_normal((p, p))  # correlated features
    y = X[:, :3] @ np.array([1.5, -2.0, 0.5]) + rng.standard_normal(n)
    lmax = regviz.lam_max(X, y, penalty, rho)
    lams = regviz.lam_grid(lmax, 30, 1e-3)
    path = regviz.path(X, y, penalty, lams, rho)
    Xc, yc = X - X.mean(0), y - y.mean()
    for lam, w in zip(lams, path.coefs, strict=True):
        grad = -Xc.T @ (yc - Xc @ w) / n + lam * (1 - rho) * w  # smooth part
        on = w != 0
        scale = np.max(np.abs(Xc.T @ yc / n))
        assert np.all(np.abs(grad[on] + lam * rho * np.sign(w[on])) <= 1e-10 * scale)
        assert np.all(np.abs(grad[~on]) <= lam * rho + 1e-10 * scale)


@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.4)])
def test_lam_max_zeroes_everything_and_intercept_is_mean(rng, penalty: str, rho: float) -> None:
    X, y = rng.standard_normal((30, 5)), rng.standard_normal(30) + 4
    lmax = regviz.lam_max(X, y, penalty, rho)
    Xc, yc = X - X.mean(0), y - y.mean()
    assert lmax == pytest.approx(np.max(np.abs(Xc.T @ yc / 30)) / rho)
    for lam in (lmax, 2 * lmax):
        f = regviz.fit(X, y, penalty, lam, rho)
        assert np.all(f.coef == 0.0)
        assert f.intercept == pytest.approx(y.mean(), abs=1e-14)
    assert np.count_nonzero(regviz.fit(X, y, penalty, 0.999 * lmax, rho).coef) >= 1


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet"])
def test_tiny_lam_approaches_ols(rng, penalty: str) -> None:
    X, y = rng.standard_normal((40, 4)), rng.standard_normal(40)
    ols = regviz.fit(X, y, "none", 0.0)
    f = regviz.fit(X, y, penalty, 1e-10, 0.5)
    assert np.allclose(f.coef, ols.coef, atol=1e-8)
    assert f.intercept == pytest.approx(ols.intercept, abs=1e-8)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "l0", "none"])
def test_invariances(rng, penalty: str) -> None:
    X, y = rng.standard_normal((25, 5)), rng.standard_normal(25)
    lam = 0.05
    base = regviz.fit(X, y, penalty, lam, 0.5)
    # stacking the data twice leaves the mean loss, hence the solution, unchanged
    twice = regviz.fit(np.vstack([X, X]), np.concatenate([y, y]), penalty, lam, 0.5)
    assert np.allclose(twice.coef, base.coef, atol=1e-10)
    # permuting the features permutes the weights
    perm = np.array([3, 0, 4, 1, 2])
    permuted = regviz.fit(X[:, perm], y, penalty, lam, 0.5)
    assert np.allclose(permuted.coef, base.coef[perm], atol=1e-10)
    # shifting y only shifts the intercept
    shifted = regviz.fit(X, y + 7.0, penalty, lam, 0.5)
    assert np.allclose(shifted.coef, base.coef, atol=1e-10)
    assert shifted.intercept == pytest.approx(base.intercept + 7.0, abs=1e-10)


def test_path_accepts_any_order_of_lams(rng) -> None:
    X, y = rng.standard_normal((30, 6)), rng.standard_normal(30)
    lams = np.array([0.01, 0.3, 0.001, 0.1])
    path = regviz.path(X, y, "l1", lams)
    for lam, w in zip(lams, path.coefs, strict=True):
        assert np.allclose(regviz.fit(X, y, "l1", lam).coef, w, atol=1e-12)


def test_objective_matches_its_formula(rng) -> None:
    X, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    w, b = np.array([0.5, -1.0, 0.0]), 0.25
    r = y - X @ w - b
    data = r @ r / 40
    assert regviz.objective(X, y, w, b, "none", 0.3) == pytest.approx(data)
    assert regviz.objective(X, y, w, b, "l1", 0.3) == pytest.approx(data + 0.3 * 1.5)
    assert regviz.objective(X, y, w, b, "l2", 0.3) == pytest.approx(data + 0.3 * 0.5 * 1.25)
    en = 0.2 * 1.5 + 0.8 / 2 * 1.25
    assert regviz.objective(X, y, w, b, "elasticnet", 0.3, 0.2) == pytest.approx(data + 0.3 * en)
    assert regviz.objective(X, y, w, b, "l0", 0.3) == pytest.approx(data + 0.3 * 2)


def test_no_intercept_option(rng) -> None:
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30) + 5
    f = regviz.fit(X, y, "l2", 0.1, fit_intercept=False)
    assert f.intercept == 0.0
    assert np.allclose(f.coef, np.linalg.solve(X.T @ X / 30 + 0.1 * np.eye(3), X.T @ y / 30))
