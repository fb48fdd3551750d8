"""Panel payloads by key, for the browser to fetch over HTTP (regviz.ui.routes).

A key names one panel's data for one state and language (``panel_key``); the payload
behind it never changes, so the browser caches it for good and a revisited state costs
the server nothing. Payloads are kept gzip-compressed, once, in a bounded LRU shared by
every session; a heavy panel's key is known before its payload exists (``pending``)
and may fail with a message in the user's language (``failed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = int(os.environ.get("REGVIZ_STORE_MB", "128")) * 2**20
MAX_OTHER = 10_000  # pending and failed keys kept


def _code_version() -> str:
    """A digest of the package's code and texts: a deploy changes every key (browser caches)."""
    h = hashlib.sha256()
    for path in sorted(ROOT.rglob("*")):
        if path.suffix in (".py", ".js", ".toml", ".md") and "__pycache__" not in path.parts:
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


VERSION = _code_version()


def panel_key(slug: str, name: str, values: tuple[Any, ...], lang: str) -> str:
    """The key of a panel's payload: lesson, panel, the values it depends on, language, code version."""
    text = repr((VERSION, slug, name, values, lang))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    status: str  # "ready", "pending", "failed"
    body: bytes = b""  # gzip-compressed payload when ready
    message: str = ""  # when failed, in the user's language


class Store:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._ready: OrderedDict[str, bytes] = OrderedDict()
        self._other: dict[str, Entry] = {}
        self._bytes = 0
        self._max = max_bytes
        self._lock = threading.Lock()
        self._waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def put(self, key: str, body: bytes) -> None:
        """Store a payload, gzip-compressed (by the worker that made it)."""
        with self._lock:
            self._other.pop(key, None)
            if key not in self._ready:
                self._ready[key] = body
                self._bytes += len(body)
                while self._bytes > self._max and len(self._ready) > 1:
                    _, old = self._ready.popitem(last=False)
                    self._bytes -= len(old)
        self._wake(key)

    def _wake(self, key: str) -> None:
        with self._lock:
            waiters = self._waiters.pop(key, [])
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(event.set)

    async def settled(self, key: str, timeout: float) -> Entry | None:
        """The key's entry once it is no longer pending, or still pending after ``timeout`` s.

        The browser asks for a heavy panel once and the answer comes when it is ready
        (a long poll), instead of asking again every few hundred milliseconds.
        """
        event = asyncio.Event()
        with self._lock:
            pending = self._other.get(key, Entry("")).status == "pending"
            if pending:
                self._waiters.setdefault(key, []).append((asyncio.get_running_loop(), event))
        if pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        return self.get(key)

    def pending(self, key: str) -> bool:
        """Mark a key as being computed; False if it is already ready or pending."""
        with self._lock:
            if key in self._ready or self._other.get(key, Entry("")).status == "pending":
                return False
            self._other[key] = Entry("pending")
            return True

    def fail(self, key: str, message: str) -> None:
        with self._lock:
            self._other[key] = Entry("failed", message=message)
            while len(self._other) > MAX_OTHER:  # failures of long-gone states
                del self._other[next(iter(self._other))]
        self._wake(key)

    def forget(self, key: str) -> None:
        with self._lock:
            if self._other.get(key, Entry("")).status == "pending":
                del self._other[key]
        self._wake(key)

    def get(self, key: str) -> Entry | None:
        with self._lock:
            if key in self._ready:
                self._ready.move_to_end(key)
                return Entry("ready", self._ready[key])
            return self._other.get(key)

    def payload(self, key: str) -> bytes | None:
        """The uncompressed payload, when ready (tests and tools)."""
        entry = self.get(key)
        return gzip.decompress(entry.body) if entry and entry.status == "ready" else None


STORE = Store()
