"""Penalties as objects: value, proximal step, λ_max, region boundary and path solver.

The solver, the geometry lesson and the penalty-shape figure all call these same
objects, so a change in one penalty's definition shows up everywhere at once.
Every penalty enters the objective as ``λ · P(w)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from regviz import solvers, subsets
from regviz.problem import Problem
from regviz.validation import check_l1_ratio, check_penalty


def _directions(num: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit directions on a closed loop; num ≡ 1 (mod 4) hits the axes exactly."""
    num = 4 * max(2, (num - 1) // 4) + 1
    theta = np.linspace(0.0, 2.0 * np.pi, num)
    c, s = np.cos(theta), np.sin(theta)
    # Exact axis points so diamond vertices are exact and the loop closes exactly.
    q = (num - 1) // 4
    c[::q], s[::q] = np.array([1.0, 0.0, -1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0, -1.0, 0.0])
    return c, s


def _axes(extent: float) -> np.ndarray:
    """The two coordinate axes as one polyline with a NaN break."""
    e = float(extent)
    return np.array([[-e, e, np.nan, 0.0, 0.0], [0.0, 0.0, np.nan, -e, e]])


class Penalty(Protocol):
    @property
    def name(self) -> str: ...

    def value(self, w: np.ndarray) -> float: ...

    # step: a scalar, or one per row of z (L, 1) for many λ at once (regviz.optimizers)
    def prox(self, z: np.ndarray, step: float | np.ndarray) -> np.ndarray: ...

    def lam_max(self, problem: Problem) -> float: ...

    def boundary(self, t: float, num: int = 201, extent: float = 1.0) -> np.ndarray: ...

    def solve_path(self, problem: Problem, lams: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class NoPenalty:
    """P(w) = 0: ordinary least squares, minimum-norm solution when not unique."""

    name: str = "none"

    def value(self, w: np.ndarray) -> float:
        return 0.0

    def prox(self, z: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        return np.array(z, dtype=float)

    def lam_max(self, problem: Problem) -> float:
        return math.inf

    def boundary(self, t: float, num: int = 201, extent: float = 1.0) -> np.ndarray:
        return np.empty((2, 0))

    def solve_path(self, problem: Problem, lams: np.ndarray) -> np.ndarray:
        return np.tile(solvers.min_norm_ols(problem), (len(lams), 1))


@dataclass(frozen=True)
class L2:
    """P(w) = ½‖w‖₂² (ridge, weight decay)."""

    name: str = "l2"

    def value(self, w: np.ndarray) -> float:
        return 0.5 * float(np.dot(w, w))

    def prox(self, z: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        return np.asarray(z, dtype=float) / (1.0 + step)

    def lam_max(self, problem: Problem) -> float:
        return math.inf  # ridge shrinks but never reaches exactly zero

    def boundary(self, t: float, num: int = 201, extent: float = 1.0) -> np.ndarray:
        c, s = _directions(num)
        r = math.sqrt(2.0 * max(t, 0.0))
        return np.vstack([r * c, r * s])

    def solve_path(self, problem: Problem, lams: np.ndarray) -> np.ndarray:
        return solvers.ridge_path(problem, lams)


@dataclass(frozen=True)
class ElasticNet:
    """P(w) = ρ‖w‖₁ + (1−ρ)/2·‖w‖₂²; ρ = 1 is the lasso (L1), ρ = 0 is ridge."""

    l1_ratio: float = 0.5
    name: str = "elasticnet"

    def value(self, w: np.ndarray) -> float:
        rho = self.l1_ratio
        return rho * float(np.abs(w).sum()) + 0.5 * (1.0 - rho) * float(np.dot(w, w))

    def prox(self, z: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        rho = self.l1_ratio
        z = np.asarray(z, dtype=float)
        soft = np.sign(z) * np.maximum(np.abs(z) - step * rho, 0.0)
        return soft / (1.0 + step * (1.0 - rho))

    def lam_max(self, problem: Problem) -> float:
        if self.l1_ratio == 0.0:
            return math.inf
        return float(np.max(np.abs(problem.g))) / self.l1_ratio

    def boundary(self, t: float, num: int = 201, extent: float = 1.0) -> np.ndarray:
        c, s = _directions(num)
        a = np.abs(c) + np.abs(s)
        rho, t = self.l1_ratio, max(t, 0.0)
        if rho == 1.0:
            r = t / a
        else:  # solve ρ·a·r + (1−ρ)/2·r² = t for r ≥ 0
            r = (np.sqrt((rho * a) ** 2 + 2.0 * (1.0 - rho) * t) - rho * a) / (1.0 - rho)
        return np.vstack([r * c, r * s])

    def solve_path(self, problem: Problem, lams: np.ndarray) -> np.ndarray:
        if self.l1_ratio == 0.0:
            return solvers.ridge_path(problem, lams)
        return solvers.enet_path(problem, lams, self.l1_ratio)


def L1() -> ElasticNet:
    """P(w) = ‖w‖₁ (lasso): the elastic net with ρ = 1."""
    return ElasticNet(l1_ratio=1.0, name="l1")


@dataclass(frozen=True)
class L0:
    """P(w) = ‖w‖₀, the number of non-zero weights; solved by exact best subset."""

    name: str = "l0"

    def value(self, w: np.ndarray) -> float:
        return float(np.count_nonzero(w))

    def prox(self, z: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        # Hard threshold: keep z_j when z_j²/2 > step (the cost of one weight).
        z = np.asarray(z, dtype=float)
        return np.where(0.5 * z * z > step, z, 0.0)

    def lam_max(self, problem: Problem) -> float:
        return subsets.l0_lam_max(subsets.best_subsets(problem))

    def boundary(self, t: float, num: int = 201, extent: float = 1.0) -> np.ndarray:
        # ‖w‖₀ ≤ 1 in two dimensions is the pair of axes; ≤ 0 the origin; ≥ 2 the plane.
        if t < 1:
            return np.zeros((2, 1))
        return _axes(extent) if t < 2 else np.empty((2, 0))

    def solve_path(self, problem: Problem, lams: np.ndarray) -> np.ndarray:
        return subsets.l0_path(problem, lams)


def get_penalty(penalty: str, l1_ratio: float = 0.5) -> Penalty:
    """The penalty object for a name of the numeric contract."""
    penalty = check_penalty(penalty)
    if penalty == "none":
        return NoPenalty()
    if penalty == "l2":
        return L2()
    if penalty == "l1":
        return L1()
    if penalty == "l0":
        return L0()
    return ElasticNet(l1_ratio=check_l1_ratio(l1_ratio))


def lp_unit_ball(p: float, num: int = 401, extent: float = 1.0) -> np.ndarray:
    """Boundary of {w ∈ R²: ‖w‖_p ≤ 1} for p in {0, ½, 1, 2, ∞}.

    ``‖w‖_p = (|w₁|^p + |w₂|^p)^(1/p)``; p = ½ is non-convex (a star), p = ∞ the
    square ``max |w_i| = 1``, and p = 0 (the count of non-zeros ≤ 1) the two axes.
    """
    if p == 0:
        return _axes(extent)
    c, s = _directions(num)
    if math.isinf(p):
        r = 1.0 / np.maximum(np.abs(c), np.abs(s))
    else:
        r = (np.abs(c) ** p + np.abs(s) ** p) ** (-1.0 / p)
    return np.vstack([r * c, r * s])


LP_FAMILY: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, math.inf)
