"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance."""

import streamlit as st

from regviz.text import lesson_section, t
from regviz.ui import page, views
from regviz.ui.controls import local_widget

state = page.start("overfit.title")
lang = state.lang
st.markdown(lesson_section("overfitting", "intro", lang))

with page.guarded(lang):
    verdict, curve, weights = views.fit_panels(state)
    st.info(verdict)
    left, right = st.columns([3, 2])
    with left:
        page.chart(curve.figure, "overfit_curve")
    with right:
        page.chart(weights.figure, "overfit_coefs")
        st.caption(weights.words)
    st.latex(curve.formula)

    by_degree, by_lam = views.error_panels(state)
    left, right = st.columns(2)
    with left:
        page.chart(by_degree, "overfit_deg")
    with right:
        page.chart(by_lam, "overfit_lam")
    st.markdown(lesson_section("overfitting", "errors", lang))

st.subheader(t("overfit.bias_variance", lang))
if state.data != "synthetic":
    st.info(t("overfit.no_truth", lang))
else:
    with page.guarded(lang):
        page.chart(views.bias_variance_lam_figure(state), "overfit_bv_lam")
        if local_widget(st.toggle, "overfit_bv_degree", t("overfit.show_bv_degree", lang), False):
            page.chart(views.bias_variance_degree_figure(state), "overfit_bv_deg")
    st.markdown(lesson_section("overfitting", "bias_variance", lang))
