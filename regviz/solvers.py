"""Exact solvers for least squares, ridge and the elastic net (lasso = ρ = 1).

All work on a centred ``Problem``. The elastic net is solved in Gram form,
``min ½wᵀHw − gᵀw + λρ‖w‖₁ + λ(1−ρ)/2‖w‖²``, by an active-set method: on a support
with fixed signs the optimum is one small linear solve, and the KKT conditions certify
it. Along a λ path one eigendecomposition of the support's Gram block gives the
solution for every following λ at once; it is kept for as long as it stays
sign-consistent and KKT-feasible, so the work grows with the number of support
changes (kinks), not with the number of λ values.
"""

from __future__ import annotations

import numpy as np

from regviz.problem import Problem

# Relative tolerance of the KKT certificate (|grad + λρ·sign(w)|, and |grad| ≤ λρ at 0).
KKT_TOL = 1e-11


def min_norm_ols(problem: Problem) -> np.ndarray:
    """Minimum-norm least-squares weights ``Xc⁺ yc`` (unique even when p > n)."""
    U, s, Vt = problem.svd
    keep = s > s[0] * max(problem.Xc.shape) * np.finfo(float).eps if s.size else s > 0
    return Vt[keep].T @ ((U[:, keep].T @ problem.yc) / s[keep])


def ridge_path(problem: Problem, lams: np.ndarray) -> np.ndarray:
    """Ridge weights for every λ from one SVD: ``w(λ) = V diag(s/(s² + nλ)) Uᵀ yc``.

    At λ = 0 this is the minimum-norm least-squares solution.
    """
    U, s, Vt = problem.svd
    uty = U.T @ problem.yc
    nl = problem.n * np.asarray(lams, dtype=float)[:, None]
    s2 = s * s
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.where(s2 + nl > 0, s / (s2 + nl), 0.0)
    if np.any(nl == 0):  # λ = 0: drop numerically-zero singular values (min-norm)
        tiny = s <= (s[0] if s.size else 0.0) * max(problem.Xc.shape) * np.finfo(float).eps
        factors[(nl[:, 0] == 0)[:, None] & tiny[None, :]] = 0.0
    return (factors * uty) @ Vt


def _objective_gram(Hs: np.ndarray, gs: np.ndarray, l1: float, x: np.ndarray) -> float:
    return float(0.5 * x @ Hs @ x - gs @ x + l1 * np.abs(x).sum())


def _feature_sign_step(
    H: np.ndarray, g: np.ndarray, l1: float, w: np.ndarray, idx: np.ndarray, theta: np.ndarray
) -> np.ndarray:
    """Move to the sign-fixed optimum on support idx, stopping at the best sign change.

    Feature-sign search (Lee, Battle, Raina & Ng, 2007): the objective is convex, so the
    best of the segment's end and its zero crossings strictly decreases it.
    """
    Hs, gs = H[np.ix_(idx, idx)], g[idx]
    x_old = w[idx]
    x_new = np.linalg.solve(Hs, gs - l1 * theta)
    crossing = (x_old != 0) & (np.sign(x_new) != np.sign(x_old))
    best_x, best_f = x_new, _objective_gram(Hs, gs, l1, x_new)
    for j in np.flatnonzero(crossing):
        t = x_old[j] / (x_old[j] - x_new[j])
        x = x_old + t * (x_new - x_old)
        x[j] = 0.0
        f = _objective_gram(Hs, gs, l1, x)
        if f < best_f:
            best_x, best_f = x, f
    out = w.copy()
    out[idx] = best_x
    return out


