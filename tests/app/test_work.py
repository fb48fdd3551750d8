"""regviz.ui.work: heavy panels queued newest first, deduplicated, superseded, bounded."""

from __future__ import annotations

import threading
import time

import pytest

from regviz.ui import work
from regviz.ui.store import Store


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch):
    """render() replaced by a recorder that blocks until released (workers=0: in-thread)."""
    log: list[str] = []
    gate = threading.Event()

    def fake(slug, panel, values, lang):
        gate.wait(10)
        log.append(values["tag"])
        if values["tag"] == "bad":
            return "error", f"cannot ({lang})"
        if values["tag"] == "boom":
            raise RuntimeError("a bug")
        return "ok", f"payload {values['tag']}".encode()

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
    log, gate = calls
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
