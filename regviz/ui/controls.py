"""Controls for the declared parameters (regviz.params), one state, and its mirror in the URL.

The canonical state lives under ``STATE_KEY`` in session state. Every control shows it on
each run: the sidebar's and a lesson's in one box each (regviz.ui.inputs), whose reported
moves the next run takes first; a page's toggles and another lesson's controls as
Streamlit widgets, which write back through a callback. So a control that is hidden (ρ when
the penalty is not Elastic Net, another lesson's controls) never loses its value. They are
made from the declarations, so a lesson's controls need no code here.
"""

from __future__ import annotations

import json
import zlib
from functools import partial
from typing import Any

import streamlit as st

from regviz.lessons.base import Lesson
from regviz.lessons.registry import DEFAULT, LESSONS, SCHEMA
from regviz.lessons.registry import lesson as lesson_of
from regviz.params import LAM_GRID, SEED_RANGE, SHARED_PARAMS, Notice, Param, State, hidden, shown
from regviz.share import qr_svg, view_link
from regviz.text import t
from regviz.ui import inputs, uploads
from regviz.ui.inputs import label_for

STATE_KEY = "app_state"
NOTICES_KEY = "url_notices"
WRITTEN_KEY = "url_written"  # the last few addresses this session wrote
RECENT_URLS = 4
ENTRY_KEY = "entry_ran"  # set by every run that went through app.py (see ui.page)
LANG_NAMES = {"en": "English", "zh": "中文"}


def widget_key(name: str) -> str:
    return f"ctl_{name}"


def current_state() -> State:
    state = st.session_state.get(STATE_KEY)
    return state if isinstance(state, State) else DEFAULT


def set_state(state: State) -> None:
    st.session_state[STATE_KEY] = state
    st.session_state[NOTICES_KEY] = []
    uploads.forget_gone()


def _commit(name: str) -> None:
    """Widget callback: copy the widget's value into the canonical state."""
    set_state(current_state().with_({name: st.session_state[widget_key(name)]}))


def set_lam(lam: float) -> None:
    """Button callback: move the shared λ (every page and the address follow)."""
    set_state(current_state().with_(lam=lam))


LAM_AS_KEY = "ctl_lam_as"


def _lam_as_changed(key: str) -> None:
    set_lam(LAM_GRID[st.session_state[key]])


def render_lam_as(label: str, help_text: str, labels: list[str], state: State, descending: bool = False) -> None:
    """λ in another unit (a prior's scale): a slider over the λ grid, ``labels[k]`` at grid
    index k (made once a run: a format function would run twice per index); moving it moves
    the shared λ, and the shared λ moves it.

    Its key names its labels: new labels (σ moved) make a new widget, seeded from the state;
    under the old key the browser would answer with a new widget's first option, a λ nobody set.
    A link that hides λ hides it too."""
    if "lam" in hidden(state):
        return
    order = list(range(len(LAM_GRID) - 1, -1, -1) if descending else range(len(LAM_GRID)))
    key = f"{LAM_AS_KEY}_{zlib.crc32(json.dumps([label, *(labels[k] for k in order)]).encode()):08x}"
    for old in [k for k in st.session_state if str(k).startswith(LAM_AS_KEY) and k != key]:
        del st.session_state[old]
    if st.session_state.get(key) != state.lam_index:
        st.session_state[key] = state.lam_index
    st.select_slider(
        label,
        options=order,
        format_func=labels.__getitem__,
        key=key,
        on_change=_lam_as_changed,
        args=(key,),
        help=help_text,
    )


def _use_data(name: str) -> None:
    set_state(current_state().with_(data=name))


def _query_dict() -> dict[str, str]:
    return st.query_params.to_dict()  # one read (each key's .get is a metered call of its own)


