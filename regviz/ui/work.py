"""Heavy panels, computed in a background worker process while the page is already out.

A heavy panel (dozens of fits: every degree, every resampled training set) must never
delay anyone's rerun: in the server process its Python-level work would hold the GIL
that every session's script needs. So a page only *requests* it, by key, and goes on;
one dispatcher thread feeds a pool of worker processes (``REGVIZ_WORKERS``, default 1,
at a lower CPU priority) and puts each payload in the store, where the browser fetches
it. The queue is bounded and served newest first; when a student moves again, their
earlier request that nobody else wants and that has not started is dropped.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from regviz.figures.render import render
from regviz.text import t
from regviz.ui.store import STORE, Store

WORKERS = int(os.environ.get("REGVIZ_WORKERS", "1"))  # 0: compute in the dispatcher thread
MAX_QUEUE = 64
NICE = 10
_LOG = logging.getLogger(__name__)


def _lower_priority() -> None:
    try:
        os.nice(NICE)
    except OSError:  # not allowed here: run at the same priority
        pass


@dataclass
class Job:
    key: str
    slug: str
    panel: str
    values: dict[str, Any]
    lang: str
    owners: set[str] = field(default_factory=set)
    started: bool = False


class Work:
    def __init__(self, store: Store = STORE, workers: int = WORKERS) -> None:
        self._store = store
        self._workers = workers
        self._queue: list[Job] = []
        self._jobs: dict[str, Job] = {}
        self._slots: dict[tuple[str, str, str], str] = {}
        self._cv = threading.Condition()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self, key: str, slug: str, panel: str, values: dict[str, Any], lang: str, owner: str) -> None:
        """Compute this payload unless it is ready or under way; supersede the owner's last one."""
        with self._cv:
            slot = (owner, slug, panel)
            previous = self._slots.get(slot)
            self._slots[slot] = key
            if key in self._jobs:
                self._jobs[key].owners.add(owner)
                return
            if not self._store.pending(key):
                return  # ready, or failed with a message the page shows
            if previous and previous != key:
                self._drop(previous, owner)
            job = Job(key, slug, panel, values, lang, {owner})
            self._jobs[key] = job
            self._queue.append(job)
            while len(self._queue) > MAX_QUEUE:
                self._cancel(self._queue[0])
            self._ensure_thread()
            self._cv.notify()

    def _drop(self, key: str, owner: str) -> None:
        job = self._jobs.get(key)
        if job is None or job.started:
            return
        job.owners.discard(owner)
        if not job.owners:
            self._cancel(job)

    def _cancel(self, job: Job) -> None:
        self._queue.remove(job)
        del self._jobs[job.key]
        self._store.forget(job.key)

    def wait(self, key: str, timeout: float = 120.0) -> bool:
        """Block until the key's job is done (tests and tools); True if it finished."""
        with self._cv:
            return self._cv.wait_for(lambda: key not in self._jobs, timeout)

    def start(self) -> None:
        """Start the dispatcher and, in the background, the worker processes."""
        with self._cv:
            self._ensure_thread()
        if self._workers > 0:
            threading.Thread(target=lambda: self._executor().submit(int).result(), daemon=True).start()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="regviz-work", daemon=True)
            self._thread.start()

    def _executor(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")  # never fork a threaded server
                self._pool = ProcessPoolExecutor(self._workers, mp_context=context, initializer=_lower_priority)
                atexit.register(self._pool.shutdown, wait=False, cancel_futures=True)
            return self._pool

    def _compute(self, job: Job) -> tuple[str, bytes | str]:
        if self._workers <= 0:
            return render(job.slug, job.panel, job.values, job.lang)
        for attempt in range(2):
            try:
                return self._executor().submit(render, job.slug, job.panel, job.values, job.lang).result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): start a fresh pool once
                with self._pool_lock:
                    self._pool = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _loop(self) -> None:
        while True:
            with self._cv:
                self._cv.wait_for(lambda: bool(self._queue))
                job = self._queue.pop()  # the newest request first: older ones are likelier stale
                job.started = True
            try:
                status, result = self._compute(job)
                if status == "ok":
                    assert isinstance(result, bytes)
                    self._store.put(job.key, result)
                else:
                    self._store.fail(job.key, str(result))
            except RuntimeError:  # the interpreter is shutting down under this daemon thread
                if threading.main_thread().is_alive():
                    _LOG.exception("heavy panel %s/%s failed for %s", job.slug, job.panel, job.values)
                    self._store.fail(job.key, t("errors.unexpected", job.lang))
            except Exception:  # the page shows a short message; the log keeps the details
                _LOG.exception("heavy panel %s/%s failed for %s", job.slug, job.panel, job.values)
                self._store.fail(job.key, t("errors.unexpected", job.lang))
            with self._cv:
                self._jobs.pop(job.key, None)
                self._cv.notify_all()


WORK = Work()
