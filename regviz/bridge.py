"""The ℓp ("bridge") penalty on a two-weight problem, for every λ of a grid at once.

``P_p(v) = Σ|v_j|^p / p`` for 0 < p < ∞ (p = 1: our L1, p = 2: our L2, ½‖v‖²), ``‖v‖∞``
for p = ∞ and ``‖v‖₀`` for p = 0 (our L0), in ``J(v) = ½vᵀQv − bᵀv + λ·P_p(v)``.

For p ≥ 1 J is convex and has one minimum. For p < 1 it is not: every coordinate has a local
minimum at 0 (|v|^p has an infinite slope there), so where a local method ends depends on
where it starts. ``local`` is coordinate descent whose one-dimensional steps only go
downhill from where the weight is (it never jumps over a hump); ``best`` is the global
minimum, from a grid search refined by that descent, against every candidate on the axes.
"""

from __future__ import annotations

import numpy as np

BISECTIONS = 40
NEWTON = 10
SWEEPS = 30
GRID = 121


def penalty(V: np.ndarray, p: float) -> np.ndarray:
    """P_p at points V (..., 2)."""
    a = np.abs(V)
    if p == 0:
        return np.count_nonzero(V, axis=-1).astype(float)
    if np.isinf(p):
        return a.max(axis=-1)
    return (a**p).sum(axis=-1) / p


def objective(Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, V: np.ndarray) -> np.ndarray:
    """J for each λ (L,) at points V (L, ..., 2); Q = (q11, q12, q22), b (2,)."""
    x, y = V[..., 0], V[..., 1]
    quad = 0.5 * (Q[0] * x * x + 2.0 * Q[1] * x * y + Q[2] * y * y) - b[0] * x - b[1] * y
    return quad + lams.reshape((-1,) + (1,) * (V.ndim - 2)) * penalty(V, p)


