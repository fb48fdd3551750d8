"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance."""

import streamlit as st

from regviz.text import lesson_section, t
from regviz.ui import live, page, views
from regviz.ui.controls import local_widget

state = page.start("overfit.title")
lang = state.lang
st.markdown(lesson_section("overfitting", "intro", lang))
key = state.with_(lam=page.DEFAULT_LAM)  # every λ shares one set of frames
live.charts("overfit_lam", [], t("live.lam", lang), slider=True)

with page.guarded(lang):
    verdict, curve, weights = views.fit_panels(state)
    st.info(verdict)
    curve_frames, weight_frames = views.fit_frames(key)
    left, right = st.columns([3, 2])
    with left:
        live.charts("overfit_curve", [curve_frames])
    with right:
        live.charts("overfit_coefs", [weight_frames])
        st.caption(weights.words)
    st.latex(curve.formula)

    by_degree, by_lam = views.error_frames(key)[:2]
    left, right = st.columns(2)
    with left:
        live.charts("overfit_deg", [by_degree])
    with right:
        live.charts("overfit_by_lam", [by_lam])
    st.markdown(lesson_section("overfitting", "errors", lang))

st.subheader(t("overfit.bias_variance", lang))
if state.data != "synthetic":
    st.info(t("overfit.no_truth", lang))
else:
    with page.guarded(lang):
        live.charts("overfit_bv_lam", views.error_frames(key)[2:])
        if local_widget(st.toggle, "overfit_bv_degree", t("overfit.show_bv_degree", lang), False):
            page.chart(views.bias_variance_degree_figure(state), "overfit_bv_deg")
    st.markdown(lesson_section("overfitting", "bias_variance", lang))
