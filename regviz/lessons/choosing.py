"""Lesson 4 — choosing λ: k-fold cross-validation, the 1-SE rule and how optimistic CV is.

Panels (kinds in regviz.figures):

- ``cv`` (cv_lam): the mean validation error of k seeded folds along λ with its standard
  error and every fold's curve, the folds' training error and the error on the held-out
  test set of a fit to all training points; λ_min and the 1-SE λ;
- ``cv_degree`` (errors_degree): the CV error and the training error of every degree at
  every λ (the validation curve against the degree).

The folds are scikit-learn's (regviz.cv): the page shows the RidgeCV / LassoCV /
ElasticNetCV call that reproduces its numbers, and the tests run it.
"""

from __future__ import annotations

import numpy as np

from regviz import batch, cv
from regviz.evaluation import basis_for
from regviz.lessons.base import Lesson, Panel, PanelData
from regviz.lessons.common import FIT, max_degree, state_curve, state_fit
from regviz.params import LAMS, State, Widget, flag, integer, lesson_params
from regviz.text import t
from regviz.text.numbers import num

SLUG = "choosing"
PARAMS = lesson_params(
    SLUG,
    integer("k", 2, cv.MAX_FOLDS, 5, Widget("slider", "choosing.k", "choosing.k_help")),
    flag("by_degree", False, Widget("toggle", "choosing.show_by_degree")),  # k × 20 fits: on request
)


def folds(s: State) -> list[np.ndarray]:
    c = state_curve(s)
    return cv.kfold(c.y_train.size, min(s["choosing.k"], c.y_train.size), s.seed)


def cross_validation(s: State) -> PanelData:
    c = state_curve(s)
    fit = state_fit(s)
    X = fit.basis.transform(c.x_train)
    result = cv.cross_validate(X, c.y_train, folds(s), s.penalty, LAMS, s.l1_ratio)
    mean, se = result.mean, result.se
    i_min, i_1se = cv.choose(mean, se, LAMS)
    arrays = {
        "folds": result.validation,
        "cv_mean": mean,
        "cv_se": se,
        "cv_train": result.training.mean(axis=0),
        "test_mse": fit.test_mse,
    }
    values = {
        "k": len(result.validation),
        "n": int(c.y_train.size),
        "n_test": int(c.y_test.size),
        "i_min": i_min,
        "i_1se": i_1se,
        "lam_min": float(LAMS[i_min]),
        "lam_1se": float(LAMS[i_1se]),
    }
    return PanelData(arrays, values)


def cv_degree(s: State) -> PanelData:
    """CV and training error of every degree at every λ: all folds' degrees as one batch.

    The scaled Legendre features are nested, so degree d uses the first d columns of the
    top degree's design, and centring a fold's columns serves every degree at once (and,
    for L0, one search scores every degree of a fold; L1 and Elastic Net walk all folds at once).
    """
    c = state_curve(s)
    top = max_degree(s.penalty)
    X = basis_for(c, top).transform(c.x_train)
    y = c.y_train
    allowed = np.arange(top)[None, :] < np.arange(1, top + 1)[:, None]
    splits, problems = [], []
    for rows in folds(s):
        rest = np.setdiff1d(np.arange(y.size), rows)
        xm, ym = X[rest].mean(axis=0), y[rest].mean()
        splits.append((rows, xm, ym))
        problems.append(batch.Batch.from_design(X[rest] - xm, np.tile(y[rest] - ym, (top, 1)), allowed))
    Ws = batch.paths_each(problems, s.penalty, LAMS, s.l1_ratio)  # per fold: (degrees, L, top)
    val, train = zip(*(cv.fold_errors(W, X, y, *split) for W, split in zip(Ws, splits, strict=True)), strict=True)
    values = {"degrees": list(range(1, top + 1)), "title": "choosing.vs_degree", "second": "fig.cv_error"}
    return PanelData({"train": np.mean(train, axis=0), "test": np.mean(val, axis=0)}, values)


def _cheap(s: State) -> bool:
    return s.penalty in ("none", "l2")


LESSON = Lesson(
    slug=SLUG,
    title="choosing.title",
    nav="nav.choosing",
    icon="🎯",
    page="pages/choosing.py",
    params=PARAMS,
    panels=(
        Panel("cv", ("cv_lam",), (*FIT, "degree", "choosing.k"), cross_validation, height=480),
        Panel("cv_degree", ("errors_degree",), (*FIT, "choosing.k"), cv_degree, heavy=lambda s: not _cheap(s)),
    ),
)


