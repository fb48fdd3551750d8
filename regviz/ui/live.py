"""The live elements: the shared λ slider and rows of charts drawn in the browser.

``row(lesson, state, names)`` shows the charts of some of a lesson's panels side by side.
For each panel it makes sure the payload exists: a light panel is computed by the
interactive worker while the script waits (its data cached by regviz.lessons.registry
for the page's words, its payload by regviz.ui.store); a heavy one is requested from the
background worker and arrives while the page is already shown (regviz.ui.work).
The element itself carries only keys and the current λ index: the browser fetches each
payload once (regviz.ui.routes) and redraws the charts itself when λ moves.

The one λ control lives in the sidebar's box of controls (regviz.ui.inputs, assets/lam.js):
the browser redraws the page's charts as it moves, and reports the index when it rests.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from regviz.figures import KINDS
from regviz.lessons import registry
from regviz.lessons.base import NO_AXIS, Lesson, LocalAxis, PanelData
from regviz.params import State
from regviz.text import t
from regviz.ui.store import STORE, VERSION, panel_key
from regviz.ui.work import INTERACTIVE, WORK, WORKERS

CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
OWNER_KEY = "_live_owner"
DRAWN_KEY = "_regviz_drawn"  # the charts this run drew: (lesson, panel, kind, ctx), for the export
USED_KEY = "_regviz_used"  # lesson → the panels its page drew in this session's last run of it
_USED_ANYWHERE: dict[str, tuple[str, ...]] = {}  # the same in any session's: a first visit's guess


def begin_run() -> None:
    """Forget the charts the last run drew (app.py, before the page runs), remembering which
    panels its page drew: the next run asks a worker for the light ones all at once."""
    drawn = st.session_state.get(DRAWN_KEY) or []
    if drawn:
        slug = drawn[0][0]
        names = tuple(dict.fromkeys(name for lesson, name, _, _ in drawn if lesson == slug))
        st.session_state.setdefault(USED_KEY, {})[slug] = _USED_ANYWHERE[slug] = names
    st.session_state[DRAWN_KEY] = []


def _expected(lesson: Lesson) -> tuple[str, ...]:
    """The panels this page is likely to draw in this run (those of its last run)."""
    if get_script_run_ctx() is None:  # not a page's run (a tool, a test)
        return ()
    used = st.session_state.get(USED_KEY) or {}
    return used.get(lesson.slug) or _USED_ANYWHERE.get(lesson.slug, ())


def fetch(lesson: Lesson, name: str, state: State) -> PanelData:
    """A light panel's data from the interactive worker, with the page's other light panels."""
    return INTERACTIVE.fetch(lesson, name, state, also=_expected(lesson))


def loader(module: str) -> str:
    """A component's script: it imports the module from the app's own route (regviz.ui.routes)."""
    return (
        "export default async function (component) {\n"
        f"  const url = new URL('_regviz/js/{VERSION}/{module}', document.baseURI).href;\n"
        "  const { default: run } = await import(url);\n"
        "  if (!performance.getEntriesByName('regviz:module').length) performance.mark('regviz:module');\n"
        "  const data = JSON.parse(new TextDecoder().decode(component.data));\n"
        "  return run({ ...component, data });\n"
        "}\n"
    )


# The data of the students' current states, for the pages' words: data evicted here while its
# payload is still stored is computed again by a worker (a run of 300 exploring students made
# ~3,000 panels' data, ~20 KiB each: README, load section).
DATA_BYTES = int(os.environ.get("REGVIZ_DATA_MB", "64")) * 2**20
registry.keep_bytes(DATA_BYTES)
if WORKERS > 0:  # in the server, panels are computed by the workers (REGVIZ_WORKERS=0: right here)
    registry.set_source(fetch)
# The styles live in the modules (styles.js): an element's css would travel with it on every rerun.
_PANELS = st.components.v2.component("regviz.panels", js=loader("panels.js"), isolate_styles=False)


def component_bytes(data: Mapping[str, Any]) -> bytes:
    """Component data as JSON bytes: Streamlit walks a dict's every value looking for data
    frames (~1 ms a component a rerun); bytes go out as they are."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _owner() -> str:
    """This session's id for the work queue (a student's newer request supersedes the older)."""
    if OWNER_KEY not in st.session_state:
        st.session_state[OWNER_KEY] = uuid.uuid4().hex
    return str(st.session_state[OWNER_KEY])


