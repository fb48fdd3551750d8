"""Everything the polynomial lessons show, precomputed along a whole λ grid.

A λ step in the app then only indexes these arrays: one path per (data, degree,
penalty, ρ), not one fit per slider position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz.datasets import Curve, true_function
from regviz.evaluation import basis_for, mse
from regviz.fitting import path
from regviz.penalties import get_penalty
from regviz.problem import Problem
from regviz.subsets import MAX_L0_FEATURES
from regviz.validation import MAX_DEGREE

X_GRID_POINTS = 200


@dataclass(frozen=True)
class PolyPath:
    """A polynomial fit of one degree along the λ grid."""

    lams: np.ndarray
    coefs: np.ndarray  # (L, degree)
    intercepts: np.ndarray  # (L,)
    x_grid: np.ndarray  # (X_GRID_POINTS,) over the data's domain
    curves: np.ndarray  # (L, X_GRID_POINTS): the fitted polynomial for each λ
    truth: np.ndarray | None  # the true function on x_grid, when known
    train_mse: np.ndarray  # (L,)
    test_mse: np.ndarray  # (L,)
    lam_max: float  # smallest λ that zeroes every weight (∞ when none does)
    problem: Problem  # the centred training design, for the geometry panel


def poly_path(curve: Curve, degree: int, penalty: str, l1_ratio: float, lams: np.ndarray) -> PolyPath:
    basis = basis_for(curve, degree)
    X_train, X_test = basis.transform(curve.x_train), basis.transform(curve.x_test)
    p = path(X_train, curve.y_train, penalty, lams, l1_ratio)
    x_grid = np.linspace(*curve.domain, X_GRID_POINTS)
    problem = Problem.from_data(X_train, curve.y_train)
    return PolyPath(
        lams=np.asarray(lams, dtype=float),
        coefs=p.coefs,
        intercepts=p.intercepts,
        x_grid=x_grid,
        curves=p.predict(basis.transform(x_grid)),
        truth=true_function(x_grid) if curve.has_truth else None,
        train_mse=mse(curve.y_train, p.predict(X_train)),
        test_mse=mse(curve.y_test, p.predict(X_test)),
        lam_max=get_penalty(penalty, l1_ratio).lam_max(problem),
        problem=problem,
    )


@dataclass(frozen=True)
class DegreeGrid:
    """Train and test MSE for every degree × λ (NaN where a degree cannot be fitted)."""

    degrees: np.ndarray
    lams: np.ndarray
    train: np.ndarray  # (degrees, L)
    test: np.ndarray

    @property
    def best_test(self) -> float:
        return float(np.nanmin(self.test))


def degree_grid(curve: Curve, penalty: str, l1_ratio: float, lams: np.ndarray) -> DegreeGrid:
    degrees = np.arange(1, MAX_DEGREE + 1)
    train = np.full((degrees.size, len(lams)), np.nan)
    test = np.full_like(train, np.nan)
    limit = MAX_L0_FEATURES if penalty == "l0" else MAX_DEGREE  # best subset has a size limit
    for i, d in enumerate(degrees[:limit]):
        fit = poly_path(curve, int(d), penalty, l1_ratio, lams)
        train[i], test[i] = fit.train_mse, fit.test_mse
    return DegreeGrid(degrees, np.asarray(lams, dtype=float), train, test)
