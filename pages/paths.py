"""Lesson 3 — paths and sparsity: weights along λ, best subset, twin features, selection."""

import streamlit as st

from regviz.lessons import paths
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lesson_controls

lesson, state = page.start("paths")
lang = state.lang
page.prose(lesson, "intro", lang)

st.subheader(t("paths.paths_header", lang))
with page.guarded(lang):
    live.row(lesson, state, ["paths:coef_paths"])
    live.row(lesson, state, ["paths:support", "paths:kept"])
st.caption(paths.cost_words(state))
page.prose(lesson, "paths", lang)

st.subheader(t("paths.twin_header", lang))
state = render_lesson_controls(lesson, state)
with page.guarded(lang):
    live.row(lesson, state, ["twin"])
    st.info(paths.twin_words(state))
page.prose(lesson, "twin", lang)

st.subheader(t("paths.selection_header", lang))
with page.guarded(lang):
    live.row(lesson, state, ["selection"])
    st.caption(paths.selection_words(state))
page.prose(lesson, "selection", lang)
