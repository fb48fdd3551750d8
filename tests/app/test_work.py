"""regviz.ui.work: heavy panels queued newest first, deduplicated, superseded, bounded."""

from __future__ import annotations

import gzip
import os
import threading
import time
from pathlib import Path

import pytest

from regviz.ui import work
from regviz.ui.store import Store


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch):
    """render() replaced by a recorder that blocks until released (workers=0: in-thread)."""
    log: list[str] = []
    gate = threading.Event()

    def fake(slug, panel, values, lang, with_data=False, source=None):
        gate.wait(10)
        log.append(values["tag"])
        if values["tag"] == "bad":
            return "error", f"cannot ({lang})"
        if values["tag"] == "boom":
            raise RuntimeError("a bug")
        return "ok", gzip.compress(f"payload {values['tag']}".encode())

    monkeypatch.setattr(work, "render", fake)
    return log, gate


def submit(w: work.Work, key: str, owner: str = "a", panel: str = "p", lang: str = "en") -> None:
    w.request(key, "lesson", panel, {"tag": key}, lang, owner)


def test_newest_first_and_each_key_once(calls) -> None:
    log, gate = calls
    store = Store()
    w = work.Work(store, workers=0)
    submit(w, "k1", owner="a", panel="x")  # starts at once and blocks on the gate
    time.sleep(0.1)
    submit(w, "k2", owner="b", panel="x")
    submit(w, "k3", owner="c", panel="x")
    submit(w, "k3", owner="d", panel="x")  # someone else wants the same: one job
    gate.set()
    for key in ("k1", "k2", "k3"):
        assert w.wait(key, 10)
    assert log == ["k1", "k3", "k2"]
    assert store.payload("k3") == b"payload k3"


def test_a_students_next_move_drops_their_waiting_request(calls) -> None:
    log, gate = calls
    store = Store()
    w = work.Work(store, workers=0)
    submit(w, "busy", owner="other", panel="q")
    time.sleep(0.1)
    submit(w, "old", owner="a")
    submit(w, "shared", owner="a", panel="r")
    submit(w, "shared", owner="b", panel="r")
    submit(w, "new", owner="a")  # supersedes "old" (same owner, same panel; nobody else wants it)
    submit(w, "newer", owner="a", panel="r")  # "shared" stays: b still wants it
    assert store.get("old") is None
    gate.set()
    for key in ("busy", "new", "shared", "newer"):
        assert w.wait(key, 10)
    assert "old" not in log and {"new", "shared", "newer"} <= set(log)


def test_failures_become_messages_and_the_queue_goes_on(calls) -> None:
    _, gate = calls
    gate.set()
    store = Store()
    w = work.Work(store, workers=0)
    for key in ("bad", "boom", "fine"):
        submit(w, key, owner=key)
        assert w.wait(key, 10)
    assert store.get("bad").message == "cannot (en)"
    assert store.get("boom").status == "failed" and "Something went wrong" in store.get("boom").message
    assert store.payload("fine") == b"payload fine"


def test_the_queue_is_bounded(calls, monkeypatch: pytest.MonkeyPatch) -> None:
    log, gate = calls
    monkeypatch.setattr(work, "MAX_QUEUE", 3)
    store = Store()
    w = work.Work(store, workers=0)
    submit(w, "first", owner="z")
    time.sleep(0.1)
    for k in range(6):
        submit(w, f"q{k}", owner=f"o{k}")
    assert [store.get(f"q{k}") for k in range(3)] == [None] * 3  # the oldest waiting ones went
    gate.set()
    for k in range(3, 6):
        assert w.wait(f"q{k}", 10)
    assert sorted(log) == ["first", "q3", "q4", "q5"]


def test_a_real_worker_process_computes_a_payload() -> None:
    from regviz.figures.payload import decode
    from regviz.lessons.registry import DEFAULT

    store = Store()
    w = work.Work(store, workers=1)
    values = dict(DEFAULT.with_(penalty="l1", seed=77))
    w.request("real", "overfitting", "degrees", values, "en", "me")
    assert w.wait("real", 120)
    assert decode(store.payload("real"))["arrays"]["test"].shape == (20, 61)


