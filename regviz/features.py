"""Polynomial features that stay well conditioned up to degree 20.

Basis: x is mapped affinely from its domain [lo, hi] onto [−1, 1],
``u = (2x − lo − hi)/(hi − lo)``, and feature k (k = 1..degree) is the scaled Legendre
polynomial ``φ_k(u) = √(2k+1)·P_k(u)``. For x spread evenly over the domain these
columns are nearly orthonormal (each has mean square 1 on [−1, 1]), so the Gram matrix
stays well conditioned at degree 20 and every weight is penalised on the same scale.
Raw monomials x, x², …, x²⁰ would have a condition number beyond 10¹³.

A fitted ``b + Σ w_k φ_k(u)`` maps back to powers of the raw x with
``power_coefficients``: expand each P_k in powers of u, then substitute u = a·x + c.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.polynomial import Polynomial
from numpy.polynomial import legendre as leg

from regviz.errors import InputError
from regviz.validation import as_float_array, check_degree


@dataclass(frozen=True)
class PolynomialBasis:
    """Scaled Legendre features of degree 1..degree over the domain [lo, hi]."""

    degree: int
    lo: float = -1.0
    hi: float = 1.0

    def __post_init__(self) -> None:
        check_degree(self.degree)
        if not (np.isfinite(self.lo) and np.isfinite(self.hi) and self.hi > self.lo):
            raise InputError("constant_x")

    @classmethod
    def for_data(cls, x: Any, degree: int) -> PolynomialBasis:
        """A basis whose domain is the range of the (training) x values."""
        x = as_float_array(x, "x", 1)
        lo, hi = float(x.min()), float(x.max())
        if hi <= lo:
            raise InputError("constant_x")
        return cls(degree, lo, hi)

    def to_unit(self, x: np.ndarray) -> np.ndarray:
        return (2.0 * x - self.lo - self.hi) / (self.hi - self.lo)

    def transform(self, x: Any) -> np.ndarray:
        """Feature matrix (n, degree) of x."""
        u = self.to_unit(as_float_array(x, "x", 1))
        V = leg.legvander(u, self.degree)[:, 1:]  # drop P_0: the intercept is separate
        return V * self.scales

    @property
    def scales(self) -> np.ndarray:
        return np.sqrt(2.0 * np.arange(1, self.degree + 1) + 1.0)

    def power_coefficients(self, coef: Any, intercept: float) -> np.ndarray:
        """Coefficients c_0..c_degree with prediction = Σ_j c_j·x^j (raw x)."""
        coef = as_float_array(coef, "coef", 1)
        leg_coefs = np.concatenate([[intercept], coef * self.scales])
        in_u = Polynomial(leg.leg2poly(leg_coefs))
        a = 2.0 / (self.hi - self.lo)
        u_of_x = Polynomial([-(self.lo + self.hi) / (self.hi - self.lo), a])
        c = in_u(u_of_x).coef
        return np.pad(c, (0, self.degree + 1 - c.size))
