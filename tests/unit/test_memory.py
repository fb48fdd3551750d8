"""regviz.ui.memory: glibc's thresholds set in the process that asks, and nowhere else."""

from __future__ import annotations

import ctypes
import io
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
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))  # no requests: it stops
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO()))
    worker.main([])
    assert said == ["kept", "ready"]
