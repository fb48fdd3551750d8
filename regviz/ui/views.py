"""Figures and words of each lesson panel for a given state (cached data → builders).

Pages only lay these out; everything here is plain function calls that AppTest and
the browser tests exercise through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from regviz.evaluation import fit_verdict
from regviz.figures.errors import bias_variance_curves, error_curves
from regviz.figures.fit import coefficient_bars, fitted_curve
from regviz.figures.geometry import loss_contours
from regviz.geometry import contour_view
from regviz.text import t
from regviz.ui import cache
from regviz.ui.explain import geometry_words, sparsity_words, verdict_words
from regviz.ui.latex import objective_tex
from regviz.ui.state import AppState


@dataclass(frozen=True)
class Panel:
    """A figure with the words and formula that go with it."""

    figure: go.Figure
    words: str = ""
    formula: str = ""


def _data_args(s: AppState) -> tuple[str, int, float, int]:
    return (s.data, s.n, s.noise, s.seed)


def two_feature_panel(s: AppState, correlation: float, scale2: float, useless: str) -> Panel:
    problem, coefs = cache.two_feature_path(correlation, scale2, useless, s.n, s.noise, s.seed, s.penalty, s.l1_ratio)
    i = s.lam_index
    view = contour_view(problem, coefs, cache.LAMS, i, s.penalty, s.l1_ratio)
    loss = float(problem.data_loss(coefs[i])[0])
    return Panel(
        loss_contours(view, s.lang, t("geometry.two_feature_title", s.lang)),
        geometry_words(view, cache.lam_max(problem, s.penalty, s.l1_ratio), s.lang),
        objective_tex(s.penalty, s.lam, s.l1_ratio, loss, coefs[i]),
    )


def poly_geometry_panel(s: AppState) -> Panel:
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    view = contour_view(fit.problem, fit.coefs, cache.LAMS, s.lam_index, s.penalty, s.l1_ratio)
    return Panel(
        loss_contours(view, s.lang, t("geometry.poly_title", s.lang)), geometry_words(view, fit.lam_max, s.lang)
    )


def fit_panels(s: AppState) -> tuple[str, Panel, Panel]:
    """The verdict, the data-and-curve chart (with formula) and the weights chart."""
    i, lang = s.lam_index, s.lang
    grid = cache.degrees(*_data_args(s), s.penalty, s.l1_ratio)
    fit = cache.poly(*_data_args(s), s.degree, s.penalty, s.l1_ratio)
    verdict = fit_verdict(fit.train_mse[i], fit.test_mse[i], grid.best_test)
    words = verdict_words(verdict, fit.train_mse[i], fit.test_mse[i], grid.best_test, s.degree, s.lam, lang)
    band = None
    if s.data == "synthetic":
        bv = cache.bias_variance_lam(s.n, s.noise, s.seed, s.degree, s.penalty, s.l1_ratio)
        band = (bv.x_eval, bv.band_lo[i], bv.band_hi[i])
    curve = fitted_curve(cache.curve(*_data_args(s)), fit.x_grid, fit.curves[i], lang, fit.truth, band)
    formula = objective_tex(s.penalty, s.lam, s.l1_ratio, fit.train_mse[i] / 2, fit.coefs[i])
    weights = Panel(coefficient_bars(fit.coefs[i], lang), sparsity_words(fit.coefs[i], s.lam, fit.lam_max, lang))
    return words, Panel(curve, formula=formula), weights


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
