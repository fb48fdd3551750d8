"""Input checks run once at the public boundary, so solvers can trust their arrays."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from regviz.errors import InputError

PENALTIES = ("none", "l2", "l1", "elasticnet", "l0")
MAX_DEGREE = 20


def as_float_array(a: Any, what: str, ndim: int) -> np.ndarray:
    """Convert to a finite float64 array of the given dimension or raise InputError."""
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("not_numeric", what=what) from None
    if ndim == 2 and arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != ndim:
        expected = "a 1-D list of values" if ndim == 1 else "a 2-D table (rows × features)"
        raise InputError("bad_ndim", what=what, expected=expected, ndim=arr.ndim)
    if not np.all(np.isfinite(arr)):
        raise InputError("not_finite", what=what)
    return arr


def check_xy(X: Any, y: Any, min_rows: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Validate a design matrix and a target vector."""
    X = as_float_array(X, "X", 2)
    y = as_float_array(y, "y", 1)
    if X.shape[0] != y.shape[0]:
        raise InputError("shape_mismatch", n_x=X.shape[0], n_y=y.shape[0])
    if X.shape[1] == 0:
        raise InputError("no_features")
    if X.shape[0] < min_rows:
        raise InputError("too_few_rows", minimum=min_rows, n=X.shape[0])
    return X, y


def check_penalty(penalty: Any) -> str:
    if not isinstance(penalty, str) or penalty not in PENALTIES:
        raise InputError("unknown_penalty", penalty=penalty, choices=", ".join(PENALTIES))
    return penalty


def check_lam(lam: Any) -> float:
    try:
        value = float(lam)
    except (TypeError, ValueError):
        raise InputError("negative_lam", lam=lam) from None
    if not math.isfinite(value) or value < 0:
        raise InputError("negative_lam", lam=lam)
    return value


def check_lams(lams: Any) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(lams, dtype=np.float64))
    except (TypeError, ValueError):
        raise InputError("bad_grid") from None
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError("bad_grid")
    return arr


def check_l1_ratio(l1_ratio: Any) -> float:
    try:
        value = float(l1_ratio)
    except (TypeError, ValueError):
        raise InputError("bad_l1_ratio", l1_ratio=l1_ratio) from None
    if not (0.0 <= value <= 1.0):  # also rejects NaN
        raise InputError("bad_l1_ratio", l1_ratio=l1_ratio)
    return value


def check_degree(degree: Any) -> int:
    ok = isinstance(degree, (int, np.integer)) and not isinstance(degree, bool)
    if not ok or not (1 <= degree <= MAX_DEGREE):
        raise InputError("bad_degree", maximum=MAX_DEGREE, degree=degree)
    return int(degree)


def check_int(value: Any, what: str, minimum: int, maximum: int) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok or not (minimum <= value <= maximum):
        raise InputError("bad_count", what=what, minimum=minimum, maximum=maximum, value=value)
    return int(value)


def check_float(value: Any, what: str, minimum: float, maximum: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError("bad_value", what=what, minimum=minimum, maximum=maximum, value=value) from None
    if not (minimum <= v <= maximum):
        raise InputError("bad_value", what=what, minimum=minimum, maximum=maximum, value=value)
    return v
