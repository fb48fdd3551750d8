"""Lesson 4 against scikit-learn on the same folds: KFold, LassoCV, ElasticNetCV, RidgeCV."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNetCV, Lasso, LassoCV
from sklearn.model_selection import KFold

from regviz import cv
from regviz.evaluation import basis_for
from regviz.figures import figure_spec
from regviz.lessons import choosing as lesson
from regviz.lessons.common import state_curve
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, LAMS


def features(state):
    c = state_curve(state)
    return basis_for(c, state.degree).transform(c.x_train), c.y_train, c


@pytest.mark.parametrize("n,k,seed", [(30, 5, 0), (31, 4, 7), (10, 10, 3), (300, 2, 99999)])
def test_folds_are_scikit_learns(n: int, k: int, seed: int) -> None:
    ours = cv.kfold(n, k, seed)
    theirs = [test for _, test in KFold(k, shuffle=True, random_state=seed).split(np.zeros((n, 1)))]
    assert len(ours) == k and all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


def test_bad_fold_counts_are_input_errors() -> None:
    for n, k in ((5, 6), (30, 1), (30, 11)):
        with pytest.raises(ValueError, match="number of folds"):
            cv.kfold(n, k, 0)


@pytest.mark.parametrize(
    "penalty,rho,k,seed,degree",
    [("l1", 0.5, 5, 0, 9), ("l1", 0.5, 3, 4, 6), ("elasticnet", 0.3, 5, 2, 8), ("elasticnet", 0.7, 10, 1, 5)],
)
def test_cv_errors_and_lambda_min_equal_lassocv_and_elasticnetcv(penalty, rho, k, seed, degree) -> None:
    state = DEFAULT.with_({"penalty": penalty, "l1_ratio": rho, "seed": seed, "degree": degree, "choosing.k": k})
    data = lesson.cross_validation(state)
    X, y, _ = features(state)
    folds = KFold(k, shuffle=True, random_state=seed)
    kw = {"alphas": LAMS, "cv": folds, "tol": 1e-12, "max_iter": 10**6}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a non-converged oracle proves nothing
        model = LassoCV(**kw) if penalty == "l1" else ElasticNetCV(l1_ratio=rho, **kw)
        model.fit(X, y)
    path = np.asarray(model.mse_path_)[::-1]  # scikit-learn runs λ from large to small
    assert np.allclose(data["folds"], path.T, rtol=1e-6, atol=1e-9)
    assert data.values["lam_min"] == pytest.approx(model.alpha_)


def test_ridge_lambda_min_equals_ridgecv_with_the_mapped_alpha() -> None:
    state = DEFAULT.with_({"penalty": "l2", "seed": 3, "degree": 12, "choosing.k": 5})  # n = 30: folds of 24
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(lesson.sklearn_code(state), {})  # the code shown on the page
    assert float(out.getvalue()) == pytest.approx(lesson.cross_validation(state).values["lam_min"])


@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
def test_the_code_on_the_page_prints_lambda_min(penalty: str) -> None:
    state = DEFAULT.with_({"penalty": penalty, "l1_ratio": 0.4, "seed": 5, "choosing.k": 4})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(lesson.sklearn_code(state), {})
    assert float(out.getvalue()) == pytest.approx(lesson.cross_validation(state).values["lam_min"])


def test_one_standard_error_rule() -> None:
    lams = np.array([0.01, 0.1, 1.0, 10.0])
    mean = np.array([0.50, 0.30, 0.34, 0.90])
    se = np.array([0.02, 0.05, 0.02, 0.1])
    assert cv.choose(mean, se, lams) == (1, 2)  # 0.34 ≤ 0.30 + 0.05; 0.90 is not
    assert cv.choose(mean, np.zeros(4), lams) == (1, 1)
    state = DEFAULT.with_(seed=2)
    data = lesson.cross_validation(state)
    i_min, i_1se = data.values["i_min"], data.values["i_1se"]
    m, s = data["cv_mean"], data["cv_se"]
    assert m[i_min] == m.min() and LAMS[i_1se] >= LAMS[i_min]
    assert m[i_1se] <= m[i_min] + s[i_min]
    bigger = LAMS[i_1se] < LAMS
    assert np.all(m[bigger] > m[i_min] + s[i_min])
    assert np.allclose(s, data["folds"].std(axis=0, ddof=1) / np.sqrt(data["folds"].shape[0]))


def test_held_out_error_is_a_fit_to_all_training_points() -> None:
    state = DEFAULT.with_(seed=6)
    data = lesson.cross_validation(state)
    X, y, c = features(state)
    X_test = basis_for(c, state.degree).transform(c.x_test)
    for i in (20, 40):
        model = Lasso(alpha=LAMS[i], tol=1e-12, max_iter=10**6).fit(X, y)
        assert data["test_mse"][i] == pytest.approx(np.mean((model.predict(X_test) - c.y_test) ** 2), rel=1e-6)


def test_the_validation_curve_against_degree_is_cv_of_each_degree() -> None:
    state = DEFAULT.with_({"seed": 1, "choosing.k": 4})
    data = lesson.cv_degree(state)
    for degree in (2, 7, 13):
        X, y, _ = features(state.with_(degree=degree))
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)  # a non-converged oracle proves nothing
            # scikit-learn's coordinate descent cannot converge on tiny λ at high degree: λ ≥ 10⁻³
            model = LassoCV(alphas=LAMS[20:], cv=KFold(4, shuffle=True, random_state=1), tol=1e-10, max_iter=10**6)
            model.fit(X, y)
        ours = cv.cross_validate(X, y, cv.kfold(y.size, 4, 1), "l1", LAMS, 1.0)  # one degree, one batch per fold
        assert np.allclose(data["test"][degree - 1], ours.mean, rtol=1e-5)
        assert np.allclose(data["train"][degree - 1], ours.training.mean(axis=0), rtol=1e-5)
        theirs = np.asarray(model.mse_path_)[::-1].mean(axis=1)
        assert np.allclose(data["test"][degree - 1][20:], theirs, rtol=1e-6)


def test_the_elastic_net_validation_curve_against_degree_is_elasticnetcv_of_each_degree() -> None:
    """All folds' degrees are walked as one batch: each still equals its own ElasticNetCV."""
    state = DEFAULT.with_({"seed": 2, "choosing.k": 3, "penalty": "elasticnet", "l1_ratio": 0.3})
    data = lesson.cv_degree(state)
    for degree in (1, 5, 11):
        X, y, _ = features(state.with_(degree=degree))
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            model = ElasticNetCV(l1_ratio=0.3, alphas=LAMS[20:], cv=KFold(3, shuffle=True, random_state=2),
                                 tol=1e-10, max_iter=10**6).fit(X, y)  # fmt: skip
        assert np.allclose(data["test"][degree - 1][20:], np.asarray(model.mse_path_)[::-1].mean(axis=1), rtol=1e-6)
        ours = cv.cross_validate(X, y, cv.kfold(y.size, 3, 2), "elasticnet", LAMS, 0.3)
        assert np.allclose(data["train"][degree - 1], ours.training.mean(axis=0), rtol=1e-5)


