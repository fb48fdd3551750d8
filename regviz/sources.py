"""The data sources a state may name: the built-in data sets and the users' uploads.

An upload (regviz.upload.Source) is named by a hash of its content and columns; its
session keeps it and puts it here, in memory, for the computations of this process and
of the worker processes (which receive it with each request). Nothing is written to disk.
The table is content-addressed, so the panel caches keyed by the name stay exact; who may
use a name is the session's business (regviz.ui.controls: a link naming an upload that the
session does not hold opens on the built-in data).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from regviz.errors import InputError
from regviz.params import UPLOAD_NAME
from regviz.upload import Source

MAX_SOURCES = 64  # uploads held by a process (each ≤ 1000 rows × 17 columns)

_HELD: OrderedDict[str, Source] = OrderedDict()
_LOCK = threading.Lock()


def is_upload(name: str) -> bool:
    return bool(UPLOAD_NAME.fullmatch(name))


def put(source: Source) -> None:
    with _LOCK:
        _HELD[source.key] = source
        _HELD.move_to_end(source.key)
        while len(_HELD) > MAX_SOURCES:
            _HELD.popitem(last=False)


def peek(name: str) -> Source | None:
    with _LOCK:
        return _HELD.get(name)


def get(name: str) -> Source:
    """The upload a state names; an InputError if this process no longer holds it."""
    source = peek(name)
    if source is None:
        raise InputError("upload_gone")
    return source
