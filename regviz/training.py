"""Full-batch training of ŷ = Xw + b from θ = 0, step by step as PyTorch's optimizers take them.

Unlike the solvers (centred data, intercept eliminated), the intercept is trained here like
any weight, as in ``torch.nn.Linear``, so the weight-decay lesson draws exactly the
trajectory its PyTorch code produces (a test runs that code). The data loss is our J's,
``L(θ) = 1/(2n)‖y − Xw − b‖²``, with gradient ``Gθ − h`` (Z = [X 1], G = ZᵀZ/n, h = Zᵀy/n);
penalties and decay act on w only, never on the bias. Each run takes a whole λ grid at once:
Θ has shape (L, p + 1), the bias last.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike

METHODS = ("gd", "sgd_l2", "decay", "subgradient", "ista", "adam_l2", "adamw")
BETAS = (0.9, 0.999)
# Adam's ε on our gradient: nn.MSELoss has no ½, so its gradient is twice ours and PyTorch's
# default ε = 1e-8 plays the part of 5e-9 here (Adam is otherwise blind to the factor).
EPS = 5e-9


@dataclass(frozen=True)
class Moments:
    """The second moments of Z = [X 1] and y: everything full-batch training reads."""

    G: np.ndarray  # (p + 1, p + 1)
    h: np.ndarray  # (p + 1,)

    @classmethod
    def of(cls, X: np.ndarray, y: np.ndarray) -> Moments:
        Z = np.column_stack([X, np.ones(len(y))])
        return cls(Z.T @ Z / len(y), Z.T @ y / len(y))

    @property
    def p(self) -> int:
        return self.h.size - 1

    @cached_property
    def top(self) -> float:
        """The largest curvature of L: a step of 2/top or more diverges."""
        return float(np.linalg.eigvalsh(self.G)[-1])

    @cached_property
    def mask(self) -> np.ndarray:
        """1 for the weights, 0 for the bias: what penalties and decay act on."""
        return np.r_[np.ones(self.p), 0.0]


def step_sizes(m: Moments, lams: ArrayLike, fraction: float) -> np.ndarray:
    """GD's step η at each λ: ``fraction`` of 1/(top + λ), the penalized loss's curvature."""
    return fraction / (m.top + np.asarray(lams, dtype=float))


def run(
    m: Moments,
    method: str,
    lams: ArrayLike,
    lr: ArrayLike,
    steps: int,
    betas: tuple[float, float] = BETAS,
    eps: float = EPS,
) -> np.ndarray:
    """θ after each of ``steps`` steps of ``method`` from θ = 0, for every λ: (L, steps + 1, p + 1).

    - ``gd``: the data loss alone (λ unused): early stopping stops this;
    - ``sgd_l2``: GD on L + ½λ‖w‖²: ``w ← w − η(∇L + λw)``;
    - ``decay``: ``w ← (1 − ηλ)w − η∇L``, the same points as ``sgd_l2``;
    - ``subgradient``: ``w ← w − η(∇L + λ·sign w)``: jitters around 0, rarely lands on it;
    - ``ista``: ``w ← S(w − η∇L, ηλ)``: the proximal step lands on exact zeros;
    - ``adam_l2``: Adam on ∇L + λw (the penalty's gradient gets Adam's scaling);
    - ``adamw``: ``w ← (1 − ηλ)w − η·adam(∇L)``, decoupled as torch.optim.AdamW does it.

    ``lr`` is η, one per λ or one for all.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    if method in ("adam_l2", "adamw"):
        return adam_runs(m, lams, float(np.asarray(lr)), steps, method == "adamw", betas, eps)[0]
    lams = np.asarray(lams, dtype=float)[:, None]
    eta = np.broadcast_to(np.asarray(lr, dtype=float), (lams.shape[0],))[:, None]
    decay = lams * m.mask
    eta_decay = eta * decay  # ηλ on the weights, 0 on the bias
    theta = np.zeros((lams.shape[0], m.p + 1))
    out = np.empty((lams.shape[0], steps + 1, m.p + 1))
    out[:, 0] = theta
    for k in range(1, steps + 1):
        grad = theta @ m.G - m.h
        if method == "gd":
            theta = theta - eta * grad
        elif method == "sgd_l2":
            theta = theta - eta * (grad + decay * theta)
        elif method == "decay":
            theta = (1.0 - eta_decay) * theta - eta * grad
        elif method == "subgradient":
            theta = theta - eta * grad - eta_decay * np.sign(theta)
        elif method == "ista":
            z = theta - eta * grad
            theta = np.sign(z) * np.maximum(np.abs(z) - eta_decay, 0.0)
        out[:, k] = theta
    return out