def sync_from_url() -> None:
    """Adopt the URL's state on a session's first run, or when a link changed the URL.

    A rerun can carry an address the app itself wrote a moment ago (the browser sent it
    before the newer one arrived); that echo is ignored, or a quick second move would be
    undone.
    """
    query = _query_dict()
    first_run = STATE_KEY not in st.session_state
    echo = query in st.session_state.get(WRITTEN_KEY, [])
    if first_run or (query and not echo):
        state, notices = SCHEMA.parse_query(query)
        if state["present"] and state["scene"]:  # a scene's link: what it leaves out is the scene's
            from regviz.ui.presenter import scene_defaults  # here: presenter imports this module

            state = scene_defaults(state, query)
        st.session_state[STATE_KEY] = state  # render_sidebar then admits its data (regviz.ui.uploads)
        st.session_state[NOTICES_KEY] = notices


def write_url(state: State, lesson: str | None) -> None:
    """Mirror the state in the address bar, so it can always be copied and shared."""
    query = SCHEMA.to_query(state, lesson)
    if _query_dict() != query:
        st.query_params.from_dict(query)
    recent = [q for q in st.session_state.get(WRITTEN_KEY, []) if q != query]
    st.session_state[WRITTEN_KEY] = [*recent[-(RECENT_URLS - 1) :], query]


def render_param(p: Param, state: State, where: Any = st, format_func: Any = None, unused: bool = False) -> Any:
    """A Streamlit widget for a parameter, seeded from the state; its changes go to the state.

    For the controls outside the boxes (regviz.ui.inputs): a page's toggles and another
    lesson's controls in their expander. ``format_func`` labels a select's options where
    the declaration's text keys cannot; ``unused`` greys it out with a note that this page
    does not use it."""
    w, lang = p.widget, state.lang
    if w is None or w.kind == "lam" or not shown(p, state):
        return state[p.name]
    key = widget_key(p.name)
    if st.session_state.get(key) != state[p.name]:  # seed the widget from the state (writes cost)
        st.session_state[key] = state[p.name]
    common: dict[str, Any] = {"key": key, "on_change": _commit, "args": (p.name,)}
    if w.help:
        common["help"] = t(w.help, lang)
    if unused:
        common["disabled"], common["help"] = True, t("controls.unused_here", lang)
    elif p.enabled is not None and not p.enabled(state):
        common["disabled"] = True
    label = t(w.label, lang)
    if w.kind in ("select", "radio"):
        fmt = format_func or (partial(label_for, w.choices, lang) if w.choices else LANG_NAMES.get)
        make = where.selectbox if w.kind == "select" else partial(where.radio, horizontal=True)
        return make(label, options=p.options, format_func=fmt, **common)
    if w.kind == "select_slider":
        fmt = partial(label_for, w.choices, lang) if w.choices else str
        return where.select_slider(label, options=p.options, format_func=fmt, **common)
    if w.kind == "toggle":
        return where.toggle(label, **common)
    assert p.bounds is not None
    lo, hi = p.bounds
    if w.kind == "number":
        return where.number_input(label, min_value=lo, max_value=hi, step=1, **common)
    if isinstance(p.default, float):
        return where.slider(label, min_value=float(lo), max_value=float(hi), step=w.step, **common)
    return where.slider(label, min_value=lo, max_value=hi, **common)


def _lang_param() -> Param:
    return SCHEMA.by_name["lang"]


BOXES = (inputs.SIDEBAR_KEY, *(inputs.lesson_key(lesson.slug) for lesson in LESSONS))


