"""Regularization Lab: page config, the shared controls, navigation over the lesson registry."""

import streamlit as st

from regviz.ui import exports, live
from regviz.ui.controls import current_state, prepare_state, render_sidebar, write_url
from regviz.ui.page import navigation_pages, unexpected
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(page_title="Regularization Lab", page_icon="📐", layout="wide")
    pages = navigation_pages(prepare_state().lang)
    current = st.navigation(list(pages.values()))
    slug = next(slug for slug, page in pages.items() if page is current)
    write_url(render_sidebar(slug), slug)  # the sidebar knows the page: it greys what the page ignores
    live.begin_run()
    try:
        current.run()
        exports.render(slug, current_state())
    except Exception:  # the page boundary: a short message, the state kept, the details logged
        unexpected()