def gd_steps(m: Moments, lr: float, ks: np.ndarray) -> np.ndarray:
    """θ after k steps of ``gd`` from 0, for each k of ``ks``, in closed form: (len(ks), p + 1).

    In G's eigenbasis each coordinate moves independently: k steps keep the fraction
    1 − (1 − ηs)^k of the unpenalized optimum h_s/s (ηk·h_s along a flat direction).
    """
    s, V = np.linalg.eigh(m.G)
    s = np.maximum(s, 0.0)
    ks = np.asarray(ks, dtype=float)[:, None]
    flat = s <= 1e-12 * max(m.top, 1e-300)
    kept = np.where(flat, lr * ks, (1.0 - (1.0 - lr * s) ** ks) / np.where(flat, 1.0, s))
    return (kept * (V.T @ m.h)) @ V.T


def adam_runs(
    m: Moments,
    lams: ArrayLike,
    lr: float,
    steps: int,
    decoupled: bool | tuple[bool, ...],
    betas: tuple[float, float] = BETAS,
    eps: float = EPS,
    at: np.ndarray | None = None,
) -> np.ndarray:
    """Adam + L2 (``decoupled`` False) and AdamW (True) from θ = 0, every λ, in one loop.

    Returns (len(decoupled), L, steps + 1, p + 1): each variant's run at every λ, or only at
    the steps ``at``. Both run as one batch, so the loop's cost is paid once for the pair.
    """
    kinds = np.atleast_1d(np.asarray(decoupled, dtype=bool))
    lams = np.asarray(lams, dtype=float)
    L, width = lams.size, m.p + 1
    decay = np.tile(lams[:, None] * m.mask, (kinds.size, 1))  # (variants·L, p + 1)
    l2 = decay * ~np.repeat(kinds, L)[:, None]  # λw in Adam's gradient: Adam + L2
    shrink = 1.0 - lr * decay * np.repeat(kinds, L)[:, None]  # (1 − ηλ)w outside it: AdamW
    theta = np.zeros_like(decay)
    kept = np.arange(steps + 1) if at is None else np.asarray(at)
    slot = {int(k): j for j, k in enumerate(kept)}
    out = np.empty((kinds.size * L, kept.size, width))
    if 0 in slot:
        out[:, slot[0]] = theta
    # The moments kept as m/(1 − β₁) and v/(1 − β₂) (two array operations a step fewer);
    # their factors go into each step's two scalars, with Adam's bias corrections.
    mom, vel = np.zeros_like(theta), np.zeros_like(theta)
    b1, b2 = betas
    for k in range(1, steps + 1):
        grad = theta @ m.G
        grad -= m.h
        grad += l2 * theta
        mom *= b1
        mom += grad
        vel *= b2
        grad *= grad
        vel += grad
        denom = np.sqrt(vel)
        denom *= np.sqrt((1 - b2) / (1 - b2**k))
        denom += eps
        np.divide(mom, denom, out=denom)
        denom *= lr * (1 - b1) / (1 - b1**k)
        theta *= shrink
        theta -= denom
        if k in slot:
            out[:, slot[k]] = theta
    return out.reshape(kinds.size, L, kept.size, width)


def ridge(m: Moments, lams: ArrayLike, weights: np.ndarray | None = None) -> np.ndarray:
    """The minimiser of L + ½λ·Σ_j d_j w_j² for every λ (d = 1 unless ``weights``): (L, p + 1).

    What sgd_l2 converges to (d = 1), and the expected dropout loss's minimiser (d_j = G_jj).
    """
    d = m.mask if weights is None else np.r_[weights, 0.0]
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    systems = m.G[None] + lams[:, None, None] * np.diag(d)[None]  # every λ's system in one batched solve
    return np.linalg.solve(systems, np.broadcast_to(m.h, (lams.size, m.h.size))[..., None])[..., 0]


