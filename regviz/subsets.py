"""Exact best-subset selection for the L0 penalty ``λ·‖w‖₀``.

For every size k the best support minimises the data loss; the loss of a support S
is ``½yy − ½ g_Sᵀ H_SS⁻¹ g_S`` (Problem's Gram form), so all supports of one size are
scored by one batched linear solve. For a given λ the best size minimises
``loss_k + λ·k``, which makes a whole λ path one table look-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

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
    # A tiny ridge keeps singular supports (duplicated columns) solvable; such a support
    # never beats the smaller one it duplicates once λ > 0.
    jitter = 1e-12 * max(float(np.trace(H)) / p, 1e-300)
    losses = [0.5 * problem.yy]
    supports: list[np.ndarray] = [np.array([], dtype=int)]
    for k in range(1, p + 1):
        idx = np.array(list(combinations(range(p), k)))
        Hs = H[idx[:, :, None], idx[:, None, :]] + jitter * np.eye(k)
        gs = g[idx]
        gain = np.einsum("ij,ij->i", gs, np.linalg.solve(Hs, gs[..., None])[..., 0])
        best = int(np.argmax(gain))
        losses.append(0.5 * (problem.yy - gain[best]))
        supports.append(idx[best])
    return SubsetTable(np.maximum(np.array(losses), 0.0), tuple(supports))


def l0_lam_max(table: SubsetTable) -> float:
    """Smallest λ at which the empty model is optimal: max_k (loss₀ − loss_k)/k."""
    k = np.arange(1, table.losses.size)
    if k.size == 0:
        return 0.0
    return float(np.max((table.losses[0] - table.losses[1:]) / k))


def l0_path(problem: Problem, lams: np.ndarray) -> np.ndarray:
    """L0 weights for each λ: least squares on the best support of the best size."""
    table = best_subsets(problem)
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
