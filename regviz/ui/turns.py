"""Scripts take turns: at most SLOTS sessions' scripts run Python in the server at once.

Every session's script runs in its own thread, and all of them share one GIL with the
event loop that sends their messages. When a hall moves at once, a hundred runnable
threads hand the GIL round every few milliseconds: each run advances a little at a time,
every run finishes late, the event loop waits its turn among them, and the handovers
themselves cost (bench/load.py measured the process at half a core with p95 reruns of
seconds). Waiting here instead is a sleep on a lock; a script gives its turn away while
it waits for a worker (``aside``), so the slots always hold scripts that can run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS = int(os.environ.get("REGVIZ_SCRIPT_SLOTS", "2"))  # 0: no limit
PATIENCE = 30.0  # seconds a script waits for a turn before it runs anyway (never stuck)
_slots = threading.BoundedSemaphore(max(1, SLOTS))
_held = threading.local()


def _take() -> None:
    _held.taken = SLOTS > 0 and _slots.acquire(timeout=PATIENCE)


def _give() -> None:
    if getattr(_held, "taken", False):
        _held.taken = False
        _slots.release()


@contextmanager
def turn() -> Iterator[None]:
    """Run the body in one of the slots (a script run, app.py)."""
    _take()
    try:
        yield
    finally:
        _give()


@contextmanager
def aside() -> Iterator[None]:
    """Give the turn away while the body waits (for a worker), take one again after."""
    held = getattr(_held, "taken", False)
    if held:
        _give()
    try:
        yield
    finally:
        if held:
            _take()
