"""Load and soak test: N simulated students against one Streamlit process on 127.0.0.1.

Each student is a protocol-level client (bench/streamlit_client.py) that connects, opens a
lesson page of the registry, makes moves with think time and leaves; after every move it
fetches the charts' payloads as the page does. Two profiles:

- ``lecture``: mostly λ (70 %, one grid step), the degree ±1 (20 %), a page switch (10 %);
- ``explore``: a random control of the page moved to a random value of its whole domain
  (bench/moves.py), or a page switch (10 %), students spread over all lesson pages.

All traffic goes to a server this script starts on 127.0.0.1; every loop is bounded in
count and time. Reports per N: rerun p50/p95/p99 (request to the script's last message),
chart p95 (until every chart of the move has its payload, heavy ones included), errors,
dropped sessions, server CPU (the process and its heavy-panel worker), RSS, and how often a
heavy panel dropped from the server's full queue was asked again (a 404 makes the page
rerun, which requests it anew; so does this client, and its time counts in chart p95). The soak
runs waves of connect/disconnect and reports RSS per idle session and whether memory
returns to its baseline once the sessions are gone; ``--idle`` keeps sessions connected
and idle past the server's reconnect and keep-alive timeouts, then moves them again.

Run: python bench/load.py                                  (lecture pacing: 50, 100, 300 students, a soak)
     python bench/load.py --profile explore --think 3 10   (free exploration)
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

from bench.cpu import data_cache, usage  # noqa: E402
from bench.moves import random_move  # noqa: E402
from bench.streamlit_client import Fetched, Session  # noqa: E402
from regviz.lessons.registry import DEFAULT, LESSONS  # noqa: E402
from regviz.params import DEGREE_RANGE, LAM_GRID  # noqa: E402
from tests.e2e.conftest import free_port, start_server, stop_server  # noqa: E402

PAGES = tuple(lesson.slug for lesson in LESSONS)
SESSION_TTL = 5  # seconds a disconnected session is kept (default 120) so the soak can see it go


@dataclass
class Result:
    reruns: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # what each move moved (a parameter, or "page")
    trace: list[tuple[float, float, str, str]] = field(default_factory=list)  # (start, seconds, page, kind)
    charts: list[float] = field(default_factory=list)  # rerun + every chart's payload fetched
    loads: list[float] = field(default_factory=list)
    errors: int = 0  # an exception shown on a page, a rerun or a fetch that timed out or failed
    dropped: int = 0  # a connection lost before the student left
    completed: int = 0
    retried: int = 0  # a heavy panel dropped from the full queue, asked again by a rerun (as the page does)
    failures: list[str] = field(default_factory=list)  # what went wrong, for the report


def active_sessions(port: int) -> int:
    """Streamlit's own gauge of sessions it still holds (from /_stcore/metrics)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("active_sessions"):
                return int(float(line.split()[-1]))
    return -1


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _lecture_move(page: str, state, rng: random.Random) -> tuple[str | None, object]:
    """Mostly λ by one step, sometimes the degree by one, sometimes another page."""
    roll = rng.random()
    if roll < 0.7:
        i = min(max(state.lam_index + rng.choice((-1, 1)), 0), len(LAM_GRID) - 1)
        return "lam", LAM_GRID[i]
    if roll < 0.9:
        return "degree", min(max(state.degree + rng.choice((-1, 1)), DEGREE_RANGE[0]), DEGREE_RANGE[1])
    return None, rng.choice(PAGES)


def _explore_move(page: str, state, rng: random.Random) -> tuple[str | None, object]:
    """A random control of the page to a random value, or (10 %) another page."""
    if rng.random() < 0.1:
        return None, rng.choice(PAGES)
    from regviz.lessons.registry import lesson

    return random_move(lesson(page), state, rng)


PROFILES = {"lecture": _lecture_move, "explore": _explore_move}


