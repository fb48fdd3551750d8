"""Iterative solvers on the centred objective J, for every λ of a grid at once.

They show how optimizers reach (or which of several) optima: proximal gradient descent on
the geometry lesson's contours, coordinate descent as scikit-learn runs it. The weight-decay
lesson's training runs, with a trained intercept as PyTorch has it, are regviz.training.
"""

from __future__ import annotations

import numpy as np

from regviz.penalties import Penalty


def proximal_paths(
    H: np.ndarray, B: np.ndarray, penalty: Penalty, lams: np.ndarray, steps: int, w0: np.ndarray
) -> np.ndarray:
    """Proximal gradient descent on ``½wᵀHw − b_lᵀw + λ_l·P(w)`` for every λ_l at once.

    ``B`` holds one linear term per λ (L, p); all start at ``w0``. The step is 1/‖H‖₂, so
    each step lowers a convex objective; for L1 it is ISTA, for L2 a shrink after each
    gradient step, for L0 iterative hard thresholding. Returns the iterates (L, steps + 1, p).
    """
    lams = np.asarray(lams, dtype=float)
    step = 1.0 / max(float(np.linalg.eigvalsh(H)[-1]), 1e-12)
    W = np.tile(np.asarray(w0, dtype=float), (lams.size, 1))
    out = np.empty((lams.size, steps + 1, W.shape[1]))
    out[:, 0] = W
    for k in range(1, steps + 1):
        W = penalty.prox(W - step * (W @ H - B), step * lams[:, None])
        out[:, k] = W
    return out


def coordinate_descent(
    H: np.ndarray,
    B: np.ndarray,
    lams: np.ndarray,
    l1_ratio: float = 1.0,
    sweeps: int = 1000,
    tol: float = 1e-10,
    W0: np.ndarray | None = None,
) -> np.ndarray:
    """Cyclic coordinate descent from w = 0, as scikit-learn's Lasso and ElasticNet run it.

    Minimises ``½wᵀHw − b_lᵀw + λ_l(ρ‖w‖₁ + (1−ρ)/2‖w‖²)`` for every λ_l at once, updating
    w₁, w₂, … in turn by the exact one-coordinate minimiser. Where the optimum is not
    unique (a duplicated feature), this order decides which of the optima it returns:
    the first of the twins takes the whole weight. It stops once no weight moves by more
    than ``tol`` relative to the largest. ``W0`` (L, p) starts it elsewhere (a polish of
    another solver's result). Returns (L, p).
    """
    lams = np.asarray(lams, dtype=float)
    B = np.broadcast_to(B, (lams.size, H.shape[0]))
    W = np.zeros_like(B, dtype=float) if W0 is None else np.array(W0, dtype=float)
    l1, l2 = lams * l1_ratio, lams * (1.0 - l1_ratio)
    diag = np.diag(H)
    for _ in range(sweeps):
        change = 0.0
        for j in range(H.shape[0]):
            z = B[:, j] - W @ H[:, j] + diag[j] * W[:, j]
            # a soft threshold that round-off in z cannot push a hair past (an exact zero stays 0)
            over = np.abs(z) - l1
            over[over <= 1e-13 * np.maximum(np.abs(z), 1e-300)] = 0.0
            new = np.sign(z) * over / np.maximum(diag[j] + l2, 1e-300)
            change = max(change, np.abs(new - W[:, j]).max())
            W[:, j] = new
        if change <= tol * max(1.0, np.abs(W).max()):
            break
    return W


def proximal_gradient(
    H: np.ndarray, B: np.ndarray, penalty: Penalty, lams: np.ndarray, w0: np.ndarray, max_steps: int = 5000, tol=1e-10
) -> np.ndarray:
    """Where proximal gradient descent from ``w0`` settles, for every λ at once: (L, p).

    The iteration of ``proximal_paths``, stopped once no weight moves by more than ``tol``
    (relative to the largest weight) in a step, instead of keeping every iterate. ``w0`` is
    one start (p,) for every λ, or one per λ (L, p).
    """
    lams = np.asarray(lams, dtype=float)
    step = 1.0 / max(float(np.linalg.eigvalsh(H)[-1]), 1e-12)
    W = np.array(np.broadcast_to(np.asarray(w0, dtype=float), (lams.size, H.shape[0])))
    for _ in range(max_steps):
        new = penalty.prox(W - step * (W @ H - B), step * lams[:, None])
        moved = np.abs(new - W).max()  # (the methods: np.max's dispatch costs as much at this size)
        W = new
        if moved <= tol * max(np.abs(W).max(), 1e-300):
            break
    return W
