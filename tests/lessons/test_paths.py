"""Lesson 3's arrays against scikit-learn and brute force: paths, best subset, twins, selection."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, Ridge, lars_path

from regviz import datasets
from regviz.figures import figure_spec
from regviz.lessons import paths as lesson
from regviz.lessons.common import design, state_curve
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, LAMS

IDX = (10, 25, 35, 45)


def sk_fit(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a non-converged oracle proves nothing
        return model.fit(X, y).coef_


@pytest.mark.parametrize("degree,rho", [(5, 0.5), (9, 0.3)])
def test_the_three_paths_are_scikit_learns(degree: int, rho: float) -> None:
    state = DEFAULT.with_(degree=degree, l1_ratio=rho, seed=4)
    data = lesson.paths(state)
    c = state_curve(state)
    X = design(c, degree)[0].transform(c.x_train)
    y, n = c.y_train, c.y_train.size
    for i in IDX:
        lam = LAMS[i]
        assert np.allclose(data["l2"][i], sk_fit(Ridge(alpha=n * lam), X, y), atol=1e-7)
        assert np.allclose(data["l1"][i], sk_fit(Lasso(alpha=lam, tol=1e-12, max_iter=10**6), X, y), atol=1e-6)
        enet = ElasticNet(alpha=lam, l1_ratio=rho, tol=1e-12, max_iter=10**6)
        assert np.allclose(data["elasticnet"][i], sk_fit(enet, X, y), atol=1e-6)


def test_best_subset_is_the_brute_force_optimum_and_stops_at_fifteen() -> None:
    state = DEFAULT.with_(degree=5, seed=1)
    data = lesson.paths(state)
    c = state_curve(state)
    X = design(c, 5)[0].transform(c.x_train)
    Xc, yc = X - X.mean(axis=0), c.y_train - c.y_train.mean()
    n = yc.size
    for i in IDX:
        best = np.inf
        for k in range(6):
            for S in itertools.combinations(range(5), k):
                w = np.linalg.lstsq(Xc[:, S], yc, rcond=None)[0] if S else np.zeros(0)
                r = yc - Xc[:, S] @ w
                best = min(best, r @ r / (2 * n) + LAMS[i] * k)
        w = data["l0"][i]
        r = yc - Xc @ w
        assert r @ r / (2 * n) + LAMS[i] * np.count_nonzero(w) == pytest.approx(best, rel=1e-9, abs=1e-12)
    assert "l0" not in lesson.paths(DEFAULT.with_(degree=16)).arrays
    assert lesson.subsets_searched(15) == 32768


def test_entry_and_exit_events_of_a_path() -> None:
    W = np.zeros((5, 2))  # rows: λ small → large
    W[:3, 0] = 1.0  # w1 non-zero for the three smallest λ: enters at index 2 as λ falls
    W[1, 1] = 1.0  # w2 enters at index 1 and leaves again at index 0
    assert lesson.events(W) == [(0, 2, True), (1, 1, True), (1, 0, False)]


def test_every_chart_marks_the_current_lambda_and_counts_the_kept_weights() -> None:
    state = DEFAULT.with_(degree=6)
    data = lesson.paths(state)
    for i in (5, 40):
        spec = figure_spec("coef_paths", data, i, "en")
        assert [s["x0"] for s in spec["layout"]["shapes"]] == [LAM_GRID[i]] * 3
        kept = figure_spec("kept", data, i, "en")
        counts = {p: int(np.count_nonzero(data[p][i])) for p in ("l0", "l1", "l2")}
        title = kept["layout"]["title"]["text"]
        assert f"L0 keeps {counts['l0']}, L1 keeps {counts['l1']}, L2 keeps {counts['l2']} of 6" in title
        zeros = next(tr for tr in kept["data"] if tr.get("uid") == "zeros")
        assert len(zeros["x"]) == sum(6 - v for v in counts.values())
        support = figure_spec("support", data, i, "en")
        l1 = next(tr for tr in support["data"] if tr["name"].startswith("L1"))
        assert l1["y"][i] == counts["l1"]


def test_the_current_penalty_is_emphasised() -> None:
    spec = figure_spec("coef_paths", lesson.paths(DEFAULT.with_(penalty="l2")), 0, "en")
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert titles[0].startswith("<b>L2") and not titles[1].startswith("<b>")


def twin(kind: str, **kw) -> tuple:
    state = DEFAULT.with_({"paths.twin": kind, **kw})
    problem = lesson.twin_problem(state)
    X, y = problem.Xc + problem.x_mean, problem.yc + problem.y_mean
    return state, lesson.twin(state), X, y


def lasso_objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    r = yc - Xc @ w
    return float(r @ r / (2 * len(y)) + lam * np.abs(w).sum())


def test_a_duplicated_feature_has_a_segment_of_lasso_optima_and_solvers_disagree_on_it() -> None:
    _, data, X, y = twin("duplicate")
    assert np.array_equal(X[:, 0], X[:, 1])
    for i in IDX:
        lam = LAMS[i]
        x0, y0, x1, y1 = data["segment"][i]
        total = x0 + y0
        assert (x1, y1) == (0.0, total) and y0 == 0.0
        best = lasso_objective(X, y, np.array([total, 0.0]), lam)
        for name in ("cd", "ours", "pg_a", "pg_b"):
            w = data[name][i]
            assert w.sum() == pytest.approx(total, abs=1e-8)  # on the segment …
            assert np.all(w * np.sign(total) >= -1e-12)
            assert lasso_objective(X, y, w, lam) == pytest.approx(best, abs=1e-10)  # … and optimal
        sk = sk_fit(Lasso(alpha=lam, tol=1e-14, max_iter=10**6), X, y)
        assert np.allclose(data["cd"][i], sk, atol=1e-10)  # the order of coordinates decides
        n = len(y)
        ridge = sk_fit(Ridge(alpha=n * lam), X, y)
        assert np.allclose(data["ridge"][i], ridge, atol=1e-9) and ridge[0] == pytest.approx(ridge[1])
        enet = sk_fit(ElasticNet(alpha=lam, l1_ratio=0.5, tol=1e-14, max_iter=10**6), X, y)
        assert np.allclose(data["enet"][i], enet, atol=1e-8) and enet[0] == pytest.approx(enet[1])
    i = LAM_GRID.index(0.01)
    points = np.array([data[k][i] for k in ("cd", "ours", "pg_a", "pg_b")])
    assert np.ptp(points[:, 0]) > 0.5 * abs(data["segment"][i, 0])  # far apart on one segment


@pytest.mark.parametrize("kind", ["collinear", "independent"])
def test_distinct_features_have_one_lasso_optimum_every_solver_finds(kind: str) -> None:
    _, data, X, y = twin(kind)
    assert np.isnan(data["segment"]).all()
    for i in IDX:
        sk = sk_fit(Lasso(alpha=LAMS[i], tol=1e-14, max_iter=10**6), X, y)
        for name in ("cd", "ours", "pg_a", "pg_b"):
            assert np.allclose(data[name][i], sk, atol=1e-6), (name, i)


def test_twin_words_name_the_segment_and_the_solvers_in_both_languages() -> None:
    state = DEFAULT.with_({"paths.twin": "duplicate", "lam": 0.01})
    en, zh = lesson.twin_words(state), lesson.twin_words(state.with_(lang="zh"))
    assert "segment" in en and "scikit-learn" in en
    assert "线段" in zh and "岭回归" in zh
    assert "unique" in lesson.twin_words(state.with_({"paths.twin": "collinear"}))
    assert "(0, 0)" in lesson.twin_words(state.with_(lam=10.0))


def test_diabetes_features_enter_in_lars_order() -> None:
    table = datasets.diabetes()
    data = lesson.selection(DEFAULT)
    _, _, coefs = lars_path(table.X, table.y - table.y.mean(), method="lasso")
    first = [int(np.argmax(coefs[j] != 0)) for j in range(coefs.shape[0])]  # LARS's step of entry
    order = [datasets.DIABETES_FEATURES[j] for j in np.argsort(first, kind="stable")]
    assert data.values["order"] == order
    assert data.values["order"][:3] == ["bmi", "s5", "bp"]
    i = 30
    assert np.allclose(data["coefs"][i], sk_fit(Lasso(alpha=LAMS[i], tol=1e-12), table.X, table.y), atol=1e-6)
    words = lesson.selection_words(DEFAULT)
    assert words.index("bmi") < words.index("s5") < words.index("bp")
    spec = figure_spec("named_paths", data, i, "en")
    kept = [datasets.DIABETES_FEATURES[j] for j in np.flatnonzero(data["coefs"][i])]
    assert spec["layout"]["title"]["text"].endswith(", ".join(kept))


def test_the_honest_cost_of_best_subset_in_both_languages() -> None:
    s = DEFAULT.with_(degree=12)
    assert "4,096 subsets" in lesson.cost_words(s) and "1,048,576" in lesson.cost_words(s)
    assert "4,096" in lesson.cost_words(s.with_(lang="zh"))
    assert "stops at 15" in lesson.cost_words(s.with_(degree=18))
