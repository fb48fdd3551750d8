"""The closed-form curves a chart draws at one λ, as the browser computes them too.

Each function here has a twin of the same name in ``regviz/ui/assets/kernels.js``; tests
run both on the same inputs. They use only arithmetic that gives the same floats in
Python and JavaScript (no library eigensolver, whose eigenvector signs may differ).
"""

from __future__ import annotations

import math

import numpy as np


def eig2(q11: float, q12: float, q22: float) -> tuple[tuple[float, float], tuple[tuple[float, float], ...]]:
    """Eigenvalues (ascending) and unit eigenvectors of the symmetric 2×2 [[q11, q12], [q12, q22]]."""
    mean, half = 0.5 * (q11 + q22), 0.5 * (q11 - q22)
    r = math.hypot(half, q12)
    lo, hi = mean - r, mean + r
    if q12 == 0.0:  # already diagonal: keep the axes in order
        return ((q11, q22), ((1.0, 0.0), (0.0, 1.0))) if q11 <= q22 else ((q22, q11), ((0.0, 1.0), (1.0, 0.0)))
    angle = 0.5 * math.atan2(2.0 * q12, q11 - q22)  # direction of the larger eigenvalue
    c, s = math.cos(angle), math.sin(angle)
    return (lo, hi), ((-s, c), (c, s))


def ellipse(q: tuple[float, float, float], centre: tuple[float, float], excess: float, num: int):
    """The level set ``centre + {v : ½vᵀQv = excess}`` as a closed curve of num points.

    Returns (x, y) lists, empty when the level is below the minimum or Q is singular.
    """
    (e1, e2), (v1, v2) = eig2(*q)
    if excess < 0 or e1 <= 1e-12 * max(e2, 1e-300):
        return [], []
    a1, a2 = math.sqrt(2.0 * excess / e1), math.sqrt(2.0 * excess / e2)
    xs: list[float] = []
    ys: list[float] = []
    for k in range(num):
        theta = 2.0 * math.pi * k / (num - 1)
        c, s = a1 * math.cos(theta), a2 * math.sin(theta)
        xs.append(centre[0] + v1[0] * c + v2[0] * s)
        ys.append(centre[1] + v1[1] * c + v2[1] * s)
    xs[-1], ys[-1] = xs[0], ys[0]
    return xs, ys


