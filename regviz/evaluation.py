"""Train/test error curves, k-fold cross-validation and the bias–variance decomposition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz.datasets import DOMAIN, Curve, resample_targets, true_function
from regviz.features import PolynomialBasis
from regviz.fitting import path


def mse(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Mean squared error along the last axis."""
    return np.mean((pred - y) ** 2, axis=-1)


def fit_mse(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """MSE on the rows (X, y) of every fit x·w + b, for weights W (..., p) and intercepts b (...).

    Many fits on many rows (every degree of every fold along λ): a row's residual is
    [x, 1, y]·[w, b, −1], so with R from the QR of those rows the squared residuals sum to
    ‖R[w, b, −1]‖², (p+2)² work per fit instead of n·p, and as accurate as the residuals
    themselves (the normal equations' expansion would lose the small training error of a
    near-interpolating fit to cancellation). Few of either: the residuals directly, cheaper
    than the QR.
    """
    n, p = X.shape
    b = np.asarray(b)
    if n < 2 * (p + 2) or W.size * n < 1_000_000:
        return mse(y, W @ X.T + b[..., None])
    R: np.ndarray = np.linalg.qr(np.column_stack([X, np.ones(n), y]), mode="r")  # type: ignore[assignment]
    r = W @ R[:, :p].T + b[..., None] * R[:, p] - R[:, p + 1]
    return np.einsum("...i,...i->...", r, r) / n


def basis_for(curve: Curve, degree: int) -> PolynomialBasis:
    """The polynomial basis over the data's domain (fixed for synthetic data)."""
    return PolynomialBasis(degree, *curve.domain)


@dataclass(frozen=True)
class ErrorCurves:
    """Train and test MSE along one axis (degrees or λ values)."""

    axis: np.ndarray
    train: np.ndarray
    test: np.ndarray


def errors_vs_lam(curve: Curve, degree: int, penalty: str, lams: np.ndarray, l1_ratio: float) -> ErrorCurves:
    basis = basis_for(curve, degree)
    p = path(basis.transform(curve.x_train), curve.y_train, penalty, lams, l1_ratio)
    train = mse(curve.y_train, p.predict(basis.transform(curve.x_train)))
    test = mse(curve.y_test, p.predict(basis.transform(curve.x_test)))
    return ErrorCurves(np.asarray(lams, dtype=float), train, test)


def errors_vs_degree(curve: Curve, degrees: np.ndarray, penalty: str, lam: float, l1_ratio: float) -> ErrorCurves:
    train, test = [], []
    for d in degrees:
        basis = basis_for(curve, int(d))
        f = path(basis.transform(curve.x_train), curve.y_train, penalty, [lam], l1_ratio).fit_at(0)
        train.append(mse(curve.y_train, f.predict(basis.transform(curve.x_train))))
        test.append(mse(curve.y_test, f.predict(basis.transform(curve.x_test))))
    return ErrorCurves(np.asarray(degrees), np.array(train), np.array(test))


@dataclass(frozen=True)
class BiasVariance:
    """bias², variance and noise of a fit, averaged over fixed test inputs x_eval.

    For R training sets with the same inputs and fresh noise:
    ``bias² = mean_x (E_r f̂_r(x) − f(x))²``, ``variance = mean_x Var_r f̂_r(x)``,
    ``noise = σ²``; the expected test MSE is their sum.
    """

    axis: np.ndarray
    bias2: np.ndarray
    variance: np.ndarray
    noise: float
    x_eval: np.ndarray
    band_lo: np.ndarray  # (len(axis), len(x_eval)): 10 % quantile of the resampled fits
    band_hi: np.ndarray  # 90 % quantile

    @property
    def expected_mse(self) -> np.ndarray:
        return self.bias2 + self.variance + self.noise


def _resampled_predictions(
    x_train: np.ndarray,
    Y: np.ndarray,
    x_eval: np.ndarray,
    degree: int,
    penalty: str,
    lams: np.ndarray,
    l1_ratio: float,
) -> np.ndarray:
    """Predictions at x_eval for every resampled target vector: (R, len(lams), len(x_eval))."""
    basis = PolynomialBasis(degree, *DOMAIN)
    X, X_eval = basis.transform(x_train), basis.transform(x_eval)
    return np.stack([path(X, y, penalty, lams, l1_ratio).predict(X_eval) for y in Y])


def _resamples(
    x_train: np.ndarray, noise: float, reps: int, seed: int, x_eval: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Evaluation inputs (101 points over the domain by default) and reps seeded target vectors."""
    x_eval = np.linspace(*DOMAIN, 101) if x_eval is None else x_eval
    return x_eval, resample_targets(x_train, noise, np.random.default_rng(seed), reps)


def _decompose(axis: np.ndarray, pred: np.ndarray, x_eval: np.ndarray, noise: float) -> BiasVariance:
    """pred: (R, len(axis), len(x_eval)) resampled predictions → the decomposition."""
    bias2 = np.mean((pred.mean(axis=0) - true_function(x_eval)) ** 2, axis=-1)
    variance = np.mean(pred.var(axis=0), axis=-1)
    lo, hi = np.quantile(pred, [0.1, 0.9], axis=0)
    return BiasVariance(np.asarray(axis), bias2, variance, noise**2, x_eval, lo, hi)


def bias_variance_vs_lam(
    x_train: np.ndarray,
    noise: float,
    degree: int,
    penalty: str,
    lams: np.ndarray,
    l1_ratio: float = 0.5,
    reps: int = 40,
    seed: int = 0,
    x_eval: np.ndarray | None = None,
) -> BiasVariance:
    """Bias–variance decomposition along λ for the synthetic curve (truth known)."""
    x_eval, Y = _resamples(x_train, noise, reps, seed, x_eval)
    pred = _resampled_predictions(x_train, Y, x_eval, degree, penalty, np.asarray(lams), l1_ratio)
    return _decompose(np.asarray(lams), pred, x_eval, noise)


def bias_variance_vs_degree(
    x_train: np.ndarray,
    noise: float,
    degrees: np.ndarray,
    penalty: str,
    lam: float,
    l1_ratio: float = 0.5,
    reps: int = 40,
    seed: int = 0,
    x_eval: np.ndarray | None = None,
) -> BiasVariance:
    """Bias–variance decomposition along the polynomial degree at one λ."""
    x_eval, Y = _resamples(x_train, noise, reps, seed, x_eval)
    preds = [
        _resampled_predictions(x_train, Y, x_eval, int(d), penalty, np.array([lam]), l1_ratio)[:, 0] for d in degrees
    ]
    return _decompose(np.asarray(degrees), np.stack(preds, axis=1), x_eval, noise)


def fit_verdict(train: float, test: float, best_test: float) -> str:
    """'under', 'good' or 'over': where the current fit sits, from its errors.

    Good: test error within 25 % of the best reachable on this data. Otherwise,
    overfitting when the model fits its training points clearly better than the best
    model does on test data and the test error is far above the training error;
    underfitting when both errors are high together.
    """
    if test <= 1.25 * best_test:
        return "good"
    if train < 0.9 * best_test and test > 1.5 * train:
        return "over"
    return "under"
