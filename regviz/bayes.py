"""The Bayesian reading of a penalized fit, over two weights: prior, likelihood, posterior.

The model is y = Xw + b + ε with ε ~ N(0, σ²), independent, and a flat prior on b (centring
removes it). The negative log likelihood of w is (n/σ²)·L(w) + const with our data loss
L(w) = 1/(2n)·‖yc − Xc w‖². A prior p(w) ∝ exp(−(n/σ²)·λ·P(w)) makes the negative log
posterior (n/σ²)·J(w) + const, J = L + λP: its maximum (MAP) is the penalized fit.

- Gaussian N(0, τ²I): λ·½‖w‖² = ‖w‖²/(2τ²)·σ²/n, so λ = σ²/(n·τ²) (L2);
- Laplace with scale b, p ∝ exp(−‖w‖₁/b): λ = σ²/(n·b) (L1);
- elastic net: the product of a Laplace (b = σ²/(n·λρ)) and a Gaussian
  (τ² = σ²/(n·λ(1 − ρ))) factor, renormalised.

Over a pair of weights v the loss is ``½vᵀQv − bᵀv + c`` (regviz.lessons.geometry), so the
posterior is ``exp(−(n/σ²)·(J(v) − J(v̂)))`` with ``J(v) = ½vᵀQv − bᵀv + l1‖v‖₁ + ½l2‖v‖²``,
``l1 = λρ`` and ``l2 = λ(1 − ρ)``. Its level sets are convex (J is), so each is found along
rays from the MAP; its mean is a sum over a grid that holds all but e⁻²⁰ of its mass.
"""

from __future__ import annotations

import numpy as np

from regviz.errors import InputError
from regviz.text.numbers import num

GRID = 61  # points per axis of the grid the posterior mean is summed on
MASS_LEVEL = 20.0  # the grid spans the level set exp(−20) of the peak density
RAYS = 32
FLAT = 1e-14  # a ray's curvature below this share of Q's trace is round-off: none


def shares(penalty: str, l1_ratio: float) -> tuple[float, float]:
    """(ρ, 1 − ρ) of a penalty: its L1 and L2 parts per unit λ (none: no prior, flat)."""
    return {"none": (0.0, 0.0), "l2": (0.0, 1.0), "l1": (1.0, 0.0)}.get(penalty, (l1_ratio, 1.0 - l1_ratio))


def prior_scales(penalty: str, lam: float, l1_ratio: float, sigma: float, n: int) -> dict[str, float]:
    """The prior's scales for λ: τ of its Gaussian factor, b of its Laplace factor (inf: absent)."""
    rho, rest = shares(penalty, l1_ratio)
    tau = sigma / np.sqrt(n * lam * rest) if lam * rest > 0 else np.inf
    b = sigma**2 / (n * lam * rho) if lam * rho > 0 else np.inf
    return {"tau": float(tau), "b": float(b)}


def scale_text(tau: float, b: float) -> str:
    """The prior's scales as a reader sees them: τ (Gaussian factor), b (Laplace factor) or both."""
    parts = [f"τ = {num(tau)}" if np.isfinite(tau) else "", f"b = {num(b)}" if np.isfinite(b) else ""]
    return ", ".join(p for p in parts if p)


def lam_of_scale(penalty: str, scale: float, sigma: float, n: int) -> float:
    """λ of a Gaussian prior's τ (L2) or a Laplace prior's b (L1): σ²/(nτ²) and σ²/(nb)."""
    if not (np.isfinite(scale) and scale > 0):
        raise InputError("bad_prior_scale")
    if penalty == "l2":
        return sigma**2 / (n * scale**2)
    if penalty == "l1":
        return sigma**2 / (n * scale)
    raise InputError("prior_scale_penalty")


def objective(Q: np.ndarray, b: np.ndarray, l1: np.ndarray, l2: np.ndarray, V: np.ndarray) -> np.ndarray:
    """J at points V (..., 2) for each λ's b (L, 2), l1 (L,), l2 (L,); V broadcasts as (L, ..., 2)."""
    extra = (slice(None),) + (None,) * (V.ndim - 2)
    x, y = V[..., 0], V[..., 1]
    quad = 0.5 * (Q[0] * x * x + 2.0 * Q[1] * x * y + Q[2] * y * y)
    lin = b[:, 0][extra] * x + b[:, 1][extra] * y
    pen = l1[extra] * (np.abs(x) + np.abs(y)) + 0.5 * l2[extra] * (x * x + y * y)
    return quad - lin + pen


