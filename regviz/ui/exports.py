"""Under every lesson page: the data of its charts as CSV and its fit as scikit-learn code.

Both are made when asked (a download runs its function on click, the code shows behind a
toggle), so an ordinary rerun sends neither. The expander's contents are sent only while it
is open: closed, as it mostly is, it is one element of a rerun instead of eight.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from regviz import export
from regviz.lessons.registry import SLUGS
from regviz.params import State
from regviz.text import t
from regviz.ui.live import DRAWN_KEY

OPEN_KEY = "export_open"


def render(slug: str, state: State) -> None:
    if slug not in SLUGS:
        return
    lang = state.lang
    box = st.expander(t("export.title", lang), icon="⬇️", key=OPEN_KEY, on_change="rerun")
    if not box.open:
        return
    drawn = list(st.session_state.get(DRAWN_KEY, []))
    with box:
        st.caption(t("export.charts_help", lang))
        left, right = st.columns(2)
        left.download_button(
            t("export.csv", lang),
            data=partial(export.charts_csv, drawn, state),
            file_name=f"regviz-{slug}.csv",
            mime="text/csv",
            on_click="ignore",
            key="export_csv",
        )
        right.download_button(
            t("export.py", lang),
            data=partial(export.sklearn_code, state),
            file_name=f"regviz-{slug}-fit.py",
            mime="text/x-python",
            on_click="ignore",
            key="export_py",
        )
        if st.toggle(t("export.show_code", lang), key="export_show_code"):
            st.code(export.sklearn_code(state), language="python")
