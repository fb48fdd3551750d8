"""Exact best-subset selection for the L0 penalty ``λ·‖w‖₀``.

For every size k the best support minimises the data loss; the loss of a support S
is ``½yy − ½ g_Sᵀ H_SS⁻¹ g_S`` (Problem's Gram form). Every support is scored by a
rank-one update of its parent's (subset_groups). For a given λ the best size minimises
``loss_k + λ·k``, which makes a whole λ path one table look-up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz.errors import InputError
from regviz.problem import Problem
from regviz.solvers import min_norm_ols

MAX_L0_FEATURES = 15


@dataclass(frozen=True)
class SubsetTable:
    losses: np.ndarray  # (p+1,) best data loss for each support size
    supports: tuple[np.ndarray, ...]  # best support (feature indices) for each size


def best_subsets(problem: Problem) -> SubsetTable:
    """Best support of every size by exhaustive search (at most 2¹⁵ supports)."""
    H, g = problem.H, problem.g
    p = g.shape[0]
    if p > MAX_L0_FEATURES:
        raise InputError("l0_too_many", maximum=MAX_L0_FEATURES, p=p)
    gains, masks = best_by_size(H, g[None])
    losses = 0.5 * (problem.yy - gains[p, :, 0])
    supports = tuple(np.flatnonzero((int(m) >> np.arange(p)) & 1) for m in masks[p, :, 0])
    return SubsetTable(np.maximum(losses, 0.0), supports)


def l0_lam_max(table: SubsetTable) -> float:
    """Smallest λ at which the empty model is optimal: max_k (loss₀ − loss_k)/k."""
    k = np.arange(1, table.losses.size)
    if k.size == 0:
        return 0.0
    return float(np.max((table.losses[0] - table.losses[1:]) / k))


def l0_path(problem: Problem, lams: np.ndarray, table: SubsetTable | None = None) -> np.ndarray:
    """L0 weights for each λ: least squares on the best support of the best size (from
    ``table``, the problem's best subsets, when the caller has it already)."""
    table = best_subsets(problem) if table is None else table
    sizes = np.arange(table.losses.size)
    out = np.zeros((len(lams), problem.g.shape[0]))
    fitted: dict[int, np.ndarray] = {}
    for i, lam in enumerate(lams):
        # argmin returns the first minimum: ties go to the smaller model
        k = int(np.argmin(table.losses + lam * sizes))
        if k not in fitted:
            S = table.supports[k]
            sub = Problem(problem.Xc[:, S], problem.yc, problem.x_mean[S], problem.y_mean)
            fitted[k] = min_norm_ols(sub) if k else np.zeros(0)
        out[i, table.supports[k]] = fitted[k]
    return out


def best_by_size(H: np.ndarray, G: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The best support of every size among the first d features, for every d and target.

    Returns gains (p+1, p+1, R), ``gains[d, k, r]`` the largest ``g_Sᵀ H_SS⁻¹ g_S`` over
    supports S ⊆ {0..d−1} of size k for target G[r] (−inf where there is none), and the
    supports as bit masks, same shape. A prefix's supports are those whose last feature
    lies inside it, so the search walks the supports grouped by their last feature
    (subset_groups) and keeps running maxima.

    Several Gram matrices at once: H (F, p, p) and G (F, R, p) give (p+1, p+1, F, R), one
    enumeration for all of them (every fold of a cross-validation, say).
    """
    stacked = H.ndim == 3
    H, G = (H, G) if stacked else (H[None], G[None])
    p, (F, R) = H.shape[-1], G.shape[:2]
    gains = np.full((p + 1, p + 1, F, R), -np.inf)
    masks = np.zeros((p + 1, p + 1, F, R), dtype=np.int64)
    gains[:, 0] = 0.0
    pick = np.arange(F)[:, None], np.arange(R)[None, :]
    for j, (mask, size, gain) in enumerate(_groups(H, G)):
        gains[j + 1], masks[j + 1] = gains[j], masks[j]
        for k in range(1, j + 2):
            rows = np.flatnonzero(size == k)
            top = rows[gain[rows].argmax(axis=0)]  # (F, R)
            best = gain[(top, *pick)]
            better = best > gains[j + 1, k]
            gains[j + 1, k] = np.where(better, best, gains[j + 1, k])
            masks[j + 1, k] = np.where(better, mask[top], masks[j + 1, k])
    return (gains, masks) if stacked else (gains[:, :, 0], masks[:, :, 0])


def subset_groups(H: np.ndarray, G: np.ndarray):
    """Every non-empty support with its gain ``g_Sᵀ H_SS⁻¹ g_S`` for R targets G (R, p).

    Yields, for j = 0..p−1, the supports whose last feature is j: their bit masks (S,),
    sizes (S,) and gains (S, R). Group j extends every earlier group (and the empty
    support) by j. Each support keeps the Schur complement ``C = H − H_{:S} H_SS⁻¹ H_{S:}``
    and the residual correlations ``c = g − H_{:S} w_S`` on the features after its last
    one only, the only ones it can still add, so adding j is a rank-one update with
    ``gain += c_j² / C_jj``. A feature that duplicates the support (``C_jj`` ≈ 0) adds nothing.
    """
    for mask, size, gain in _groups(H[None], G[None]):
        yield mask, size, gain[:, 0]


def _groups(H: np.ndarray, G: np.ndarray):
    """subset_groups for F Gram matrices at once: H (F, p, p), G (F, R, p); gains (S, F, R)."""
    (F, R), p = G.shape[:2], H.shape[-1]
    diag = np.diagonal(H, axis1=1, axis2=2)  # a masked or padded H: its own features' mean
    eps = 1e-12 * np.maximum(diag.sum(axis=1) / np.maximum(np.count_nonzero(diag, axis=1), 1), 1e-300)  # (F,)
    empty = (np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), H[None], G[None], np.zeros((1, F, R)))
    groups = [(-1, *empty)]  # (last feature, masks, sizes, C, c, gains) on the features after it
    for j in range(p):
        parts = [_extend(group, j, eps) for group in groups]
        mask, size, C, c, gain = (np.concatenate(part) for part in zip(*parts, strict=True))
        groups.append((j, mask, size, C, c, gain))
        yield mask, size, gain


def _extend(group, j: int, eps: np.ndarray):
    """The supports of ``group`` with feature j added, on the features after j.

    Shapes: C (S, F, m, m), c (S, F, R, m), gains (S, F, R)."""
    last, mask, size, C, c, gain = group
    o = j - last - 1  # j's place among the group's remaining features
    pivot = C[:, :, o, o]  # (S, F)
    ok = pivot > eps
    inv = np.where(ok, 1.0 / np.where(ok, pivot, 1.0), 0.0)
    col = C[:, :, o, o + 1 :]  # (S, F, m)
    cj = c[..., o]  # (S, F, R)
    C_new = C[:, :, o + 1 :, o + 1 :] - (col * inv[..., None])[..., :, None] * col[..., None, :]
    c_new = c[..., o + 1 :] - (cj * inv[..., None])[..., None] * col[:, :, None, :]
    return mask | (1 << j), size + 1, C_new, c_new, gain + cj * cj * inv[..., None]
