"""A group of declared parameters' controls as one browser-drawn element (the sidebar, a lesson's row).

Streamlit's own widgets cost ~250 µs each on every rerun, and a lesson page showed 10–15
of them; one element carrying a whole group costs about as much as two (~0.6 ms): a λ
rerun 2–4 ms cheaper on every page (bench/rerun_cost.py --compare). The browser
(assets/inputs.js) draws native controls (range, select, number, radio, switch, button)
from ``items`` and reports moves as a link spells values: ``{"moves": {name: text}, "seq":
n}``. It keeps every move until a run says it has seen that ``seq``, so moves made while a
run was busy are sent again with the next and never lost, and it shows them meanwhile
instead of the older values that run drew.
The next run parses each move with its declaration, as it parses a link's values, and
ignores what does not parse or is not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import streamlit as st

from regviz.params import LAM_GRID, Param, State, format_lam
from regviz.text import t
from regviz.ui.live import component_bytes, component_value, ignore, loader

_INPUTS = st.components.v2.component("regviz.inputs", js=loader("inputs.js"), isolate_styles=False)
SIDEBAR_KEY = "inputs_sidebar"
LAM_KEY = SIDEBAR_KEY  # the box that holds the λ slider, which reports under "lam"
SEEN_KEY = "_inputs_seen"  # {box key: the last seq a run took from it}
LAM_SEEN_KEY = "_inputs_lam_seen"
MAX_MOVES = 64  # more than any box shows: a bigger report is not the page's
LAM_LABELS = tuple(format_lam(v) for v in LAM_GRID)  # the λ slider's labels, the same every run


def label_for(prefix: str, lang: str, value: object) -> str:
    """An option's translated label (picklable, unlike a lambda: a Streamlit format_func too)."""
    return t(f"{prefix}.{value}", lang)


def lesson_key(slug: str) -> str:
    return f"inputs_{slug}"


def item(
    p: Param,
    state: State,
    labels: Callable[[Any], str] | None = None,
    options: Sequence[Any] | None = None,
    disabled: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    """What the browser needs to draw one parameter's control, its value as a link spells it."""
    w, lang = p.widget, state.lang
    assert w is not None and w.kind != "lam", p.name
    out: dict[str, Any] = {"name": p.name, "kind": w.kind, "label": t(w.label, lang), "value": p.encode(state[p.name])}
    if note or w.help:
        out["help"] = note or t(w.help or "", lang)
    if disabled:
        out["disabled"] = True
    if w.kind in ("select", "radio", "select_slider", "toggle"):
        name = labels or (partial(label_for, w.choices, lang) if w.choices else str)
        out["options"] = [[p.encode(v), name(v)] for v in (options if options is not None else p.options)]
    elif p.bounds is not None:  # a slider or a number
        out["min"], out["max"] = p.bounds
        out["step"] = w.step or 1
    return out


def header(label: str) -> dict[str, Any]:
    return {"kind": "header", "label": label}


def button(p: Param, value: Any, label: str) -> dict[str, Any]:
    """A button that moves a parameter to ``value`` (the browser sends it as any move)."""
    return {"kind": "button", "name": p.name, "label": label, "value": p.encode(value)}


def lam(state: State) -> dict[str, Any]:
    """The shared λ slider (assets/lam.js), drawn inside a box: it reports under ``lam``."""
    return {
        "kind": "lam",
        "grid": LAM_LABELS,
        "index": state.lam_index,
        "label": t("controls.lam", state.lang),
        "help": t("controls.lam_help", state.lang),
    }


def box(key: str, items: Sequence[Mapping[str, Any]], columns: int = 1) -> None:
    """Draw a group of controls as one element; ``key`` names it for its reports."""
    seen = st.session_state.get(SEEN_KEY, {}).get(key)
    data = {"key": key, "items": list(items), "columns": columns, "seen": seen}
    _INPUTS(data=component_bytes(data), key=key, on_moves_change=ignore, on_lam_change=ignore)


def reported(key: str) -> dict[str, str]:
    """The moves the box ``key`` reported since the last run took them ({} if none)."""
    value = component_value(key, "moves")
    if not isinstance(value, Mapping):
        return {}
    moves, seq = value.get("moves"), value.get("seq")
    seen = st.session_state.setdefault(SEEN_KEY, {})
    if not isinstance(moves, Mapping) or seq is None or seen.get(key) == seq:
        return {}
    seen[key] = seq
    if len(moves) > MAX_MOVES:
        return {}
    return {str(name): text for name, text in moves.items() if isinstance(text, str)}


def committed_lam() -> float | None:
    """The λ the slider reported since the last run, if it reported one (else None)."""
    value = component_value(LAM_KEY, "lam")
    if not isinstance(value, Mapping):
        return None
    index, seq = value.get("index"), value.get("seq")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(LAM_GRID):
        return None
    if st.session_state.get(LAM_SEEN_KEY) == seq:
        return None
    st.session_state[LAM_SEEN_KEY] = seq
    return LAM_GRID[index]
