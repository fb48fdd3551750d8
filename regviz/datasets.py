"""Seeded data for the lessons: a 1-D curve, a two-feature problem, diabetes, a user CSV.

All randomness comes from ``np.random.default_rng(seed)``; the training and test draws
use separate child streams, so changing n never changes the test set.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from regviz import sources
from regviz.upload import Source
from regviz.validation import check_float, check_int

N_TEST = 200
MIN_ROWS = 5
DOMAIN = (-1.0, 1.0)


def true_function(x: np.ndarray) -> np.ndarray:
    """The smooth curve behind the synthetic data: sin(3x) + 0.3·cos(6x) on [−1, 1]."""
    return np.sin(3.0 * x) + 0.3 * np.cos(6.0 * x)


@dataclass(frozen=True)
class Curve:
    """1-D regression data with a train/test split (and the truth when it is known)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    name: str
    domain: tuple[float, float]  # the x range the polynomial basis is scaled to
    noise: float | None = None  # σ of the noise when the data are synthetic
    has_truth: bool = False


def _streams(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    train, test = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(train), np.random.default_rng(test)


def synthetic(n: int = 30, noise: float = 0.3, seed: int = 0, n_test: int = N_TEST) -> Curve:
    """n noisy training points of ``true_function`` on [−1, 1] and n_test test points."""
    n = check_int(n, "n", MIN_ROWS, 100_000)
    noise = check_float(noise, "noise", 0.0, 10.0)
    seed = check_int(seed, "seed", 0, 2**32 - 1)
    train, test = _streams(seed)
    x_tr = np.sort(train.uniform(*DOMAIN, n))
    x_te = np.sort(test.uniform(*DOMAIN, n_test))
    y_tr = true_function(x_tr) + noise * train.standard_normal(n)
    y_te = true_function(x_te) + noise * test.standard_normal(n_test)
    return Curve(x_tr, y_tr, x_te, y_te, "synthetic", DOMAIN, noise, True)


def resample_targets(x: np.ndarray, noise: float, rng: np.random.Generator, reps: int) -> np.ndarray:
    """reps fresh noisy target vectors at fixed inputs x: shape (reps, len(x))."""
    return true_function(x)[None, :] + noise * rng.standard_normal((reps, x.size))


def _sklearn_data_file(name: str) -> Path:
    """Path of a data file bundled inside scikit-learn, found without importing it."""
    spec = find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise RuntimeError("scikit-learn is not installed; it ships the diabetes data.")
    return Path(spec.origin).parent / "datasets" / "data" / name


@dataclass(frozen=True)
class Table:
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]


DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


@cache  # parsing the two files costs ~1.7 ms, which every fresh state of these data paid
def diabetes() -> Table:
    """scikit-learn's diabetes data (442 patients, 10 features), standardised.

    Features and target are centred and scaled to unit variance so that one λ grid
    serves them and the synthetic curve alike. No download: the files ship with
    scikit-learn. Read once per process; the arrays are read-only, as they are shared.
    """
    with gzip.open(_sklearn_data_file("diabetes_data_raw.csv.gz"), "rt") as fh:
        X = np.loadtxt(fh)
    with gzip.open(_sklearn_data_file("diabetes_target.csv.gz"), "rt") as fh:
        y = np.loadtxt(fh)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = (y - y.mean()) / y.std()
    X.flags.writeable = False
    y.flags.writeable = False
    return Table(X, y, DIABETES_FEATURES)


def diabetes_curve(n: int = 100, seed: int = 0) -> Curve:
    """Disease progression against body-mass index: n random training patients, the rest test."""
    table = diabetes()
    total = table.y.size
    n = check_int(n, "n", MIN_ROWS, total - MIN_ROWS)
    order = np.random.default_rng(seed).permutation(total)
    x, y = table.X[:, DIABETES_FEATURES.index("bmi")], table.y
    tr, te = np.sort(order[:n]), order[n:]
    return Curve(x[tr], y[tr], x[te], y[te], "diabetes", (float(x.min()), float(x.max())))


@dataclass(frozen=True)
class TwoFeature:
    X: np.ndarray
    y: np.ndarray
    true_coef: np.ndarray


def two_feature(
    correlation: float = 0.5,
    scales: tuple[float, float] = (1.0, 1.0),
    useless: int | None = None,
    n: int = 100,
    noise: float = 0.5,
    seed: int = 0,
) -> TwoFeature:
    """Two features whose loss ellipse is shaped by their correlation and scales.

    The loss contours are ellipses with axes along the eigenvectors of XᵀX/n:
    correlation tilts them, unequal scales stretch them. ``useless`` (0 or 1) gives
    that feature a true weight of zero.
    """
    correlation = check_float(correlation, "correlation", -0.99, 0.99)
    s1 = check_float(scales[0], "scale of feature 1", 0.1, 10.0)
    s2 = check_float(scales[1], "scale of feature 2", 0.1, 10.0)
    n = check_int(n, "n", MIN_ROWS, 100_000)
    rng = np.random.default_rng(check_int(seed, "seed", 0, 2**32 - 1))
    z = rng.standard_normal((n, 2))
    # Exact sample correlation and scales: whiten, then colour with the target covariance.
    z = z - z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z.T, bias=True)).T)
    L = np.linalg.cholesky(np.array([[1.0, correlation], [correlation, 1.0]]))
    X = (z @ L.T) * np.array([s1, s2])
    true_coef = np.array([1.0, 0.3])  # w₂ small: L1 zeroes it at moderate λ
    if useless is not None:
        true_coef[check_int(useless, "useless feature", 0, 1)] = 0.0
    y = X @ true_coef + noise * rng.standard_normal(n)
    return TwoFeature(X, y, true_coef)


def upload_curve(source: Source, n: int, seed: int) -> Curve:
    """A user's x and target columns: n random training rows (seeded), the rest test."""
    total = source.rows
    n = min(max(n, MIN_ROWS), total - MIN_ROWS)
    order = np.random.default_rng(seed).permutation(total)
    tr, te = np.sort(order[:n]), np.sort(order[n:])
    x, y = source.x, source.y
    return Curve(x[tr], y[tr], x[te], y[te], source.key, (float(x.min()), float(x.max())))


def load(name: str, n: int, noise: float, seed: int) -> Curve:
    """The 1-D data set of the app's shared state (an upload: regviz.sources)."""
    if sources.is_upload(name):
        return upload_curve(sources.get(name), n, seed)
    if name == "diabetes":
        return diabetes_curve(min(n, 442 - 100), seed)
    return synthetic(n, noise, seed)


def feature_table(name: str) -> Table:
    """The named features of a data source: an upload's chosen features, else diabetes."""
    if sources.is_upload(name):
        source = sources.get(name)
        if len(source.feature_names) >= 2:
            return Table(source.X, source.y, source.feature_names)
    return diabetes()
