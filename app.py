"""Regularization Lab: page config, the shared controls, navigation over the lesson registry."""

import streamlit as st

from regviz.ui import exports, live, memory, presenter, tasks, turns
from regviz.ui.controls import current_state, prepare_state, render_sidebar, write_url
from regviz.ui.page import navigation_pages, unexpected
from regviz.ui.timing import script_timer

with script_timer(), turns.turn():
    sidebar = "collapsed" if st.query_params.get("present") == "1" else "auto"  # a room sees the charts
    st.set_page_config(page_title="Regularization Lab", page_icon="📐", layout="wide", initial_sidebar_state=sidebar)
    pages = navigation_pages(prepare_state().lang)
    current = st.navigation(list(pages.values()))
    slug = next(slug for slug, page in pages.items() if page is current)
    scene_page = presenter.follow(slug)  # a key or button asked for another scene
    if scene_page:
        st.switch_page(pages[scene_page])
    render_sidebar(slug)  # the sidebar knows the page: it greys what the page ignores
    with st.sidebar:
        presenter.upload_box()
    solved = None
    try:
        solved = tasks.record(slug)  # before the URL is written: a solved exercise goes into the link
    except Exception:
        unexpected()
    write_url(current_state(), slug)
    live.begin_run()
    try:
        presenter.bar()
        tasks.box(solved)
        current.run()
        exports.render(slug, current_state())
    except Exception:  # the page boundary: a short message, the state kept, the details logged
        unexpected()
memory.settle()  # the first run in a served process: its startup objects out of the GC's full passes
