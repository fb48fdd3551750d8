"""Load and soak test: N simulated students against one Streamlit process on 127.0.0.1.

Each student is a protocol-level client (bench/streamlit_client.py): connect, load a
lesson page, move λ and the degree with think time, sometimes switch page, leave.
All traffic goes to a server this script starts on 127.0.0.1; every loop is bounded in
count and time. Reports per N: rerun p50/p95/p99, errors, dropped sessions, server CPU
and RSS. The soak runs waves of connect/disconnect and reports RSS per idle session
and whether memory returns to its baseline once the sessions are gone.

Run: python bench/load.py                  (50, 100, 300 students and a soak)
     python bench/load.py --students 20 --actions 3 --no-soak   (the small CI version)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.streamlit_client import Session, select_slider_state, slider_state  # noqa: E402
from regviz.ui.state import DEGREE_RANGE, LAM_GRID  # noqa: E402
from tests.e2e.conftest import free_port, start_server, stop_server  # noqa: E402

PAGES = ("geometry", "overfitting")
SESSION_TTL = 5  # seconds a disconnected session is kept (default 120) so the soak can see it go


@dataclass
class Result:
    reruns: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    errors: int = 0  # an exception shown on a page, or a rerun that timed out
    dropped: int = 0  # a connection lost before the student left
    completed: int = 0
    failures: list[str] = field(default_factory=list)  # what went wrong, for the report


def active_sessions(port: int) -> int:
    """Streamlit's own gauge of sessions it still holds (from /_stcore/metrics)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("active_sessions"):
                return int(float(line.split()[-1]))
    return -1


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def student(port: int, rng: random.Random, actions: int, think: tuple[float, float], result: Result) -> None:
    try:
        session = await Session.open("127.0.0.1", port)
    except OSError:
        result.dropped += 1
        return
    try:
        load = await session.rerun(page=rng.choice(PAGES))
        result.loads.append(load.seconds)
        result.errors += load.exception
        lam_i, degree = LAM_GRID.index(0.01), 9
        for _ in range(actions):
            await asyncio.sleep(rng.uniform(*think))
            roll = rng.random()
            if roll < 0.7:
                lam_i = min(max(lam_i + rng.choice((-1, 1)), 0), len(LAM_GRID) - 1)
                state = select_slider_state(session.widget("λ"), f"{LAM_GRID[lam_i]:.3g}")
                rerun = await session.rerun(widget_states=[state])
            elif roll < 0.9:
                degree = min(max(degree + rng.choice((-1, 1)), DEGREE_RANGE[0]), DEGREE_RANGE[1])
                label = next(label for label in session.widgets if "degree" in label.lower())
                rerun = await session.rerun(widget_states=[slider_state(session.widgets[label], degree)])
            else:
                rerun = await session.rerun(page=rng.choice(PAGES))
            result.reruns.append(rerun.seconds)
            result.errors += rerun.exception
        result.completed += 1
    except TimeoutError:
        result.errors += 1
        result.failures.append("rerun timed out")
    except Exception as exc:  # the connection went away under the student
        result.dropped += 1
        result.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def class_run(port: int, n: int, actions: int, think: tuple[float, float], arrive: float, seed: int) -> Result:
    """n students arriving within `arrive` seconds (one link, one minute)."""
    result = Result()
    rng = random.Random(seed)

    async def one(i: int) -> None:
        await asyncio.sleep(rng.uniform(0, arrive))
        await student(port, random.Random(seed * 1000 + i), actions, think, result)

    await asyncio.gather(*(one(i) for i in range(n)))
    return result