async def fetch_as_the_page_does(session: Session, result: Result, retries: int = 3) -> Fetched:
    """Fetch the charts; a payload the server no longer has (a heavy panel dropped from its
    full queue: 404) makes the page rerun, which asks for it again (panels.js), up to 3 times."""
    fetched = await session.fetch_charts()
    seconds, received = fetched.seconds, fetched.received
    for _ in range(retries):
        if not fetched.failed:
            break
        result.retried += 1
        rerun = await session.rerun()
        fetched = await session.fetch_charts()
        seconds, received = seconds + rerun.seconds + fetched.seconds, received + rerun.received + fetched.received
    return Fetched(seconds, received, fetched.failed)


async def student(
    port: int, rng: random.Random, actions: int, think: tuple[float, float], result: Result, profile: str
) -> None:
    try:
        session = await Session.open("127.0.0.1", port)
    except OSError:
        result.dropped += 1
        return
    try:
        page = rng.choice(PAGES)
        load = await session.rerun(page=page)
        fetched = await session.fetch_charts()
        result.loads.append(load.seconds + fetched.seconds)
        result.errors += load.exception + fetched.failed
        state = DEFAULT
        for _ in range(actions):
            await asyncio.sleep(rng.uniform(*think))
            name, value = PROFILES[profile](page, state, rng)
            started = time.monotonic()
            if name is None:
                page = str(value)
                rerun = await session.rerun(page=page)
            else:
                rerun = await session.move(name, value, state.lang)
                state = state.with_({name: value})
            fetched = await fetch_as_the_page_does(session, result)
            result.reruns.append(rerun.seconds)
            result.kinds.append(name or "page")
            result.trace.append((started, rerun.seconds, page, name or "page"))
            result.charts.append(rerun.seconds + fetched.seconds)
            result.errors += rerun.exception + fetched.failed
            if rerun.exception or fetched.failed:
                result.failures.append(f"{page}: {name} = {value!r}")
        result.completed += 1
    except TimeoutError:
        result.errors += 1
        result.failures.append("rerun timed out")
    except Exception as exc:  # the connection went away under the student
        result.dropped += 1
        result.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def class_run(
    port: int, n: int, actions: int, think: tuple[float, float], arrive: float, seed: int, profile: str = "lecture"
) -> Result:
    """n students arriving within `arrive` seconds (one link, one minute)."""
    result = Result()
    rng = random.Random(seed)

    async def one(i: int) -> None:
        await asyncio.sleep(rng.uniform(0, arrive))
        await student(port, random.Random(seed * 1000 + i), actions, think, result, profile)

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


def run_classes(
    port: int,
    pid: int,
    sizes: list[int],
    actions: int,
    think: tuple[float, float],
    arrive: float,
    profile: str,
    verbose: bool = False,
    trace: Path | None = None,
) -> bool:
    print(
        f"{'students':>8} {'moves':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'charts p95':>10} "
        f"{'load p95 ms':>11} {'errors':>6} {'dropped':>7} {'server CPU %':>12} {'worker CPU %':>12} "
        f"{'client CPU %':>12} {'moves/s':>7} {'RSS MB':>7} {'re-asked':>8}"
    )
    ok = True
    for n in sizes:
        (main0, work0), t0, client0 = usage(pid, port), time.monotonic(), time.process_time()
        data0 = data_cache(port)
        result = asyncio.run(class_run(port, n, actions, think, arrive, seed=n, profile=profile))
        wall = time.monotonic() - t0
        main1, work1 = usage(pid, port)
        r, c = [x * 1e3 for x in result.reruns], [x * 1e3 for x in result.charts]
        print(
            f"{n:8d} {len(r):6d} {pct(r, 50):7.0f} {pct(r, 95):7.0f} {pct(r, 99):7.0f} {pct(c, 95):10.0f} "
            f"{pct([x * 1e3 for x in result.loads], 95):11.0f} {result.errors:6d} {result.dropped:7d} "
            f"{(main1 - main0) / 1e7 / wall:12.0f} {(work1 - work0) / 1e7 / wall:12.0f} "
            f"{(time.process_time() - client0) / wall * 100:12.0f} {len(r) / wall:7.1f} "
            f"{proc_rss_mb(pid):7.0f} {result.retried:8d}"
        )
        if verbose:
            by_kind: dict[str, list[float]] = {}
            for kind, seconds in zip(result.kinds, result.reruns, strict=True):
                by_kind.setdefault(kind, []).append(seconds * 1e3)
            for kind, values in sorted(by_kind.items()):
                print(
                    f"    {kind:22} {len(values):5d} moves  p50 {pct(values, 50):6.0f}  p95 {pct(values, 95):6.0f} ms"
                )
        if trace is not None:  # one line a move: when it started (s into the run), its rerun ms, where
            with open(trace.with_name(f"{trace.stem}-{n}{trace.suffix}"), "w") as out:
                for started, seconds, page, kind in sorted(result.trace):
                    out.write(f"{started - t0:.3f}\t{seconds * 1e3:.0f}\t{page}\t{kind}\n")
        data1 = data_cache(port)
        if data1 and data0:  # a page's words read panel data; a miss asks a worker to compute it
            reads, misses = (data1[k] - data0[k] for k in ("reads", "misses"))
            print(
                f"    the server's panel data: {misses} of {reads} reads computed (first asks and evictions), "
                f"{data1['entries']} held, {data1['bytes'] / 2**20:.0f} MiB"
            )
        for failure in result.failures[:5]:
            print("   ", failure)
        ok &= result.errors == 0 and result.dropped == 0 and result.completed == n
    return ok


