"""Lesson 2 — over- and underfitting: the fit, its weights, errors and bias–variance."""

import streamlit as st

from regviz.lessons import overfitting
from regviz.lessons.registry import SCHEMA
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_param

lesson, state = page.start("overfitting")
lang = state.lang
page.prose(lesson, "intro", lang)

with page.guarded(lang):
    verdict, formula, weight_words = overfitting.fit_words(state)
    st.info(verdict)
    live.row(lesson, state, ["fit:fit", "fit:coefs"], widths=(3, 2))
    st.caption(weight_words)
    st.latex(formula)
    live.row(lesson, state, ["degrees", "fit:errors_lam"], ctx={"degree": state.degree})
    page.prose(lesson, "errors", lang)

st.subheader(t("overfit.bias_variance", lang))
if not overfitting.has_truth(state):
    st.info(t("overfit.no_truth", lang))
else:
    with page.guarded(lang):
        live.row(lesson, state, ["bias_variance"])
        if render_param(SCHEMA.by_name["overfitting.bv_degree"], state):
            live.row(lesson, state, ["bv_degree"], ctx={"degree": state.degree})
    page.prose(lesson, "bias_variance", lang)
