"""Computations several lessons share: the polynomial fit of the state along λ, its data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from regviz import batch, datasets, subsets
from regviz.conditioning import cautions, support_conditions
from regviz.datasets import Curve
from regviz.evaluation import basis_for, fit_mse
from regviz.features import PolynomialBasis
from regviz.params import LAMS, State
from regviz.penalties import get_penalty
from regviz.problem import Problem
from regviz.solvers import kkt_residual
from regviz.subsets import MAX_L0_FEATURES
from regviz.validation import MAX_DEGREE

DATA = ("data", "n", "noise", "seed")  # what the 1-D data set depends on
FIT = (*DATA, "penalty", "l1_ratio")  # … and a fit of it, at any degree


@lru_cache(maxsize=64)
def curve(data: str, n: int, noise: float, seed: int) -> Curve:
    return datasets.load(data, n, noise, seed)


def state_curve(s: State) -> Curve:
    return curve(s.data, s.n, s.noise, s.seed)


def max_degree(penalty: str) -> int:
    """Best subset (L0) searches every support, so it stops at 15 features."""
    return MAX_L0_FEATURES if penalty == "l0" else MAX_DEGREE


def design(c: Curve, degree: int) -> tuple[PolynomialBasis, Problem]:
    basis = basis_for(c, degree)
    return basis, Problem.from_data(basis.transform(c.x_train), c.y_train)


@dataclass(frozen=True)
class PolyFit:
    """The polynomial fit of one degree at every λ of the grid."""

    basis: PolynomialBasis
    problem: Problem
    coefs: np.ndarray  # (L, degree)
    intercepts: np.ndarray  # (L,)
    train_mse: np.ndarray  # (L,)
    test_mse: np.ndarray  # (L,)
    lam_max: float
    caution: dict[str, Any] | None  # the notes per λ (regviz.conditioning)


def weights_along_lam(problem: Problem, penalty: str, l1_ratio: float) -> np.ndarray:
    """One problem's weights along the λ grid, (L, p): exactly what ``regviz.path`` gives.

    (For a single problem the exact path solvers are as fast as the batched ones; for many
    problems at once, regviz.batch is several times faster.)
    """
    return get_penalty(penalty, l1_ratio).solve_path(problem, LAMS)


@lru_cache(maxsize=128)
def poly_fit(data: str, n: int, noise: float, seed: int, degree: int, penalty: str, l1_ratio: float) -> PolyFit:
    c = curve(data, n, noise, seed)
    basis, problem = design(c, degree)
    if penalty == "l0":  # one best-subset search for the path and its λ_max
        table = subsets.best_subsets(problem)  # past MAX_L0_FEATURES: the InputError the pages show
        coefs, lam_max = subsets.l0_path(problem, LAMS, table), subsets.l0_lam_max(table)
    else:
        coefs = weights_along_lam(problem, penalty, l1_ratio)
        lam_max = get_penalty(penalty, l1_ratio).lam_max(problem)
    intercepts = problem.intercepts(coefs)
    train = fit_mse(coefs, intercepts, basis.transform(c.x_train), c.y_train)
    test = fit_mse(coefs, intercepts, basis.transform(c.x_test), c.y_test)
    caution = fit_cautions(problem, coefs, penalty, l1_ratio)
    return PolyFit(basis, problem, coefs, intercepts, train, test, lam_max, caution)


def fit_cautions(problem: Problem, coefs: np.ndarray, penalty: str, l1_ratio: float) -> dict[str, Any] | None:
    """What the page says beside weights along the λ grid: ill-conditioned or uncertified λ."""
    conditions = support_conditions(problem.H, coefs, LAMS, penalty, l1_ratio)
    kkt = None
    if penalty in ("l1", "elasticnet"):
        kkt = kkt_residual(problem.H, problem.g, coefs, LAMS, 1.0 if penalty == "l1" else l1_ratio)
    return cautions(conditions, kkt, penalised=penalty != "none")


def state_fit(s: State) -> PolyFit:
    return poly_fit(s.data, s.n, s.noise, s.seed, s.degree, s.penalty, s.l1_ratio)


def degree_batch(c: Curve, top: int) -> tuple[PolynomialBasis, batch.Batch, float]:
    """Every degree 1..top as one batch over the degree-``top`` features.

    The scaled Legendre features are nested (degree d uses the first d columns of degree
    ``top``), so problem d−1 shares H and g and may use the first d features. Returns the
    basis, the batch and the training mean ȳ.
    """
    basis = basis_for(c, top)
    X = basis.transform(c.x_train)
    y_mean = float(c.y_train.mean())
    allowed = np.arange(top)[None, :] < np.arange(1, top + 1)[:, None]
    yc = np.tile(c.y_train - y_mean, (top, 1))
    return basis, batch.Batch.from_design(X - X.mean(axis=0), yc, allowed), y_mean


@lru_cache(maxsize=32)
def best_ridge_test(data: str, n: int, noise: float, seed: int) -> float:
    """The lowest test error a ridge fit reaches on these data over every degree and λ.

    "The best reachable" in the over/underfitting verdict, computed once per data set
    whatever the penalty and degree: one batched eigendecomposition of the degrees' Gram
    matrices (the scaled Legendre features keep them well conditioned; λ ≥ 10⁻⁵ > 0).
    """
    c = curve(data, n, noise, seed)
    basis, b, y_mean = degree_batch(c, MAX_DEGREE)
    W = batch.ridge_paths(batch.Batch.create(b.H, b.G, b.allowed), LAMS)  # (degrees, L, p)
    X_test = basis.transform(c.x_test)
    intercepts = y_mean - W @ basis.transform(c.x_train).mean(axis=0)
    test = fit_mse(W, intercepts, X_test, c.y_test)
    return float(np.min(test))
