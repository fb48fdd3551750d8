"""The geometry lesson: loss contours over two weights, constraint regions, λ ⇔ t.

Holding every other weight at its fitted value, the data loss over a pair of weights
v = (w_i, w_j) is the quadratic ``½ vᵀQv − bᵀv + c``; a grid of it costs O(grid) with
no pass over the samples. Because every penalty here is separable, the fitted pair
is the exact optimum of that two-weight sub-problem, so the picture agrees with the
full fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz.penalties import get_penalty
from regviz.problem import Problem


@dataclass(frozen=True)
class Quadratic2:
    """Data loss over two weights: ``½ vᵀQv − bᵀv + c`` (intercept at its optimum)."""

    Q: np.ndarray  # (2, 2), positive semi-definite
    b: np.ndarray  # (2,)
    c: float

    def value(self, v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
        """Loss at broadcast coordinates (e.g. a meshgrid)."""
        (q11, q12), (_, q22) = self.Q
        quad = 0.5 * (q11 * v1 * v1 + 2.0 * q12 * v1 * v2 + q22 * v2 * v2)
        return quad - self.b[0] * v1 - self.b[1] * v2 + self.c

    def grid(self, v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
        """Loss on the grid v1 × v2: shape (len(v2), len(v1)), rows along v2."""
        return self.value(v1[None, :], v2[:, None])

    def minimizer(self) -> np.ndarray:
        """The unpenalised optimum of the pair (minimum-norm when Q is singular)."""
        return np.linalg.pinv(self.Q) @ self.b

    def as_problem(self) -> Problem:
        """Pseudo-data with the same Q and b, so the penalty objects can solve the pair."""
        R = np.linalg.cholesky(self.Q + 1e-14 * np.trace(self.Q) * np.eye(2)).T  # Q = RᵀR
        Xc = np.sqrt(2.0) * R
        yc = np.sqrt(2.0) * np.linalg.solve(R.T, self.b)
        return Problem(Xc, yc, np.zeros(2), 0.0)


def pair_quadratic(problem: Problem, coef: np.ndarray, pair: tuple[int, int] = (0, 1)) -> Quadratic2:
    """The loss over weights ``pair`` with the others held at ``coef``."""
    H, g = problem.H, problem.g
    idx = np.array(pair)
    rest = np.setdiff1d(np.arange(g.size), idx)
    w_o = coef[rest]
    Q = H[np.ix_(idx, idx)]
    b = g[idx] - H[np.ix_(idx, rest)] @ w_o
    c = 0.5 * problem.yy - g[rest] @ w_o + 0.5 * w_o @ H[np.ix_(rest, rest)] @ w_o
    return Quadratic2(Q, b, float(c))


def radius(penalty: str, v: np.ndarray, l1_ratio: float = 0.5) -> float:
    """t = P(v): the constraint level at which the penalised solution v is also optimal."""
    return get_penalty(penalty, l1_ratio).value(np.asarray(v, dtype=float))


def constraint_region(penalty: str, t: float, l1_ratio: float = 0.5, num: int = 201, extent: float = 1.0) -> np.ndarray:
    """Boundary of {v : P(v) ≤ t} as a (2, m) polyline (closed for convex penalties)."""
    return get_penalty(penalty, l1_ratio).boundary(t, num, extent)


def solve_pair(quad: Quadratic2, penalty: str, lam: float, l1_ratio: float = 0.5) -> np.ndarray:
    """Exact optimum of ``½vᵀQv − bᵀv + λP(v)`` over the pair."""
    pen = get_penalty(penalty, l1_ratio)
    return pen.solve_path(quad.as_problem(), np.array([lam]))[0]


def _enet_pair_batch(Q: np.ndarray, b: np.ndarray, l1: float, l2: float) -> np.ndarray:
    """Vectorised exact 2-D elastic net over many problems (Q: (m,2,2), b: (m,2)).

    The optimum lies on one face of the sign pattern: the origin, an axis (a soft
    threshold) or an open quadrant (a 2×2 solve). Every face's own optimum is a
    candidate; the lowest objective among the sign-consistent ones is the answer.
    """
    m = b.shape[0]
    A = Q + l2 * np.eye(2)

    def f(v: np.ndarray) -> np.ndarray:
        quad = 0.5 * np.einsum("mi,mij,mj->m", v, A, v)
        return quad - np.einsum("mi,mi->m", b, v) + l1 * np.abs(v).sum(axis=1)

    cands: list[np.ndarray] = [np.zeros((m, 2))]
    for k in range(2):
        v: np.ndarray = np.zeros((m, 2))
        v[:, k] = np.sign(b[:, k]) * np.maximum(np.abs(b[:, k]) - l1, 0.0) / A[:, k, k]
        cands.append(v)
    for s in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
        sv = np.array(s, dtype=float)
        v = np.linalg.solve(A, (b - l1 * sv)[..., None])[..., 0]
        v[~np.all(np.sign(v) == sv, axis=1)] = np.nan  # not in that quadrant
        cands.append(v)
    V = np.stack(cands)  # (faces, m, 2)
    F = np.stack([np.where(np.isnan(v).any(axis=1), np.inf, f(np.nan_to_num(v))) for v in V])
    return V[np.argmin(F, axis=0), np.arange(m)]


@dataclass(frozen=True)
class ZeroShare:
    penalty: str
    share: float  # fraction of random problems whose solution has an exactly-zero weight
    trials: int


def random_quadratics(trials: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random 2-D losses: centre in [−1.5, 1.5]², eigenvalues log-uniform in [0.2, 5], any rotation."""
    rng = np.random.default_rng(seed)
    centre = rng.uniform(-1.5, 1.5, (trials, 2))
    eig = np.exp(rng.uniform(np.log(0.2), np.log(5.0), (trials, 2)))
    angle = rng.uniform(0, np.pi, trials)
    c, s = np.cos(angle), np.sin(angle)
    R = np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)  # (m, 2, 2)
    Q = np.einsum("mij,mj,mkj->mik", R, eig, R)
    b = np.einsum("mij,mj->mi", Q, centre)  # minimiser of ½vᵀQv − bᵀv is the centre
    return Q, b


