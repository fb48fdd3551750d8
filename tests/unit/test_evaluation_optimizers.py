"""Error curves, cross-validation, bias–variance and dropout's expected loss."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LassoCV
from sklearn.model_selection import KFold

import regviz
from regviz import cv, datasets, evaluation, training


def test_training_error_falls_with_degree_without_penalty() -> None:
    curve = datasets.synthetic(40, 0.3, 0)
    ec = evaluation.errors_vs_degree(curve, np.arange(1, 13), "none", 0.0, 0.5)
    assert np.all(np.diff(ec.train) <= 1e-12)  # nested models
    assert ec.test[np.argmin(ec.test)] < ec.test[0]  # degree 1 underfits
    assert ec.test[-1] > ec.test.min()  # degree 12 overfits


def test_training_error_rises_with_lam() -> None:
    curve = datasets.synthetic(40, 0.3, 0)
    lams = np.geomspace(1, 1e-5, 20)
    ec = evaluation.errors_vs_lam(curve, 10, "l2", lams, 0.5)
    assert np.all(np.diff(ec.train) <= 1e-12)


def test_cross_validation_of_named_features_matches_scikit_learn_lasso_cv() -> None:
    """The diabetes data's ten features on the same folds (regviz.cv; the lesson's is polynomial)."""
    table = datasets.diabetes()
    lams = np.geomspace(0.5, 1e-3, 25)
    result = cv.cross_validate(table.X, table.y, cv.kfold(442, 5, 0), "l1", lams, 1.0)
    ref = LassoCV(alphas=lams, cv=KFold(5, shuffle=True, random_state=0), tol=1e-12, max_iter=100_000)
    ref.fit(table.X, table.y)
    assert np.allclose(result.mean, ref.mse_path_.mean(axis=1), rtol=1e-9)  # both run λ from large to small
    i_min, i_1se = cv.choose(result.mean, result.se, lams)
    assert lams[i_min] == pytest.approx(ref.alpha_)
    within = result.mean <= result.mean[i_min] + result.se[i_min]
    assert lams[i_1se] == lams[within].max()


@pytest.mark.parametrize("points,copies", [(24, 1), (60, 1500)])  # few fits: residuals; many: the QR
def test_fold_errors_keep_the_tiny_training_error_of_a_near_interpolating_fit(points: int, copies: int) -> None:
    """Fifteen polynomial features, 5 sin 3x and noise of 10⁻⁶: least squares almost
    interpolates. The errors equal each row's squared residual averaged (the weights from
    numpy's lstsq), and the training error keeps its 10⁻¹⁵–10⁻¹² size: expanding ‖Xw − y‖²
    into Gram products would leave cancellation noise of ~10⁻¹⁵ (even a negative error)."""
    rng = np.random.default_rng(3)
    x = np.sort(rng.uniform(-1, 1, points))
    X = np.polynomial.legendre.legvander(x, 15)[:, 1:] * 3.0
    y = 5 * np.sin(3 * x) + 1e-6 * rng.standard_normal(points)
    rows = np.arange(0, points, 4 if points < 50 else 5)
    rest = np.setdiff1d(np.arange(points), rows)
    xm, ym = X[rest].mean(axis=0), y[rest].mean()
    w = np.linalg.lstsq(X[rest] - xm, y[rest] - ym, rcond=None)[0]
    W = np.tile(np.stack([w, 0.5 * w]), (copies, 1, 1))  # two fits, as along λ (as many times over)
    validation, training = cv.fold_errors(W, X, y, rows, xm, ym)
    for k, v in enumerate(W[0]):
        sq = (X @ v + ym - xm @ v - y) ** 2
        assert validation[-1, k] == pytest.approx(sq[rows].mean(), rel=1e-9)
        assert training[-1, k] == pytest.approx(sq[rest].mean(), rel=1e-6, abs=0)
    assert 0 < training[-1, 0] < 1e-11


def test_bias_variance_sums_to_the_expected_test_error() -> None:
    """With the decomposition's own resamples the identity is exact:
    mean over resamples and inputs of (f̂ − f)² = bias² + variance, and the expected test
    error adds the noise σ²."""
    curve = datasets.synthetic(30, 0.4, 2)
    lams = np.array([1.0, 0.01, 1e-4])
    bv = evaluation.bias_variance_vs_lam(curve.x_train, 0.4, 8, "l2", lams, reps=400, seed=5)
    basis = evaluation.PolynomialBasis(8)
    X = basis.transform(curve.x_train)
    Y = datasets.resample_targets(curve.x_train, 0.4, np.random.default_rng(5), 400)
    preds = np.stack([regviz.path(X, y, "l2", lams).predict(basis.transform(bv.x_eval)) for y in Y])
    squared = np.mean((preds - datasets.true_function(bv.x_eval)) ** 2, axis=(0, 2))
    assert np.allclose(bv.bias2 + bv.variance, squared, rtol=1e-10)
    assert np.allclose(bv.expected_mse, squared + 0.4**2, rtol=1e-10)
    assert bv.bias2[0] > bv.bias2[-1]  # heavy λ: more bias
    assert bv.variance[0] < bv.variance[-1]  # and less variance


def test_dropout_equals_weighted_ridge() -> None:
    """Averaged over masks, inverted dropout adds ((1−q)/q)·Σ‖X_j‖² w_j² to ‖y − Xw‖²."""
    rng = np.random.default_rng(0)
    X, y, w, q = rng.standard_normal((6, 3)), rng.standard_normal(6), rng.standard_normal(3), 0.7
    masks = np.array(np.meshgrid(*[[0, 1]] * 3)).reshape(3, -1).T
    probs = np.prod(np.where(masks == 1, q, 1 - q), axis=1)
    expected = sum(p * np.sum((y - X @ (m * w) / q) ** 2) for m, p in zip(masks, probs, strict=True))
    penalty = (1 - q) / q * np.sum((X**2).sum(axis=0) * w**2)
    assert expected == pytest.approx(np.sum((y - X @ w) ** 2) + penalty)
    assert training.dropout_lam(q) == pytest.approx((1 - q) / q)
