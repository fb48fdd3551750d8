"""regviz.batch: many paths at once, each as exact as regviz.path's, on the app's own designs."""

from __future__ import annotations

import warnings
from itertools import combinations

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso

import regviz
from regviz import batch, cv, datasets, solvers, subsets
from regviz.features import PolynomialBasis
from regviz.params import LAMS

PENALTIES = [("l1", 1.0), ("elasticnet", 0.5), ("elasticnet", 0.2), ("l2", 0.0), ("none", 0.0)]


def app_design(n: int, seed: int, degree: int = 20, R: int = 0, noise: float = 0.3):
    """The polynomial design of the app's synthetic data, every degree nested, and R resamples."""
    c = datasets.synthetic(n, noise, seed)
    X = PolynomialBasis(degree).transform(c.x_train)
    rng = np.random.default_rng(seed)
    Y = np.vstack([np.tile(c.y_train, (degree, 1)), c.y_train + noise * rng.standard_normal((R, n))])
    allowed = np.vstack([np.arange(degree) < d for d in range(1, degree + 1)] + [np.ones(degree, bool)] * R)
    return X, Y, allowed


def batch_of(X, Y, allowed) -> batch.Batch:
    return batch.Batch.from_design(X - X.mean(axis=0), Y - Y.mean(axis=1, keepdims=True), allowed)


@pytest.mark.parametrize("penalty,rho", PENALTIES)
@pytest.mark.parametrize("n,seed", [(30, 0), (30, 1), (10, 2), (100, 3)])
def test_every_problem_matches_the_exact_single_path(penalty: str, rho: float, n: int, seed: int) -> None:
    X, Y, allowed = app_design(n, seed, R=5)
    W = batch.paths(batch_of(X, Y, allowed), penalty, LAMS, rho)
    for b in range(Y.shape[0]):
        d = int(allowed[b].sum())
        ref = regviz.path(X[:, :d], Y[b], penalty, LAMS, rho).coefs
        assert np.all(W[b, :, d:] == 0)  # features a problem may not use stay exactly zero
        b_, r_ = W[b, :, :d], ref
        # objective-level agreement: KKT-certified both; on ill-conditioned designs w may differ a little
        for i in range(0, len(LAMS), 6):
            ours = regviz.objective(
                X[:, :d], Y[b], b_[i], float(np.mean(Y[b] - X[:, :d] @ b_[i])), penalty, LAMS[i], rho
            )
            theirs = regviz.objective(
                X[:, :d], Y[b], r_[i], float(np.mean(Y[b] - X[:, :d] @ r_[i])), penalty, LAMS[i], rho
            )
            assert ours <= theirs + 1e-10 * max(1.0, abs(theirs)), (b, i)
        if n >= 100:  # a well-conditioned design: the weights themselves agree
            assert np.allclose(b_, r_, atol=1e-9)


