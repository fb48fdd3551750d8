"""Regularization Lab: page config, the shared controls, navigation over the lesson registry."""

import streamlit as st

from regviz.lessons.registry import PAGES
from regviz.text import t
from regviz.ui.controls import render_sidebar, write_url
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(page_title="Regularization Lab", page_icon="📐", layout="wide")
    state = render_sidebar()
    pages = {
        p.slug: st.Page(p.page, title=t(p.nav, state.lang), icon=p.icon, url_path=p.slug, default=p.slug == "home")
        for p in PAGES
    }
    current = st.navigation(list(pages.values()))
    write_url(state, next(slug for slug, page in pages.items() if page is current))
    current.run()
