"""The reference for bench/latency.py and bench/state_cost.py: one slider and one line of text,
default settings; bench/element_cost.py adds ``REGVIZ_ELEMENTS`` elements of the kind
``REGVIZ_ELEMENT_KIND`` (markdown unless set; none unless REGVIZ_ELEMENTS is set)."""

import json
import os
import sys

import streamlit as st

sys.path.insert(0, os.environ.get("REGVIZ_ROOT", "."))
from regviz.ui.timing import script_timer

KINDS = {
    "markdown": lambda i, lam: st.markdown(f"Line **{i}** of prose, with λ = {lam}"),
    "subheader": lambda i, lam: st.subheader(f"Heading {i}"),
    "info": lambda i, lam: st.info(f"Info {i} with λ = {lam}"),
    "latex": lambda i, lam: st.latex(rf"w_{{{i}}} = {lam}"),
    "code": lambda i, lam: st.code(f"x = {i}\nprint(x * {lam})", language="python"),
    "slider": lambda i, lam: st.slider(f"s{i}", 0, 100, 5, key=f"s{i}"),
    "selectbox": lambda i, lam: st.selectbox(f"b{i}", ["a", "b", "c"], key=f"b{i}"),
    "radio": lambda i, lam: st.radio(f"r{i}", ["a", "b"], key=f"r{i}", horizontal=True),
    "toggle": lambda i, lam: st.toggle(f"t{i}", key=f"t{i}"),
    "number": lambda i, lam: st.number_input(f"n{i}", 0, 100, 5, key=f"n{i}"),
    "button": lambda i, lam: st.button(f"b{i}", key=f"btn{i}"),
    "columns": lambda i, lam: st.columns(3),
    "table": lambda i, lam: st.table({"a": ["x", "y", "z"], "b": [str(i), str(lam), "3"]}),
    "markdown_table": lambda i, lam: st.markdown(f"| a | b |\n| --- | --- |\n| x | {i} |\n| y | {lam} |\n| z | 3 |"),
    "page_link": lambda i, lam: st.page_link("bare_app.py", label=f"link {i}"),
    "component": lambda i, lam: component()(data=json.dumps([i, lam]).encode(), key=f"c{i}", on_x_change=str),
}


def component():  # defined only where measured: the reference app stays one slider and one line
    return st.components.v2.component("bare.component", js="export default function () {}", isolate_styles=False)


with script_timer():
    lam = st.select_slider("λ", options=[round(10 ** (k / 10 - 5), 6) for k in range(61)], value=0.01)
    st.write(f"λ = {lam}")
    make = KINDS[os.environ.get("REGVIZ_ELEMENT_KIND", "markdown")]
    for i in range(int(os.environ.get("REGVIZ_ELEMENTS", "0"))):
        make(i, lam)
