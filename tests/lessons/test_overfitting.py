"""Lesson 2's arrays equal the per-degree and per-resample fits (regviz.polyfit, regviz.evaluation)."""

from __future__ import annotations

import numpy as np
import pytest

from regviz import evaluation, polyfit
from regviz.datasets import DOMAIN, true_function
from regviz.evaluation import fit_verdict
from regviz.lessons import overfitting as lesson
from regviz.lessons.common import best_ridge_test, max_degree, state_curve
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, LAMS

PENALTIES = [("l1", 0.5), ("l2", 0.5), ("elasticnet", 0.3), ("l0", 0.5), ("none", 0.5)]


@pytest.mark.parametrize("penalty,rho", PENALTIES)
@pytest.mark.parametrize("data", ["synthetic", "diabetes"])
def test_the_fit_along_lambda_is_the_polynomial_path(penalty: str, rho: float, data: str) -> None:
    state = DEFAULT.with_(penalty=penalty, l1_ratio=rho, data=data, degree=7)
    fit = lesson.fit(state)
    ref = polyfit.poly_path(state_curve(state), 7, penalty, rho, LAMS)
    scale = max(1.0, float(np.abs(ref.coefs).max()))
    assert np.allclose(fit["coefs"], ref.coefs, atol=1e-8 * scale)
    assert np.allclose(fit["intercepts"], ref.intercepts, atol=1e-8 * scale)
    assert np.allclose(fit["train_mse"], ref.train_mse, rtol=1e-8) and np.allclose(
        fit["test_mse"], ref.test_mse, rtol=1e-8
    )
    assert ("truth" in fit.arrays) == (data == "synthetic")


@pytest.mark.parametrize("penalty,rho", PENALTIES)
def test_errors_of_every_degree_equal_one_fit_per_degree(penalty: str, rho: float) -> None:
    state = DEFAULT.with_(penalty=penalty, l1_ratio=rho, seed=2)
    data = lesson.degrees(state)
    ref = polyfit.degree_grid(state_curve(state), penalty, rho, LAMS)
    top = len(data.values["degrees"])
    assert top == (15 if penalty == "l0" else 20)
    assert np.allclose(data["train"], ref.train[:top], rtol=1e-6, atol=1e-12)
    assert np.allclose(data["test"], ref.test[:top], rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("penalty,rho", PENALTIES)
def test_bias_variance_equals_the_resampled_decomposition(penalty: str, rho: float) -> None:
    state = DEFAULT.with_(penalty=penalty, l1_ratio=rho, degree=6, seed=4)
    data = lesson.bias_variance(state)
    R = data.values["reps"]
    c = state_curve(state)
    ref = evaluation.bias_variance_vs_lam(c.x_train, state.noise, 6, penalty, LAMS, rho, reps=R, seed=state.seed)
    assert np.allclose(data["bias2"], ref.bias2, rtol=1e-6, atol=1e-12)
    assert np.allclose(data["variance"], ref.variance, rtol=1e-6, atol=1e-12)
    band = evaluation.bias_variance_vs_lam(
        c.x_train, state.noise, 6, penalty, LAMS, rho, reps=R, seed=state.seed, x_eval=data["x_band"]
    )
    assert np.allclose(data["band_lo"], band.band_lo, atol=1e-8) and np.allclose(
        data["band_hi"], band.band_hi, atol=1e-8
    )


def test_bias2_plus_variance_is_the_mean_squared_distance_of_the_refits_to_the_truth() -> None:
    """E_r (f̂_r − f)² = (E_r f̂_r − f)² + Var_r f̂_r exactly, over the same resamples."""
    state = DEFAULT.with_(penalty="l2", degree=8)
    basis, W, b0 = lesson._resampled_fits(state, 8, 30)
    x = np.linspace(*DOMAIN, lesson.BV_POINTS)
    pred = W @ basis.transform(x).T + b0[..., None]
    direct = np.mean((pred - true_function(x)) ** 2, axis=(0, 2))
    data = lesson.bias_variance(state)
    assert np.allclose(data["bias2"] + data["variance"], direct, rtol=1e-12)


@pytest.mark.parametrize("penalty", ["l1", "l2", "l0"])
def test_bias_variance_along_the_degree_equals_the_per_degree_decomposition(penalty: str) -> None:
    state = DEFAULT.with_(penalty=penalty, lam=0.0316)
    data = lesson.bv_degree(state)
    c = state_curve(state)
    assert data["bias2"].shape == (len(LAMS), max_degree(penalty))  # every λ: the browser moves it along λ
    degrees = np.arange(1, data["bias2"].shape[1] + 1)
    for lam in (0.0316, 1e-5, 3.16):
        i = LAM_GRID.index(lam)
        ref = evaluation.bias_variance_vs_degree(
            c.x_train, state.noise, degrees, penalty, lam, reps=10, seed=state.seed
        )
        assert np.allclose(data["bias2"][i], ref.bias2, rtol=1e-6, atol=1e-12)
        assert np.allclose(data["variance"][i], ref.variance, rtol=1e-6, atol=1e-12)


def test_the_verdict_compares_with_the_best_ridge_fit_over_every_degree_and_lambda() -> None:
    state = DEFAULT.with_(penalty="none", degree=15, n=20, seed=1)
    best = best_ridge_test(state.data, state.n, state.noise, state.seed)
    grid = polyfit.degree_grid(state_curve(state), "l2", 0.5, LAMS)
    assert best == pytest.approx(grid.best_test, rel=1e-9)
    fit = lesson.fit(state)
    i = state.lam_index
    assert fit_verdict(fit["train_mse"][i], fit["test_mse"][i], best) == "over"
    verdict, _, words = lesson.fit_words(state)
    assert verdict.startswith("**Overfitting.**") and "15 of 15 weights are non-zero" in words


def test_a_curve_through_every_training_point_is_called_so_not_given_a_ratio() -> None:
    state = DEFAULT.with_(penalty="none", degree=12, n=10)  # 7 training points, 12 weights
    fit = lesson.fit(state)
    i = state.lam_index
    assert fit["train_mse"][i] < 1e-20  # it interpolates: round-off only
    en, zh = (lesson.fit_words(state.with_(lang=lang))[0] for lang in ("en", "zh"))
    assert en.startswith("**Overfitting.** The curve passes through every training point") and "higher" not in en
    assert zh.startswith("**过拟合。** 曲线穿过了每一个训练点") and "倍" not in zh
    ordinary = lesson.fit_words(DEFAULT.with_(penalty="none", degree=15, n=20, seed=1))[0]
    assert "× higher" in ordinary  # a real overfit keeps its ratio
