"""regviz.ui.memory: glibc's thresholds set in the process that asks, and nowhere else."""

from __future__ import annotations

import ctypes
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from regviz.ui import memory

PROBE = textwrap.dedent(
    """
    import ctypes, json, sys
    from regviz.ui.memory import keep_freed_memory

    class Info(ctypes.Structure):  # glibc's struct mallinfo2
        names = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
        _fields_ = [(n, ctypes.c_size_t) for n in names.split()]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = Info
    if sys.argv[1] == "1":
        keep_freed_memory()
    before = libc.mallinfo2().hblks  # blocks served by mmap, not the heap
    blocks = [bytearray(8 * 2**20) for _ in range(4)]  # four 8 MiB arrays, above glibc's default threshold
    print(json.dumps({"mapped": libc.mallinfo2().hblks - before}))
    """
)


def _mapped(keep: bool) -> int:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(memory.__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", PROBE, "1" if keep else "0"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split(":")[1].strip(" }\n"))


GLIBC = sys.platform.startswith("linux") and hasattr(ctypes.CDLL(None), "mallinfo2")


@pytest.mark.skipif(not GLIBC, reason="glibc ≥ 2.33 (mallopt, mallinfo2); elsewhere the call does nothing")
def test_a_process_that_keeps_freed_memory_serves_big_arrays_from_its_heap() -> None:
    assert _mapped(keep=False) == 4  # glibc's default: each 8 MiB array is a fresh mapping
    assert _mapped(keep=True) == 0  # below the raised threshold: the heap, whose freed pages stay


def test_an_explicit_environment_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: Libc())
    monkeypatch.setattr(memory.sys, "platform", "linux")
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1048576")
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert memory.keep_freed_memory()
    assert calls == [(memory.M_TRIM_THRESHOLD, memory.TRIM)]  # the operator's mmap threshold stays


def test_the_worker_keeps_freed_memory_before_it_says_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    from regviz.ui import worker

    said: list[str] = []
    monkeypatch.setattr(memory, "keep_freed_memory", lambda: said.append("kept") or True)
    monkeypatch.setattr(worker, "write_message", lambda stream, message: said.append(message[0]))
    requests, nothing = os.pipe()
    os.close(nothing)  # no requests: it stops
    monkeypatch.setattr(sys, "stdin", os.fdopen(requests))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO()))
    worker.main([])
    sys.stdin.close()
    assert said == ["kept", "ready"]


SETTLE = textwrap.dedent(
    """
    import gc, json, sys
    from regviz.ui import memory

    if sys.argv[1] == "served":
        memory.freeze_after_first_run()
    before = gc.get_threshold()
    kept = [[i] for i in range(50_000)]  # a startup's objects, tracked by the collector
    seen = []
    for run in range(2):
        memory.settle()
        seen.append((gc.get_freeze_count(), gc.get_threshold()))
    print(json.dumps({"before": before, "seen": seen}))
    """
)


@pytest.mark.parametrize("served", [True, False])
def test_a_served_process_freezes_its_startup_heap_once_and_slows_the_middle_generation(served: bool) -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", SETTLE, "served" if served else "test"], capture_output=True, text=True, cwd=root
    )
    import json

    report = json.loads(out.stdout)
    (frozen, threshold), (frozen_again, threshold_again) = report["seen"]
    young, middle, old = report["before"]
    if served:
        assert frozen >= 50_000 and frozen_again == frozen  # once, after the first run only
        assert threshold == threshold_again == [young, memory.MIDDLE, old]
    else:  # a test's own run of the app: the collector as it was
        assert frozen == frozen_again == 0 and threshold == [young, middle, old]
