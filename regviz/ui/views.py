"""Figures and words of each lesson panel for a given state (cached data → builders).

Pages only lay these out; everything here is plain function calls that AppTest and
the browser tests exercise through the pages.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from regviz.evaluation import fit_verdict
from regviz.figures.errors import bias_variance_curves, error_curves
from regviz.figures.fit import coefficient_bars, fitted_curve
from regviz.figures.frames import pack
from regviz.figures.geometry import loss_contours, unit_balls, zero_share_bars
from regviz.geometry import ContourView, contour_view
from regviz.problem import Problem
from regviz.text import t
from regviz.ui import cache
from regviz.ui.explain import geometry_words, sparsity_words, verdict_words
from regviz.ui.latex import objective_tex
from regviz.ui.state import DEFAULT, LAM_GRID, AppState

# Contours: the one through the solution, and two that span 40 % and 80 % of the view
# whatever λ is (61 frames of each are sent where they move).
LEVELS = (1.0,)
SPANS = (0.4, 0.8)
POINTS = 29  # coarse ellipses, drawn as splines


def _data_args(s: AppState) -> tuple[str, int, float, int]:
    return (s.data, s.n, s.noise, s.seed)


def _contours_at_lam(problem: Problem, coefs: np.ndarray, s: AppState) -> ContourView:
    """A λ path's contour view at the state's λ, as every geometry panel draws it."""
    return contour_view(
        problem, coefs, cache.LAMS, s.lam_index, s.penalty, s.l1_ratio, points=POINTS, levels=LEVELS, spans=SPANS
    )


def _two_feature_view(s: AppState, correlation: float, scale2: float, useless: str) -> tuple[ContourView, float, str]:
    """The contour view at the state's λ, the λ that zeroes both weights, and the objective."""
    problem, coefs = cache.two_feature_path(correlation, scale2, useless, s.n, s.noise, s.seed, s.penalty, s.l1_ratio)
    i = s.lam_index
    view = _contours_at_lam(problem, coefs, s)
    loss = float(problem.data_loss(coefs[i])[0])
    formula = objective_tex(s.penalty, s.lam, s.l1_ratio, loss, coefs[i])
    return view, cache.lam_max(problem, s.penalty, s.l1_ratio), formula


def _poly_view(s: AppState) -> tuple[ContourView, float]:
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    view = _contours_at_lam(fit.problem, fit.coefs, s)
    return view, fit.lam_max


def fit_words(s: AppState) -> tuple[str, str, str]:
    """The verdict, the objective (LaTeX) and the words on the weights, at the state's λ."""
    i, lang = s.lam_index, s.lang
    grid = cache.degrees(*_data_args(s), s.penalty, s.l1_ratio)
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    verdict = fit_verdict(fit.train_mse[i], fit.test_mse[i], grid.best_test)
    return (
        verdict_words(verdict, fit.train_mse[i], fit.test_mse[i], grid.best_test, s.degree, s.lam, lang),
        objective_tex(s.penalty, s.lam, s.l1_ratio, fit.train_mse[i] / 2, fit.coefs[i]),
        sparsity_words(fit.coefs[i], s.lam, fit.lam_max, lang),
    )


def fit_figures(s: AppState) -> tuple[go.Figure, go.Figure]:
    """The data with the true and the fitted curve (and the band of resampled fits); the weights."""
    i, lang = s.lam_index, s.lang
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    band = None
    if s.data == "synthetic":
        bv = cache.bias_variance_lam(s.n, s.noise, s.seed, s.degree, s.penalty, s.l1_ratio)
        band = (bv.x_eval, bv.band_lo[i], bv.band_hi[i])
    curve = fitted_curve(cache.curve(*_data_args(s)), fit.x_grid, fit.curves[i], lang, fit.truth, band)
    return curve, coefficient_bars(fit.coefs[i], lang)


def error_panels(s: AppState) -> tuple[go.Figure, go.Figure]:
    """Train/test error vs degree (at this λ) and vs λ (at this degree)."""
    i, lang = s.lam_index, s.lang
    grid = cache.degrees(*_data_args(s), s.penalty, s.l1_ratio)
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    degree_axis = t("controls.degree", lang)
    by_degree = error_curves(
        grid.degrees, grid.train[:, i], grid.test[:, i], s.degree, lang, t("overfit.vs_degree", lang), degree_axis
    )
    by_lam = error_curves(
        cache.LAMS, fit.train_mse, fit.test_mse, s.lam, lang, t("overfit.vs_lam", lang), "λ", log_x=True
    )
    return by_degree, by_lam


