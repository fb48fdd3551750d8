"""Agreement with scikit-learn (the test oracle) on many seeded random problems."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge

import regviz

CASES = [(seed, n, p) for seed, (n, p) in enumerate([(30, 5), (60, 12), (100, 3), (25, 20), (200, 8)] * 4)]


def sk_model(penalty: str, lam: float, rho: float, n: int):
    tight = dict(tol=1e-14, max_iter=200_000)
    return {
        "none": LinearRegression(),
        "l2": Ridge(alpha=n * lam),
        "l1": Lasso(alpha=lam, **tight),
        "elasticnet": ElasticNet(alpha=lam, l1_ratio=rho, **tight),
    }[penalty]


def problem(seed: int, n: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3, p) + rng.normal(size=p)
    w = rng.standard_normal(p) * (rng.uniform(size=p) < 0.5)
    return X, X @ w + rng.standard_normal(n) + 2.0


@pytest.mark.parametrize("seed,n,p", CASES)
@pytest.mark.parametrize(
    "penalty,rho", [("none", 0.5), ("l2", 0.5), ("l1", 1.0), ("elasticnet", 0.3), ("elasticnet", 0.8)]
)
def test_unique_solutions_match_scikit_learn(seed: int, n: int, p: int, penalty: str, rho: float) -> None:
    X, y = problem(seed, n, p)
    top = regviz.lam_max(X, y, "l1")
    for frac in (0.5, 0.05, 0.002):
        lam = frac * top
        ours = regviz.fit(X, y, penalty, lam, rho)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a non-converged oracle would make agreement easier
            ref = sk_model(penalty, lam, rho, n).fit(X, y)
        scale = max(1.0, float(np.abs(ref.coef_).max()))
        assert np.allclose(ours.coef, ref.coef_, rtol=0, atol=1e-9 * scale), (frac, ours.coef - ref.coef_)
        assert ours.intercept == pytest.approx(ref.intercept_, abs=1e-9 * max(1.0, abs(ref.intercept_)))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.5), ("none", 0.5), ("l2", 0.5)])
def test_never_worse_in_objective_when_not_unique(seed: int, penalty: str, rho: float) -> None:
    """p > n and duplicated columns: many optima; ours must be at least as low."""
    rng = np.random.default_rng(seed)
    n, p = 15, 30
    X = rng.standard_normal((n, p))
    X[:, 1] = X[:, 0]  # an exact duplicate
    X[:, 5] = 2.0 * X[:, 4]  # a scaled duplicate
    y = X[:, :6] @ rng.standard_normal(6) + 0.1 * rng.standard_normal(n)
    top = regviz.lam_max(X, y, "l1")
    for lam in (0.3 * top, 0.03 * top, 0.003 * top):
        ours = regviz.fit(X, y, penalty, lam, rho)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = sk_model(penalty, lam, rho, n).fit(X, y)
        j_ours = regviz.objective(X, y, ours.coef, ours.intercept, penalty, lam, rho)
        j_ref = regviz.objective(X, y, ref.coef_, ref.intercept_, penalty, lam, rho)
        assert j_ours <= j_ref + 1e-10 * max(1.0, abs(j_ref))


def test_least_squares_is_minimum_norm_when_p_exceeds_n(rng) -> None:
    X, y = rng.standard_normal((8, 20)), rng.standard_normal(8)
    f = regviz.fit(X, y, "none", 0.0)
    Xc, yc = X - X.mean(0), y - y.mean()
    assert np.allclose(f.coef, np.linalg.pinv(Xc) @ yc, atol=1e-10)
    assert np.allclose(f.predict(X), y, atol=1e-9)  # interpolates


@pytest.mark.parametrize("rho", [1.0, 0.5])
def test_duality_gap_is_zero_at_our_optimum_and_positive_elsewhere(rng, rho: float) -> None:
    X, y = rng.standard_normal((50, 8)), rng.standard_normal(50)
    lam = 0.05
    f = regviz.fit(X, y, "elasticnet", lam, rho)
    scale = np.var(y) / 2
    assert regviz.duality_gap(X, y, f.coef, f.intercept, lam, rho) <= 1e-12 * scale
    worse = f.coef + 0.01
    assert regviz.duality_gap(X, y, worse, f.intercept, lam, rho) > 1e-6
