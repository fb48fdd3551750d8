"""AppTest helpers: run the real entry point (app.py) with a URL and a page, read its panels."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from regviz.figures.payload import decode
from regviz.lessons.registry import LESSONS, PAGES
from regviz.params import LAM_GRID
from regviz.ui.inputs import LAM_KEY
from regviz.ui.store import STORE
from regviz.ui.work import WORK

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE_SCRIPTS = tuple(p.page for p in PAGES)
LESSON_SCRIPTS = tuple(lesson.page for lesson in LESSONS)


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def panel_elements(at: AppTest) -> list[dict[str, Any]]:
    """The data of every row of live charts on the page (regviz.ui.live.row)."""
    return [json.loads(c.proto.bytes) for c in at.get("bidi_component") if c.proto.component_name == "regviz.panels"]


def chart_keys(at: AppTest) -> list[str]:
    """Every payload key the page's charts (and their extra data) draw from."""
    keys = []
    for element in panel_elements(at):
        for chart in element["charts"]:
            keys += [chart["key"]] + ([chart["extra"]] if chart["extra"] else [])
    return keys


def payload(key: str, timeout: float = 300.0) -> dict[str, Any] | str:
    """A payload as the browser gets it (decoded), waiting for a heavy one; a message if it failed."""
    WORK.wait(key, timeout)
    entry = STORE.get(key)
    assert entry is not None, f"the page named key {key} but the store has nothing for it"
    if entry.status == "failed":
        return entry.message
    assert entry.status == "ready", entry.status
    data = STORE.payload(key)
    assert data is not None
    return decode(data)


def drawn(at: AppTest) -> list[Any]:
    """What the charts draw: every payload's arrays, strings and templates (as plain data)."""
    out = []
    for key in chart_keys(at):
        p = payload(key)
        out.append(p if isinstance(p, str) else _plain(p))
    return out


def _plain(p: dict[str, Any]) -> dict[str, Any]:
    """Comparable data: arrays as lists, with NaN (a gap in a line) as None."""
    lists = {k: [None if x != x else x for x in v.ravel().tolist()] for k, v in p["arrays"].items()}
    return {**p, "arrays": lists}


def box_items(at: AppTest) -> dict[str, list[dict[str, Any]]]:
    """The items of every box of controls on the page (regviz.ui.inputs), by the box's key."""
    boxes = [json.loads(c.proto.bytes) for c in at.get("bidi_component") if c.proto.component_name == "regviz.inputs"]
    return {box["key"]: box["items"] for box in boxes}


def box_item(at: AppTest, name: str) -> dict[str, Any]:
    """What a box draws for parameter ``name``: its value as a link spells it, its options' labels, …"""
    return next(i for items in box_items(at).values() for i in items if i.get("name") == name)


def send_state(at: AppTest, key: str, name: str, value: Any) -> AppTest:
    """What a box's browser code sends: its whole state, with one report changed; then the rerun."""
    try:
        held = dict(at.session_state[key])
    except KeyError:
        held = {}
    held[name] = value
    at.session_state[key] = held
    return at.run()


def set_lam(at: AppTest, lam: float) -> AppTest:
    """What the browser's λ slider does when it rests on lam: report its index, rerun."""
    return send_state(at, LAM_KEY, "lam", {"index": LAM_GRID.index(lam), "seq": random.random()})


def move_in_box(at: AppTest, name: str, text: str) -> AppTest:
    """Move a control of a box as the browser reports it: the value's text, as a link spells it."""
    key = next(key for key, items in box_items(at).items() if any(i.get("name") == name for i in items))
    return send_state(at, key, "moves", {"moves": {name: text}, "seq": random.random()})


def view(at: AppTest) -> list[Any]:
    """What the student sees: the charts' data and every text (a λ step changes the words)."""
    return [*drawn(at), texts(at), *(str(el.value) for el in at.latex)]


def texts(at: AppTest) -> str:
    """All text the user reads on the page (titles, prose, notices, errors, captions)."""
    parts = [
        el.value
        for kind in ("title", "markdown", "warning", "error", "info", "caption", "subheader")
        for el in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def set_param(at: AppTest, name: str, value: Any) -> AppTest:
    """Move the widget of a declared parameter to value, as a student would, and rerun."""
    from regviz.lessons.registry import SCHEMA
    from regviz.ui.controls import widget_key

    p = SCHEMA.by_name[name]
    widget = p.widget
    assert widget is not None, name
    if widget.kind == "lam":
        return set_lam(at, value)
    if any(i.get("name") == name for items in box_items(at).values() for i in items):
        return move_in_box(at, name, p.encode(value))
    kind = {
        "select": "selectbox",
        "radio": "radio",
        "slider": "slider",
        "select_slider": "select_slider",
        "number": "number_input",
        "toggle": "toggle",
    }[widget.kind]
    try:
        found = getattr(at, kind)(key=widget_key(name))
    except KeyError:  # another lesson's control, in its expander: the student opens it first
        from regviz.lessons.registry import LESSONS
        from regviz.ui.page import borrowed_open_key

        for lesson in LESSONS:  # the page's own among them
            at.session_state[borrowed_open_key(lesson.slug)] = True
        found = getattr(at.run(), kind)(key=widget_key(name))
    found.set_value(value)
    return at.run()


def other_value(name: str) -> Any:
    """A valid value of a parameter other than its default (for one-control-at-a-time sweeps)."""
    from regviz.lessons.registry import SCHEMA

    p = SCHEMA.by_name[name]
    if p.options:
        return next(v for v in reversed(p.options) if v != p.default)
    assert p.bounds is not None
    lo, hi = p.bounds
    return type(p.default)(hi if p.default != hi else lo)
