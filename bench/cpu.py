"""CPU time of a server and of the worker processes it started, in nanoseconds.

Streamlit runs each script in a new thread that ends with the run, and a thread's own
counters (/proc/<pid>/task/*/schedstat) go with it; /proc/<pid>/stat keeps them but only
in 10 ms ticks. So the server reports its own getrusage (every thread, alive or ended, to
the microsecond) at ``_regviz/cpu`` when started with REGVIZ_BENCH=1 (regviz.ui.routes);
the workers' threads live as long as they do, so their schedstat counters are exact.
"""

from __future__ import annotations

import itertools
import json
import os
import time
import urllib.request
from pathlib import Path


def descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    out, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        out += children
        frontier += children
    return out


def threads_ns(pid: int) -> int:
    """The CPU ns of a process's live threads (exact for long-lived ones)."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for task in tasks:
        try:
            total += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
        except OSError:
            continue
    return total


def ticks_ns(pid: int) -> int:
    """A process's CPU in 10 ms ticks, ended threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def _report(port: int) -> dict:
    """What the server says of itself at ``_regviz/cpu`` (REGVIZ_BENCH=1)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_regviz/cpu", timeout=10) as r:
        return dict(json.loads(r.read()))


def server_ns(port: int) -> int:
    """The server process's own CPU ns (its getrusage)."""
    return int(_report(port)["process_ns"])


def data_cache(port: int) -> dict[str, int]:
    """The server's panel-data cache: reads so far, misses (computed), entries and bytes held
    (empty for a checkout that does not report it)."""
    return dict(_report(port).get("data", {}))


def workers_ns(pid: int) -> int:
    return sum(threads_ns(child) for child in descendants(pid))


def usage(pid: int, port: int) -> tuple[int, int]:
    """(the server process's CPU ns, its worker processes' CPU ns)."""
    return server_ns(port), workers_ns(pid)


def route_cost(pid: int, port: int, tries: int = 20) -> int:
    """What one reading of ``server_ns`` itself costs the server (subtracted from a move)."""
    readings = [server_ns(port) for _ in range(tries + 1)]
    return sorted(b - a for a, b in itertools.pairwise(readings))[tries // 2]


def settle(pid: int, quiet_ms: float = 100, timeout_s: float = 60) -> None:
    """Wait until the server and its workers were idle for ``quiet_ms`` (read from /proc, so
    that waiting costs the server nothing)."""
    deadline = time.monotonic() + timeout_s
    last = ticks_ns(pid) + workers_ns(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet_ms / 1000)
        now = ticks_ns(pid) + workers_ns(pid)
        if now - last < 2e6:
            return
        last = now
