"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance."""

import streamlit as st

from regviz.evaluation import fit_verdict
from regviz.figures.errors import bias_variance_curves, error_curves
from regviz.figures.fit import coefficient_bars, fitted_curve
from regviz.text import lesson_section, t
from regviz.ui import cache, page
from regviz.ui.controls import local_widget
from regviz.ui.explain import sparsity_words, verdict_words
from regviz.ui.latex import objective_tex

state = page.start("overfit.title")
lang, i = state.lang, state.lam_index
st.markdown(lesson_section("overfitting", "intro", lang))
synthetic = state.data == "synthetic"
args = (state.data, state.n, state.noise, state.seed)

with page.guarded(lang):
    grid = cache.degrees(*args, state.penalty, state.l1_ratio)
    fit = cache.poly(*args, state.degree, state.penalty, state.l1_ratio)
    bv = (
        cache.bias_variance_lam(state.n, state.noise, state.seed, state.degree, state.penalty, state.l1_ratio)
        if synthetic
        else None
    )
    verdict = fit_verdict(fit.train_mse[i], fit.test_mse[i], grid.best_test)
    st.info(verdict_words(verdict, fit.train_mse[i], fit.test_mse[i], grid.best_test, state.degree, state.lam, lang))
    left, right = st.columns([3, 2])
    with left:
        band = (bv.band_lo[i], bv.band_hi[i]) if bv is not None else None
        curve_fig = fitted_curve(cache.curve(*args), fit.x_grid, fit.curves[i], lang, fit.truth, band)
        page.chart(curve_fig, "overfit_curve")
    with right:
        page.chart(coefficient_bars(fit.coefs[i], lang), "overfit_coefs")
        st.caption(sparsity_words(fit.coefs[i], state.lam, fit.lam_max, lang))
    st.latex(objective_tex(state.penalty, state.lam, state.l1_ratio, fit.train_mse[i] / 2, fit.coefs[i]))

    left, right = st.columns(2)
    with left:
        page.chart(
            error_curves(
                grid.degrees,
                grid.train[:, i],
                grid.test[:, i],
                state.degree,
                lang,
                t("overfit.vs_degree", lang),
                t("controls.degree", lang),
            ),
            "overfit_deg",
        )
    with right:
        page.chart(
            error_curves(
                cache.LAMS,
                fit.train_mse,
                fit.test_mse,
                state.lam,
                lang,
                t("overfit.vs_lam", lang),
                "λ",
                log_x=True,
            ),
            "overfit_lam",
        )
    st.markdown(lesson_section("overfitting", "errors", lang))

st.subheader(t("overfit.bias_variance", lang))
if not synthetic:
    st.info(t("overfit.no_truth", lang))
else:
    with page.guarded(lang):
        if bv is not None:
            page.chart(
                bias_variance_curves(
                    bv.axis,
                    bv.bias2,
                    bv.variance,
                    bv.noise,
                    state.lam,
                    lang,
                    t("overfit.bv_lam", lang),
                    "λ",
                    log_x=True,
                ),
                "overfit_bv_lam",
            )
        if local_widget(st.toggle, "overfit_bv_degree", t("overfit.show_bv_degree", lang), False):
            bvd = cache.bias_variance_degree(state.n, state.noise, state.seed, state.lam, state.penalty, state.l1_ratio)
            page.chart(
                bias_variance_curves(
                    bvd.axis,
                    bvd.bias2,
                    bvd.variance,
                    bvd.noise,
                    state.degree,
                    lang,
                    t("overfit.bv_degree", lang),
                    t("controls.degree", lang),
                ),
                "overfit_bv_deg",
            )
    st.markdown(lesson_section("overfitting", "bias_variance", lang))