def bias_variance_lam_figure(s: AppState) -> go.Figure:
    bv = cache.bias_variance_lam(s.n, s.noise, s.seed, s.degree, s.penalty, s.l1_ratio)
    title = t("overfit.bv_lam", s.lang)
    return bias_variance_curves(bv.axis, bv.bias2, bv.variance, bv.noise, s.lam, s.lang, title, "λ", log_x=True)


def bias_variance_degree_figure(s: AppState) -> go.Figure:
    bv = cache.bias_variance_degree(s.n, s.noise, s.seed, s.lam, s.penalty, s.l1_ratio)
    title, axis = t("overfit.bv_degree", s.lang), t("controls.degree", s.lang)
    return bias_variance_curves(bv.axis, bv.bias2, bv.variance, bv.noise, s.degree, s.lang, title, axis)


# ---- the same charts at every λ, for the client-side panels (regviz.ui.live) ----

# cache_resource, not cache_data: the frames are read-only, and copying ~0.5 MB out of
# the cache on every rerun would cost more than the rest of the script.


def _along_lam(build: Callable[[AppState], go.Figure], s: AppState) -> dict:
    return pack([build(s.with_(lam=lam)) for lam in LAM_GRID])


def lam_free(s: AppState, *ignored: str) -> AppState:
    """The cache key of a state's frames: they cover every λ, and some ignore more fields."""
    return s.with_(lam=DEFAULT.lam, **{name: getattr(DEFAULT, name) for name in ignored})


def two_feature_along_lam(
    s: AppState, correlation: float, scale2: float, useless: str
) -> tuple[dict, list[tuple[str, str]]]:
    """The two-feature chart at every λ, and its (objective, words) at every λ."""
    # the two-feature problem has its own data: the degree and the data set do not matter
    return _two_feature_along_lam(lam_free(s, "degree", "data"), correlation, scale2, useless)


@st.cache_resource(max_entries=64, show_spinner=False)
def _two_feature_along_lam(
    s: AppState, correlation: float, scale2: float, useless: str
) -> tuple[dict, list[tuple[str, str]]]:
    title = t("geometry.two_feature_title", s.lang)
    figures, words = [], []
    for lam in LAM_GRID:
        view, lam_max, formula = _two_feature_view(s.with_(lam=lam), correlation, scale2, useless)
        figures.append(loss_contours(view, s.lang, title))
        words.append((formula, geometry_words(view, lam_max, s.lang)))
    return pack(figures), words


def poly_geometry_along_lam(s: AppState) -> tuple[dict, list[str]] | None:
    """The contours of the polynomial fit's first two weights at every λ, and their words.

    None below degree 2: the fit has no second weight to draw.
    """
    if s.degree < 2:
        return None
    return _poly_geometry_along_lam(lam_free(s))


@st.cache_resource(max_entries=64, show_spinner=False)
def _poly_geometry_along_lam(s: AppState) -> tuple[dict, list[str]]:
    title = t("geometry.poly_title", s.lang)
    figures, words = [], []
    for lam in LAM_GRID:
        view, lam_max = _poly_view(s.with_(lam=lam))
        figures.append(loss_contours(view, s.lang, title))
        words.append(geometry_words(view, lam_max, s.lang))
    return pack(figures), words


@st.cache_resource(max_entries=16, show_spinner=False)
def zero_share_frames(l1_ratio: float, lang: str) -> dict:
    shares = cache.zero_shares(l1_ratio)
    return pack([zero_share_bars(shares[i], lang) for i in range(len(LAM_GRID))])


@st.cache_resource(max_entries=4, show_spinner=False)
def unit_ball_frames(lang: str) -> dict:
    """The unit balls do not depend on λ: one frame, shown at every λ."""
    return pack([unit_balls(lang)])


def fit_frames(s: AppState) -> list[dict]:
    """Data-and-curve and weights charts along λ."""
    return _fit_frames(lam_free(s))


@st.cache_resource(max_entries=64, show_spinner=False)
def _fit_frames(s: AppState) -> list[dict]:
    figures = [fit_figures(s.with_(lam=lam)) for lam in LAM_GRID]
    return [pack([f[0] for f in figures]), pack([f[1] for f in figures])]


def error_frames(s: AppState) -> list[dict]:
    """Error vs degree, error vs λ and (synthetic data) bias–variance vs λ, along λ."""
    return _error_frames(lam_free(s))


@st.cache_resource(max_entries=64, show_spinner=False)
def _error_frames(s: AppState) -> list[dict]:
    errors = [error_panels(s.with_(lam=lam)) for lam in LAM_GRID]
    packs = [pack([e[0] for e in errors]), pack([e[1] for e in errors])]
    if s.data == "synthetic":
        packs.append(_along_lam(bias_variance_lam_figure, s))
    return packs
