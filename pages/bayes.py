"""Lesson 6 — the Bayesian view: a penalty is a prior, and the penalized fit is the posterior's peak."""

from functools import partial

import streamlit as st

from regviz.lessons import bayes
from regviz.lessons.registry import SCHEMA
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lam_as, render_lesson_controls, render_param

lesson, state = page.start("bayes")
lang = state.lang
page.prose(lesson, "intro", lang)
state = render_lesson_controls(lesson, state)
borrowed = lesson.borrowed(state)
if borrowed:  # lesson 1's controls of the two-feature problem
    with st.expander(t("bayes.two_controls", lang)):
        for col, name in zip(st.columns(len(borrowed)), borrowed, strict=True):
            render_param(SCHEMA.by_name[name], state, col)

st.subheader(t("bayes.h_posterior", lang))
with page.guarded(lang):
    if state.penalty == "l0":
        st.warning(t("bayes.l0", lang))
    elif state.penalty == "none":
        st.caption(t("bayes.flat", lang))
    else:  # a wider prior is a smaller λ: the slider runs from narrow to wide
        label = t(f"bayes.scale_{state.penalty}", lang)
        render_lam_as(label, t("bayes.scale_help", lang), partial(bayes.scale_label, state), state, descending=True)
    live.row(lesson, state, ["posterior"])
    st.caption(t("bayes.caption", lang))
    formula, words = bayes.words(state)
    st.latex(formula)
    st.info(words)
page.prose(lesson, "closing", lang)