def zero_share(lam: float, l1_ratio: float = 0.5, trials: int = 2000, seed: int = 0) -> list[ZeroShare]:
    """How often a weight is exactly zero, for L1, Elastic Net and L2 at the same λ."""
    Q, b = random_quadratics(trials, seed)
    out = []
    for name, rho in (("l1", 1.0), ("elasticnet", l1_ratio), ("l2", 0.0)):
        v = _enet_pair_batch(Q, b, lam * rho, lam * (1.0 - rho))
        out.append(ZeroShare(name, float(np.mean(np.any(v == 0.0, axis=1))), trials))
    return out


def zero_share_table(lams: np.ndarray, rhos: tuple[float, ...], trials: int = 2000, seed: int = 0) -> np.ndarray:
    """``zero_share`` at every λ at once: shape (len(lams), len(rhos)), one column per ρ
    (ρ = 1 is L1, ρ = 0 is L2).

    The 2-D problems are solved in closed form on each face of the sign pattern (the
    origin, an axis by soft-thresholding, an open quadrant by Cramer's rule); a solution
    has a zero weight when the best face with a zero is at least as good as every
    quadrant's optimum (ties go to the zero, as in ``_enet_pair_batch``).
    """
    Q, b = random_quadratics(trials, seed)
    lams = np.asarray(lams, dtype=float)[:, None]  # (L, 1) against (trials,)
    q11, q12, q22 = Q[:, 0, 0], Q[:, 0, 1], Q[:, 1, 1]
    b1, b2 = b[:, 0], b[:, 1]
    out = np.empty((lams.shape[0], len(rhos)))
    for col, rho in enumerate(rhos):
        l1, l2 = lams * rho, lams * (1.0 - rho)
        a11, a22 = q11 + l2, q22 + l2
        zero_best = np.zeros_like(a11)  # the origin
        for bk, akk in ((b1, a11), (b2, a22)):
            v = np.sign(bk) * np.maximum(np.abs(bk) - l1, 0.0) / akk
            zero_best = np.minimum(zero_best, 0.5 * akk * v * v - bk * v + l1 * np.abs(v))
        det = a11 * a22 - q12 * q12
        quad_best = np.full_like(a11, np.inf)
        for s1, s2 in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            r1, r2 = b1 - l1 * s1, b2 - l1 * s2
            v1, v2 = (a22 * r1 - q12 * r2) / det, (a11 * r2 - q12 * r1) / det
            f = 0.5 * (a11 * v1 * v1 + 2 * q12 * v1 * v2 + a22 * v2 * v2) - b1 * v1 - b2 * v2 + l1 * (abs(v1) + abs(v2))
            inside = (np.sign(v1) == s1) & (np.sign(v2) == s2)
            quad_best = np.where(inside, np.minimum(quad_best, f), quad_best)
        out[:, col] = np.mean(zero_best <= quad_best, axis=1)
    return out


