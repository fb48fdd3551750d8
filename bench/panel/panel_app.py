"""A reference for bench/latency.py: the λ slider and one row of charts (lesson 2's fit and
weights), nothing else: what a page costs with the live charts and none of the lessons'
other elements, sidebar or prose — the floor under the lessons' first load."""

import os
import sys

import streamlit as st

sys.path.insert(0, os.environ.get("REGVIZ_ROOT", "."))
from regviz.lessons.registry import DEFAULT, lesson
from regviz.ui import inputs, live
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(layout="wide")
    st.session_state["lam"] = inputs.committed_lam() or st.session_state.get("lam", DEFAULT.lam)
    state = DEFAULT.with_(lam=st.session_state["lam"])
    inputs.box(inputs.LAM_KEY, [inputs.lam(state)])
    live.row(lesson("overfitting"), state, ["fit:fit", "fit:coefs"], widths=(3, 2))