def test_a_worker_runs_one_blas_thread_unless_the_operator_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's linear algebra is small: its BLAS pool would only spin (bench/worker_settings.py)."""
    from regviz.lessons.registry import DEFAULT

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # an operator's own choice stays
    process = work.WorkerProcess(nice=0)
    assert process.call("geometry", "balls", dict(DEFAULT), "en")[0] == "ok"
    pid = process._proc.pid
    environ = dict(item.split("=", 1) for item in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in item)
    assert environ["OPENBLAS_NUM_THREADS"] == "1" and environ["MKL_NUM_THREADS"] == "1"
    assert environ["OMP_NUM_THREADS"] == "3"
    threads = len(list(Path(f"/proc/{pid}/task").iterdir()))
    process._proc.kill()
    assert threads == 1  # numpy's OpenBLAS started no pool of its own


def test_the_background_worker_runs_only_on_an_idle_core_the_interactive_ones_at_full_priority() -> None:
    """Heavy panels must never take CPU from a rerun: SCHED_IDLE (nice alone still takes its
    weight's share of a busy core); the light panels' workers are what a rerun waits for."""
    procs = [work.Work(store=Store(), workers=1)._process, work.Pool(1, nice=0).processes[0]]
    heavy, light = (p._ensure()[0].pid for p in procs)  # started as the server starts them
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        assert os.sched_getscheduler(heavy) == os.SCHED_IDLE
        assert os.getpriority(os.PRIO_PROCESS, heavy) == min(mine + work.NICE, 19)  # where SCHED_IDLE is not
        assert os.sched_getscheduler(light) == os.SCHED_OTHER and os.getpriority(os.PRIO_PROCESS, light) == mine
    finally:
        for p in procs:
            p.stop()


def test_a_worker_that_dies_is_started_again_and_a_crash_is_reported() -> None:
    from regviz.lessons.registry import DEFAULT

    process = work.WorkerProcess(nice=0)
    state = dict(DEFAULT)
    assert process.call("geometry", "balls", state, "en")[0] == "ok"
    first = process._proc
    first.kill()  # killed between two requests
    first.wait()
    assert process.call("geometry", "balls", state, "en")[0] == "ok"
    assert process._proc is not first
    with pytest.raises(work.WorkerCrashError, match="StopIteration"):
        process.call("geometry", "no_such_panel", state, "en")


def test_a_worker_that_stops_answering_is_killed_and_the_request_served_by_a_fresh_one() -> None:
    import os
    import signal

    from regviz.lessons.registry import DEFAULT

    process = work.WorkerProcess(nice=0)
    process.TIMEOUT = 1.0
    state = dict(DEFAULT)
    assert process.call("geometry", "balls", state, "en")[0] == "ok"
    hung = process._proc
    os.kill(hung.pid, signal.SIGSTOP)  # alive, never answering
    assert process.call("geometry", "balls", state, "en")[0] == "ok"
    assert hung.wait(10) == -signal.SIGKILL and process._proc is not hung


def test_a_killed_server_leaves_no_worker_behind() -> None:
    import signal
    import subprocess
    import sys

    code = (
        "from regviz.ui.work import Work; from regviz.ui.store import Store; "
        "w = Work(Store()); w._process._started(); print('up', flush=True); "
        "import time; time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None and parent.stdout.readline().strip() == "up"
    children = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True).stdout.split()
    assert children
    parent.send_signal(signal.SIGKILL)  # no atexit, no shutdown: as an OOM kill or a crash would
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [
            c for c in children if Path(f"/proc/{c}").exists() and "\tZ" not in Path(f"/proc/{c}/status").read_text()
        ]
        if not alive:
            break
        time.sleep(0.2)
    assert not alive


def test_the_interactive_worker_returns_the_data_and_stores_the_payload() -> None:
    from regviz.lessons.registry import DEFAULT, lesson
    from regviz.ui.store import panel_key

    store = Store()
    interactive = work.Interactive(store, workers=1)
    state = DEFAULT.with_(penalty="l1", seed=91)
    data = interactive.fetch(lesson("overfitting"), "fit", state)
    assert data["coefs"].shape == (61, 9)
    key = panel_key("overfitting", "fit", state.subset(lesson("overfitting").panel("fit").depends), "en")
    assert store.get(key).status == "ready"
    with pytest.raises(work.ShownError, match="at most 15 features"):
        interactive.fetch(lesson("overfitting"), "fit", state.with_(penalty="l0", degree=20))