async def idle_wave(port: int, n: int) -> list[Session]:
    sessions = []
    for _ in range(n):
        s = await Session.open("127.0.0.1", port)
        await s.rerun(page="geometry")
        sessions.append(s)
    return sessions


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run_classes(port: int, pid: int, sizes: list[int], actions: int, think: tuple[float, float], arrive: float) -> bool:
    print(
        f"{'students':>8} {'reruns':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'load p95 ms':>11} "
        f"{'errors':>6} {'dropped':>7} {'server CPU %':>12} {'client CPU %':>12} {'RSS MB':>7}"
    )
    ok = True
    for n in sizes:
        cpu0, client0, t0 = proc_cpu_seconds(pid), time.process_time(), time.monotonic()
        result = asyncio.run(class_run(port, n, actions, think, arrive, seed=n))
        wall = time.monotonic() - t0
        cpu = (proc_cpu_seconds(pid) - cpu0) / wall * 100
        client = (time.process_time() - client0) / wall * 100
        r = [x * 1e3 for x in result.reruns]
        print(
            f"{n:8d} {len(r):6d} {pct(r, 50):7.0f} {pct(r, 95):7.0f} {pct(r, 99):7.0f} "
            f"{pct([x * 1e3 for x in result.loads], 95):11.0f} {result.errors:6d} {result.dropped:7d} "
            f"{cpu:12.0f} {client:12.0f} {proc_rss_mb(pid):7.0f}"
        )
        ok &= result.errors == 0 and result.dropped == 0 and result.completed == n
    return ok


def soak(port: int, pid: int, waves: int, per_wave: int) -> None:
    """Waves of idle sessions. The baseline is read after one warm-up wave: the first
    sessions grow the allocator's arenas and the caches once; a leak would instead grow
    RSS on every later wave."""
    first = proc_rss_mb(pid)
    asyncio.run(_wave(port, pid, per_wave))
    baseline = proc_rss_mb(pid)
    print(
        f"soak: {waves} waves of {per_wave} idle sessions; RSS {first:.0f} MB before a warm-up wave, "
        f"baseline {baseline:.0f} MB after it"
    )
    print(f"{'wave':>4} {'RSS connected':>13} {'MB/session':>10} {'RSS after leaving':>17} {'sessions left':>13}")
    for w in range(1, waves + 1):
        connected, after = asyncio.run(_wave(port, pid, per_wave))
        left = active_sessions(port)
        print(
            f"{w:4d} {connected:13.0f} {(connected - baseline) / per_wave:10.2f} {after:17.0f} {left:13d}"
            f"  {'back to baseline' if after <= baseline + 1 else f'+{after - baseline:.0f} MB'}"
        )
    print()


async def _wave(port: int, pid: int, n: int) -> tuple[float, float]:
    sessions = await idle_wave(port, n)
    await asyncio.sleep(1)
    connected = proc_rss_mb(pid)
    for s in sessions:
        await s.close()
    await asyncio.sleep(SESSION_TTL + 5)  # the server drops disconnected sessions after the TTL
    return connected, proc_rss_mb(pid)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, nargs="+", default=[50, 100, 300])
    ap.add_argument("--actions", type=int, default=8, help="slider moves or page switches per student")
    # A lecture: everyone opens the link within the same minute, then moves a slider every 5–15 s.
    ap.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), help="think time range in seconds")
    ap.add_argument("--arrive", type=float, default=60.0, help="students arrive within this many seconds")
    ap.add_argument("--soak", dest="soak", action="store_true", default=True)
    ap.add_argument("--no-soak", dest="soak", action="store_false")
    ap.add_argument("--waves", type=int, default=5)
    ap.add_argument("--soak-only", action="store_true", help="skip the classes")
    ap.add_argument("--per-wave", type=int, default=100)
    args = ap.parse_args()
    port = free_port()
    server = start_server(ROOT / "app.py", port, "--server.disconnectedSessionTTL", str(SESSION_TTL))
    try:
        pid = server.pid
        asyncio.run(class_run(port, 2, 2, (0.0, 0.1), 0.0, seed=0))  # warm imports and caches
        print(
            f"one Streamlit process (pid {pid}), think time {args.think[0]:g}–{args.think[1]:g} s, "
            f"{args.actions} actions per student, arrivals over {args.arrive:g} s"
        )
        if args.soak:  # first, on a fresh process: does memory come back after sessions leave?
            soak(port, pid, args.waves, args.per_wave)
        ok = args.soak_only or run_classes(port, pid, args.students, args.actions, tuple(args.think), args.arrive)
    finally:
        stop_server(server)
    print("\nall students finished with zero errors and zero dropped sessions" if ok else "\nFAILURES above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