@pytest.mark.parametrize("penalty,rho", [*PENALTIES, ("l0", 0.0)])
def test_paths_of_several_batches_are_each_batch_s_own_paths(penalty: str, rho: float) -> None:
    """Folds of one design, as CV makes them: stacked for the walks and L0, one by one for ridge."""
    degree = 8 if penalty == "l0" else 20
    X, Y, allowed = app_design(30, 4, degree=degree, R=2)
    folds = [np.arange(30) % 3 != k for k in range(3)]
    batches = [batch_of(X[rows], Y[:, rows], allowed) for rows in folds]
    each = batch.paths_each(batches, penalty, LAMS, rho)
    assert len(each) == 3
    for W, b in zip(each, batches, strict=True):
        assert W.shape == (Y.shape[0], len(LAMS), degree)
        assert np.allclose(W, batch.paths(b, penalty, LAMS, rho), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("rho", [1.0, 0.5])
@pytest.mark.parametrize("seed", range(4))
def test_lasso_and_elastic_net_satisfy_kkt_on_the_whole_grid(rho: float, seed: int) -> None:
    X, Y, allowed = app_design(30, seed, R=3)
    b = batch_of(X, Y, allowed).trimmed()
    W = batch.paths(b, "l1" if rho == 1 else "elasticnet", LAMS, rho)
    desc = LAMS[::-1]
    res = batch.kkt_residual(b, W[:, ::-1], desc, rho, batch._jitter(b))
    assert np.all(res <= batch.KKT_TOL), float(res.max())


@pytest.mark.parametrize("seed", range(3))
def test_lasso_matches_scikit_learn_where_the_design_is_well_conditioned(seed: int) -> None:
    X, Y, allowed = app_design(200, seed, degree=8, R=2)
    W = batch.paths(batch_of(X, Y, allowed), "l1", LAMS, 1.0)
    for b in (7, 8):
        for i in (20, 35, 50):
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a non-converged oracle would make this test easier
                ref = Lasso(alpha=LAMS[i], tol=1e-14, max_iter=1_000_000).fit(X, Y[b])
            assert np.allclose(W[b, i], ref.coef_, atol=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        en = ElasticNet(alpha=LAMS[30], l1_ratio=0.5, tol=1e-14, max_iter=1_000_000).fit(X, Y[7])
    W = batch.paths(batch_of(X, Y, allowed), "elasticnet", LAMS, 0.5)
    assert np.allclose(W[7, 30], en.coef_, atol=1e-9)


def test_a_lam_above_lam_max_gives_exact_zeros() -> None:
    X, Y, allowed = app_design(30, 0, degree=6)
    b = batch_of(X, Y, allowed)
    lam_max = np.abs(b.G).max(axis=1)
    W = batch.paths(b, "l1", np.array([lam_max.max() * 1.01, 10.0]), 1.0)
    assert np.all(W == 0)


def brute_force_l0(X: np.ndarray, y: np.ndarray, lam: float) -> float:
    """min over every support of 1/(2n)‖y − ȳ − Xc w_S‖² + λ|S| (least squares on S)."""
    n, p = X.shape
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    best = 0.5 * float(yc @ yc) / n
    for k in range(1, p + 1):
        for S in combinations(range(p), k):
            w = np.linalg.lstsq(Xc[:, S], yc, rcond=None)[0]
            r = yc - Xc[:, S] @ w
            best = min(best, 0.5 * float(r @ r) / n + lam * k)
    return best


@pytest.mark.parametrize("seed", range(3))
def test_l0_of_every_degree_and_resample_is_the_brute_force_optimum(seed: int) -> None:
    X, Y, allowed = app_design(30, seed, degree=7, R=3)
    W = batch.paths(batch_of(X, Y, allowed), "l0", LAMS, 0.0)
    for b in range(Y.shape[0]):
        d = int(allowed[b].sum())
        for i in (10, 25, 40, 55):
            w = W[b, i, :d]
            ours = regviz.objective(X[:, :d], Y[b], w, float(np.mean(Y[b] - X[:, :d] @ w)), "l0", LAMS[i])
            assert ours == pytest.approx(brute_force_l0(X[:, :d], Y[b], LAMS[i]), rel=1e-9, abs=1e-12), (b, i)


def test_l0_of_problems_with_their_own_gram_and_any_allowed_features_is_the_brute_force_optimum() -> None:
    """Folds with their own H (as CV's batch makes them) are scored in one enumeration; a
    problem whose allowed features are not a prefix is solved on just those features."""
    X, Y, _ = app_design(30, 1, degree=6)
    y = Y[-1]
    masks = np.array([[1, 1, 1, 0, 0, 0], [1, 0, 1, 1, 0, 1], [1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 0]], dtype=bool)
    folds = [np.arange(30) % 4 != k for k in range(4)]
    b, _ = cv.fold_batch(X, y, [np.flatnonzero(~rows) for rows in folds])
    W = batch.paths(batch.Batch.create(b.H, b.G, masks), "l0", LAMS, 0.0)
    for f, rows in enumerate(folds):
        cols = np.flatnonzero(masks[f])
        assert np.all(W[f][:, ~masks[f]] == 0)
        Xf, yf = X[rows][:, cols], y[rows]
        for i in (15, 30, 45, 60):
            w = W[f, i, cols]
            ours = regviz.objective(Xf, yf, w, float(np.mean(yf - Xf @ w)), "l0", LAMS[i])
            assert ours == pytest.approx(brute_force_l0(Xf, yf, LAMS[i]), rel=1e-9, abs=1e-12), (f, i)


def test_l0_enumerates_every_subset_once_with_exact_gains() -> None:
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 6))
    X[:, 4] = X[:, 3]  # a duplicate adds nothing
    Xc = X - X.mean(axis=0)
    H = Xc.T @ Xc / 40
    G = rng.standard_normal((2, 6))
    seen = set()
    for j, (masks, sizes, gain) in enumerate(subsets.subset_groups(H, G)):
        for mask, size, g in zip(masks, sizes, gain, strict=True):
            S = np.flatnonzero((int(mask) >> np.arange(6)) & 1)
            assert S[-1] == j and S.size == size
            seen.add(int(mask))
            sub = np.ix_(S, S)
            if np.linalg.matrix_rank(H[sub]) < len(S):
                continue  # gains of singular supports equal their independent part's
            exact = np.einsum("ri,ri->r", G[:, S], np.linalg.solve(H[sub], G[:, S].T).T)
            assert np.allclose(g, exact, rtol=1e-9)
    assert seen == set(range(1, 2**6))


