"""What a move to a fresh state costs the server, per lesson page, against a bare Streamlit rerun.

One protocol-level session per lesson page (every lesson of the registry) makes moves as
a student exploring freely does (bench/moves.py: a random control of the page, a random
value of its whole domain), fetches the charts' payloads as the page does, and waits
until the server and its worker process are idle again. Reported per page: server CPU
per move (the server process plus the heavy-panel worker it started, counted until both
are idle: median and p90), KiB received (websocket and HTTP, as sent, gzip included),
and both against the bare reference in the same run: a one-slider Streamlit app with no
forced GC after each run (``--runner.postScriptGC false``), moved to random values.

``--compare ROOT`` runs a second server from another checkout (a git worktree of an older
commit, say); the two take turns, round by round and page by page, on the same moves, and
the report sets their server and worker CPU per move side by side (the machine's speed
drifts within a sitting: only servers taking turns compare).

Run: python bench/state_cost.py [--moves 60] [--seed 0] [--pages decay …]
     python bench/state_cost.py --compare ROOT [--rounds 2] [--moves 25]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cpu import route_cost, settle, ticks_ns, usage  # noqa: E402
from bench.moves import random_move  # noqa: E402
from bench.streamlit_client import Session  # noqa: E402
from regviz.lessons.registry import DEFAULT, LESSONS  # noqa: E402
from tests.e2e.conftest import STREAMLIT_RUN, free_port, start_server, stop_server  # noqa: E402


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def lesson_moves(
    port: int, pid: int, slug: str, moves: int, rng: random.Random
) -> list[tuple[float, float, float]]:
    """(main ms, worker ms, KiB) per move on one lesson page."""
    from regviz.lessons.registry import lesson as find

    lesson = find(slug)
    session = await Session.open("127.0.0.1", port)
    out = []
    try:
        await session.rerun(page=slug)
        await session.fetch_charts()
        state = DEFAULT
        overhead = route_cost(pid, port)
        for _ in range(moves):
            settle(pid)
            name, value = random_move(lesson, state, rng, keep_lang=False)
            main0, work0 = usage(pid, port)
            rerun = await session.move(name, value, state.lang)
            fetched = await session.fetch_charts()
            settle(pid)
            main1, work1 = usage(pid, port)
            main1 -= overhead
            assert not rerun.exception and not fetched.failed, (name, value)
            state = state.with_({name: value})
            out.append(((main1 - main0) / 1e6, (work1 - work0) / 1e6, (rerun.received + fetched.received) / 1024))
    finally:
        await session.close()
    return out


async def bare_reruns(port: int, pid: int, moves: int, rng: random.Random) -> float:
    """Mean CPU ms of a bare rerun: every rerun costs the same, so the ticks of many suffice."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    session = await Session.open("127.0.0.1", port)
    try:
        await session.rerun()
        slider = next(iter(session.ids.values()))  # the one slider
        await asyncio.sleep(1)
        before = ticks_ns(pid)
        for _ in range(moves):
            state = WidgetState(id=slider)
            state.string_array_value.data.append(str(round(10 ** (rng.randint(0, 60) / 10 - 5), 6)))
            await session.rerun(widget_states=[state])
        return (ticks_ns(pid) - before) / 1e6 / moves
    finally:
        await session.close()


def compare(root: Path, slugs: list[str], rounds: int, moves: int) -> None:
    """This checkout's server and ``root``'s taking turns on the same moves of every page."""
    from bench.wire import start_with

    servers = {"this": start_with({}), "compared": start_with({}, root)}
    rows: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    try:
        time.sleep(2)  # the workers start with each server
        for r in range(rounds):
            for slug in slugs:
                for name in list(servers) if r % 2 == 0 else list(servers)[::-1]:
                    port, proc = servers[name]
                    out = asyncio.run(lesson_moves(port, proc.pid, slug, moves, random.Random(100 + r)))
                    rows.setdefault((slug, name), []).extend(out)
    finally:
        for _, proc in servers.values():
            stop_server(proc)
    print(f"server CPU per move to a fresh state, {rounds} rounds × {moves} moves per page, taking turns (ms)")
    print(f"{'page':14} {'server':>8} {'compared':>9} {'workers':>8} {'compared':>9} {'mean all':>9} {'compared':>9}")
    for slug in slugs:
        this, other = rows[(slug, "this")], rows[(slug, "compared")]
        med = [statistics.median(m for m, _, _ in xs) for xs in (this, other)]
        work = [statistics.median(w for _, w, _ in xs) for xs in (this, other)]
        mean = [statistics.mean(m + w for m, w, _ in xs) for xs in (this, other)]
        print(f"{slug:14} {med[0]:8.1f} {med[1]:9.1f} {work[0]:8.1f} {work[1]:9.1f} {mean[0]:9.1f} {mean[1]:9.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", nargs="*", help="lesson slugs (default: every lesson; the README's figures)")
    ap.add_argument("--compare", type=Path, help="another checkout to take turns with")
    ap.add_argument("--rounds", type=int, default=2, help="with --compare: rounds of turns")
    args = ap.parse_args()
    if args.compare:
        os.environ["REGVIZ_BENCH"] = "1"
        compare(
            args.compare,
            [lesson.slug for lesson in LESSONS if not args.pages or lesson.slug in args.pages],
            args.rounds,
            args.moves,
        )
        return
    app_port, bare_port = free_port(), free_port()
    os.environ["REGVIZ_BENCH"] = "1"  # the server reports its CPU (bench/cpu.py)
    app = start_server(ROOT / "app.py", app_port)
    bare = start_server(
        ROOT / "bench" / "bare" / "bare_app.py", bare_port, "--runner.postScriptGC", "false", launcher=STREAMLIT_RUN
    )
    try:
        time.sleep(2)  # the worker process starts with the server
        rng = random.Random(args.seed)
        base = asyncio.run(bare_reruns(bare_port, bare.pid, 20 * args.moves, rng))
        rows = {
            lesson.slug: asyncio.run(lesson_moves(app_port, app.pid, lesson.slug, args.moves, rng))
            for lesson in LESSONS
            if not args.pages or lesson.slug in args.pages
        }
    finally:
        stop_server(app)
        stop_server(bare)
    print(f"server CPU per move to a fresh state, {args.moves} random moves per page (seed {args.seed})")
    print(
        f"{'page':16} {'median ms':>9} {'p90 ms':>7} {'× bare':>7} {'p90 × bare':>10} {'worker ms':>9} "
        f"{'KiB median':>10} {'KiB p90':>8}"
    )
    print(f"{'bare rerun':16} {base:9.1f} {'':>7} {1:7.2f} {'':>10} {0:9.1f} {'':>10} {'':>8}")
    for slug, moves in rows.items():
        total = [m + w for m, w, _ in moves]
        kib = [k for *_, k in moves]
        print(
            f"{slug:16} {statistics.median(total):9.1f} {pct(total, 90):7.1f} {statistics.median(total) / base:7.2f} "
            f"{pct(total, 90) / base:10.2f} {statistics.median([w for _, w, _ in moves]):9.1f} "
            f"{statistics.median(kib):10.1f} {pct(kib, 90):8.1f}"
        )
    print("(CPU: the server process and its heavy-panel worker, until both are idle; median and p90 over moves;")
    print(f" the bare rerun: the mean of {20 * args.moves} reruns of the one-slider app under plain `streamlit run`)")


if __name__ == "__main__":
    main()
