"""How far a fit's weights can be trusted: the condition number of the system they solve at
each λ (against NumPy's own np.linalg.cond), the notes the pages show, and what the Python API
says of a fit on ill-conditioned or degenerate data."""

from __future__ import annotations

import numpy as np
import pytest

import regviz
from regviz import datasets
from regviz.conditioning import UNSTABLE, cautions, power_of_ten, support_conditions
from regviz.figures import payload
from regviz.lessons import registry
from regviz.lessons.common import design, poly_fit
from regviz.params import LAMS
from regviz.text import t


def test_ridge_condition_is_that_of_the_shrunk_gram_matrix() -> None:
    problem = design(datasets.synthetic(30, 0.3, 1), 20)[1]
    W = regviz.path(problem.Xc, problem.yc, "l2", LAMS).coefs
    got = support_conditions(problem.H, W, LAMS, "l2", 0.5)
    want = [np.linalg.cond(problem.H + lam * np.eye(20)) for lam in LAMS]
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert got[0] > got[-1]  # λ steadies the weights


def test_sparse_fits_are_conditioned_on_their_support() -> None:
    problem = design(datasets.synthetic(30, 0.3, 0), 12)[1]
    W = regviz.path(problem.Xc, problem.yc, "elasticnet", LAMS, 0.3).coefs
    got = support_conditions(problem.H, W, LAMS, "elasticnet", 0.3)
    for i in (0, 30, 50):
        A = np.flatnonzero(W[i])
        sub = problem.H[np.ix_(A, A)] + 0.7 * LAMS[i] * np.eye(A.size)
        assert got[i] == pytest.approx(np.linalg.cond(sub), rel=1e-6)
    assert got[-1] == 1.0  # all weights zero at the largest λ: nothing to solve


def test_dependent_features_are_singular_without_a_penalty_and_not_with_ridge() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    X = np.column_stack([X, X[:, 0] - 2 * X[:, 1]])  # the fourth column is a combination
    y = X[:, 0] + rng.standard_normal(20)
    plain = regviz.fit(X, y, "none")
    assert plain.condition == np.inf and not plain.well_conditioned
    ridge = regviz.fit(X, y, "l2", 1e-3)
    assert np.isfinite(ridge.condition) and ridge.well_conditioned
    assert regviz.path(X, y, "l2", [0.0, 1e-3]).well_conditioned is False  # λ = 0 is singular


def test_a_tiny_column_makes_an_unpenalised_fit_unstable_and_the_api_says_so() -> None:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 3)) * np.array([1.0, 1.0, 1e-5])
    y = X @ np.ones(3) + 0.1 * rng.standard_normal(40)
    f = regviz.fit(X, y, "none")
    assert UNSTABLE <= f.condition < np.inf and not f.well_conditioned
    assert regviz.fit(X / X.std(axis=0), y, "none").well_conditioned  # standardised: fine


def test_cautions_name_each_lambda_and_share_notes_between_neighbours() -> None:
    conditions = np.array([np.inf, 3e9, 5e9, 10.0, 2.0])
    kkt = np.array([0.0, 0.0, 0.0, 4e-9, 0.0])
    out = cautions(conditions, kkt)
    assert out is not None
    assert out["index"] == [0, 1, 1, 2, -1]
    assert out["notes"] == [
        [("caution.singular", {})],
        [("caution.unstable", {"cond": "10⁹"})],
        [("caution.uncertified", {"kkt": "10⁻⁸"})],
    ]
    assert cautions(np.array([1.0, 1e7]), np.array([0.0, 1e-10])) is None  # below both lines
    assert cautions(np.array([np.inf]), penalised=False)["notes"] == [[("caution.singular_unpenalised", {})]]


def test_powers_of_ten_are_written_as_a_reader_writes_them() -> None:
    assert [power_of_ten(k) for k in (8, -10, 0, 12)] == ["10⁸", "10⁻¹⁰", "10⁰", "10¹²"]


def _caution(slug: str, panel: str, lang: str, **changes) -> dict | None:
    lesson = registry.lesson(slug)
    data = registry.build(lesson, panel, registry.DEFAULT.with_(**changes))
    return payload.decode(payload.encode(data, lesson.panel(panel).charts, lang)).get("caution")


def test_the_fit_panels_carry_the_note_in_the_users_language() -> None:
    # 10 points (7 for training) and degree 12: more weights than the data can determine
    singular = {"n": 10, "degree": 12, "penalty": "none"}
    for slug, panel in (("overfitting", "fit"), ("geometry", "poly_pair")):
        for lang in ("en", "zh"):
            c = _caution(slug, panel, lang, **singular)
            assert c == {"index": [0] * len(LAMS), "notes": [t("caution.singular_unpenalised", lang)]}
        assert _caution(slug, panel, "en", **{**singular, "penalty": "l2"}) is None  # ridge fixes it
    assert _caution("overfitting", "fit", "en") is None  # the default state is well conditioned
    # degree 20 on 21 training points: nearly dependent, 10¹⁰ (NumPy: np.linalg.cond of H)
    c = _caution("overfitting", "fit", "zh", n=30, seed=1, degree=20, penalty="none")
    assert c["notes"] == [t("caution.unstable_unpenalised", "zh", cond="10¹⁰")]
    # the paths page speaks of the current penalty's paths; it draws no unpenalised path
    assert _caution("paths", "paths", "en", n=10, degree=12, penalty="l0") is None


@pytest.mark.parametrize("penalty,rho", [("l2", 0.5), ("l1", 1.0), ("elasticnet", 0.5), ("l0", 1.0)])
def test_every_penalised_fit_of_the_built_in_data_is_well_conditioned(penalty: str, rho: float) -> None:
    """What the README says: on the app's data, only unpenalised fits get a note."""
    for n in (10, 30):
        for seed in range(3):
            for degree in (9, 12, 15) if penalty == "l0" else (9, 12, 15, 20):
                assert poly_fit("synthetic", n, 0.3, seed, degree, penalty, rho).caution is None, (n, seed, degree)