def dropout_run(X: np.ndarray, y: np.ndarray, keep: float, steps: int, seed: int, chains: int = 1) -> np.ndarray:
    """GD on the data loss with inverted dropout on the inputs, a fresh mask every step.

    Each step keeps every input X_ij with probability ``keep``, scaled by 1/keep (full batch:
    minibatches of high-degree features would need a far smaller step to stay stable); the
    masks come from ``seed``, for ``chains`` independent runs at once. Returns the iterates
    (chains, steps + 1, p + 1), all from θ = 0.
    """
    keep = _keep(keep)
    n, p = X.shape
    # the masked curvature reaches about top/q: a step safely below 2/that
    eta = 0.5 * keep / max(Moments.of(X, y).top, 1e-12)
    rng = np.random.default_rng(seed)
    theta = np.zeros((chains, p + 1, 1))
    out = np.empty((chains, steps + 1, p + 1))
    out[:, 0] = 0.0
    scaled = np.column_stack([X / keep, np.ones(n)])  # the intercept's column, never dropped
    # masks drawn and dropped-out designs made for this many steps at once: ~2M values (~16 MiB
    # of designs; one product per block instead of one per step saves 10–30 % of the run)
    block = max(1, 2_000_000 // max(chains * n * p, 1))
    for start in range(1, steps + 1, block):
        count = min(block, steps + 1 - start)
        masks = np.ones((count, chains, n, p + 1), dtype=bool)
        masks[..., :p] = rng.random((count, chains, n, p), dtype=np.float32) < keep
        inputs = scaled * masks  # every step's dropped-out design, [X_d, 1]
        for j in range(count):
            Xd = inputs[j]
            r = Xd @ theta  # (chains, n, 1) residuals
            r -= y[:, None]
            theta -= (eta / n) * (Xd.transpose(0, 2, 1) @ r)
            out[:, start + j] = theta[..., 0]
    return out


def _keep(keep: float) -> float:
    if not (0.0 < keep <= 1.0):
        raise ValueError("The keep probability q must lie in (0, 1].")
    return keep


def dropout_lam(keep: float) -> float:
    """The ridge λ of inverted dropout on standardised inputs: (1 − q)/q (lesson-math.md)."""
    keep = _keep(keep)
    return (1.0 - keep) / keep


def early_stopping_lam(step: float, k: int | np.ndarray) -> np.ndarray | float:
    """The ridge λ that k GD steps of size η roughly match: λ ≈ 1/(η·k)."""
    return 1.0 / (step * np.maximum(k, 1))


def torch_settings(optimizer: str, lam: float, lr: float) -> dict[str, float]:
    """Our λ and step η as torch.optim arguments, for a loss of nn.MSELoss (no ½: twice our gradient).

    - ``sgd``: lr = η/2 and weight_decay = 2λ take the steps w − η(∇L + λw);
    - ``adam``: Adam is blind to the gradient's scale (ε aside, see EPS): lr = η, weight_decay = 2λ;
    - ``adamw``: its decay (1 − lr·weight_decay)·w is outside the loss: lr = η, weight_decay = λ.
    """
    if optimizer == "sgd":
        return {"lr": lr / 2, "weight_decay": 2 * lam}
    if optimizer == "adam":
        return {"lr": lr, "weight_decay": 2 * lam}
    if optimizer == "adamw":
        return {"lr": lr, "weight_decay": lam}
    raise ValueError(f"Unknown optimizer {optimizer!r}; choose sgd, adam or adamw.")


def sklearn_alpha(estimator: str, lam: float, n: int) -> float:
    """Our λ as scikit-learn's α: Ridge sums the squared errors (α = n·λ); SGDRegressor averages
    ½(y − ŷ)² and adds α·½‖w‖² (α = λ)."""
    if estimator == "ridge":
        return n * lam
    if estimator == "sgd":
        return lam
    raise ValueError(f"Unknown estimator {estimator!r}; choose ridge or sgd.")
