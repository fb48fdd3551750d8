"""Regularization Lab: page config, the shared sidebar controls, navigation over pages/."""

import streamlit as st

from regviz.text import t
from regviz.ui.controls import render_sidebar
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(page_title="Regularization Lab", page_icon="📐", layout="wide")
    state = render_sidebar()
    lessons = [
        st.Page("pages/home.py", title=t("nav.home", state.lang), icon="🏠", url_path="home", default=True),
        st.Page("pages/geometry.py", title=t("nav.geometry", state.lang), icon="💠", url_path="geometry"),
        st.Page("pages/overfitting.py", title=t("nav.overfitting", state.lang), icon="📈", url_path="overfitting"),
    ]
    st.navigation(lessons).run()
