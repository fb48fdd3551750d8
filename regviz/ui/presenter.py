"""Presenter mode (``present=1``): type and lines that read from the back of a room, and the
lecture's scenes, stepped with → / ← and PageDown / PageUp (a clicker) or the buttons.

A scene is a lesson and a full state (regviz.lectures); going to one sets the shared state
(the viewer's language, presenter mode, the lecture and the hide list stay) and switches to
its page. The URL carries the scene number. Panels are cached by state, so a scene seen
before is not computed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from typing import Any

import streamlit as st

from regviz.errors import InputError
from regviz.lectures import UPLOADED, Lecture, load_built_in, parse
from regviz.lessons.registry import SCHEMA, SLUGS
from regviz.params import State
from regviz.text import error_message, t
from regviz.ui.controls import current_state, set_state
from regviz.ui.live import loader

STEP_KEY = "presenter_keys"
SEEN_KEY = "_presenter_seen"
BUTTON_KEY = "_presenter_button"
HELD_KEY = "_lectures"  # this session's uploaded lectures: name → Lecture
FILE_SEEN_KEY = "_lecture_file_seen"
ERROR_KEY = "_lecture_error"
KEPT = ("lang", "present", "lecture", "hide")  # what a scene change does not touch
_KEYS = st.components.v2.component("regviz.keys", js=loader("keys.js"), isolate_styles=False)

# Larger type for a projector (in the theme's own colours); the charts restyle
# themselves in the browser (panels.js, data.present).
CSS = """<style>
.stMainBlockContainer { font-size: 1.3rem; }
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.3rem; line-height: 1.5; }
.stMainBlockContainer h1 { font-size: 3rem; }
.stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 2.1rem; }
.stMainBlockContainer h4 { font-size: 1.9rem; }
</style>"""


def lecture(state: State) -> Lecture:
    """The state's lecture: built in, or uploaded in this session (InputError if not held)."""
    name = state["lecture"]
    if UPLOADED.fullmatch(name):
        held = st.session_state.get(HELD_KEY, {}).get(name)
        if held is None:
            raise InputError("lecture_gone")
        return held
    return _built_in(name)


@cache
def _built_in(name: str) -> Lecture:
    """A built-in lecture, read once per process (its file does not change while it runs)."""
    return load_built_in(name, SCHEMA, SLUGS)


def upload_box() -> None:
    """In presenter mode, in the sidebar: a lecturer's own lecture file (TOML or JSON).

    It is parsed once per file; a bad one gets a message naming its line and the lecture in
    use stays. A good one is held in the session (never on disk) and named by its hash."""
    state = current_state()
    if not state["present"]:
        return
    lang = state.lang
    file = st.file_uploader(
        t("present.upload", lang), type=["toml", "json"], key="lecture_file", help=t("present.upload_help", lang)
    )
    if file is not None and st.session_state.get(FILE_SEEN_KEY) != file.file_id:
        st.session_state[FILE_SEEN_KEY] = file.file_id
        st.session_state[ERROR_KEY] = None
        data = file.getvalue()
        try:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError("lecture_syntax", line=1, detail="not UTF-8 text") from None
            lec = parse(text, SCHEMA, SLUGS, is_json=file.name.lower().endswith(".json"))
        except InputError as err:
            st.session_state[ERROR_KEY] = err
        else:
            name = f"file-{hashlib.sha256(data).hexdigest()[:12]}"
            st.session_state.setdefault(HELD_KEY, {})[name] = lec
            set_state(state.with_(lecture=name, scene=0))
    refused = st.session_state.get(ERROR_KEY)
    if isinstance(refused, InputError):
        st.error(error_message(refused, lang), icon="🚫")


def scene_state(lec: Lecture, k: int, state: State) -> State:
    """Scene k (1-based) of the lecture, with what the viewer set for the view kept."""
    base = lec.state(k - 1, SCHEMA, state.lang)
    return base.with_({name: state[name] for name in KEPT}, scene=k)


def scene_defaults(state: State, query: Mapping[str, Any]) -> State:
    """A link with a scene number: the scene's state, with what the link itself sets on top."""
    try:
        lec = lecture(state)
    except InputError:
        return state
    k = min(state["scene"], len(lec.scenes))
    given = {name: state[name] for name in query if name in SCHEMA.by_name}
    return scene_state(lec, k, state).with_(given, scene=k)


def _press(step: int) -> None:
    st.session_state[BUTTON_KEY] = step


def _pending_step() -> int:
    """+1 / −1 when a key or a button asked for the next or previous scene since the last run."""
    step = int(st.session_state.pop(BUTTON_KEY, 0))
    value: Any = st.session_state.get(STEP_KEY)
    keyed = value.get("step") if isinstance(value, dict) else getattr(value, "step", None)
    if isinstance(keyed, dict) and keyed.get("seq") != st.session_state.get(SEEN_KEY):
        st.session_state[SEEN_KEY] = keyed.get("seq")
        if keyed.get("dir") in (1, -1):
            step = int(keyed["dir"])
    return step


def follow(slug: str) -> str | None:
    """Apply a pending scene step; the page to switch to, if it is another one."""
    state = current_state()
    if not state["present"]:
        return None
    step = _pending_step()
    if not step:
        return None
    try:
        lec = lecture(state)
    except InputError:
        return None  # the bar says why
    k = min(max(state["scene"] + step, 1), len(lec.scenes))
    if k == state["scene"]:
        return None
    set_state(scene_state(lec, k, state))
    target = lec.scenes[k - 1].lesson
    return target if target != slug else None


def bar() -> None:
    """In presenter mode: the styles, the scene's caption, the buttons and the keys."""
    state = current_state()
    if not state["present"]:
        return
    lang = state.lang
    st.html(CSS)
    try:
        lec = lecture(state)
    except InputError as err:
        st.error(error_message(err, lang), icon="🚫")
        return
    k, total = state["scene"], len(lec.scenes)
    back, middle, forward = st.columns([1, 8, 1], vertical_alignment="center")
    back.button("◀", key="scene_back", on_click=_press, args=(-1,), disabled=k <= 1, help=t("present.back", lang))
    forward.button("▶", key="scene_next", on_click=_press, args=(1,), disabled=k >= total, help=t("present.next", lang))
    if 1 <= k <= total:
        caption = lec.scenes[k - 1].caption[lang]
        middle.markdown(f"#### {k} / {total} · {_escape(caption)}")
    else:
        title = lec.title[lang]
        middle.markdown(
            t("present.start", lang, title=title, total=total)
            if title
            else t("present.start_untitled", lang, total=total)
        )
    _KEYS(data=b"{}", key=STEP_KEY, on_step_change=_ignore)


def _ignore() -> None:
    """Streamlit keeps a component's state value only with a change callback; runs read it."""


MARKDOWN = set("\\`*_{}[]()#+-.!<>|~$")


def _escape(text: str) -> str:
    """A caption as plain text in markdown (a lecturer's file is not trusted): every mark escaped."""
    return "".join(f"\\{ch}" if ch in MARKDOWN else ch for ch in " ".join(text.split()))
