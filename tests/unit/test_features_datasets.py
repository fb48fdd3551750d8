"""Polynomial features, seeded data sets and the bundled diabetes data."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_diabetes

import regviz
from regviz import datasets
from regviz.features import PolynomialBasis


def test_basis_is_well_conditioned_at_degree_20() -> None:
    x = np.random.default_rng(0).uniform(-1, 1, 200)
    X = PolynomialBasis(20).transform(x)
    assert X.shape == (200, 20)
    assert np.linalg.cond(X - X.mean(0)) < 100
    raw = np.vander(x, 21, increasing=True)[:, 1:]
    assert np.linalg.cond(raw - raw.mean(0)) > 1e6  # why the raw powers are not used


def test_degree_20_with_tiny_lam_stays_finite_and_stable() -> None:
    """Backward stability, as least squares promises it: a relative perturbation ε of every
    entry moves the weights by at most about κ(Xc)²·ε relative (README, "numeric core")."""
    curve = datasets.synthetic(30, 0.3, 1)
    basis = PolynomialBasis(20, *curve.domain)
    X = basis.transform(curve.x_train)
    kappa = float(np.linalg.cond(X - X.mean(axis=0)))
    rng = np.random.default_rng(0)
    eps = 1e-12
    for penalty in ("l1", "l2", "elasticnet", "none"):
        f = regviz.fit(X, curve.y_train, penalty, 1e-8, 0.5)
        pred = f.predict(basis.transform(np.linspace(-1, 1, 50)))
        assert np.all(np.isfinite(pred))
        for _ in range(3):
            nudged = X * (1 + eps * rng.standard_normal(X.shape))
            again = regviz.fit(nudged, curve.y_train, penalty, 1e-8, 0.5)
            moved = float(np.abs(again.coef - f.coef).max() / np.abs(f.coef).max())
            assert moved <= kappa**2 * eps, (penalty, moved, kappa)


def test_power_coefficients_reproduce_predictions() -> None:
    basis = PolynomialBasis(7, -2.0, 3.0)
    rng = np.random.default_rng(3)
    w, b = rng.standard_normal(7), 0.4
    x = np.linspace(-2, 3, 40)
    c = basis.power_coefficients(w, b)
    assert c.shape == (8,)
    assert np.allclose(np.polynomial.polynomial.polyval(x, c), basis.transform(x) @ w + b)


def test_first_feature_is_linear_in_x() -> None:
    basis = PolynomialBasis(3, 0.0, 10.0)
    c = basis.power_coefficients(np.array([1.0, 0.0, 0.0]), 0.0)
    assert np.allclose(c, [-np.sqrt(3), np.sqrt(3) / 5, 0, 0])


def test_synthetic_is_seeded_and_test_set_does_not_depend_on_n() -> None:
    a, b = datasets.synthetic(30, 0.3, 7), datasets.synthetic(30, 0.3, 7)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    c = datasets.synthetic(80, 0.3, 7)
    assert np.array_equal(a.x_test, c.x_test)
    d = datasets.synthetic(30, 0.3, 8)
    assert not np.array_equal(a.x_train, d.x_train)
    assert np.allclose(datasets.synthetic(30, 0.0, 7).y_train, datasets.true_function(a.x_train))


def test_diabetes_matches_scikit_learn_without_downloading() -> None:
    table = datasets.diabetes()
    ref = load_diabetes()
    assert table.X.shape == (442, 10)
    standardised = (ref.data - ref.data.mean(0)) / ref.data.std(0)
    assert np.allclose(table.X, standardised, atol=1e-6)
    assert np.allclose(table.y, (ref.target - ref.target.mean()) / ref.target.std())
    curve = datasets.diabetes_curve(100, 0)
    assert curve.x_train.size == 100 and curve.x_test.size == 342


def test_diabetes_is_read_once_and_cannot_be_changed_by_a_caller() -> None:
    assert datasets.diabetes() is datasets.diabetes()  # parsed once per process
    table = datasets.diabetes()
    for values in (table.X, table.y):
        with pytest.raises(ValueError, match="read-only"):
            values[0] = 0.0
    target = load_diabetes().target
    assert np.allclose(table.y, (target - target.mean()) / target.std())


@pytest.mark.parametrize("correlation", [-0.8, 0.0, 0.6])
def test_two_feature_shape_is_controlled(correlation: float) -> None:
    tf = datasets.two_feature(correlation, (1.0, 3.0), useless=1, n=200, seed=2)
    C = np.cov(tf.X.T, bias=True)
    assert np.sqrt(C[0, 0]) == pytest.approx(1.0) and np.sqrt(C[1, 1]) == pytest.approx(3.0)
    assert C[0, 1] / 3.0 == pytest.approx(correlation)
    assert tf.true_coef[1] == 0.0