def summary_words(s: State) -> tuple[str, str, float, float]:
    """λ_min and the 1-SE λ with their CV errors, how optimistic CV was, and the two λ."""
    data = LESSON.data("cv", s)
    a, v = data.arrays, data.values
    i_min, i_1se = v["i_min"], v["i_1se"]
    if s.penalty == "none":
        return t("choosing.no_lam", s.lang), "", v["lam_min"], v["lam_1se"]
    summary = t(
        "choosing.result",
        s.lang,
        k=v["k"],
        lam_min=num(v["lam_min"]),
        cv_min=num(a["cv_mean"][i_min]),
        se=num(a["cv_se"][i_min]),
        lam_1se=num(v["lam_1se"]),
        cv_1se=num(a["cv_mean"][i_1se]),
    )
    i = s.lam_index
    here = t(
        "choosing.here",
        s.lang,
        lam=num(s.lam),
        cv=num(a["cv_mean"][i]),
        se=num(a["cv_se"][i]),
        test=num(a["test_mse"][i]),
    )
    summary = f"{summary}\n\n{here}"
    test, cvmin = float(a["test_mse"][i_min]), float(a["cv_mean"][i_min])
    optimism = t(
        "choosing.optimism",
        s.lang,
        n_test=v["n_test"],
        test=num(test),
        cv=num(cvmin),
        ratio=num(test / max(cvmin, 1e-300), 2),
        test_1se=num(a["test_mse"][i_1se]),
        best=num(float(np.min(a["test_mse"]))),
    )
    return summary, optimism, v["lam_min"], v["lam_1se"]


SKLEARN = {"l1": "LassoCV", "elasticnet": "ElasticNetCV", "l2": "RidgeCV"}


def sklearn_code(s: State) -> str:
    """The scikit-learn call that reproduces this page's CV on the same folds (a test runs it)."""
    if s.penalty not in SKLEARN:
        return ""
    k = len(folds(s))
    lines = [
        "import numpy as np",
        "from sklearn.model_selection import KFold",
        f"from sklearn.linear_model import {SKLEARN[s.penalty]}",
        "from regviz.evaluation import basis_for",
        "from regviz.lessons.common import curve",
        "",
        f"c = curve({s.data!r}, {s.n}, {s.noise}, {s.seed})  # this page's data: name, n, noise, seed",
        f"X, y = basis_for(c, {s.degree}).transform(c.x_train), c.y_train  # {s.degree} scaled Legendre features",
        'lams = np.array([float(f"{v:.3g}") for v in np.logspace(-5, 1, 61)])  # the λ grid of the slider',
        f"folds = KFold(n_splits={k}, shuffle=True, random_state={s.seed})",
    ]
    if s.penalty == "l2":
        n_fold = state_curve(s).y_train.size - len(folds(s)[0])
        lines += [
            f"model = RidgeCV(alphas={n_fold} * lams, cv=folds, scoring='neg_mean_squared_error').fit(X, y)",
            f"print(model.alpha_ / {n_fold})  # λ_min: RidgeCV's α is n_fold·λ",
        ]
    else:
        ratio = f", l1_ratio={s.l1_ratio}" if s.penalty == "elasticnet" else ""
        lines += [
            f"model = {SKLEARN[s.penalty]}(alphas=lams{ratio}, cv=folds, tol=1e-8, max_iter=1_000_000).fit(X, y)",
            "print(model.alpha_)  # λ_min; model.mse_path_ holds every fold's validation error",
        ]
    return "\n".join(lines)


def sklearn_words(s: State) -> str:
    if s.penalty not in SKLEARN:
        return t(f"choosing.sklearn_{s.penalty}", s.lang)
    n = state_curve(s).y_train.size
    k = len(folds(s))
    key = "choosing.sklearn_ridge" if s.penalty == "l2" else "choosing.sklearn_lasso"
    uneven = s.penalty == "l2" and n % k != 0
    return t(key, s.lang, name=SKLEARN[s.penalty], k=k, seed=s.seed) + (
        t("choosing.sklearn_uneven", s.lang, n=n, k=k) if uneven else ""
    )
