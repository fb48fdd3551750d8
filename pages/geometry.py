"""Lesson 1 — geometry: why L1 gives exact zeros and L2 only shrinks."""

import streamlit as st

from regviz.lessons import geometry
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lesson_controls

lesson, state = page.start("geometry")
lang = state.lang
page.prose(lesson, "intro", lang)

st.subheader(t("geometry.two_feature", lang))
state = render_lesson_controls(lesson, state)
with page.guarded(lang):
    live.row(lesson, state, ["two_feature"])
    formula, words = geometry.two_feature_words(state)
    st.latex(formula)
    st.info(words)

st.subheader(t("geometry.descent", lang))
st.caption(t("geometry.descent_caption", lang))
with page.guarded(lang):
    live.row(lesson, state, ["descent"])

st.subheader(t("geometry.poly", lang))
if state.degree < 2:
    st.info(t("geometry.poly_needs_two", lang))
else:
    with page.guarded(lang):
        live.row(lesson, state, ["poly_pair"])
        st.caption(geometry.poly_words(state))

page.prose(lesson, "balls", lang)
live.row(lesson, state, ["balls", "zero_share"])
page.prose(lesson, "experiment", lang)
