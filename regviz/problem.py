"""A least-squares problem after centring, in the forms the solvers need.

With centred data the intercept drops out: ``b = ȳ − x̄ᵀw``, and the data term is the
quadratic ``½ wᵀHw − gᵀw + ½·yy`` with ``H = XcᵀXc/n``, ``g = Xcᵀyc/n``, ``yy = ycᵀyc/n``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Problem:
    Xc: np.ndarray
    yc: np.ndarray
    x_mean: np.ndarray
    y_mean: float
    n: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "n", self.Xc.shape[0])

    @classmethod
    def from_data(cls, X: np.ndarray, y: np.ndarray, fit_intercept: bool = True) -> Problem:
        if fit_intercept:
            x_mean, y_mean = X.mean(axis=0), float(y.mean())
        else:
            x_mean, y_mean = np.zeros(X.shape[1]), 0.0
        return cls(X - x_mean, y - y_mean, x_mean, y_mean)

    @cached_property
    def H(self) -> np.ndarray:
        return self.Xc.T @ self.Xc / self.n

    @cached_property
    def g(self) -> np.ndarray:
        return self.Xc.T @ self.yc / self.n

    @cached_property
    def yy(self) -> float:
        return float(self.yc @ self.yc) / self.n

    @cached_property
    def svd(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Thin SVD of Xc, computed once and reused along a whole ridge path."""
        return np.linalg.svd(self.Xc, full_matrices=False)

    def intercepts(self, coefs: np.ndarray) -> np.ndarray:
        return self.y_mean - coefs @ self.x_mean

    def data_loss(self, coefs: np.ndarray) -> np.ndarray:
        """1/(2n)·‖yc − Xc w‖² for each row of coefs, from the residuals directly."""
        r = self.yc[:, None] - self.Xc @ np.atleast_2d(coefs).T
        return 0.5 * np.einsum("ij,ij->j", r, r) / self.n