def test_words_and_chart_follow_the_state_in_both_languages() -> None:
    state = DEFAULT.with_(lam=LAM_GRID[20])
    summary, optimism, lam_min, lam_1se = lesson.summary_words(state)
    assert "λ_min" in summary and "1-SE" in summary and f"λ = {LAM_GRID[20]:g}" in summary
    assert "held-out test points" in optimism
    zh, zh_opt, *_ = lesson.summary_words(state.with_(lang="zh"))
    assert "交叉验证" in zh and "留出测试点" in zh_opt
    assert lesson.summary_words(state.with_(lam=LAM_GRID[30]))[0] != summary
    data = lesson.cross_validation(state)
    spec = figure_spec("cv_lam", data, 20, "en")
    assert spec["layout"]["shapes"][0]["x0"] == LAM_GRID[20]
    lines = {tr["name"]: tr["x"] for tr in spec["data"] if tr["name"].startswith("λ_")}
    assert lines == {f"λ_min = {lam_min:g}": [lam_min] * 2, f"λ_1SE = {lam_1se:g}": [lam_1se] * 2}
    assert "no λ to choose" in lesson.summary_words(state.with_(penalty="none"))[0]
    assert lesson.sklearn_code(state.with_(penalty="l0")) == ""
    assert "no best-subset" in lesson.sklearn_words(state.with_(penalty="l0"))
