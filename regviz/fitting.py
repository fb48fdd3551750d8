"""The public numeric contract: ``fit``, ``path``, ``objective``.

Every penalty minimises one objective, with the intercept b never penalised::

    J(w, b) = 1/(2n) · ‖y − Xw − b‖²  +  λ · P(w)

=============  =================================  ==================================
penalty        P(w)                               scikit-learn equivalent
=============  =================================  ==================================
``"none"``     0 (minimum-norm solution)          ``LinearRegression``
``"l2"``       ½‖w‖₂²                             ``Ridge(alpha=n·λ)``
``"l1"``       ‖w‖₁                               ``Lasso(alpha=λ)``
``"elasticnet"`` ρ‖w‖₁ + (1−ρ)/2·‖w‖₂²              ``ElasticNet(alpha=λ, l1_ratio=ρ)``
``"l0"``       number of non-zero weights          exact best subset
=============  =================================  ==================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from regviz.conditioning import CERTIFIED, UNSTABLE, support_conditions
from regviz.errors import InputError
from regviz.penalties import get_penalty
from regviz.problem import Problem
from regviz.solvers import kkt_residual
from regviz.validation import (
    as_float_array,
    check_l1_ratio,
    check_lam,
    check_lams,
    check_penalty,
    check_xy,
)


@dataclass(frozen=True)
class Fit:
    """A fitted linear model: ``predict(X) = X @ coef + intercept``.

    ``kkt`` is the relative KKT residual of a lasso / elastic-net solution (0 for the
    closed forms); ``certified`` says whether it is below CERTIFIED. ``condition`` is the
    condition number of the system the weights solve on their support (inf: the data do
    not determine them); ``well_conditioned`` says whether it is below UNSTABLE
    (regviz.conditioning).
    """

    coef: np.ndarray
    intercept: float
    penalty: str
    lam: float
    l1_ratio: float
    kkt: float = 0.0
    condition: float = 1.0

    @property
    def certified(self) -> bool:
        return self.kkt <= CERTIFIED

    @property
    def well_conditioned(self) -> bool:
        return self.condition < UNSTABLE

    def predict(self, X: Any) -> np.ndarray:
        X = as_float_array(X, "X", 2)
        if X.shape[1] != self.coef.shape[0]:
            raise InputError("columns_mismatch", n_x=X.shape[1], n_w=self.coef.shape[0])
        return X @ self.coef + self.intercept


@dataclass(frozen=True)
class Path:
    """Weights along a λ grid: ``coefs[i]`` and ``intercepts[i]`` belong to ``lams[i]``."""

    lams: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    penalty: str
    l1_ratio: float
    kkt: np.ndarray | None = None  # relative KKT residual per λ (lasso / elastic net)
    conditions: np.ndarray | None = None  # condition number per λ (see Fit)

    @property
    def certified(self) -> bool:
        return self.kkt is None or bool(np.all(self.kkt <= CERTIFIED))

    @property
    def well_conditioned(self) -> bool:
        return self.conditions is None or bool(np.all(self.conditions < UNSTABLE))

    def fit_at(self, i: int) -> Fit:
        kkt = 0.0 if self.kkt is None else float(self.kkt[i])
        condition = 1.0 if self.conditions is None else float(self.conditions[i])
        lam = float(self.lams[i])
        return Fit(self.coefs[i].copy(), float(self.intercepts[i]), self.penalty, lam, self.l1_ratio, kkt, condition)

    def predict(self, X: Any) -> np.ndarray:
        """Predictions of every λ: shape (len(lams), n_samples)."""
        X = as_float_array(X, "X", 2)
        if X.shape[1] != self.coefs.shape[1]:
            raise InputError("columns_mismatch", n_x=X.shape[1], n_w=self.coefs.shape[1])
        return self.coefs @ X.T + self.intercepts[:, None]


def path(
    X: Any,
    y: Any,
    penalty: str = "l1",
    lams: Any = (1.0,),
    l1_ratio: float = 0.5,
    fit_intercept: bool = True,
) -> Path:
    """Solve the objective for every λ in ``lams`` (any order), sharing work along the path.

    Ridge reuses one SVD for every λ; lasso and elastic net warm-start an exact
    active-set solver; L0 scores every support once.

    Raises
    ------
    ValueError
        For NaN/inf, mismatched shapes, an unknown penalty, λ < 0 or ρ outside [0, 1].
    """
    X, y = check_xy(X, y)
    lam_arr = check_lams(lams)
    pen = get_penalty(check_penalty(penalty), check_l1_ratio(l1_ratio))
    problem = Problem.from_data(X, y, fit_intercept)
    coefs = pen.solve_path(problem, lam_arr)
    kkt = None
    if penalty in ("l1", "elasticnet"):
        rho = 1.0 if penalty == "l1" else float(l1_ratio)
        coefs = _polished(problem, coefs, lam_arr, rho)
        kkt = kkt_residual(problem.H, problem.g, coefs, lam_arr, rho)
    conditions = support_conditions(problem.H, coefs, lam_arr, penalty, float(l1_ratio))
    return Path(lam_arr, coefs, problem.intercepts(coefs), penalty, float(l1_ratio), kkt, conditions)


SCALE_SPREAD = 1e4  # column variances further apart than this get a coordinate-descent polish


def _polished(problem: Problem, W: np.ndarray, lams: np.ndarray, rho: float) -> np.ndarray:
    """The active-set solver's certificate is relative to the largest gradient, so a column
    on a much smaller scale than the others can be left inexact. Coordinate descent updates
    each weight by its own exact one-dimensional optimum, whatever its column's scale: a
    few sweeps from the solver's result repair it. Kept per λ only where it is lower."""
    var = np.diag(problem.H)
    var = var[var > 0]
    if var.size < 2 or var.max() <= SCALE_SPREAD * var.min():
        return W
    from regviz.optimizers import coordinate_descent

    polished = coordinate_descent(problem.H, problem.g, lams, rho, sweeps=50_000, tol=1e-14, W0=W)

    penalty = get_penalty("elasticnet", rho)

    def j(V: np.ndarray) -> np.ndarray:
        return problem.data_loss(V) + lams * np.array([penalty.value(v) for v in V])

    better = j(polished) < j(W)
    return np.where(better[:, None], polished, W)