def test_ridge_from_the_design_equals_regviz_path_at_lambda_zero_too() -> None:
    X, Y, allowed = app_design(10, 4, degree=20)  # p > n: the minimum-norm solution at λ = 0
    lams = np.array([0.0, 1e-5, 0.1])
    W = batch.ridge_paths(batch_of(X, Y, allowed), lams)
    for b in (4, 19):
        d = int(allowed[b].sum())
        assert np.allclose(W[b, :, :d], regviz.path(X[:, :d], Y[b], "l2", lams).coefs, atol=1e-10)


def test_l0_past_its_limit_says_so_in_the_users_terms() -> None:
    X, Y, allowed = app_design(40, 0, degree=16)
    with pytest.raises(regviz.InputError) as caught:
        batch.paths(batch_of(X, Y, allowed), "l0", LAMS)
    assert caught.value.code == "l0_too_many"


def test_the_best_support_of_every_prefix_and_size_is_the_brute_force_best() -> None:
    rng = np.random.default_rng(11)
    X = rng.standard_normal((50, 8))
    Xc = X - X.mean(axis=0)
    H = Xc.T @ Xc / 50
    G = rng.standard_normal((3, 8))
    gains, masks = subsets.best_by_size(H, G)
    for d in range(1, 9):
        for k in range(1, d + 1):
            for r in range(3):
                exact = {
                    S: float(G[r, S] @ np.linalg.solve(H[np.ix_(S, S)], G[r, S])) for S in combinations(range(d), k)
                }
                best = max(exact, key=exact.get)
                assert gains[d, k, r] == pytest.approx(exact[best], rel=1e-9)
                assert int(masks[d, k, r]) == sum(1 << i for i in best)
            assert np.all(gains[d, d + 1 :] == -np.inf)


@pytest.mark.parametrize("rho", [0.5, 0.9])
@pytest.mark.parametrize("seed", range(3))
def test_the_elastic_net_walk_itself_solves_every_grid_point(rho: float, seed: int) -> None:
    """A point whose support the walk cannot settle is solved exactly on the spot, so the walk
    goes on from the right support (before, such points and often the rest of the grid were NaN)."""
    X, Y, allowed = app_design(30, seed, R=3)
    b = batch_of(X, Y, allowed).trimmed()
    desc, jitter = LAMS[::-1], batch._jitter(b)
    solid = batch.Batch(b.H + jitter[:, None, None] * np.eye(b.shape[1]), b.G, b.allowed)
    W = batch._enet_walk(solid, desc, rho)
    assert np.isfinite(W).all()
    assert np.all(batch.kkt_residual(b, W, desc, rho, jitter) <= batch.KKT_TOL)


