"""Lesson 6 — the Bayesian view: a penalty is a prior, and the penalized fit is the posterior's peak."""

import streamlit as st

from regviz.lessons import bayes
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lam_as, render_lesson_controls

lesson, state = page.start("bayes")
lang = state.lang
page.prose(lesson, "intro", lang)
state = render_lesson_controls(lesson, state)
page.borrowed_controls(lesson, state, "bayes.two_controls")  # lesson 1's controls of the two-feature problem

st.subheader(t("bayes.h_posterior", lang))
with page.guarded(lang):
    if state.penalty == "l0":
        st.warning(t("bayes.l0", lang))
    elif state.penalty == "none":
        st.caption(t("bayes.flat", lang))
    else:  # a wider prior is a smaller λ: the slider runs from narrow to wide
        label = t(f"bayes.scale_{state.penalty}", lang)
        render_lam_as(label, t("bayes.scale_help", lang), bayes.scale_labels(state), state, descending=True)
    live.row(lesson, state, ["posterior"])
    st.caption(t("bayes.caption", lang))
    formula, words = bayes.words(state)
    st.latex(formula)
    st.info(words)
page.prose(lesson, "closing", lang)
