"""The reference for bench/latency.py and bench/state_cost.py: one slider and one line of text,
default settings; bench/element_cost.py adds ``REGVIZ_ELEMENTS`` lines of markdown (none unless set)."""

import os
import sys

import streamlit as st

sys.path.insert(0, os.environ.get("REGVIZ_ROOT", "."))
from regviz.ui.timing import script_timer

with script_timer():
    lam = st.select_slider("λ", options=[round(10 ** (k / 10 - 5), 6) for k in range(61)], value=0.01)
    st.write(f"λ = {lam}")
    for i in range(int(os.environ.get("REGVIZ_ELEMENTS", "0"))):
        st.markdown(f"Line **{i}** of prose, with λ = {lam}")