def idle_then_move(port: int, pid: int, n: int, idle: float) -> bool:
    """Tabs left open: n sessions idle for ``idle`` seconds (past the server's timeouts), then moving."""

    async def run() -> tuple[int, int]:
        sessions = await idle_wave(port, n)
        await asyncio.sleep(idle)
        errors = dropped = 0
        rng = random.Random(idle)
        for s in sessions:
            try:
                name, value = _explore_move("geometry", DEFAULT, rng)
                rerun = await (s.rerun(page=str(value)) if name is None else s.move(name, value))
                errors += rerun.exception + (await s.fetch_charts()).failed
            except Exception:
                dropped += 1
            await s.close()
        return errors, dropped

    errors, dropped = asyncio.run(run())
    print(f"idle tabs: {n} sessions idle for {idle:g} s, then each moved once: {errors} errors, {dropped} dropped\n")
    return errors == 0 and dropped == 0


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
    ap.add_argument("--profile", choices=sorted(PROFILES), default="lecture")
    ap.add_argument("--by-move", action="store_true", help="also: rerun times by what moved")
    ap.add_argument("--trace", type=Path, help="also: each move's start, rerun ms, page and control, to FILE-<N>")
    ap.add_argument("--idle", type=float, default=0.0, help="also: tabs idle this many seconds, then moving")
    args = ap.parse_args()
    port = free_port()
    os.environ["REGVIZ_BENCH"] = "1"  # the server reports its CPU (bench/cpu.py)
    server = start_server(ROOT / "app.py", port, "--server.disconnectedSessionTTL", str(SESSION_TTL))
    try:
        pid = server.pid
        asyncio.run(class_run(port, 2, 2, (0.0, 0.1), 0.0, seed=0))  # warm imports and caches
        print(
            f"one Streamlit process (pid {pid}) and its worker, profile {args.profile}, think time "
            f"{args.think[0]:g}–{args.think[1]:g} s, {args.actions} moves per student, arrivals over {args.arrive:g} s"
        )
        if args.soak:  # first, on a fresh process: does memory come back after sessions leave?
            soak(port, pid, args.waves, args.per_wave)
        ok = True
        if args.idle:
            ok &= idle_then_move(port, pid, args.per_wave, args.idle)
        if not args.soak_only:
            ok &= run_classes(
                port,
                pid,
                args.students,
                args.actions,
                tuple(args.think),
                args.arrive,
                args.profile,
                args.by_move,
                args.trace,
            )
    finally:
        stop_server(server)
    print("\nall students finished with zero errors and zero dropped sessions" if ok else "\nFAILURES above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
