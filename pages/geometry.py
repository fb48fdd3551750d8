"""Lesson 1 — geometry: why L1 gives exact zeros and L2 only shrinks."""

from functools import partial

import streamlit as st

from regviz.text import lesson_section, t
from regviz.ui import live, page, views, warm
from regviz.ui.controls import label_for, local_widget

state = page.start("geometry.title")
lang = state.lang
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
    frames, words_along_lam = views.two_feature_along_lam(state, corr, scale2, useless)
    live.charts("geometry_two", [frames], t("live.lam", lang), slider=True)
    formula, words = words_along_lam[state.lam_index]
    st.latex(formula)
    st.info(words)

st.subheader(t("geometry.poly", lang))
with page.guarded(lang):
    poly = views.poly_geometry_along_lam(state)
    if poly is None:
        st.info(t("geometry.poly_needs_two", lang))
    else:
        poly_frames, poly_words = poly
        live.charts("geometry_poly", [poly_frames])
        st.caption(poly_words[state.lam_index])

st.markdown(lesson_section("geometry", "balls", lang))
live.charts("geometry_balls", [views.unit_ball_frames(lang), views.zero_share_frames(state.l1_ratio, lang)])
st.markdown(lesson_section("geometry", "experiment", lang))
warm.around(state)  # the nearby degrees, in the background
