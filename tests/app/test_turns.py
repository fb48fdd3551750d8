"""regviz.ui.turns: at most SLOTS scripts run at once, and one waiting for a worker makes way."""

from __future__ import annotations

import threading
import time

import pytest

from regviz.ui import turns


@pytest.fixture
def two_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "SLOTS", 2)
    monkeypatch.setattr(turns, "_slots", threading.BoundedSemaphore(2))


def _run(n: int, body) -> int:  # type: ignore[no-untyped-def]
    """Run ``body`` in n threads, each in its turn; the most that were inside at once."""
    lock, inside, most = threading.Lock(), [0], [0]

    def script() -> None:
        with turns.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            body()
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=script) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return most[0]


def test_no_more_scripts_run_at_once_than_there_are_slots(two_slots: None) -> None:
    assert _run(6, lambda: time.sleep(0.05)) == 2


def test_a_script_waiting_aside_lets_another_run(two_slots: None) -> None:
    """Six scripts each waiting for a worker for 0.2 s: all six wait at once, not two by two."""
    waiting, lock, most = [0], threading.Lock(), [0]

    def wait_for_worker() -> None:
        with turns.aside():
            with lock:
                waiting[0] += 1
                most[0] = max(most[0], waiting[0])
            time.sleep(0.2)
            with lock:
                waiting[0] -= 1

    _run(6, wait_for_worker)
    assert most[0] == 6


def test_a_script_that_waits_too_long_runs_anyway(two_slots: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "PATIENCE", 0.1)
    release = threading.Event()
    holders = [threading.Thread(target=lambda: _run(1, lambda: release.wait(5))) for _ in range(2)]
    for holder in holders:
        holder.start()
    time.sleep(0.05)
    ran = threading.Event()
    late = threading.Thread(target=lambda: _run(1, ran.set))
    late.start()
    late.join(5)
    assert ran.is_set()  # it did not wait for the two that hold the slots
    release.set()
    for holder in holders:
        holder.join(5)
    assert turns._slots.acquire(blocking=False) and turns._slots.acquire(blocking=False)  # both slots back
