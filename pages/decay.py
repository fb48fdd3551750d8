"""Lesson 5 — weight decay and optimizers, with the PyTorch and scikit-learn code that reproduces them."""

import streamlit as st

from regviz.lessons import decay
from regviz.text import t
from regviz.ui import live, page
from regviz.ui.controls import render_lesson_controls

lesson, state = page.start("decay")
lang = state.lang
page.prose(lesson, "intro", lang)
state = render_lesson_controls(lesson, state, columns=4)
page.borrowed_controls(lesson, state, "decay.two_controls")  # lesson 1's controls of the two-feature problem

st.subheader(t("decay.h_decay", lang))
with page.guarded(lang):
    live.row(lesson, state, ["decay"])
    formula, words = decay.decay_words(state)
    st.latex(formula)
    st.info(words)

for name, words in (("l1", decay.l1_words), ("adam", decay.adam_words)):
    st.subheader(t(f"decay.h_{name}", lang))
    with page.guarded(lang):
        live.row(lesson, state, [name])
        st.info(words(state))

st.subheader(t("decay.h_early", lang))
with page.guarded(lang):
    live.row(lesson, state, ["early:early_path", "early:early_val"])
    live.row(lesson, state, ["early:early_match"])
    st.info(decay.early_words(state))

st.subheader(t("decay.h_dropout", lang))
with page.guarded(lang):
    live.row(lesson, state, ["dropout"])
    st.info(decay.dropout_words(state))

st.subheader(t("decay.h_code", lang))
with page.guarded(lang):
    st.markdown(t("decay.torch_words", lang))
    st.code(decay.torch_code(state), language="python")
    st.markdown(t("decay.sklearn_words", lang))
    st.code(decay.sklearn_code(state), language="python")
page.prose(lesson, "closing", lang)
