"""Small helpers every lesson page uses: the state, charts, objectives, error boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st

from regviz.errors import InputError
from regviz.text import error_message, t
from regviz.ui.controls import current_state, show_notices
from regviz.ui.state import AppState

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def start(title_key: str) -> AppState:
    """The shared state (set by the sidebar in app.py), URL notices and the page title."""
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
