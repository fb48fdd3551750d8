"""Home: what regularization is, what each lesson shows, and links that open telling views."""

import streamlit as st

from regviz.text import lesson_section, t
from regviz.ui import page
from regviz.ui.state import to_query

state = page.start("home.title")
lang = state.lang
st.markdown(lesson_section("home", "intro", lang))
st.subheader(t("home.lessons", lang))
st.markdown(lesson_section("home", "lessons", lang))
st.subheader(t("home.try", lang))
examples = [
    ("pages/overfitting.py", "home.link_overfit", state.with_(penalty="none", degree=15, n=20, seed=1)),
    ("pages/geometry.py", "home.link_zeros", state.with_(penalty="l1", lam=0.1, degree=9)),
    (
        "pages/overfitting.py",
        "home.link_ridge",
        state.with_(penalty="l2", degree=15, n=20, seed=1, lam=0.001),
    ),
]
for target, label, view in examples:
    st.page_link(target, label=t(label, lang), icon="👉", query_params=to_query(view))
