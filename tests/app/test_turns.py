"""regviz.ui.turns: at most SLOTS scripts run at once, one waiting for a worker makes way, and it comes back first."""

from __future__ import annotations

import threading
import time

import pytest

from regviz.ui import turns


@pytest.fixture
def two_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "SLOTS", 2)
    monkeypatch.setattr(turns, "_slots", turns.Slots(2))


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
    assert turns._slots.free == 2  # both slots back


def test_a_script_back_from_its_worker_goes_before_scripts_that_have_not_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(turns, "SLOTS", 1)
    monkeypatch.setattr(turns, "_slots", turns.Slots(1))
    order: list[str] = []
    release, back = threading.Event(), threading.Event()

    def holder() -> None:
        with turns.turn():
            release.wait(5)

    def resuming() -> None:
        with turns.turn():
            with turns.aside():
                back.wait(5)  # its worker answers while the slot is held by another
            order.append("resumed")

    def fresh() -> None:
        with turns.turn():
            order.append("fresh")

    first = threading.Thread(target=resuming)
    first.start()
    while turns._slots.free != 1:  # it is waiting aside
        time.sleep(0.01)
    threads = [threading.Thread(target=holder)]
    threads[0].start()
    while turns._slots.free != 0:
        time.sleep(0.01)
    threads += [threading.Thread(target=fresh) for _ in range(3)]
    for thread in threads[1:]:
        thread.start()
    while turns._slots._waiting[False] != 3:
        time.sleep(0.01)
    back.set()
    while not turns._slots._waiting[True]:
        time.sleep(0.01)
    release.set()
    for thread in [first, *threads]:
        thread.join(5)
    assert order == ["resumed", "fresh", "fresh", "fresh"]
