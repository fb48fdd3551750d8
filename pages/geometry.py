"""Lesson 1 — geometry: why L1 gives exact zeros and L2 only shrinks."""

from functools import partial

import streamlit as st

from regviz.figures.geometry import loss_contours, unit_balls, zero_share_bars
from regviz.geometry import contour_view
from regviz.text import lesson_section, t
from regviz.ui import cache, page
from regviz.ui.controls import label_for, local_widget
from regviz.ui.explain import geometry_words
from regviz.ui.latex import objective_tex

state = page.start("geometry.title")
lang, i = state.lang, state.lam_index
st.markdown(lesson_section("geometry", "intro", lang))

st.subheader(t("geometry.two_feature", lang))
c1, c2, c3 = st.columns(3)
corr = local_widget(
    c1.slider, "geometry_corr", t("geometry.correlation", lang), 0.5, min_value=-0.9, max_value=0.9, step=0.1
)
scale2 = local_widget(
    c2.select_slider, "geometry_scale", t("geometry.scale2", lang), 1.0, options=(0.25, 0.5, 1.0, 2.0, 4.0)
)
useless = local_widget(
    c3.selectbox,
    "geometry_useless",
    t("geometry.useless_label", lang),
    "none",
    options=("none", "1", "2"),
    format_func=partial(label_for, "geometry.useless_choice", lang),
)
with page.guarded(lang):
    problem, coefs = cache.two_feature_path(
        corr, scale2, useless, state.n, state.noise, state.seed, state.penalty, state.l1_ratio
    )
    view = contour_view(problem, coefs, cache.LAMS, i, state.penalty, state.l1_ratio)
    page.chart(loss_contours(view, lang, t("geometry.two_feature_title", lang)), "geometry_two")
    st.latex(objective_tex(state.penalty, state.lam, state.l1_ratio, float(problem.data_loss(coefs[i])[0]), coefs[i]))
    st.info(geometry_words(view, cache.lam_max(problem, state.penalty, state.l1_ratio), lang))

st.subheader(t("geometry.poly", lang))
if state.degree < 2:
    st.info(t("geometry.poly_needs_two", lang))
else:
    with page.guarded(lang):
        fit = cache.poly(state.data, state.n, state.noise, state.seed, state.degree, state.penalty, state.l1_ratio)
        poly_view = contour_view(fit.problem, fit.coefs, cache.LAMS, i, state.penalty, state.l1_ratio)
        page.chart(loss_contours(poly_view, lang, t("geometry.poly_title", lang)), "geometry_poly")
        st.caption(geometry_words(poly_view, fit.lam_max, lang))

st.markdown(lesson_section("geometry", "balls", lang))
left, right = st.columns(2)
with left:
    page.chart(unit_balls(lang), "geometry_balls")
with right:
    page.chart(zero_share_bars(cache.zero_share(state.lam, state.l1_ratio), lang), "geometry_zero_share")
st.markdown(lesson_section("geometry", "experiment", lang))
