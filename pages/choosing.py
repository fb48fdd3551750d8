"""Lesson 4 — choosing λ: k-fold cross-validation, the 1-SE rule, scikit-learn on the same folds."""

import streamlit as st

from regviz.lessons import choosing
from regviz.lessons.registry import SCHEMA
from regviz.params import format_lam, hidden
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lesson_controls, render_param, set_lam

lesson, state = page.start("choosing")
lang = state.lang
page.prose(lesson, "intro", lang)

state = render_lesson_controls(lesson, state)
with page.guarded(lang):
    live.row(lesson, state, ["cv"])
    summary, optimism, lam_min, lam_1se = choosing.summary_words(state)
    st.info(summary)
    if optimism and "lam" not in hidden(state):  # there is a λ to choose, and a λ control
        left, right = st.columns(2)
        left.button(t("choosing.use_min", lang, lam=format_lam(lam_min)), on_click=set_lam, args=(lam_min,))
        right.button(t("choosing.use_1se", lang, lam=format_lam(lam_1se)), on_click=set_lam, args=(lam_1se,))
        st.caption(optimism)

st.subheader(t("choosing.sklearn_header", lang))
with page.guarded(lang):
    st.markdown(choosing.sklearn_words(state))
    code = choosing.sklearn_code(state)
    if code:
        st.code(code, language="python")

st.subheader(t("choosing.by_degree_header", lang))
if render_param(SCHEMA.by_name["choosing.by_degree"], state):
    with page.guarded(lang):
        live.row(lesson, state, ["cv_degree"], ctx={"degree": state.degree})
page.prose(lesson, "rules", lang)