def test_without_workers_the_server_computes_panels_itself() -> None:
    """REGVIZ_WORKERS=0 (debugging): the page's panels are computed in-process, not asked of
    a worker that would ask the registry that would ask the worker again."""
    import os
    import subprocess
    import sys

    code = (
        "import regviz.ui.live as live\n"
        "from regviz.lessons.registry import DEFAULT, LESSONS\n"
        "data = live.INTERACTIVE.fetch(LESSONS[0], 'two_feature', DEFAULT)\n"
        "assert data['w'].shape == (61, 2)\n"
        "print('computed')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "REGVIZ_WORKERS": "0", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=120)
    assert out.returncode == 0 and "computed" in out.stdout, out.stderr[-2000:]


def test_the_interactive_pool_answers_as_many_requests_at_once_as_it_has_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pickle

    lock, busy, most, served = threading.Lock(), [0], [0], set()

    def exchange(self: work.WorkerProcess, args: tuple) -> bytes:
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
            served.add(id(self))
        time.sleep(0.2)
        with lock:
            busy[0] -= 1
        return pickle.dumps(("ok", args[0]))

    monkeypatch.setattr(work.WorkerProcess, "exchange", exchange)
    pool = work.Pool(2, nice=0)
    answers: list[str] = []
    threads = [threading.Thread(target=lambda k=k: answers.append(pool.send((f"r{k}",)))) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(answers) == [f"r{k}" for k in range(6)]
    assert most[0] == 2 and len(served) == 2  # both processes busy at once, never one twice


def test_a_crash_in_a_pooled_process_is_reported_and_the_process_serves_again() -> None:
    from regviz.lessons.registry import DEFAULT

    pool = work.Pool(1, nice=0)
    with pytest.raises(work.WorkerCrashError, match="StopIteration"):
        pool.send(("geometry", "no_such_panel", dict(DEFAULT), "en"))
    assert pool.send(("geometry", "balls", dict(DEFAULT), "en"))[0] == "ok"


def test_a_pooled_call_goes_to_the_process_it_prefers_when_free_and_to_another_when_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pickle

    served: list[int] = []
    hold = threading.Event()

    def exchange(self: work.WorkerProcess, args: tuple) -> bytes:
        served.append(pool.processes.index(self))
        if args[0] == "slow":
            hold.wait(10)
        return pickle.dumps(("ok", args[0]))

    monkeypatch.setattr(work.WorkerProcess, "exchange", exchange)
    pool = work.Pool(3, nice=0)
    assert [pool.send(("x",), prefer=k) for k in (4, 4, 2, 0)] == ["x"] * 4
    assert served == [1, 1, 2, 0]
    slow = threading.Thread(target=pool.send, args=(("slow",),), kwargs={"prefer": 1})
    slow.start()
    while len(served) < 5:
        time.sleep(0.01)
    assert pool.send(("y",), prefer=1) == "y"  # its process is busy: a free one answers at once
    hold.set()
    slow.join(10)
    assert served[4] == 1 and served[5] != 1


def test_a_states_panels_are_computed_in_one_worker_process_whatever_the_lesson_or_lambda(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each worker caches a state's fit; panels of one state split over two processes fitted it twice."""
    import pickle

    from regviz.figures.render import render
    from regviz.lessons import registry
    from regviz.lessons.registry import DEFAULT, lesson

    served: dict[int, set[int]] = {}

    def exchange(self: work.WorkerProcess, request: list[tuple]) -> bytes:
        for args in request:
            served.setdefault(args[2]["seed"], set()).add(id(self))
        return pickle.dumps(("ok", [render(*args) for args in request]))

    monkeypatch.setattr(registry, "_SOURCE", [registry.build])  # render computes, as in a worker
    monkeypatch.setattr(work, "INTERACTIVE_WORKERS", 2)
    monkeypatch.setattr(work.WorkerProcess, "exchange", exchange)
    interactive = work.Interactive(Store(), workers=1)
    for seed in range(12):
        for slug, name, change in (
            ("overfitting", "fit", {}),
            ("overfitting", "degrees", {"lam": 0.5}),
            ("bayes", "posterior", {"bayes.sigma": 1.0}),
            ("geometry", "two_feature", {"lam": 0.5}),
        ):
            state = DEFAULT.with_({"seed": seed, **change})
            interactive.fetch(lesson(slug), name, state)
    assert all(len(ids) == 1 for ids in served.values())
    assert len(set().union(*served.values())) == 2  # and different states spread over both


def _sent(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The panels of every request the interactive pool sends (the real pool, recorded)."""
    sent: list[list[str]] = []
    original = work.Pool.send

    def send(self: work.Pool, request: list[tuple], prefer: int = 0) -> object:
        sent.append([args[1] for args in request])
        return original(self, request, prefer)

    monkeypatch.setattr(work.Pool, "send", send)
    return sent


def test_a_pages_other_light_panels_come_in_the_same_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from regviz.lessons import registry
    from regviz.lessons.registry import DEFAULT, lesson
    from regviz.ui.store import panel_key

    sent = _sent(monkeypatch)
    store = Store()
    interactive = work.Interactive(store, workers=1)
    decay, state = lesson("decay"), DEFAULT.with_(seed=4242, lam=0.5)
    interactive.fetch(decay, "decay", state, also=("l1", "adam", "decay", "early"))
    assert sent == [["decay", "l1", "adam", "early"]]

    def built_here(lesson_, name, state_):
        raise AssertionError(f"{name} was not kept")

    monkeypatch.setattr(registry, "_SOURCE", [built_here])
    for name in ("l1", "adam", "early"):
        key = panel_key("decay", name, state.subset(decay.panel(name).depends), "en")
        assert store.get(key).status == "ready"
        kept, fresh = registry.panel_data(decay, name, state), registry.build(decay, name, state)
        assert kept.arrays.keys() == fresh.arrays.keys()
        for array in kept.arrays:
            np.testing.assert_array_equal(kept[array], fresh[array])
    monkeypatch.setattr(registry, "_SOURCE", [registry.build])
    interactive.fetch(decay, "dropout", state, also=("l1", "adam"))  # those two are stored already
    assert sent[-1] == ["dropout"]


def test_a_batch_leaves_out_heavy_panels_and_keeps_none_that_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    from regviz.lessons.registry import DEFAULT, lesson
    from regviz.ui.store import panel_key

    sent = _sent(monkeypatch)
    store = Store()
    interactive = work.Interactive(store, workers=1)
    geometry = lesson("geometry")
    state = DEFAULT.with_(penalty="l0", degree=20, seed=515)  # the polynomial pair cannot be drawn
    interactive.fetch(geometry, "two_feature", state, also=("zero_share", "poly_pair", "balls"))
    assert sent == [["two_feature", "poly_pair", "balls"]]  # zero_share is heavy: the background's
    pair = panel_key("geometry", "poly_pair", state.subset(geometry.panel("poly_pair").depends), "en")
    assert store.get(pair) is None
    with pytest.raises(work.ShownError, match="at most 15 features"):  # asked where it is drawn, it says why
        interactive.fetch(geometry, "poly_pair", state)


def test_a_reader_takes_each_frame_whole_whatever_its_size_and_none_once_the_stream_ends() -> None:
    import fcntl
    import os
    import pickle

    from regviz.ui.worker import PIPE_SIZE, Reader, widen, write_message

    r, w = os.pipe()
    widen(w)
    assert fcntl.fcntl(r, fcntl.F_GETPIPE_SZ) == PIPE_SIZE  # an answer fits without the worker waiting
    reader, out = Reader(r), os.fdopen(w, "wb")
    for message in (("ok", os.urandom(3 * PIPE_SIZE)), ("ok", b"small"), ("ok", os.urandom(PIPE_SIZE - 100))):
        writer = threading.Thread(target=write_message, args=(out, message))  # more than the pipe holds: it waits
        writer.start()
        assert pickle.loads(reader.frame()) == message
        writer.join(10)
    out.write((1000).to_bytes(8, "little") + b"cut short")
    out.close()
    assert reader.frame() is None
    os.close(r)


def test_an_upload_is_read_in_its_own_process_which_a_big_file_replaces() -> None:
    """A big file leaves the reading process ~150 MB it no longer uses: it ends after one."""
    uploads = work.Uploads(workers=1)
    small = b"x,y\n" + b"".join(b"%d,%d\n" % (k, k * k % 7) for k in range(40))
    table = uploads.read(small)
    assert isinstance(table, work.Table) and table.values.shape == (40, 2)
    first = uploads._process._proc
    assert first is not None and first.pid != os.getpid()
    refused = uploads.read(b"x\n1\n2\n")
    assert isinstance(refused, work.InputError) and refused.code == "upload_one_column"
    assert uploads._process._proc is first  # small files: the same process
    big = b"x,y\n" + b"".join(b"%d.123456,%d.5\n" % (k, k % 5) for k in range(90_000))
    assert len(big) > work.Uploads.BIG
    assert uploads.read(big).values.shape == (90_000, 2)
    assert uploads._process._proc is None and first.poll() is not None  # ended
    assert uploads.read(small).values.shape == (40, 2)  # a fresh one
    assert uploads._process._proc is not None and uploads._process._proc.pid != first.pid
    uploads._process.stop()