def component_value(key: str, name: str) -> Any:
    value: Any = st.session_state.get(key)
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def ignore() -> None:
    """Streamlit keeps a component's state value only with a change callback; runs read it."""


def ensure(lesson: Lesson, name: str, state: State) -> str:
    """The key of a panel's payload for this state, computed or requested if not there yet.

    A light panel is computed by the interactive worker while the script waits, so a
    state the lesson cannot show raises ShownError to the page (which explains it); a heavy
    one fails in the background worker and its chart shows the message instead.
    """
    panel = lesson.panel(name)
    key = panel_key(lesson.slug, name, state.subset(panel.depends), state.lang)
    entry = STORE.get(key)
    if entry is not None and entry.status != "failed":
        return key
    if panel.heavy(state):
        WORK.request(key, lesson.slug, name, dict(state), state.lang, _owner())
    else:
        fetch(lesson, name, state)
    return key


def _charts(lesson: Lesson, items: Sequence[str]) -> list[tuple[str, str]]:
    """("panel", kind) for each item: "panel" is all its charts, "panel:kind" one of them."""
    out = []
    for item in items:
        name, _, kind = item.partition(":")
        out += [(name, kind)] if kind else [(name, k) for k in lesson.panel(name).charts]
    return out


def _local(axis: LocalAxis | None, lang: str) -> dict[str, Any] | None:
    """What the browser needs to play a panel's own axis (panels.js draws the controls)."""
    if axis is None:
        return None
    names = ("play", "pause", "step", "reset", "speed")
    labels = {name: t(f"live.{name}", lang) for name in names}
    return {"steps": axis.steps, "rate": axis.rate, "at": t(axis.label, lang), "labels": labels}


def row(
    lesson: Lesson,
    state: State,
    items: Sequence[str],
    widths: Sequence[float] | None = None,
    ctx: Mapping[str, Any] | None = None,
) -> list[str]:
    """Show charts side by side: "panel" (all its charts) or "panel:kind"; returns their keys."""
    key = f"{lesson.slug}_{'_'.join(items).replace(':', '-')}"
    missing = component_value(key, "missing")
    drawn = st.session_state.setdefault(DRAWN_KEY, [])
    charts, keys, axes = [], [], set()
    pending, unavailable = t("live.pending", state.lang), t("live.unavailable", state.lang)
    for name, kind in _charts(lesson, items):
        panel = lesson.panel(name)
        if missing:  # the browser found a key the store no longer has: make it again
            STORE.forget(panel_key(lesson.slug, name, state.subset(panel.depends), state.lang))
        main = ensure(lesson, name, state)
        extra = ensure(lesson, panel.extra, state) if panel.extra and panel.extra_when(state) else None
        keys.append(main)
        drawn.append((lesson.slug, name, kind, dict(ctx or {})))
        axes.add(panel.axis)
        charts.append(
            {
                "key": main,
                "kind": kind,
                "extra": extra,
                "height": panel.height,
                "pending": pending,
                "unavailable": unavailable,
                "bundle": KINDS[kind].bundle,
                "local": _local(panel.local, state.lang),
            }
        )
    data = {
        "charts": charts,
        "widths": list(widths or [1.0] * len(charts)),
        "lam": state.lam_index,
        "axis": NO_AXIS if axes == {NO_AXIS} else "lam",
        "ctx": dict(ctx or {}),
        "config": CONFIG,
        "present": bool(state["present"]),
        "download": {
            "png": t("live.download_png", state.lang),
            "svg": t("live.download_svg", state.lang),
            "name": f"regviz-{lesson.slug}",
        },
        "answered": missing or "",
    }
    _PANELS(data=component_bytes(data), key=key, on_missing_change=ignore)
    return keys
