"""The shared sidebar controls, kept in one AppState and mirrored in the URL.

The canonical state lives under ``STATE_KEY`` in session state; widgets are seeded from
it on every run and write back through callbacks. A widget that is hidden (ρ when the
penalty is not Elastic Net) therefore never loses its value.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from regviz.text import t
from regviz.ui.state import (
    DATASETS,
    DEGREE_RANGE,
    L1_RATIOS,
    LAM_GRID,
    LANGUAGES,
    N_RANGE,
    NOISE_RANGE,
    PENALTIES,
    SEED_RANGE,
    AppState,
    Notice,
    format_lam,
    parse_query,
    to_query,
)

STATE_KEY = "app_state"
NOTICES_KEY = "url_notices"
WRITTEN_KEY = "url_written"  # the last few addresses this session wrote
RECENT_URLS = 4
ENTRY_KEY = "entry_ran"  # set by every run that went through app.py (see ui.page)
LANG_NAMES = {"en": "English", "zh": "中文"}


def label_for(prefix: str, lang: str, value: object) -> str:
    """format_func for options with translated labels (picklable, unlike a lambda)."""
    return t(f"{prefix}.{value}", lang)


def _widget_key(field: str) -> str:
    return f"ctl_{field}"


def current_state() -> AppState:
    return st.session_state.get(STATE_KEY) or AppState()


def _commit(field: str) -> None:
    """Widget callback: copy the widget's value into the canonical state."""
    value = st.session_state[_widget_key(field)]
    st.session_state[STATE_KEY] = current_state().with_(**{field: value})
    st.session_state[NOTICES_KEY] = []


def _new_sample() -> None:
    state = current_state()
    st.session_state[STATE_KEY] = state.with_(seed=(state.seed + 1) % (SEED_RANGE[1] + 1))


def _query_dict() -> dict[str, str]:
    return {key: st.query_params.get(key, "") for key in st.query_params}


def sync_from_url() -> None:
    """Adopt the URL's state on a session's first run, or when a link changed the URL.

    A rerun can carry an address the app itself wrote a moment ago (the browser sent it
    before the newer one arrived); that echo is ignored, or a quick second slider move
    would be undone.
    """
    query = _query_dict()
    first_run = STATE_KEY not in st.session_state
    echo = query in st.session_state.get(WRITTEN_KEY, [])
    if first_run or (query and not echo):
        state, notices = parse_query(query)
        st.session_state[STATE_KEY] = state
        st.session_state[NOTICES_KEY] = notices


def write_url(state: AppState) -> None:
    """Mirror the state in the address bar so it can always be copied and shared."""
    query = to_query(state)
    if _query_dict() != query:
        st.query_params.from_dict(query)
    recent = [q for q in st.session_state.get(WRITTEN_KEY, []) if q != query]
    st.session_state[WRITTEN_KEY] = [*recent[-(RECENT_URLS - 1) :], query]


def _widget(kind: Any, field: str, label: str, **kwargs: Any) -> Any:
    st.session_state[_widget_key(field)] = getattr(current_state(), field)
    return kind(label, key=_widget_key(field), on_change=_commit, args=(field,), **kwargs)


def _keep(key: str) -> None:
    st.session_state[f"keep_{key}"] = st.session_state[key]


def local_widget(kind: Any, key: str, label: str, default: Any, **kwargs: Any) -> Any:
    """A page-local widget (key prefixed with its page) whose value survives page switches."""
    st.session_state[key] = st.session_state.get(f"keep_{key}", default)
    return kind(label, key=key, on_change=_keep, args=(key,), **kwargs)


def render_sidebar() -> AppState:
    """Render the shared controls once (in app.py) and return the state they set."""
    st.session_state[ENTRY_KEY] = True
    sync_from_url()
    with st.sidebar:
        _widget(
            st.radio,
            "lang",
            "Language · 语言",
            options=LANGUAGES,
            format_func=LANG_NAMES.get,
            horizontal=True,
        )
        lang = current_state().lang
        st.header(t("controls.model", lang))
        _widget(
            st.selectbox,
            "penalty",
            t("controls.penalty", lang),
            options=PENALTIES,
            format_func=partial(label_for, "penalty", lang),
        )
        _widget(
            st.select_slider,
            "lam",
            t("controls.lam", lang),
            options=LAM_GRID,
            format_func=format_lam,
            help=t("controls.lam_help", lang),
        )
        if current_state().penalty == "elasticnet":
            _widget(
                st.select_slider,
                "l1_ratio",
                t("controls.l1_ratio", lang),
                options=L1_RATIOS,
                help=t("controls.l1_ratio_help", lang),
            )
        _widget(
            st.slider,
            "degree",
            t("controls.degree", lang),
            min_value=DEGREE_RANGE[0],
            max_value=DEGREE_RANGE[1],
            help=t("controls.degree_help", lang),
        )
        st.header(t("controls.data", lang))
        _widget(
            st.selectbox,
            "data",
            t("controls.dataset", lang),
            options=DATASETS,
            format_func=partial(label_for, "dataset", lang),
        )
        _widget(st.slider, "n", t("controls.n", lang), min_value=N_RANGE[0], max_value=N_RANGE[1])
        _widget(
            st.slider,
            "noise",
            t("controls.noise", lang),
            min_value=NOISE_RANGE[0],
            max_value=NOISE_RANGE[1],
            step=0.05,
            disabled=current_state().data != "synthetic",
            help=t("controls.noise_help", lang),
        )
        _widget(
            st.number_input,
            "seed",
            t("controls.seed", lang),
            min_value=SEED_RANGE[0],
            max_value=SEED_RANGE[1],
            step=1,
        )
        st.button(t("controls.new_sample", lang), on_click=_new_sample, width="stretch")
    state = current_state()
    write_url(state)
    return state


def show_notices(lang: str) -> None:
    """Tell the user which URL parameters were invalid and replaced."""
    notices: list[Notice] = st.session_state.get(NOTICES_KEY, [])
    for notice in notices:
        st.warning(t("notice.bad_param", lang, param=notice.param, default=notice.default), icon="⚠️")