def test_problems_sharing_a_support_share_its_solve() -> None:
    """The walk solves each (label, support) once with its problems' right-hand sides as
    columns: the same weights as one padded solve per problem, empty supports included,
    and problems labelled apart (another H on the same support) kept apart."""
    rng = np.random.default_rng(0)
    X, Y, allowed = app_design(30, 1, R=60)
    b = batch_of(X, Y, allowed)  # 20 nested degrees and 60 resamples: one design
    B, p = b.shape
    patterns = np.array([[j < k for j in range(p)] for k in (0, 2, 3, 5)])
    active = patterns[rng.integers(0, 4, B)] & b.allowed
    same = rng.integers(0, 2, B)
    H = b.H + (0.5 * same)[:, None, None] * np.eye(p)  # label 1: another matrix on every support
    rhs = rng.standard_normal((B, p)) * active
    ours = batch._support_solve(H, active, 0.1, rhs, same)
    padded = np.linalg.solve(batch._padded(H, active, 0.1), rhs[..., None])[..., 0]
    assert np.unique(active, axis=0).shape[0] * 2 < B  # the grouped path, not the fallback
    assert np.allclose(ours, padded, rtol=1e-10, atol=1e-12)
    assert np.all(ours[~active] == 0)


def test_the_walk_guesses_the_next_support_from_the_last_two_points() -> None:
    """A weight heading through zero leaves, a correlation heading past λρ enters with its
    sign; one staying put keeps its place (the walk then checks the guess)."""
    lams = np.array([1.0, 0.5, 0.25])  # the next step is half the last one
    W2 = np.array([[[0.4, 0.0, 0.3, 0.0]], [[0.1, 0.0, 0.35, 0.0]]]).transpose(1, 0, 2)  # (B, 2, p)
    C = np.array([[[0.0, -0.2, 0.0, 0.05]], [[0.0, -0.1, 0.0, 0.04]]])  # (2, B, p): the last point, the one before
    active = np.array([[True, False, True, False]])
    s = np.array([[1.0, 0.0, 1.0, 0.0]])
    allowed = np.ones((1, 4), dtype=bool)
    new_active, new_s = batch._predicted_support(W2, C, lams, active, s, allowed, l1=0.2)
    # w₀: 0.4 → 0.1 → −0.05 leaves; c₁: −0.1 → −0.2 → −0.25 enters, negative; w₂ stays;
    # c₃: 0.04 → 0.05 → 0.055 stays out.
    assert new_active.tolist() == [[False, True, True, False]]
    assert new_s.tolist() == [[0.0, -1.0, 1.0, 0.0]]
    blocked = batch._predicted_support(W2, C, lams, active, s, np.array([[True, False, True, True]]), l1=0.2)
    assert not blocked[0][0, 1]  # a feature the problem may not use never enters


@pytest.mark.parametrize("rho", [1.0, 0.5])
@pytest.mark.parametrize("n,seed", [(14, 0), (30, 1), (100, 2)])
def test_many_exact_solves_at_once_match_the_single_problem_solver(rho: float, n: int, seed: int) -> None:
    """The certificate's batched feature-sign solver against solvers.solve_enet_gram, from a cold
    start, on the app's designs (n = 14: fewer rows than the 20 features)."""
    X, Y, allowed = app_design(n, seed, R=2)
    b = batch_of(X, Y, allowed)
    H = b.H + batch._jitter(b)[:, None, None] * np.eye(b.shape[1])
    for lam in (LAMS[2], LAMS[30], LAMS[55]):
        l1, l2 = lam * rho, lam * (1.0 - rho)
        W = batch.exact_many(H, b.G, b.allowed, l1, l2, np.zeros(b.G.shape), fallback=False)  # all its own
        assert np.all(batch.kkt_residual(b, W[:, None, :], np.array([lam]), rho, batch._jitter(b)) <= batch.KKT_TOL)
        for k in range(len(W)):
            idx = np.flatnonzero(b.allowed[k])
            Hs = H[k][np.ix_(idx, idx)] + l2 * np.eye(idx.size)
            ref = solvers.solve_enet_gram(Hs, b.G[k, idx], l1, np.zeros(idx.size))
            assert np.all(W[k, ~b.allowed[k]] == 0)
            ours, theirs = (0.5 * w @ Hs @ w - b.G[k, idx] @ w + l1 * np.abs(w).sum() for w in (W[k, idx], ref))
            assert ours <= theirs + 1e-12 * max(1.0, abs(theirs)), (lam, k)
