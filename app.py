"""Regularization Lab: page config, the shared controls, navigation over the lesson registry."""

import streamlit as st

from regviz.ui.controls import render_sidebar, write_url
from regviz.ui.page import navigation_pages, unexpected
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(page_title="Regularization Lab", page_icon="📐", layout="wide")
    state = render_sidebar()
    pages = navigation_pages(state.lang)
    current = st.navigation(list(pages.values()))
    write_url(state, next(slug for slug, page in pages.items() if page is current))
    try:
        current.run()
    except Exception:  # the page boundary: a short message, the state kept, the details logged
        unexpected()