def level_ellipse(quad: Quadratic2, level: float, num: int = 121) -> np.ndarray:
    """The contour {v : loss(v) = level} as a closed (2, num) curve (empty below the minimum).

    With centre c = Q⁻¹b the loss is ``min + ½(v − c)ᵀQ(v − c)``, so the contour is
    ``c + √(2(level − min))·Q^(−½)·(cos θ, sin θ)``: exact, with no grid to sample.
    """
    centre = quad.minimizer()
    excess = level - float(quad.value(*centre))
    e, V = np.linalg.eigh(quad.Q)
    if excess < 0 or e[0] <= 1e-12 * max(e[-1], 1e-300):
        return np.empty((2, 0))
    theta = np.linspace(0.0, 2.0 * np.pi, num)
    circle = np.vstack([np.cos(theta), np.sin(theta)])
    pts = centre[:, None] + V @ (np.sqrt(2.0 * excess / e)[:, None] * circle)
    pts[:, -1] = pts[:, 0]
    return pts


@dataclass(frozen=True)
class ContourView:
    """Everything the loss-contour figure draws, computed once (pure NumPy)."""

    penalty: str
    lam: float
    pair: tuple[int, int]
    solution: np.ndarray  # fitted (w_i, w_j)
    ols: np.ndarray  # unpenalised optimum of the pair sub-problem
    t: float  # P(solution): the constraint level that λ corresponds to
    level: float  # loss at the solution: its contour touches the region there
    contours: tuple[np.ndarray, ...]  # closed level curves, the tangent one first
    region: np.ndarray  # boundary of {P ≤ t}
    path: np.ndarray  # (len(lams), 2): the pair along the λ grid
    extent: float  # half-width of a square view that shows all of the above


def contour_view(
    problem: Problem,
    coefs: np.ndarray,
    lams: np.ndarray,
    index: int,
    penalty: str,
    l1_ratio: float = 0.5,
    pair: tuple[int, int] = (0, 1),
    points: int = 121,
    levels: tuple[float, ...] = (1.0, 0.1, 0.3, 2.5, 6.0, 12.0),
    spans: tuple[float, ...] = (),
) -> ContourView:
    """Loss contours over ``pair`` at the fit ``coefs[index]`` of a λ path (other weights held).

    ``points`` sets the resolution of each ellipse (the region gets about twice as many);
    ``levels`` are the contours drawn, as multiples of the solution's excess loss over
    the optimum (1.0, the contour through the solution, comes first); ``spans`` adds
    contours whose longer semi-axis is that fraction of the view's half-width, so the
    family of ellipses around the optimum shows at any λ (at a small λ the solution's
    own contours are specks beside a large region).
    """
    w = coefs[index]
    quad = pair_quadratic(problem, w, pair)
    v = w[list(pair)]
    ols = quad.minimizer()
    level = float(quad.value(*v))
    low = float(quad.value(*ols))
    path_xy = coefs[:, list(pair)]
    reach = float(np.max(np.abs(np.concatenate([v, ols, [1e-3]]))))
    extent = 1.35 * max(reach, float(np.max(np.abs(path_xy))) if path_xy.size else 0.0)
    excess = max(level - low, 1e-12 * max(abs(low), 1.0))
    flattest = float(np.linalg.eigvalsh(quad.Q)[0])  # semi-axis √(2·excess/eigenvalue) is longest here
    heights = [f * excess for f in levels] + [0.5 * flattest * (f * extent) ** 2 for f in spans]
    contours = tuple(c for c in (level_ellipse(quad, low + h, points) for h in heights) if c.size)
    t = radius(penalty, v, l1_ratio)
    region = constraint_region(penalty, t, l1_ratio, num=2 * points - 1, extent=extent)
    return ContourView(penalty, float(lams[index]), pair, v, ols, t, level, contours, region, path_xy, extent)
