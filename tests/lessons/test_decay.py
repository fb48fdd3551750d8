"""Lesson 5 — weight decay and optimizers: the runs against scikit-learn and closed forms, the panels' data."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from regviz import datasets, training
from regviz.figures import figure_spec
from regviz.lessons import decay as lesson
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, LAMS

TWO = DEFAULT.with_({"decay.problem": "two"})
POLY = DEFAULT.with_({"decay.problem": "poly", "degree": 6, "n": 60, "seed": 3})
STATES = [TWO, POLY, DEFAULT.with_({"decay.problem": "two", "geometry.corr": -0.8, "geometry.scale": 4.0})]


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(4)
    X = rng.standard_normal((80, 3)) * np.array([1.0, 2.0, 0.5]) + np.array([0.5, -1.0, 2.0])  # not centred
    return X, X @ np.array([1.0, 0.0, -0.7]) + 3.0 + 0.2 * rng.standard_normal(80)


def sklearn_ridge(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    model = Ridge(alpha=len(y) * lam, solver="cholesky").fit(X, y)
    return np.r_[model.coef_, model.intercept_]


def test_gd_with_an_l2_term_is_weight_decay_and_ends_at_sklearns_ridge(data) -> None:
    X, y = data
    m = training.Moments.of(X, y)
    lams = np.array([0.01, 0.3])
    eta = training.step_sizes(m, lams, 1.0)
    coupled = training.run(m, "sgd_l2", lams, eta, 3000)
    decayed = training.run(m, "decay", lams, eta, 3000)
    assert np.max(np.abs(coupled - decayed)) < 1e-12
    for k, lam in enumerate(lams):  # sklearn's intercept is unpenalized: so the bias was never decayed
        assert np.allclose(decayed[k, -1], sklearn_ridge(X, y, lam), atol=1e-8)
        assert np.allclose(training.ridge(m, [lam])[0], sklearn_ridge(X, y, lam), atol=1e-10)


def test_proximal_steps_land_on_the_lassos_zeros_and_subgradient_steps_jitter(data) -> None:
    X, y = data
    m = training.Moments.of(X, y)
    lam = 0.3
    eta = training.step_sizes(m, [lam], 1.0)
    ista = training.run(m, "ista", [lam], eta, 4000)[0]
    sub = training.run(m, "subgradient", [lam], eta, 4000)[0]
    lasso = Lasso(alpha=lam, tol=1e-12, max_iter=100_000).fit(X, y)
    zero = lasso.coef_ == 0
    assert zero.any() and not zero.all()
    assert np.allclose(ista[-1], np.r_[lasso.coef_, lasso.intercept_], atol=1e-7)
    assert np.all(ista[-200:, :-1][:, zero] == 0.0)  # landed and stays
    assert np.all(sub[1:, :-1][:, zero] != 0.0)  # never exactly 0 …
    late = np.abs(sub[-200:, :-1][:, zero])
    assert 0 < late.max() < 5 * float(eta[0]) * lam  # … but kept within a few ηλ of it


def test_adam_with_l2_minimises_j_and_adamw_does_not(data) -> None:
    X, y = data
    m = training.Moments.of(X, y)
    lam, lr = 0.3, 0.01
    adam = training.run(m, "adam_l2", [lam], lr, 6000)[0, -1]
    adamw = training.run(m, "adamw", [lam], lr, 6000)[0, -1]
    ridge = sklearn_ridge(X, y, lam)
    assert np.linalg.norm(adam - ridge) < 5e-3
    assert np.linalg.norm(adamw - ridge) > 5e-2


def test_gd_closed_form_equals_its_steps_and_the_notes_eigen_formula(data) -> None:
    X, y = data
    m = training.Moments.of(X, y)
    eta = 0.5 / m.top
    steps = training.run(m, "gd", [0.0], eta, 400)[0]
    ks = np.array([0, 1, 7, 50, 400])
    assert np.allclose(training.gd_steps(m, eta, ks), steps[ks], atol=1e-12)
    # lesson-math.md: in an eigenbasis of the data loss's curvature, k steps keep 1 − (1 − ηs)^k of OLS
    Z = np.column_stack([X, np.ones(len(y))])
    s, V = np.linalg.eigh(Z.T @ Z / len(y))
    ols = np.linalg.lstsq(Z, y, rcond=None)[0]
    for k in (3, 30):
        assert np.allclose(steps[k], V @ ((1 - (1 - eta * s) ** k) * (V.T @ ols)), atol=1e-10)
    assert training.early_stopping_lam(0.05, 50) == pytest.approx(0.4)


def test_dropout_training_averages_to_the_weighted_ridge_and_is_seeded(data) -> None:
    X, y = data
    q = 0.7
    m = training.Moments.of(X, y)
    runs = training.dropout_run(X, y, q, 3000, seed=0, chains=8)
    trained = runs[:, 1500:].mean(axis=(0, 1))
    # averaged over masks: ‖y − Xw‖² + ((1 − q)/q)·Σ‖X_j‖² w_j² (lesson-math.md), i.e. ridge on
    # the inputs X_j / d_j, d_j = √(‖X_j‖²/n), with α = n(1 − q)/q, its weights then divided by d_j
    d = np.sqrt((X**2).mean(axis=0))
    model = Ridge(alpha=len(y) * (1 - q) / q, solver="cholesky").fit(X / d, y)
    exact = np.r_[model.coef_ / d, model.intercept_]
    assert np.allclose(training.ridge(m, [training.dropout_lam(q)], np.diag(m.G)[:-1])[0], exact, atol=1e-10)
    assert np.linalg.norm(trained - exact) / np.linalg.norm(exact) < 0.02
    again = training.dropout_run(X, y, q, 50, seed=0, chains=2)
    assert np.array_equal(again, training.dropout_run(X, y, q, 50, seed=0, chains=2))
    assert not np.array_equal(again, training.dropout_run(X, y, q, 50, seed=1, chains=2))
    with pytest.raises(ValueError, match="keep probability"):
        training.dropout_run(X, y, 0.0, 5, 0)


def test_on_standardised_features_dropout_is_ridge_with_lambda_1_minus_q_over_q() -> None:
    tf = datasets.two_feature(0.5, (1.0, 1.0), None, 200, 0.3, 0)  # unit-variance, centred columns
    for q in lesson.KEEPS:
        data = lesson.dropout(TWO.with_({"n": 200, "decay.keep": q}))
        assert data.values["lam"] == pytest.approx((1 - q) / q)
        assert np.allclose(data["plain"], sklearn_ridge(tf.X, tf.y, (1 - q) / q)[:-1], atol=1e-10)
        assert data.values["plain_gap"] < 1e-10


def test_unequal_scales_make_dropout_penalise_the_large_feature_more() -> None:
    data = lesson.dropout(TWO.with_({"geometry.scale": 4.0}))
    assert data["scale"][1] == pytest.approx(16.0 * data["scale"][0])
    assert data.values["plain_gap"] > 0.05  # the rule for standardised features is off here
    assert abs(data["exact"][1]) < abs(data["plain"][1])


@pytest.mark.parametrize("state", STATES, ids=["two", "poly", "stretched"])
def test_the_weight_decay_panel_runs_to_the_ridge_path_from_zero(state) -> None:
    data = lesson.weight_decay(state)
    X, y, _, _ = lesson.problem_data(state)
    path, eta = data["path"], data["eta"]
    assert path.shape == (LAMS.size, lesson.STEPS + 1, 2) and np.all(path[:, 0] == 0.0)
    m = training.Moments.of(X, y)
    assert np.allclose(eta, 1.0 / (np.linalg.eigvalsh(m.G)[-1] + LAMS))
    assert data.values["same"] < 1e-12
    for i in (0, 30, 60):
        ridge = sklearn_ridge(X, y, LAM_GRID[i])
        assert np.allclose(data["w"][i], ridge[:2], atol=1e-9)  # the contours' solution is sklearn's ridge
        assert data.values["gap"][i] == pytest.approx(
            np.linalg.norm(training.run(m, "decay", [LAMS[i]], eta[i], lesson.STEPS)[0, -1, :-1] - ridge[:-1]),
            abs=1e-9,
        )


def test_the_l1_panel_counts_exact_zeros_against_the_lasso() -> None:
    state = POLY.with_(lam=0.1)
    data = lesson.l1_steps(state)
    X, y, _, _ = lesson.problem_data(state)
    lasso = Lasso(alpha=0.1, tol=1e-12, max_iter=100_000).fit(X, y)
    i = state.lam_index
    assert data["lasso_zeros"][i] == np.sum(lasso.coef_ == 0) > 0
    assert data["weight"][i] - 1 == np.argmin(np.abs(lasso.coef_))
    assert data["ista_zeros"][i, -1] == data["lasso_zeros"][i]
    assert np.all(data["sub_zeros"][i] == 0) and data["sub_min"][i] > 0
    words = lesson.l1_words(state)
    assert f"sets {int(data['lasso_zeros'][i])} of the 6 weights to exactly 0" in words


def test_the_adam_panel_measures_distances_to_sklearns_ridge() -> None:
    data = lesson.adam(POLY)
    X, y, _, _ = lesson.problem_data(POLY)
    i = POLY.lam_index
    ridge = sklearn_ridge(X, y, POLY.lam)[:-1]
    assert np.allclose(data["ridge"][i], ridge, atol=1e-9)
    assert data["adam_l2_dist"][i, -1] == pytest.approx(np.linalg.norm(data["adam_l2_end"][i] - ridge), abs=1e-9)
    assert data["adam_l2_dist"][i, -1] < data["adamw_dist"][i, -1]
    assert data["at"][0] == 1 and data["at"][-1] == lesson.ADAM_STEPS


def test_early_stopping_matches_ridge_lambdas_and_marks_the_lowest_validation_error() -> None:
    data = lesson.early(POLY)
    X, y, Xv, yv = lesson.problem_data(POLY)
    at, val = data["at"], data["val"]
    assert at[0] == 1 and at[-1] == lesson.EARLY_STEPS and np.all(np.diff(at) > 0)
    assert data.values["stop"] == int(np.argmin(val))
    m = training.Moments.of(X, y)
    theta = training.gd_steps(m, data.values["eta"], at.astype(int))
    assert np.allclose(val, np.mean((yv[None, :] - theta[:, :-1] @ Xv.T - theta[:, -1:]) ** 2, axis=1))
    # each step's matched λ: sklearn's ridge there is at least as near as at the rule's λ
    for j in (3, 30, 60):
        w = theta[j, :-1]
        matched = sklearn_ridge(X, y, data["match"][j])[:-1]
        ruled = sklearn_ridge(X, y, data["rule"][j])[:-1]
        assert np.linalg.norm(matched - w) <= np.linalg.norm(ruled - w) + 1e-9
    assert np.allclose(data["rule"], 1.0 / (data.values["eta"] * at))


def test_the_early_markers_follow_lambda_to_the_step_it_names() -> None:
    data = lesson.early(TWO)
    eta = data.values["eta"]
    for i in (0, 30, 60):
        spec = figure_spec("early_val", data, i, "en")
        k = spec["layout"]["shapes"][0]["x0"]
        wanted = min(max(1.0 / (eta * LAM_GRID[i]), 1.0), lesson.EARLY_STEPS)
        assert abs(np.log(k) - np.log(wanted)) <= np.max(np.diff(np.log(data["at"]))) / 2 + 1e-12
        match = figure_spec("early_match", data, i, "en", {"lams": list(LAM_GRID)})
        assert match["layout"]["shapes"][1]["y0"] == LAM_GRID[i]


def test_a_lone_weight_still_gets_every_panel_but_the_contours() -> None:
    state = POLY.with_(degree=1)
    with pytest.raises(ValueError, match="at least two weights"):
        lesson.weight_decay(state)
    for build in (lesson.l1_steps, lesson.adam, lesson.early, lesson.dropout):
        data = build(state)
        assert all(np.all(np.isfinite(a)) for a in data.arrays.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_words_carry_the_current_numbers(lang: str) -> None:
    state = TWO.with_(lang=lang, lam=0.1)
    tex, words = lesson.decay_words(state)
    eta = lesson.weight_decay(state)["eta"][state.lam_index]
    assert "(1 - \\eta\\lambda)" in tex
    from regviz.text.numbers import num

    assert num(1 - eta * 0.1, 6) in words and num(eta) in words
    for text in (
        lesson.l1_words(state),
        lesson.adam_words(state),
        lesson.early_words(state),
        lesson.dropout_words(state),
    ):
        assert text and "{" not in text
    assert "0.25" in lesson.dropout_words(state)  # λ = (1 − 0.8)/0.8