def _root(h, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """h's root in [lo, hi] where h(lo) < 0 ≤ h(hi), elementwise by bisection."""
    for _ in range(BISECTIONS):
        mid = 0.5 * (lo + hi)
        neg = h(mid) < 0
        lo, hi = np.where(neg, mid, lo), np.where(neg, hi, mid)
    return hi


def _newton_from_above(slope, curvature, u: np.ndarray, live: np.ndarray) -> np.ndarray:
    """The root of a convex increasing slope, from a point above it (monotone, quadratic);
    done when the ``live`` entries have converged (the others' results are not used)."""
    for _ in range(NEWTON):
        step = slope(u) / curvature(u)
        u = np.maximum(u - step, 0.0)
        if np.all((np.abs(step) <= 1e-15 * np.maximum(u, 1e-300)) | ~live):
            break
    return u


def _bracketed_newton(slope, curvature, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The root of an increasing slope in [lo, hi]: Newton where it stays inside, else bisection."""
    u = 0.5 * (lo + hi)
    for _ in range(BISECTIONS):
        f = slope(u)
        lo, hi = np.where(f < 0, u, lo), np.where(f < 0, hi, u)
        with np.errstate(divide="ignore", invalid="ignore"):
            guess = u - f / curvature(u)
        new = np.where((guess >= lo) & (guess <= hi), guess, 0.5 * (lo + hi))
        done = np.all((np.abs(new - u) <= 1e-15 * np.maximum(u, 1e-300)) | (hi - lo <= 1e-15 * hi))
        u = new
        if done:
            break
    return u


def _step(a: np.ndarray, c: np.ndarray, lam: np.ndarray, p: float, x0: np.ndarray) -> np.ndarray:
    """Downhill from x0 on f(x) = ½a·x² − c·x + λ|x|^p/p (0 < p < ∞) to the minimum it reaches.

    On the side s of x0, f(s·u) has slope a·u − s·c + λu^(p−1) for u > 0. For p ≥ 1 that is
    increasing: one minimum, where it is 0 (or at 0). For p < 1 it is convex, falling to its
    lowest at u* = (λ(1−p)/a)^(1/(2−p)): where it dips below 0 there are two roots, a hump
    u₋ < u* and a minimum u₊ > u*, and the slope is negative just between them; from above
    u₋ the descent reaches u₊, from below it, 0 (which is then a minimum too).
    """
    s = np.where(x0 != 0, np.sign(x0), np.sign(c))
    sc = s * c
    u0 = np.abs(x0)
    top = np.maximum(sc, 0.0) / a  # slope(top) ≥ 0: the minimum lies below it

    def slope(u: np.ndarray) -> np.ndarray:
        return a * u - sc + lam * u ** (p - 1.0)

    def curvature(u: np.ndarray) -> np.ndarray:
        return a + lam * (p - 1.0) * u ** (p - 2.0)

    if p == 1.0:
        return s * np.maximum(sc - lam, 0.0) / a
    if p == 2.0:
        return s * np.maximum(sc, 0.0) / (a + lam)
    if p > 2.0:  # the slope is convex and increasing on u > 0
        root = _newton_from_above(slope, curvature, _above(slope, u0, top, 0.0), sc > 0)
        return np.where(sc > 0, s * root, 0.0)
    if p > 1.0:  # concave: Newton kept inside a shrinking bracket
        return np.where(sc > 0, s * _bracketed_newton(slope, curvature, np.zeros_like(a), top), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        turn = (lam * (1.0 - p) / a) ** (1.0 / (2.0 - p))
        dips = (sc > 0) & (slope(turn) < 0) & (x0 != 0)
        above_hump = (u0 >= turn) | (slope(u0) < 0)
        low = _newton_from_above(slope, curvature, np.where(dips, _above(slope, u0, top, turn), 1.0), dips)
    return np.where(dips & above_hump, s * low, 0.0)


def _above(slope, u0: np.ndarray, top: np.ndarray, turn: np.ndarray | float) -> np.ndarray:
    """Where Newton starts down to the minimum u₊: from the weight itself when it lies at or
    above u₊ (past the slope's lowest point, the slope ≥ 0 there), which in a descent's later
    sweeps is a step or two away, else from ``top``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((u0 > turn) & (u0 < top) & (slope(u0) >= 0), u0, top)


def _polish(Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, V: np.ndarray) -> np.ndarray:
    """Newton steps inside each point's open quadrant (both weights non-zero), kept where J falls:
    coordinate descent crawls when the weights are correlated; Newton lands on the minimum."""
    H = np.array([[Q[0], Q[1]], [Q[1], Q[2]]])
    for _ in range(NEWTON):
        inside = np.all(V != 0, axis=1)
        if not inside.any():
            return V
        a = np.where(V != 0, np.abs(V), 1.0)
        grad = V @ H - b + lams[:, None] * np.sign(V) * a ** (p - 1.0)
        d = lams[:, None] * (p - 1.0) * a ** (p - 2.0)  # the penalty's curvature, per weight
        h11, h22 = Q[0] + d[:, 0], Q[2] + d[:, 1]
        with np.errstate(all="ignore"):  # a singular or indefinite Hessian: the step is refused below
            det = h11 * h22 - Q[1] * Q[1]
            step = np.column_stack([h22 * grad[:, 0] - Q[1] * grad[:, 1], h11 * grad[:, 1] - Q[1] * grad[:, 0]])
            new = V - step / det[:, None]
        new = np.where(np.isfinite(new), new, V)
        better = (
            inside
            & np.all(np.sign(new) == np.sign(V), axis=1)
            & (objective(Q, b, lams, p, new[:, None])[:, 0] < objective(Q, b, lams, p, V[:, None])[:, 0])
        )
        V = np.where(better[:, None], new, V)
    return V


def local(Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, start: np.ndarray) -> np.ndarray:
    """Coordinate descent from ``start`` (L, 2) with downhill one-dimensional steps (0 < p < ∞)."""
    V = np.array(start, dtype=float)
    diag = (Q[0], Q[2])
    for _ in range(SWEEPS):
        before = V.copy()
        for j in (0, 1):
            c = b[j] - Q[1] * V[:, 1 - j]
            V[:, j] = _step(np.full(len(V), diag[j]), c, lams, p, V[:, j])
        if np.max(np.abs(V - before)) <= 1e-10 * max(1.0, float(np.max(np.abs(V)))):  # _polish finishes
            break
    return _polish(Q, b, lams, p, V)


def _candidates(
    Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, extent: float, start: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Points that hold the global minimum (L, k, 2), and where ``local`` from ``start`` ends
    (0 < p < ∞): the descent from the grid's best point and that one run as one, on 2L rows
    (the same numpy calls for both, which dominate at this size)."""
    L = len(lams)
    if p == 0:  # every support: {}, {1}, {2}, {1, 2}
        ols = np.linalg.solve(np.array([[Q[0], Q[1]], [Q[1], Q[2]]]), b)
        points = np.array([[0.0, 0.0], [b[0] / Q[0], 0.0], [0.0, b[1] / Q[2]], ols])
        return np.broadcast_to(points, (L, 4, 2)), None
    if np.isinf(p):
        return _max_norm_candidates(Q, b, lams), None
    u = np.linspace(-extent, extent, GRID)
    grid = np.stack(np.meshgrid(u, u, indexing="ij"), axis=-1).reshape(-1, 2)
    x, y = grid[:, 0], grid[:, 1]
    quad = 0.5 * (Q[0] * x * x + 2.0 * Q[1] * x * y + Q[2] * y * y) - b[0] * x - b[1] * y
    best = grid[(quad[None, :] + lams[:, None] * penalty(grid, p)[None, :]).argmin(axis=1)]  # P once for all λ
    on_axes = []
    for j in (0, 1):  # the minimum along each axis (the other weight 0), downhill from its unpenalized one
        a = np.full(L, Q[2 * j])
        point = np.zeros((L, 2))
        point[:, j] = _step(a, np.full(L, b[j]), lams, p, np.full(L, b[j] / Q[2 * j]))
        on_axes.append(point)
    if start is None:
        ends = local(Q, b, lams, p, best)
    else:
        ends = local(Q, b, np.concatenate([lams, lams]), p, np.concatenate([best, start]))
    return np.stack([ends[:L], *on_axes, np.zeros((L, 2))], axis=1), (None if start is None else ends[L:])


def _max_norm_candidates(Q: np.ndarray, b: np.ndarray, lams: np.ndarray) -> np.ndarray:
    """The minimum of the convex J with ‖v‖∞: on a side (|v_j| largest, sign s), J is smooth
    with λ·s·v_j; on a diagonal v = t·(1, ±1) it is a soft-thresholded line; or at 0."""
    H = np.array([[Q[0], Q[1]], [Q[1], Q[2]]])
    out = [np.zeros((len(lams), 2))]
    for j in (0, 1):
        for s in (1.0, -1.0):
            e = np.zeros(2)
            e[j] = s
            out.append(np.linalg.solve(H, (b[None, :] - lams[:, None] * e).T).T)
    for d in (np.array([1.0, 1.0]), np.array([1.0, -1.0])):
        curv, pull = d @ H @ d, d @ b
        out.append(np.sign(pull) * np.maximum(abs(pull) - lams, 0.0)[:, None] / curv * d)
    return np.stack(out, axis=1)


def best(Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, extent: float) -> np.ndarray:
    """The global minimum of J for every λ (L, 2)."""
    return minima(Q, b, lams, p, extent)[0]


def minima(
    Q: np.ndarray, b: np.ndarray, lams: np.ndarray, p: float, extent: float, start: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """``best`` and, given ``start`` and 0 < p < ∞, ``local`` from it (else None), in one pass."""
    C, ends = _candidates(Q, b, lams, p, extent, start)
    J = objective(Q, b, lams, p, C)
    return C[np.arange(len(lams)), J.argmin(axis=1)], ends
