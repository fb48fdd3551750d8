"""Exact best subset (L0) against a brute-force search with scikit-learn."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

import regviz


def brute_force_l0(X: np.ndarray, y: np.ndarray, lam: float) -> float:
    p = X.shape[1]
    best = 0.5 * np.mean((y - y.mean()) ** 2)
    for k in range(1, p + 1):
        for S in combinations(range(p), k):
            m = LinearRegression().fit(X[:, S], y)
            r = y - m.predict(X[:, S])
            best = min(best, 0.5 * np.mean(r**2) + lam * k)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_l0_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, p = 40, 6
    X = rng.standard_normal((n, p))
    y = X[:, [0, 3]] @ np.array([2.0, -1.0]) + 0.5 * rng.standard_normal(n)
    for lam in (0.5, 0.05, 0.005, 0.0005):
        f = regviz.fit(X, y, "l0", lam)
        ours = regviz.objective(X, y, f.coef, f.intercept, "l0", lam)
        assert ours == pytest.approx(brute_force_l0(X, y, lam), rel=1e-10, abs=1e-12)


def test_l0_lam_max_empties_the_model(rng) -> None:
    X, y = rng.standard_normal((30, 5)), rng.standard_normal(30)
    top = regviz.lam_max(X, y, "l0")
    assert np.all(regviz.fit(X, y, "l0", top * 1.0001).coef == 0)
    assert np.count_nonzero(regviz.fit(X, y, "l0", top * 0.999).coef) >= 1


def test_l0_with_duplicated_column_keeps_one_copy(rng) -> None:
    X = rng.standard_normal((30, 4))
    X[:, 2] = X[:, 1]
    y = 3 * X[:, 1] + 0.1 * rng.standard_normal(30)
    f = regviz.fit(X, y, "l0", 0.01)
    assert np.count_nonzero(f.coef[1:3]) == 1


def test_l0_refuses_more_than_fifteen_features(rng) -> None:
    X, y = rng.standard_normal((40, 16)), rng.standard_normal(40)
    with pytest.raises(ValueError, match="at most 15 features"):
        regviz.fit(X, y, "l0", 0.1)


def test_l0_matches_brute_force_at_the_documented_limit_of_fifteen_features() -> None:
    """All 32,767 non-empty supports, each by its own least-squares solve."""
    rng = np.random.default_rng(11)
    n, p = 60, 15
    X = rng.standard_normal((n, p)) + 0.6 * rng.standard_normal((n, 1))  # correlated features
    y = X[:, [1, 4, 9, 13]] @ np.array([1.5, -1.0, 0.7, 0.3]) + 0.8 * rng.standard_normal(n)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    best = np.full(p + 1, 0.5 * float(yc @ yc) / n)  # best data loss of each support size
    for k in range(1, p + 1):
        for S in combinations(range(p), k):
            w = np.linalg.lstsq(Xc[:, S], yc, rcond=None)[0]
            r = yc - Xc[:, S] @ w
            best[k] = min(best[k], 0.5 * float(r @ r) / n)
    for lam in (0.3, 0.03, 0.003, 0.0003):
        f = regviz.fit(X, y, "l0", lam)
        ours = regviz.objective(X, y, f.coef, f.intercept, "l0", lam)
        assert ours == pytest.approx(float(np.min(best + lam * np.arange(p + 1))), rel=1e-10, abs=1e-12)


def test_a_polynomial_fit_under_l0_searches_the_subsets_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lessons' L0 fit reads its path and its λ_max off one best-subset table (each search
    is 2^p supports), with the same weights and λ_max as searching for each."""
    from regviz import subsets
    from regviz.lessons import common
    from regviz.params import LAMS
    from regviz.penalties import get_penalty

    searches: list[int] = []
    search = subsets.best_subsets
    monkeypatch.setattr(subsets, "best_subsets", lambda problem: searches.append(1) or search(problem))
    common.poly_fit.cache_clear()
    fit = common.poly_fit("synthetic", 40, 0.3, 5, 9, "l0", 0.5)
    assert len(searches) == 1
    monkeypatch.setattr(subsets, "best_subsets", search)
    assert np.array_equal(fit.coefs, get_penalty("l0").solve_path(fit.problem, LAMS))
    assert fit.lam_max == get_penalty("l0").lam_max(fit.problem)
    common.poly_fit.cache_clear()
    with pytest.raises(regviz.InputError):  # past fifteen features, before any search
        common.poly_fit("synthetic", 40, 0.3, 5, 16, "l0", 0.5)