def solve_enet_gram(
    H: np.ndarray, g: np.ndarray, l1: float, w0: np.ndarray, max_iter: int | None = None
) -> np.ndarray:
    """Exact minimiser of ``½wᵀHw − gᵀw + l1‖w‖₁`` for positive definite H.

    Warm-started from w0; returns when the KKT conditions hold to ``KKT_TOL``.
    """
    p = g.shape[0]
    w = w0.copy()
    tol = KKT_TOL * max(l1, float(np.max(np.abs(g))), 1e-300)
    max_iter = max_iter or 20 * p + 100
    last_res = np.inf
    for _ in range(max_iter):
        grad = H @ w - g
        active = w != 0
        theta = np.sign(w)
        if active.any():
            res = float(np.max(np.abs(grad[active] + l1 * theta[active])))
            # Not yet optimal on the support; the residual check guards against
            # round-off stalls on a nearly singular block.
            if res > tol and res < last_res:
                new = _feature_sign_step(H, g, l1, w, np.flatnonzero(active), theta[active])
                same_support = np.array_equal(new != 0, active)
                last_res = res if same_support else np.inf
                w = new
                continue
        violation = np.where(active, -np.inf, np.abs(grad) - l1)
        j = int(np.argmax(violation))
        if violation[j] <= tol:
            return w
        theta[j] = -np.sign(grad[j])
        active[j] = True
        last_res = np.inf
        idx = np.flatnonzero(active)
        w = _feature_sign_step(H, g, l1, w, idx, theta[idx])
    return w


def _jitter(H: np.ndarray) -> float:
    """A ridge of 1e-12·‖H‖ where H is singular (p > n, duplicated columns).

    It makes every support's linear system solvable; it changes the objective by at
    most 1e-12·‖H‖·‖w‖²/2, far below any solver tolerance.
    """
    e = np.linalg.eigvalsh(H)
    top = max(float(e[-1]), 1e-300)
    return 1e-12 * top if e[0] < 1e-9 * top else 0.0


def enet_path(problem: Problem, lams: np.ndarray, l1_ratio: float) -> np.ndarray:
    """Elastic-net (and lasso) weights for each λ, exact to the KKT tolerance.

    λ values may come in any order; they are solved from largest to smallest.
    """
    H, g = problem.H, problem.g
    p = g.shape[0]
    lams = np.asarray(lams, dtype=float)
    order = np.argsort(-lams, kind="stable")
    sorted_lams = lams[order]
    out = np.zeros((lams.size, p))
    eye = np.eye(p)
    jitter = _jitter(H) if l1_ratio == 1.0 else 0.0
    w = np.zeros(p)
    i = 0
    while i < lams.size:
        lam = sorted_lams[i]
        l1, l2 = lam * l1_ratio, lam * (1.0 - l1_ratio) + jitter
        if lam == 0.0:  # no penalty left: the minimum-norm least-squares point
            w = min_norm_ols(problem)
            out[i] = w
            i += 1
            continue
        w = solve_enet_gram(H + l2 * eye, g, l1, w)
        out[i] = w
        i += 1 + _extend_support(H, g, w, sorted_lams[i + 1 :], l1_ratio, jitter, out[i + 1 :])
        w = out[i - 1].copy()  # warm start from the last λ covered
    result = np.empty_like(out)
    result[order] = out
    return result


def _extend_support(
    H: np.ndarray,
    g: np.ndarray,
    w: np.ndarray,
    lams: np.ndarray,
    l1_ratio: float,
    jitter: float,
    out: np.ndarray,
) -> int:
    """Fill out[:k] for the next k λ values on which w's support and signs stay optimal."""
    lams = lams[lams > 0]  # sorted descending: λ = 0 is solved on its own
    if lams.size == 0:
        return 0
    A = np.flatnonzero(w)
    inactive = np.flatnonzero(w == 0)
    l1 = lams * l1_ratio
    if A.size == 0:
        ok = np.max(np.abs(g)) <= l1 * (1 + KKT_TOL)
    else:
        theta = np.sign(w[A])
        e, Q = np.linalg.eigh(H[np.ix_(A, A)])
        qg, qt = Q.T @ g[A], Q.T @ theta
        denom = e[:, None] + lams[None, :] * (1.0 - l1_ratio) + jitter
        W = Q @ ((qg[:, None] - qt[:, None] * l1[None, :]) / denom)  # (|A|, m)
        ok = np.all(np.sign(W) == theta[:, None], axis=0)
        if inactive.size:
            corr = g[inactive, None] - H[np.ix_(inactive, A)] @ W
            scale = KKT_TOL * np.maximum(l1, np.max(np.abs(g)))
            ok &= np.all(np.abs(corr) <= l1[None, :] + scale[None, :], axis=0)
    k = int(np.argmin(ok)) if not ok.all() else ok.size
    if k and A.size:
        out[:k, A] = W[:, :k].T
    # rows of out beyond A stay zero (out is pre-zeroed)
    return k
