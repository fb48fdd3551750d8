"""Scripts take turns: at most SLOTS sessions' scripts run Python in the server at once.

Every session's script runs in its own thread, and all of them share one GIL with the
event loop that sends their messages. When a hall moves at once, a hundred runnable
threads hand the GIL round every few milliseconds: each run advances a little at a time,
every run finishes late, the event loop waits its turn among them, and the handovers
themselves cost (bench/load.py measured the process at half a core with p95 reruns of
seconds). Waiting here instead is a sleep on a lock; a script gives its turn away while
it waits for a worker (``aside``), so the slots always hold scripts that can run.

A script coming back from a worker is served before one that has not started: it is
closer to done, and under a hall's load half the waiting was such scripts queued
behind fresh runs (py-spy).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS = int(os.environ.get("REGVIZ_SCRIPT_SLOTS", "2"))  # 0: no limit
PATIENCE = 30.0  # seconds a script waits for a turn before it runs anyway (never stuck)


class Slots:
    """A counting semaphore with two queues: scripts resuming first, then new ones."""

    def __init__(self, size: int) -> None:
        self.free = size
        self._lock = threading.Lock()
        self._queues = {True: threading.Condition(self._lock), False: threading.Condition(self._lock)}
        self._waiting = {True: 0, False: 0}

    def _open(self, resuming: bool) -> bool:
        return self.free > 0 and (resuming or not self._waiting[True])

    def take(self, resuming: bool, timeout: float) -> bool:
        """A slot (True), or False after ``timeout`` seconds without one."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._waiting[resuming] += 1
            try:
                while not self._open(resuming):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._queues[resuming].wait(left)
            finally:
                self._waiting[resuming] -= 1
            self.free -= 1
            self._wake()  # a new script may be next if no resuming one is waiting now
            return True

    def give(self) -> None:
        with self._lock:
            self.free += 1
            self._wake()

    def _wake(self) -> None:
        if self.free > 0:
            self._queues[bool(self._waiting[True])].notify()


_slots = Slots(max(1, SLOTS))
_held = threading.local()


def _take(resuming: bool = False) -> None:
    _held.taken = SLOTS > 0 and _slots.take(resuming, PATIENCE)


def _give() -> None:
    if getattr(_held, "taken", False):
        _held.taken = False
        _slots.give()


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
            _take(resuming=True)