def _times(Q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The symmetric 2×2 form Q = (q11, q12, q22) times vectors v (..., 2)."""
    x, y = v[..., 0], v[..., 1]
    return np.stack([Q[0] * x + Q[1] * y, Q[1] * x + Q[2] * y], axis=-1)


def radii(Q, b, l1, l2, centre, excess: float, dirs: np.ndarray) -> np.ndarray:
    """Distance from each λ's MAP (L, 2) along each direction (D, 2) to J = J(MAP) + excess.

    Along a ray v = c + r·d, J(v) − J(c) is a quadratic in r between the points where the
    ray crosses an axis (the L1 term's kinks, at most two): A·r² + B·r + C with A the
    curvature ½dᵀ(Q + l2)d, B and C from the signs of the coordinates in that piece. It rises
    from 0 (J is convex and c its minimum), so the level is crossed in the first piece whose
    end lies above it, at that piece's larger root. Raises InputError where a ray never
    gets there: the posterior is improper (a flat prior on a direction the data do not determine).
    """
    c = centre[:, None, :]  # (L, 1, 2)
    d = dirs[None]  # (1, D, 2)
    l1, l2 = l1[:, None], l2[:, None]
    A = 0.5 * ((_times(Q, d) * d).sum(axis=-1) + l2)  # (L, D): |d| = 1
    A[abs(Q[0]) * FLAT + abs(Q[2]) * FLAT >= A] = 0.0  # round-off along a direction of no curvature
    G = ((_times(Q, c) + l2[..., None] * c - b[:, None, :]) * d).sum(axis=-1)  # the smooth part's slope at c
    with np.errstate(divide="ignore", invalid="ignore"):
        kinks = np.where(-c * d > 0, -c / d, np.inf)  # (L, D, 2): where the ray crosses each axis
    ends = np.concatenate([np.sort(kinks, axis=-1), np.full((*A.shape, 1), np.inf)], axis=-1)
    starts = np.concatenate([np.zeros((*A.shape, 1)), ends[..., :2]], axis=-1)  # 3 pieces
    inside = np.where(np.isfinite(ends), 0.5 * (starts + ends), starts + 1.0)  # a point inside each
    with np.errstate(invalid="ignore"):  # pieces after an endless one: never taken
        signs = np.sign(c[..., None, :] + inside[..., None] * d[..., None, :])  # (L, D, 3, 2)
    B = G[..., None] + l1[..., None] * (signs * d[..., None, :]).sum(axis=-1)
    C = l1[..., None] * ((signs * c[..., None, :]).sum(axis=-1) - np.abs(c).sum(axis=-1)[..., None])
    A3 = np.broadcast_to(A[..., None], B.shape)
    unbounded = np.where((A3 > 0) | (B > 0), np.inf, -np.inf)  # a piece without end: rises for ever or not
    with np.errstate(invalid="ignore", over="ignore"):
        rise_at_end = np.where(np.isfinite(ends), A3 * ends * ends + B * ends + C, unbounded)
    above = rise_at_end >= excess
    if not above.any(axis=-1).all():
        raise InputError("improper_posterior")
    piece = above.argmax(axis=-1)[..., None]  # the first piece that reaches the level
    B, D = np.take_along_axis(B, piece, -1)[..., 0], excess - np.take_along_axis(C, piece, -1)[..., 0]
    root = np.sqrt(np.maximum(B * B + 4.0 * A * D, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):  # each form where it does not cancel
        return np.where(B >= 0, 2.0 * D / (B + root), (root - B) / (2.0 * A))


def ray_directions(num: int = RAYS) -> np.ndarray:
    theta = 2.0 * np.pi * np.arange(num) / num
    return np.column_stack([np.cos(theta), np.sin(theta)])


def posterior_grid(Q, b, l1, l2, centre, noise_scale: float, points: int = GRID):
    """Each λ's posterior on a grid over the box that holds all but e⁻²⁰ of its mass:
    (axes (L, 2, G), density (L, G, G)).

    ``noise_scale`` is n/σ²; the density is relative to the peak, ``exp(−(n/σ²)(J − J(MAP)))``.
    """
    lo, hi = level_box(Q, b, l1, l2, centre, MASS_LEVEL / noise_scale)
    mid, half = 0.5 * (lo + hi), 0.525 * (hi - lo)  # the MAP need not be a grid point
    u = np.linspace(-1.0, 1.0, points)
    axes = mid[:, :, None] + half[:, :, None] * u[None, None, :]  # (L, 2, G)
    x, y = axes[:, 0], axes[:, 1]
    # J is separable but for the cross term: its x-part and y-part per λ, then one outer sum
    fx = 0.5 * (Q[0] + l2[:, None]) * x * x - b[:, :1] * x + l1[:, None] * np.abs(x)
    fy = 0.5 * (Q[2] + l2[:, None]) * y * y - b[:, 1:] * y + l1[:, None] * np.abs(y)
    J = x[:, :, None] * y[:, None, :]  # (L, G, G), then in place: one array of 61³ instead of six
    J *= Q[1]
    J += fx[:, :, None]
    J += fy[:, None, :]
    J0 = objective(Q, b, l1, l2, centre[:, None, :])[:, :, None]
    # weights the data barely determine (|w| ~ 10¹¹) put grid points below J(MAP) by round-off:
    # relative to the lowest of the two, the density stays ≤ 1 and never overflows
    J -= np.minimum(J0, J.min(axis=(1, 2), keepdims=True))
    J *= -noise_scale
    return axes, np.exp(J, out=J)


def level_box(Q, b, l1, l2, centre, excess: float) -> tuple[np.ndarray, np.ndarray]:
    """The bounding box (lower corners, upper corners; each (L, 2)) of each λ's level set."""
    dirs = ray_directions()
    edge = centre[:, None, :] + radii(Q, b, l1, l2, centre, excess, dirs)[..., None] * dirs[None]
    return edge.min(axis=1), edge.max(axis=1)


def posterior_mean(axes: np.ndarray, density: np.ndarray) -> np.ndarray:
    """∫ v p(v) dv / ∫ p(v) dv on the grid (L, 2): the posterior mean, by numerical integration."""
    mass = density.sum(axis=(1, 2))
    mx = np.einsum("lij,li->l", density, axes[:, 0]) / mass
    my = np.einsum("lij,lj->l", density, axes[:, 1]) / mass
    return np.column_stack([mx, my])


def grid_map(axes: np.ndarray, density: np.ndarray) -> np.ndarray:
    """The grid point of highest posterior density, per λ (L, 2)."""
    flat = density.reshape(len(density), -1).argmax(axis=1)
    i, j = np.unravel_index(flat, density.shape[1:])
    rows = np.arange(len(density))
    return np.column_stack([axes[rows, 0, i], axes[rows, 1, j]])
