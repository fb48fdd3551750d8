"""The bare app of bench/state_cost.py plus ``REGVIZ_ELEMENTS`` lines of markdown (bench/element_cost.py)."""

import os

import streamlit as st

lam = st.select_slider("λ", options=[round(10 ** (k / 10 - 5), 6) for k in range(61)], value=0.01)
st.write(f"λ = {lam}")
for i in range(int(os.environ.get("REGVIZ_ELEMENTS", "0"))):
    st.markdown(f"Line **{i}** of prose, with λ = {lam}")
