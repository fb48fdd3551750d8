"""Panels are computed in worker processes, never in the server process itself.

In the server process, a panel's Python-level work would hold the GIL that every
session's script and the event loop need; in a worker it runs on the other core.

- Light panels (one fit along λ, the page's words need them) go to the *interactive*
  workers (REGVIZ_INTERACTIVE_WORKERS processes, 2 by default; a request takes a free one):
  the script waits for the result (waiting releases the GIL), gets the panel's data for its
  words and the payload goes to the store.
- Heavy panels (dozens of fits: every degree, every resampled training set) must never
  delay anyone's rerun: a page only *requests* them, by key, and goes on; one dispatcher
  thread feeds the *background* worker, which runs only on an otherwise idle core (nice and
  SCHED_IDLE: regviz.ui.worker.lower_priority), and puts each payload in
  the store, where the browser fetches it. That queue is bounded and served newest first;
  when a student moves again, their earlier request that nobody else wants and that has
  not started is dropped.

``REGVIZ_WORKERS=0`` computes both in the server process (in threads), for debugging.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regviz import sources
from regviz.errors import InputError
from regviz.figures.render import render
from regviz.lessons import registry
from regviz.lessons.base import Lesson, PanelData
from regviz.params import State
from regviz.text import t
from regviz.ui import turns
from regviz.ui.store import STORE, Store, panel_key
from regviz.ui.worker import Reader, ReadUpload, load, widen, write_message
from regviz.upload import Source, Table, table_or_error

WORKERS = int(os.environ.get("REGVIZ_WORKERS", "1"))  # 0: compute in the server process
INTERACTIVE_WORKERS = int(os.environ.get("REGVIZ_INTERACTIVE_WORKERS", "2"))  # processes for the light panels
MAX_QUEUE = 512  # a hall of 300 with a heavy chart or two each waiting; newest first
NICE = 10
ROOT = Path(__file__).resolve().parents[2]  # the package's parent, for the workers' imports
_LOG = logging.getLogger(__name__)


# A worker's linear algebra is many small problems: a BLAS thread pool there only spins
# (the same wall time, a third more CPU on the 2-core machine: bench/worker_settings.py).
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def worker_environment() -> dict[str, str]:
    """A worker's environment: the package importable, one BLAS thread (unless set)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for name in ONE_THREAD:
        env.setdefault(name, "1")
    return env


class WorkerCrashError(RuntimeError):
    """A worker raised while computing (a bug): its traceback, for the log."""


