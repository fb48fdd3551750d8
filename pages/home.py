"""Home: what regularization is, the lessons (from the registry), links that open telling views."""

import streamlit as st

from regviz.lessons.registry import LESSONS, SCHEMA
from regviz.text import t
from regviz.ui import page, tasks

home, state = page.start("home")
lang = state.lang
page.prose(home, "intro", lang)
st.subheader(t("home.lessons", lang))
links = page.navigation_pages(lang)  # st.Page objects: a path would be resolved on disk every rerun
for item in LESSONS:
    st.page_link(links[item.slug], label=t(item.nav, lang), icon=item.icon)
    st.caption(t(f"{item.slug}.summary", lang))
st.subheader(t("home.try", lang))
examples = [
    ("overfitting", "home.link_overfit", {"penalty": "none", "degree": 15, "n": 20, "seed": 1}),
    ("geometry", "home.link_zeros", {"penalty": "l1", "lam": 0.1, "degree": 9}),
    ("overfitting", "home.link_ridge", {"penalty": "l2", "degree": 15, "n": 20, "seed": 1, "lam": 0.001}),
]
for slug, label, changes in examples:
    view = state.with_(changes)
    st.page_link(links[slug], label=t(label, lang), icon="👉", query_params=SCHEMA.to_query(view, slug))
st.subheader(t("home.exercises", lang))
st.caption(t("home.exercises_help", lang))
tasks.links(state)
