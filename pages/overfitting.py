"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance."""

import streamlit as st

from regviz.text import lesson_section, t
from regviz.ui import live, page, views, warm
from regviz.ui.controls import local_widget

state = page.start("overfit.title")
lang = state.lang
st.markdown(lesson_section("overfitting", "intro", lang))

with page.guarded(lang):
    verdict, formula, weight_words = views.fit_words(state)
    st.info(verdict)
    live.charts("overfit_fit", views.fit_frames(state), t("live.lam", lang), slider=True, widths=(3, 2))
    st.caption(weight_words)
    st.latex(formula)
    live.charts("overfit_errors", views.error_frames(state)[:2])
    st.markdown(lesson_section("overfitting", "errors", lang))

st.subheader(t("overfit.bias_variance", lang))
if state.data != "synthetic":
    st.info(t("overfit.no_truth", lang))
else:
    with page.guarded(lang):
        live.charts("overfit_bv_lam", views.error_frames(state)[2:])
        if local_widget(st.toggle, "overfit_bv_degree", t("overfit.show_bv_degree", lang), False):
            page.chart(views.bias_variance_degree_figure(state), "overfit_bv_deg")
    st.markdown(lesson_section("overfitting", "bias_variance", lang))
warm.around(state)  # the nearby degrees, in the background