def directions(num: int) -> tuple[list[float], list[float]]:
    """Unit directions on a closed loop; num ≡ 1 (mod 4) hits the axes exactly."""
    num = 4 * max(2, (num - 1) // 4) + 1
    q = (num - 1) // 4
    cs, ss = [], []
    for k in range(num):
        if k % q == 0:  # exact axis points: diamond corners are exact, the loop closes exactly
            cs.append((1.0, 0.0, -1.0, 0.0, 1.0)[k // q])
            ss.append((0.0, 1.0, 0.0, -1.0, 0.0)[k // q])
        else:
            theta = 2.0 * math.pi * k / (num - 1)
            cs.append(math.cos(theta))
            ss.append(math.sin(theta))
    return cs, ss


def region(
    penalty: str, rho: float, t: float, num: int, extent: float
) -> tuple[list[float | None], list[float | None]]:
    """Boundary of {w : P(w) ≤ t} for a penalty of the numeric contract (regviz.penalties)."""
    t = max(t, 0.0)
    if penalty == "none":
        return [], []
    if penalty == "l0":  # ‖w‖₀ ≤ 1: the two axes; ≤ 0: the origin; ≥ 2: the whole plane
        if t < 1:
            return [0.0], [0.0]
        return ([-extent, extent, None, 0.0, 0.0], [0.0, 0.0, None, -extent, extent]) if t < 2 else ([], [])
    cs, ss = directions(num)
    xs: list[float | None] = []
    ys: list[float | None] = []
    for c, s in zip(cs, ss, strict=True):
        a = abs(c) + abs(s)
        if penalty == "l2":
            r = math.sqrt(2.0 * t)
        elif penalty == "l1" or rho == 1.0:
            r = t / a
        else:  # ρ·a·r + (1−ρ)/2·r² = t
            r = (math.sqrt((rho * a) ** 2 + 2.0 * (1.0 - rho) * t) - rho * a) / (1.0 - rho)
        xs.append(r * c)
        ys.append(r * s)
    return xs, ys


def joined(curves) -> tuple[list[float | None], list[float | None]]:
    """Several (xs, ys) curves as one trace, a gap (None) between them: one trace draws faster
    than many in the browser."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for cx, cy in curves:
        if cx:
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(cx)
            ys.extend(cy)
    return xs, ys


def legendre_curve(coefs: np.ndarray, intercept: float, lo: float, hi: float, xs: list[float]) -> list[float]:
    """``b + Σ_k w_k √(2k+1) P_k(u)`` at each x, ``u = (2x − lo − hi)/(hi − lo)`` (regviz.features).

    P_k by the three-term recurrence, as numpy's legvander computes it.
    """
    out = []
    for x in xs:
        u = (2.0 * x - lo - hi) / (hi - lo)
        prev, cur, total = 1.0, u, float(intercept)
        for j, w in enumerate(coefs, start=1):
            if j > 1:
                prev, cur = cur, ((2 * j - 1) * u * cur - (j - 1) * prev) / j
            total += float(w) * math.sqrt(2 * j + 1) * cur
        out.append(total)
    return out


def _pair_objective(q, b, l1: float, l2: float, x: float, y: float) -> float:
    """½vᵀQv − bᵀv + l1‖v‖₁ + ½l2‖v‖² at v = (x, y) (regviz.bayes)."""
    quad = 0.5 * (q[0] * x * x + 2.0 * q[1] * x * y + q[2] * y * y)
    return quad - (b[0] * x + b[1] * y) + l1 * (abs(x) + abs(y)) + 0.5 * l2 * (x * x + y * y)


LEVEL_BISECTIONS = 40


def level_set(q, b, l1: float, l2: float, centre, excess: float, num: int) -> tuple[list[float], list[float]]:
    """The closed curve where the convex ``J = _pair_objective`` is ``J(centre) + excess``.

    ``centre`` is J's minimum; along each direction J rises from it, so bisection finds the
    crossing. Empty where a ray never crosses (a flat direction: no closed curve).
    """
    cs, ss = directions(num)
    j0 = _pair_objective(q, b, l1, l2, centre[0], centre[1])
    start = math.sqrt(2.0 * excess / max(q[0] + q[2], 1e-300))
    xs: list[float] = []
    ys: list[float] = []
    for c, s in zip(cs, ss, strict=True):
        lo, hi, k = 0.0, start, 0
        while _pair_objective(q, b, l1, l2, centre[0] + hi * c, centre[1] + hi * s) - j0 < excess:
            hi, k = 2.0 * hi, k + 1
            if k == 200:
                return [], []
        for _ in range(LEVEL_BISECTIONS):
            mid = 0.5 * (lo + hi)
            if _pair_objective(q, b, l1, l2, centre[0] + mid * c, centre[1] + mid * s) - j0 < excess:
                lo = mid
            else:
                hi = mid
        xs.append(centre[0] + hi * c)
        ys.append(centre[1] + hi * s)
    return xs, ys


def lp_ball(p_code: str, t: float, num: int, extent: float) -> tuple[list[float | None], list[float | None]]:
    """Boundary of {v : P_p(v) ≤ t} (regviz.bridge): P_p = Σ|v_j|^p / p, ‖v‖∞ for "inf",
    the count ‖v‖₀ for "0". ``p_code`` is the lesson's choice string ("0.5", "inf", …)."""
    if p_code == "0":
        return region("l0", 1.0, t, num, extent)
    t = max(t, 0.0)
    cs, ss = directions(num)
    p = math.inf if p_code == "inf" else float(p_code)
    size = t if p == math.inf else (p * t) ** (1.0 / p)  # the ball's ‖v‖_p radius
    xs: list[float | None] = []
    ys: list[float | None] = []
    for c, s in zip(cs, ss, strict=True):
        if p == math.inf:
            r = size / max(abs(c), abs(s))
        else:
            r = size / (abs(c) ** p + abs(s) ** p) ** (1.0 / p)
        xs.append(r * c)
        ys.append(r * s)
    return xs, ys