def fit(
    X: Any,
    y: Any,
    penalty: str = "l1",
    lam: float = 1.0,
    l1_ratio: float = 0.5,
    fit_intercept: bool = True,
) -> Fit:
    """Minimise ``1/(2n)·‖y − Xw − b‖² + λ·P(w)`` for one λ. See the module docstring."""
    return path(X, y, penalty, [check_lam(lam)], l1_ratio, fit_intercept).fit_at(0)


def objective(
    X: Any,
    y: Any,
    coef: Any,
    intercept: float,
    penalty: str = "l1",
    lam: float = 1.0,
    l1_ratio: float = 0.5,
) -> float:
    """The value ``1/(2n)·‖y − Xw − b‖² + λ·P(w)``."""
    X, y = check_xy(X, y, min_rows=1)
    w = as_float_array(coef, "coef", 1)
    if w.shape[0] != X.shape[1]:
        raise InputError("columns_mismatch", n_x=X.shape[1], n_w=w.shape[0])
    pen = get_penalty(check_penalty(penalty), check_l1_ratio(l1_ratio))
    r = y - X @ w - float(intercept)
    return float(0.5 * (r @ r) / X.shape[0] + check_lam(lam) * pen.value(w))


def lam_max(X: Any, y: Any, penalty: str = "l1", l1_ratio: float = 0.5) -> float:
    """Smallest λ at which every weight is exactly zero (∞ for ridge and least squares)."""
    X, y = check_xy(X, y)
    pen = get_penalty(check_penalty(penalty), check_l1_ratio(l1_ratio))
    return pen.lam_max(Problem.from_data(X, y))


def lam_grid(top: float, num: int = 100, ratio: float = 1e-4) -> np.ndarray:
    """``num`` λ values log-spaced from ``top`` (e.g. λ_max) down to ``ratio·top``."""
    if not (np.isfinite(top) and top > 0):
        raise ValueError("The top of a λ grid must be a positive number.")
    return np.geomspace(top, top * ratio, num)


def duality_gap(X: Any, y: Any, coef: Any, intercept: float, lam: float, l1_ratio: float) -> float:
    """Elastic-net duality gap in our scaling (scikit-learn's formula divided by n).

    Zero exactly at the optimum; used to compare the accuracy of solvers.
    """
    X, y = check_xy(X, y)
    w = np.asarray(coef, dtype=float)
    n = X.shape[0]
    yc = y - y.mean()
    R = yc - (X - X.mean(axis=0)) @ w
    l1_reg, l2_reg = lam * l1_ratio * n, lam * (1 - l1_ratio) * n
    XtA = (X - X.mean(axis=0)).T @ R - l2_reg * w
    dual_norm = float(np.max(np.abs(XtA)))
    r2, w2 = float(R @ R), float(w @ w)
    if dual_norm > l1_reg:
        const = l1_reg / dual_norm
        gap = 0.5 * (r2 + r2 * const**2)
    else:
        const, gap = 1.0, r2
    gap += l1_reg * float(np.abs(w).sum()) - const * float(R @ yc) + 0.5 * l2_reg * (1 + const**2) * w2
    return gap / n
