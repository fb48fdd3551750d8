"""One panel's payload for a state and a language: the unit of work of pages and the worker."""

from __future__ import annotations

import gzip
from typing import Any

from regviz import sources
from regviz.errors import InputError
from regviz.figures import payload
from regviz.lessons import registry
from regviz.lessons.base import PanelData
from regviz.params import State
from regviz.text import error_message


def render(
    slug: str, name: str, values: dict[str, Any], lang: str, with_data: bool = False, source: Any = None
) -> tuple[str, bytes | str, PanelData | None]:
    """("ok", gzip-compressed payload, data or None) or ("error", a message in ``lang``, None).

    Plain data in and out, so that it crosses a process boundary (an InputError's own
    arguments would not survive pickling). ``with_data`` returns the panel's data too,
    for the page's words. ``source``: the user's upload the state names, which a worker
    process holds only once the server has sent it along (regviz.sources).
    """
    if source is not None:
        sources.put(source)
    lesson = registry.lesson(slug)
    try:
        data = registry.panel_data(lesson, name, State(values))
    except InputError as err:
        return "error", error_message(err, lang), None
    body = gzip.compress(payload.encode(data, lesson.panel(name).charts, lang), compresslevel=6, mtime=0)
    return "ok", body, data if with_data else None
