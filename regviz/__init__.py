"""Regularization Lab: an exact NumPy backend for L1, L2, Elastic-Net and L0 fits."""

from regviz.errors import InputError
from regviz.fitting import Fit, Path, duality_gap, fit, lam_grid, lam_max, objective, path

__all__ = [
    "Fit",
    "InputError",
    "Path",
    "duality_gap",
    "fit",
    "lam_grid",
    "lam_max",
    "objective",
    "path",
]
