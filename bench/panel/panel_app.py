"""A reference for bench/latency.py: one λ panel (lesson 2's fit and weights), nothing else.

What a Streamlit page costs with a client-side panel and none of the lessons' other
elements, sidebar or prose: the floor under the lessons' first load.
"""

import os
import sys

import streamlit as st

sys.path.insert(0, os.environ.get("REGVIZ_ROOT", "."))
from regviz.ui import live, views
from regviz.ui.state import DEFAULT
from regviz.ui.timing import script_timer

with script_timer():
    st.set_page_config(layout="wide")
    live.charts("panel", views.fit_frames(DEFAULT), "λ", slider=True, widths=(3, 2))
