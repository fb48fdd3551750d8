"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance.

Panels (kinds in regviz.figures):

- ``fit`` (fit, coefs, errors_lam): data, true curve and the polynomial of the current
  degree at every λ (its weights ``coefs`` (L, d) and ``intercepts``: the browser evaluates
  the scaled Legendre basis itself), the weights, and train/test error along λ;
- ``degrees`` (errors_degree): train/test error of every degree (D, L) — 20 fits;
- ``bias_variance`` (bias_variance): bias², variance along λ from resampled training sets,
  and the 10–90 % band of the refits that the fitted-curve chart draws;
- ``bv_degree`` (bias_variance_degree): the same decomposition along the degree at the
  current λ (20 degrees × the resamples; off unless the student asks).
"""

from __future__ import annotations

import numpy as np

from regviz import batch
from regviz.datasets import DOMAIN, resample_targets, true_function
from regviz.evaluation import fit_mse, fit_verdict
from regviz.features import PolynomialBasis
from regviz.lessons import words
from regviz.lessons.base import Lesson, Panel, PanelData
from regviz.lessons.common import (
    DATA,
    FIT,
    best_ridge_test,
    degree_batch,
    max_degree,
    state_curve,
    state_fit,
)
from regviz.params import LAMS, State, Widget, flag, lesson_params

SLUG = "overfitting"
X_POINTS = 200  # the fitted curve is drawn at this many x values
BAND_POINTS = 51  # and the band of refits at this many
BV_POINTS = 101  # bias² and variance are averaged over this many test inputs


def has_truth(s: State) -> bool:
    """Only the synthetic data have a true curve: the bias–variance panels need it."""
    return s.data == "synthetic"


PARAMS = lesson_params(SLUG, flag("bv_degree", False, Widget("toggle", "overfit.show_bv_degree"), visible=has_truth))
BV = ("n", "noise", "seed", "penalty", "l1_ratio")
BV_DEGREE_REPS = 10  # resampled training sets for the decomposition along the degree (20 fits each)
CHEAP = ("none", "l2")  # closed-form penalties: their many fits cost a millisecond


def reps(penalty: str, degree: int) -> int:
    """Resampled training sets per state: fewer where one best-subset search is 2¹⁰ or more."""
    return 10 if penalty == "l0" and degree > 9 else 30


def fit(s: State) -> PanelData:
    c = state_curve(s)
    f = state_fit(s)
    y_all = np.concatenate([c.y_train, c.y_test])
    pad = 0.25 * float(np.ptp(y_all)) + 1e-9
    x_grid = np.linspace(*c.domain, X_POINTS)
    arrays = {
        "x_train": c.x_train,
        "y_train": c.y_train,
        "x_test": c.x_test,
        "y_test": c.y_test,
        "coefs": f.coefs,
        "intercepts": f.intercepts,
        "train_mse": f.train_mse,
        "test_mse": f.test_mse,
        "y_range": np.array([y_all.min() - pad, y_all.max() + pad]),
    }
    if c.has_truth:
        arrays["truth"] = true_function(x_grid)
    values = {
        "domain": list(c.domain),
        "points": X_POINTS,
        "degree": s.degree,
        "lam_max": f.lam_max,
        "best": best_ridge_test(*s.subset(DATA)),  # for the verdict: the best reachable on these data
        "caution": f.caution,
    }
    return PanelData(arrays, values)


def degrees(s: State) -> PanelData:
    """Train and test error of every degree at every λ, from one batch of fits."""
    c = state_curve(s)
    top = max_degree(s.penalty)
    basis, b, y_mean = degree_batch(c, top)
    W = batch.paths(b, s.penalty, LAMS, s.l1_ratio)  # (D, L, top)
    X_train, X_test = basis.transform(c.x_train), basis.transform(c.x_test)
    intercepts = y_mean - W @ X_train.mean(axis=0)
    train, test = fit_mse(W, intercepts, X_train, c.y_train), fit_mse(W, intercepts, X_test, c.y_test)
    return PanelData({"train": train, "test": test}, {"degrees": list(range(1, top + 1))})


def _resampled_fits(s: State, degree: int, R: int) -> tuple[PolynomialBasis, np.ndarray, np.ndarray]:
    """Weights (R, L, d) and intercepts (R, L) on R training sets with the same inputs, new noise."""
    c = state_curve(s)
    Y = resample_targets(c.x_train, s.noise, np.random.default_rng(s.seed), R)
    basis = PolynomialBasis(degree, *DOMAIN)
    X = basis.transform(c.x_train)
    y_mean = Y.mean(axis=1)
    W = batch.paths(batch.Batch.from_design(X - X.mean(axis=0), Y - y_mean[:, None]), s.penalty, LAMS, s.l1_ratio)
    return basis, W, y_mean[:, None] - W @ X.mean(axis=0)


def _decompose(W: np.ndarray, b: np.ndarray, basis: PolynomialBasis, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """bias² and variance averaged over inputs x of the fits φ(x)·w + b, for weights W
    (R, ..., d) and intercepts b (R, ...) on R resampled training sets: bias² is the mean
    fit's squared error against the truth, variance the mean squared deviation of each fit
    from the mean fit, both from the coefficients (``fit_mse``)."""
    phi = basis.transform(x)[:, : W.shape[-1]]
    mean_w, mean_b = W.mean(axis=0), b.mean(axis=0)
    bias2 = fit_mse(mean_w, mean_b, phi, true_function(x))
    return bias2, fit_mse(W - mean_w, b - mean_b, phi, np.zeros(x.size)).mean(axis=0)


def bias_variance(s: State) -> PanelData:
    """bias² + variance + noise along λ; the band of refits for the fitted-curve chart.

    For R training sets with the same inputs and fresh noise, at fixed test inputs x:
    ``bias² = mean_x (E_r f̂_r(x) − f(x))²``, ``variance = mean_x Var_r f̂_r(x)``,
    ``noise = σ²``; their sum is the expected test error.
    """
    R = reps(s.penalty, s.degree)
    basis, W, b0 = _resampled_fits(s, s.degree, R)
    x_eval, x_band = np.linspace(*DOMAIN, BV_POINTS), np.linspace(*DOMAIN, BAND_POINTS)
    bias2, variance = _decompose(W, b0, basis, x_eval)
    lo, hi = np.quantile(W @ basis.transform(x_band).T + b0[..., None], [0.1, 0.9], axis=0)
    arrays = {"bias2": bias2, "variance": variance, "band_lo": lo, "band_hi": hi, "x_band": x_band}
    return PanelData(arrays, {"noise": s.noise**2, "reps": R})


def bv_degree(s: State) -> PanelData:
    """The decomposition along the degree at every λ: every degree × resample in one batch.

    The scaled Legendre features are nested, so degree d's fits use the first d columns
    of the top degree's. ``bias2`` and ``variance`` are (L, degrees), so λ moves it in the
    browser like every other chart.
    """
    c = state_curve(s)
    top = max_degree(s.penalty)
    R = BV_DEGREE_REPS
    Y = resample_targets(c.x_train, s.noise, np.random.default_rng(s.seed), R)
    basis = PolynomialBasis(top, *DOMAIN)
    X = basis.transform(c.x_train)
    y_mean = Y.mean(axis=1)
    Yc = np.tile(Y - y_mean[:, None], (top, 1))  # problem d·R + r: degree d + 1, target r
    allowed = np.arange(top)[None, :] < np.repeat(np.arange(1, top + 1), R)[:, None]
    b = batch.Batch.from_design(X - X.mean(axis=0), Yc, allowed)
    W = batch.paths(b, s.penalty, LAMS, s.l1_ratio)  # (top·R, L, top)
    x_eval = np.linspace(*DOMAIN, BV_POINTS)
    b0 = np.tile(y_mean, top)[:, None] - W @ X.mean(axis=0)  # (top·R, L)
    per_degree = (top, R, len(LAMS))
    bias2, variance = _decompose(
        W.reshape(*per_degree, top).swapaxes(0, 1), b0.reshape(per_degree).swapaxes(0, 1), basis, x_eval
    )  # (top, L)
    return PanelData({"bias2": bias2.T, "variance": variance.T}, {"noise": s.noise**2, "reps": R})


def _not_cheap(s: State) -> bool:
    return s.penalty not in CHEAP


LESSON = Lesson(
    slug=SLUG,
    title="overfit.title",
    nav="nav.overfitting",
    icon="📈",
    page="pages/overfitting.py",
    params=PARAMS,
    panels=(
        Panel(
            "fit",
            ("fit", "coefs", "errors_lam"),
            (*FIT, "degree"),
            fit,
            extra="bias_variance",
            extra_when=has_truth,
            height=460,
        ),
        Panel("degrees", ("errors_degree",), FIT, degrees, heavy=_not_cheap, height=440),
        Panel("bias_variance", ("bias_variance",), (*BV, "degree"), bias_variance, heavy=_not_cheap, height=440),
        Panel("bv_degree", ("bias_variance_degree",), BV, bv_degree, heavy=lambda s: True),
    ),
)


def fit_words(s: State) -> tuple[str, str, str]:
    """The verdict, the objective (LaTeX) and the words on the weights, at the state's λ."""
    data = LESSON.data("fit", s)
    i, lang = s.lam_index, s.lang
    train, test = float(data["train_mse"][i]), float(data["test_mse"][i])
    best = float(data.values["best"])
    coef = data["coefs"][i]
    return (
        words.verdict(fit_verdict(train, test, best), train, test, best, s.degree, s.lam, lang),
        words.objective_tex(s.penalty, s.lam, s.l1_ratio, train / 2, coef),
        words.sparsity(coef, s.lam, data.values["lam_max"], lang),
    )
