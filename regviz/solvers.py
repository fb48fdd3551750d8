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
# λ values checked per closed-form step; kinks come every few grid points, so checking
# the whole rest of the grid each time would be wasted work.
WINDOW = 12


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


def solve_enet_gram(H: np.ndarray, g: np.ndarray, l1: float, w0: np.ndarray, max_iter: int | None = None) -> np.ndarray:
    """Exact minimiser of ``½wᵀHw − gᵀw + l1‖w‖₁`` for positive definite H.

    Warm-started from w0; returns when the KKT conditions hold to ``KKT_TOL``.
    """
    p = g.shape[0]
    w = w0.copy()
    tol = KKT_TOL * max(l1, float(np.max(np.abs(g))), 1e-300)
    max_iter = max_iter or 20 * p + 100
    stalled = False
    for _ in range(max_iter):
        grad = H @ w - g
        active = w != 0
        theta = np.sign(w)
        if active.any() and not stalled:
            res = float(np.max(np.abs(grad[active] + l1 * theta[active])))
            if res > tol:  # not yet optimal on the support: a feature-sign step
                new = _feature_sign_step(H, g, l1, w, np.flatnonzero(active), theta[active])
                # Each step strictly lowers the objective; if round-off on a nearly
                # singular block stops that, move on to the KKT check instead.
                stalled = _objective_gram(H, g, l1, new) >= _objective_gram(H, g, l1, w)
                w = new if not stalled else w
                continue
        violation = np.where(active, -np.inf, np.abs(grad) - l1)
        j = int(np.argmax(violation))
        if violation[j] <= tol:
            return w
        theta[j] = -np.sign(grad[j])
        active[j] = True
        stalled = False
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

    λ values may come in any order; they are solved from largest to smallest. The
    support and signs are followed in closed form while they stay optimal; where they
    stop being optimal, the next pattern is guessed from what failed (a weight reached
    zero, a feature's correlation reached λρ) and checked, and only if that guess fails
    is the exact active-set solver run.
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
    A, theta = np.array([], dtype=int), np.array([])
    guessed = True  # the empty pattern is only a guess
    i = 0
    while i < lams.size:
        lam = sorted_lams[i]
        if lam == 0.0:  # no penalty left: the minimum-norm least-squares point
            out[i:] = min_norm_ols(problem)
            break
        window = sorted_lams[i : i + WINDOW]
        W, k, (A_next, theta_next) = _follow_pattern(H, g, A, theta, window, l1_ratio, jitter)
        if k:
            out[i : i + k, A] = W[:, :k].T
            w = out[i + k - 1].copy()
            i += k
            A, theta, guessed = A_next, theta_next, True
        elif guessed:  # the guess was wrong: solve this λ exactly, warm-started
            w = solve_enet_gram(H + (lam * (1.0 - l1_ratio) + jitter) * eye, g, lam * l1_ratio, w)
            A = np.flatnonzero(w)
            theta, guessed = np.sign(w[A]), False
        else:  # a certified solve that the closed form rejects by round-off: keep it
            out[i] = w
            i += 1
            guessed = True
    out = _certified(H, g, out, sorted_lams, l1_ratio, jitter)
    result = np.empty_like(out)
    result[order] = out
    return result


def kkt_residual(H: np.ndarray, g: np.ndarray, W: np.ndarray, lams: np.ndarray, l1_ratio: float, jitter=0.0):
    """Relative KKT violation of each row of W (L, p) for its λ: 0 at an exact optimum.

    Stationarity on the support, ``|g − Hw − λ(1−ρ)w − λρ·sign(w)|``, feasibility off it,
    ``max(|g − Hw| − λρ, 0)``, over ``max(λρ, max|g|)`` (the closed-form segments and the
    active-set solver both stop at KKT_TOL of this).
    """
    lams = np.asarray(lams, dtype=float)
    l1, l2 = (lams * l1_ratio)[:, None], (lams * (1.0 - l1_ratio) + jitter)[:, None]
    corr = g[None, :] - W @ H - l2 * W
    res = np.where(W != 0, np.abs(corr - l1 * np.sign(W)), np.maximum(np.abs(corr) - l1, 0.0)).max(axis=1)
    return res / np.maximum(np.maximum(l1[:, 0], np.max(np.abs(g))), 1e-300)


def _certified(H, g, W, lams, l1_ratio, jitter, tol: float = 10 * KKT_TOL) -> np.ndarray:
    """Every solution checked against its KKT conditions; one that fails (a closed-form
    segment that round-off bent, an active-set solve out of iterations) is solved again
    from where it is, and kept only if that is better."""
    res = kkt_residual(H, g, W, lams, l1_ratio, jitter)
    eye = np.eye(g.size)
    for i in np.flatnonzero((res > tol) & (lams > 0)):
        lam = lams[i]
        again = solve_enet_gram(H + (lam * (1.0 - l1_ratio) + jitter) * eye, g, lam * l1_ratio, W[i])
        if kkt_residual(H, g, again[None], lams[i : i + 1], l1_ratio, jitter)[0] < res[i]:
            W[i] = again
    return W


def _follow_pattern(
    H: np.ndarray,
    g: np.ndarray,
    A: np.ndarray,
    theta: np.ndarray,
    lams: np.ndarray,
    l1_ratio: float,
    jitter: float,
) -> tuple[np.ndarray, int, tuple[np.ndarray, np.ndarray]]:
    """Solutions on support A with signs theta for each λ (descending, > 0).

    On a fixed pattern, ``(H_AA + λ(1−ρ)I) w_A = g_A − λρθ``; one eigendecomposition
    gives it for every λ. Returns those solutions (|A|, m), how many leading λ values
    they are optimal for (signs kept, KKT of the zeros), and the pattern guessed for
    the first λ where they are not.
    """
    lams = lams[lams > 0]
    l1 = lams * l1_ratio
    mask = np.ones(g.size, dtype=bool)
    mask[A] = False
    inactive = np.flatnonzero(mask)
    if A.size:
        H_AA = H[np.ix_(A, A)]
        if l1_ratio == 1.0:  # lasso: w_A(λ) = u − λv, affine in λ
            uv = np.linalg.solve(H_AA + jitter * np.eye(A.size), np.column_stack([g[A], theta]))
            W = uv[:, :1] - uv[:, 1:] * l1[None, :]
        else:
            e, Q = np.linalg.eigh(H_AA)
            denom = e[:, None] + lams[None, :] * (1.0 - l1_ratio) + jitter
            W = Q @ (((Q.T @ g[A])[:, None] - (Q.T @ theta)[:, None] * l1[None, :]) / denom)
        signs_ok = np.sign(W) == theta[:, None]
        corr = g[inactive, None] - H[np.ix_(inactive, A)] @ W
    else:
        W = np.zeros((0, lams.size))
        signs_ok = np.ones((0, lams.size), dtype=bool)
        corr = np.repeat(g[inactive, None], lams.size, axis=1)
    tol = KKT_TOL * np.maximum(l1, np.max(np.abs(g)))
    kkt_ok = np.abs(corr) <= (l1 + tol)[None, :]
    ok = np.all(signs_ok, axis=0) & np.all(kkt_ok, axis=0)
    k = ok.size if ok.all() else int(np.argmin(ok))
    if k == ok.size:
        return W, k, (A, theta)
    keep = signs_ok[:, k]
    enter = ~kkt_ok[:, k]
    A_next = np.concatenate([A[keep], inactive[enter]])
    theta_next = np.concatenate([theta[keep], np.sign(corr[enter, k])])
    sort = np.argsort(A_next)
    return W, k, (A_next[sort], theta_next[sort])