class WorkerProcess:
    """One worker process (regviz.ui.worker) and the pipes to it; one request at a time.

    Started on first use (or by ``start``) and started again if it died; a request that
    takes longer than TIMEOUT seconds kills it, so a stuck computation cannot hold the queue.
    """

    TIMEOUT = 120.0

    def __init__(self, nice: int) -> None:
        self._nice = nice
        self._proc: subprocess.Popen[bytes] | None = None
        self._answers: Reader | None = None
        self._lock = threading.Lock()
        self._deadline = math.inf

    def kill_if_overdue(self, now: float) -> None:
        proc = self._proc
        if now > self._deadline and proc is not None:
            proc.kill()

    def start(self) -> None:
        threading.Thread(target=self._started, daemon=True, name="regviz-worker-start").start()

    def _started(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> tuple[subprocess.Popen[bytes], Reader]:
        """The running process and a reader of its answers. A process that died is found by
        the exchange (a broken pipe, an ended stream), not polled for: each system call
        here gives the GIL away, and a busy server's thread waits to take it back."""
        if self._proc is None or self._answers is None:
            proc = subprocess.Popen(
                [sys.executable, "-m", "regviz.ui.worker", str(self._nice)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=worker_environment(),
                cwd=ROOT,
            )
            assert proc.stdin is not None and proc.stdout is not None
            widen(proc.stdin.fileno())
            widen(proc.stdout.fileno())
            answers = Reader(proc.stdout.fileno())
            frame = answers.frame()
            if frame is None or load(frame) != ("ready", None):
                proc.kill()
                raise WorkerCrashError("the worker did not start")
            self._proc, self._answers = proc, answers
            _watch(self)  # the patrol runs only where worker processes do
        return self._proc, self._answers

    def call(self, *args: Any) -> Any:
        return self.answer(self.exchange(args))

    def stop(self) -> None:
        """End the process (the next request starts a fresh one)."""
        with self._lock:
            self._end()

    def _end(self) -> None:
        """Kill the process and forget it (the lock held)."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        self._proc = self._answers = None

    def exchange(self, request: tuple[Any, ...] | list[tuple[Any, ...]] | ReadUpload) -> bytes:
        """Send one request and read its answer, not yet loaded: a pool frees the process first."""
        with self._lock:
            for attempt in range(2):
                proc, answers = self._ensure()
                assert proc.stdin is not None
                self._deadline = time.monotonic() + self.TIMEOUT
                try:
                    write_message(proc.stdin, request)
                    frame = answers.frame()
                except OSError:
                    frame = None
                finally:
                    self._deadline = math.inf
                if frame is not None:
                    return frame
                self._end()  # it died or hung: a fresh one, once
                if attempt:
                    raise WorkerCrashError("the worker stopped answering")
        raise AssertionError("unreachable")

    @staticmethod
    def answer(frame: bytes) -> Any:
        status, result = load(frame)
        if status == "crash":
            raise WorkerCrashError(result)
        return result


_WATCHED: weakref.WeakSet[WorkerProcess] = weakref.WeakSet()
_WATCHDOG: list[threading.Thread] = []


def _watch(process: WorkerProcess) -> None:
    """One thread kills overdue workers (a timer thread per call cost each call a handshake
    with a new thread, under a hall's load a wait for the GIL while its worker sat idle)."""
    _WATCHED.add(process)
    if not _WATCHDOG:
        _WATCHDOG.append(threading.Thread(target=_patrol, name="regviz-watchdog", daemon=True))
        _WATCHDOG[0].start()


def _patrol() -> None:
    while True:
        time.sleep(0.5)
        now = time.monotonic()
        for process in list(_WATCHED):
            process.kill_if_overdue(now)


class Pool:
    """Several worker processes at one priority; each call goes to one that is free.

    One process for every session's light panels was the bottleneck of a hall exploring
    freely: ~100 script threads queued on it, and it idled while each answered thread
    waited for the server's GIL (half a core busy, rerun p95 18 s; bench/load.py).
    A call names the process it prefers (its state's fit is cached there): taken when it
    is free, else any free one, so a state's panels share one fit without queueing.
    """

    def __init__(self, size: int, nice: int) -> None:
        self.processes = [WorkerProcess(nice) for _ in range(max(1, size))]
        self._free = set(range(len(self.processes)))
        self._cv = threading.Condition()

    def start(self) -> None:
        for process in self.processes:
            process.start()

    def send(self, request: tuple[Any, ...] | list[tuple[Any, ...]], prefer: int = 0) -> Any:
        """One request (a panel's render arguments, or a list of them) to a free process."""
        with self._cv:
            self._cv.wait_for(lambda: bool(self._free))
            mine = prefer % len(self.processes)
            index = mine if mine in self._free else min(self._free)
            self._free.remove(index)
        try:
            frame = self.processes[index].exchange(request)
        finally:
            with self._cv:
                self._free.add(index)
                self._cv.notify()
        return WorkerProcess.answer(frame)


def upload_of(values: Mapping[str, Any]) -> Source | None:
    """The upload a state names, sent along with each job: a worker holds none of its own."""
    name = str(values.get("data", ""))
    return sources.peek(name) if sources.is_upload(name) else None


class ShownError(ValueError):
    """A panel the lesson cannot draw in this state; the message is in the user's language."""


class Interactive:
    """The light panels' worker: compute, store the payload, hand the data back, and wait."""

    def __init__(self, store: Store = STORE, workers: int = WORKERS) -> None:
        self._store = store
        self._workers = workers
        self._process = Pool(INTERACTIVE_WORKERS, nice=0)
        self._lock = threading.Lock()
        self._inflight: dict[str, Future[list[Any]]] = {}

    def start(self) -> None:
        if self._workers > 0:
            self._process.start()

    def fetch(self, lesson: Lesson, name: str, state: State, also: Iterable[str] = ()) -> PanelData:
        """The panel's data for this state; its payload (in the state's language) is stored.

        ``also``: other light panels the page will want in this state, computed in the same
        exchange with a worker when their payloads are not stored yet (each exchange waits
        for a free worker and for the server's GIL; a page's five panels asked one by one
        waited five times). Their data goes to the registry's cache for the page's words.
        """
        key = self._key(lesson, name, state)
        extra: dict[str, str] = {}  # the other panels to compute: name → payload key
        for other in also if self._workers > 0 else ():
            if other != name and other not in extra and not lesson.panel(other).heavy(state):
                other_key = self._key(lesson, other, state)
                if self._missing(other_key):
                    extra[other] = other_key
        batch = [_request(lesson, n, state) for n in [name, *extra]]
        answers = self._once(key, batch, registry.affinity(state)) if self._workers > 0 else [render(*batch[0])]
        # a second student on the same state gets only the first answer: the others stay unasked
        for (other, other_key), (status, body, data) in zip(extra.items(), answers[1:], strict=False):
            if status == "ok":  # one that fails is asked again where it is drawn, and says why there
                assert isinstance(body, bytes) and isinstance(data, PanelData)
                self._store.put(other_key, body)
                registry.remember(lesson, other, state, data)
        status, body, data = answers[0]
        if status == "error":
            self._store.fail(key, str(body))
            raise ShownError(str(body))
        assert isinstance(body, bytes) and isinstance(data, PanelData)
        self._store.put(key, body)
        registry.remember(lesson, name, state, data)
        return data

    @staticmethod
    def _key(lesson: Lesson, name: str, state: State) -> str:
        return panel_key(lesson.slug, name, state.subset(lesson.panel(name).depends), state.lang)

    def _missing(self, key: str) -> bool:
        entry = self._store.get(key)
        return (entry is None or entry.status == "failed") and key not in self._inflight

    def _once(self, key: str, batch: list[tuple[Any, ...]], prefer: int) -> list[Any]:
        """Two students on the same new state: one computation, both get its result."""
        with self._lock:
            future = self._inflight.get(key)
            mine = future is None
            if mine:
                future = self._inflight[key] = Future()
        assert future is not None
        if not mine:
            with turns.aside():
                return future.result()[:1]
        try:
            with turns.aside():
                answers = self._process.send(batch, prefer=prefer)
            future.set_result(answers)
        except Exception as exc:
            future.set_exception(exc)
        finally:
            with self._lock:
                del self._inflight[key]
        return future.result()


def _request(lesson: Lesson, name: str, state: State) -> tuple[Any, ...]:
    """A light panel's render arguments: its data comes back too, for the page's words."""
    return (lesson.slug, name, dict(state), state.lang, True, upload_of(state))


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
        self._process = WorkerProcess(nice=NICE)
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
        """Start the dispatcher and, in the background, the worker process."""
        with self._cv:
            self._ensure_thread()
        if self._workers > 0:
            self._process.start()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="regviz-work", daemon=True)
            self._thread.start()

    def _compute(self, job: Job) -> tuple[str, bytes | str]:
        args = (job.slug, job.panel, job.values, job.lang, False, upload_of(job.values))
        result = render(*args) if self._workers <= 0 else self._process.call(*args)
        return result[0], result[1]

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
            except Exception:  # the page shows a short message; the log keeps the details
                _LOG.exception("heavy panel %s/%s failed for %s", job.slug, job.panel, job.values)
                self._store.fail(job.key, t("errors.unexpected", job.lang))
            with self._cv:
                self._jobs.pop(job.key, None)
                self._cv.notify_all()


class Uploads:
    """Uploaded files are read in a process of their own (started by the first upload): a
    5 MB CSV is seconds of Python (bench/upload_cost.py), which in the server would hold the
    GIL that every session's rerun needs, and in an interactive worker the light panels.
    Reading a big file leaves the process holding ~150 MB it no longer uses (its cells were
    Python strings), so after one it ends, and the next upload starts a fresh one."""

    BIG = 2**20  # bytes of a file after which the process is replaced

    def __init__(self, workers: int = WORKERS) -> None:
        self._workers = workers
        self._process = WorkerProcess(nice=0)

    def read(self, data: bytes) -> Table | InputError:
        """The file's table or the InputError that refuses it; the script waits, off its turn."""
        if self._workers > 0:
            try:
                with turns.aside():
                    result = WorkerProcess.answer(self._process.exchange(ReadUpload(bytes(data))))
                    if len(data) > self.BIG:
                        self._process.stop()
                assert isinstance(result, (Table, InputError))
                return result
            except WorkerCrashError:  # a bug or a killed process: read it here after all
                _LOG.exception("the upload worker failed; reading the file in the server")
        return table_or_error(data)


WORK = Work()
INTERACTIVE = Interactive()
UPLOADS = Uploads()
