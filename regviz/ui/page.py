"""Small helpers every lesson page uses: the state, charts, objectives, error boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from regviz.errors import InputError
from regviz.text import error_message, t
from regviz.ui import live
from regviz.ui.controls import ENTRY_KEY, current_state, show_notices
from regviz.ui.state import AppState

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _ensure_entry_point() -> None:
    """Rerun through app.py when Streamlit ran this page on its own.

    If a server's very first request is a deep link (/geometry), Streamlit 1.67 still
    assumes the legacy pages/ discovery and runs the page without app.py, so without
    the sidebar (AppTest does the same on every run; under load the first concurrent
    sessions race). app.py's st.navigation switches that mode off; a rerun then goes
    through app.py. render_sidebar marks each run that went through app.py.
    """
    if not st.session_state.get(ENTRY_KEY):
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.session_state[ENTRY_KEY] = False


def start(title_key: str) -> AppState:
    """The shared state (set by the sidebar in app.py), URL notices and the page title."""
    _ensure_entry_point()
    live.new_run(title_key)
    state = current_state()
    show_notices(state.lang)
    st.title(t(title_key, state.lang))
    return state


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, theme=None, key=key, config=CHART_CONFIG)


@contextmanager
def guarded(lang: str) -> Iterator[None]:
    """Show a bad input as a message in the user's language; the page keeps working."""
    try:
        yield
    except InputError as err:
        st.error(error_message(err, lang), icon="🚫")
