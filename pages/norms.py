"""Lesson 7 — norms and conventions: "L2 loss" is not "L2 norm", ℓp balls, λ across libraries."""

import streamlit as st

from regviz.lessons import norms
from regviz.text import t
from regviz.text.tables import markdown_table
from regviz.ui import live, page
from regviz.ui.controls import render_lesson_controls

lesson, state = page.start("norms")
lang = state.lang
page.prose(lesson, "intro", lang)

st.subheader(t("norms.h_measures", lang))
with page.guarded(lang):
    live.row(lesson, state, ["measures"])
    st.markdown(t("norms.measures_words", lang))
    header = [t(f"norms.col_{c}", lang) for c in ("name", "formula", "value")]
    st.markdown(markdown_table(header, norms.measure_rows(state)))

st.subheader(t("norms.h_lp", lang))
state = render_lesson_controls(lesson, state)
page.borrowed_controls(lesson, state, "norms.two_controls")
with page.guarded(lang):
    live.row(lesson, state, ["lp"])
    st.info(norms.lp_words(state))

st.subheader(t("norms.h_translate", lang))
with page.guarded(lang):
    rows = norms.translations(state)
    if not rows:
        st.caption(t("norms.translate_none", lang))
    else:
        st.markdown(t("norms.translate_words", lang))
        header = [t(f"norms.col_{c}", lang) for c in ("library", "code", "note")]
        st.markdown(markdown_table(header, [(r.library, r.code, t(r.note, lang)) for r in rows]))
page.prose(lesson, "closing", lang)