def _parsed(name: str, text: str) -> Any:
    """A reported move's value, parsed as a link's would be; None if it is not one the page offers."""
    p = SCHEMA.by_name.get(name)
    if p is None or p.widget is None or p.widget.kind == "lam" or len(text) > p.max_length:
        return None
    try:
        value = p.parse(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return None if name == "data" and value not in uploads.data_options() else value


def take_moves() -> None:
    """Put the moves the boxes of controls reported since the last run into the state."""
    changes = {}
    for key in BOXES:
        for name, text in inputs.reported(key).items():
            value = _parsed(name, text)
            if value is not None:
                changes[name] = value
    state = current_state()
    if any(state[name] != value for name, value in changes.items()):
        set_state(state.with_(changes))


def prepare_state() -> State:
    """The state this run starts from: the URL's, an upload it names admitted, the moves reported."""
    st.session_state[ENTRY_KEY] = True
    sync_from_url()
    uploads.hold_all()
    admitted = uploads.admit(current_state())
    if admitted is not current_state():  # it named an upload this session no longer holds
        st.session_state[STATE_KEY] = admitted
    take_moves()
    lam = inputs.committed_lam()
    if lam is not None and lam != current_state().lam:
        set_state(current_state().with_(lam=lam))
    return current_state()


def _item(p: Param, state: State, unused: bool = False, **kw: Any) -> dict[str, Any]:
    if unused:
        return inputs.item(p, state, disabled=True, note=t("controls.unused_here", state.lang), **kw)
    return inputs.item(p, state, disabled=p.enabled is not None and not p.enabled(state), **kw)


def render_sidebar(slug: str | None = None) -> State:
    """Render the shared controls once, after ``prepare_state`` (app.py), and return the state they set.

    On a lesson page (``slug``), the shared controls the lesson does not use in this state
    are greyed out and say so (the values stay, for the other pages)."""
    state = current_state()
    lang, gone = state.lang, hidden(state)
    unused = lesson_of(slug).unused(state) if slug else frozenset()
    items = [_item(_lang_param(), state, labels=LANG_NAMES.__getitem__), inputs.header(t("controls.model", lang))]
    for p in SHARED_PARAMS:
        if p.name == "data" and not {"data", "n", "noise", "seed"} <= gone:
            items.append(inputs.header(t("controls.data", lang)))
        if not shown(p, state):
            continue
        if p.name == "lam":
            items.append(inputs.lam(state))
        elif p.name == "data":  # the built-in data sets and this session's uploads
            items.append(
                _item(p, state, "data" in unused, labels=uploads.label_of(lang), options=uploads.data_options())
            )
        else:
            items.append(_item(p, state, p.name in unused))
    if "seed" not in gone:
        seed = SCHEMA.by_name["seed"]
        items.append(inputs.button(seed, (state.seed + 1) % (SEED_RANGE[1] + 1), t("controls.new_sample", lang)))
    present = SCHEMA.by_name["present"]
    if shown(present, state):
        items.append(_item(present, state))
    with st.sidebar:
        inputs.box(inputs.SIDEBAR_KEY, items)
        if "data" not in gone:
            uploads.render(state, _use_data)
        share(state, slug or "home")
    return current_state()


def share(state: State, slug: str) -> None:
    """A toggle that shows the link to this view (with a copy button) and its QR code."""
    if not st.toggle(t("controls.share", state.lang), key="share_view", help=t("controls.share_help", state.lang)):
        return
    link = view_link(st.context.url, slug, SCHEMA.to_query(state, None if slug == "home" else slug))
    st.code(link, language=None, wrap_lines=True)
    st.image(qr_svg(link), caption=t("controls.share_qr", state.lang), width="stretch")


def render_lesson_controls(lesson: Lesson, state: State, columns: int = 3) -> State:
    """A lesson's own controls, side by side in one box (its toggles are the page's own); returns the state."""
    params = [p for p in lesson.params if p.widget is not None and p.widget.kind != "toggle" and shown(p, state)]
    if params:
        inputs.box(inputs.lesson_key(lesson.slug), [_item(p, state) for p in params], min(columns, len(params)))
    return state


def show_notices(lang: str) -> None:
    """Tell the user which URL parameters were invalid and replaced."""
    uploads.show_gone(lang)
    notices: list[Notice] = st.session_state.get(NOTICES_KEY, [])
    for notice in notices:
        if notice.param == "hide":
            st.warning(t("notice.bad_hide", lang), icon="⚠️")
        elif notice.default == "":  # a list or a name that is empty by default (done, task)
            st.warning(t("notice.bad_ignored", lang, param=notice.param), icon="⚠️")
        else:
            st.warning(t("notice.bad_param", lang, param=notice.param, default=notice.default), icon="⚠️")
