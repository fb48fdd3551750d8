"""What a λ rerun costs the server process, per page: one session moving λ to random grid values.

A λ step redraws in the browser; when it rests, the page reruns for its words and the
address, so this is the floor of every move: the script and Streamlit's work for its
elements, nothing computed (the charts' payloads are cached after the first rerun).
Reported per page: the median over rounds of server CPU per rerun (rounds × reruns).

``--compare ROOT`` runs a second server from another checkout (a git worktree of an older
commit, say) and the two take turns round by round; ``--plain-io`` starts that one
without uvloop and httptools (as bench/wire.py's ``fastio`` does), so that a sitting's
start can be set against its end in one run.

Run: python bench/rerun_cost.py [--pages home geometry …] [--rounds 6] [--reruns 20] [--compare ROOT [--plain-io]]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cpu import server_ns  # noqa: E402
from bench.streamlit_client import Session  # noqa: E402
from bench.wire import servers_to_compare, start_with  # noqa: E402
from regviz.lessons.registry import PAGES  # noqa: E402
from regviz.params import LAM_GRID  # noqa: E402
from tests.e2e.conftest import stop_server  # noqa: E402


async def rounds(ports: dict[str, int], slug: str, rounds: int, reruns: int) -> dict[str, list[float]]:
    sessions = {}
    for name, port in ports.items():
        sessions[name] = session = await Session.open("127.0.0.1", port)
        await session.rerun(page=slug)
        await session.fetch_charts()
    out: dict[str, list[float]] = {name: [] for name in ports}
    try:
        for r in range(rounds):
            for name in list(ports) if r % 2 == 0 else list(ports)[::-1]:
                session, rng, before = sessions[name], random.Random(r), server_ns(ports[name])
                for _ in range(reruns):
                    await session.rerun(widget_states=[session.state_of("lam", LAM_GRID[rng.randrange(61)], "en")])
                    await session.fetch_charts()
                out[name].append((server_ns(ports[name]) - before) / reruns / 1e6)
    finally:
        for session in sessions.values():
            await session.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", nargs="*", default=[p.slug for p in PAGES])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--reruns", type=int, default=20)
    ap.add_argument("--compare", type=Path, help="another checkout to run beside this one")
    ap.add_argument("--plain-io", action="store_true", help="the other checkout without uvloop and httptools")
    args = ap.parse_args()
    os.environ["REGVIZ_BENCH"] = "1"  # the server reports its CPU (bench/cpu.py)
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    with tempfile.TemporaryDirectory() as hidden:
        try:
            servers["this"] = start_with({})
            if args.compare:  # its own code: `python -m` puts the server's directory first on sys.path
                plain = servers_to_compare("fastio", Path(hidden))["asyncio, h11"] if args.plain_io else {}
                servers["compared"] = start_with(plain, args.compare)
            time.sleep(2)  # the workers start with each server
            ports = {name: port for name, (port, _) in servers.items()}
            results = {slug: asyncio.run(rounds(ports, slug, args.rounds, args.reruns)) for slug in args.pages}
        finally:
            for _, proc in servers.values():
                stop_server(proc)
    print(f"server CPU per λ rerun, {args.rounds} rounds × {args.reruns} reruns, median ms")
    print(f"{'page':14} " + " ".join(f"{name:>10}" for name in servers))
    for slug, out in results.items():
        print(f"{slug:14} " + " ".join(f"{statistics.median(out[name]):10.2f}" for name in servers))


if __name__ == "__main__":
    main()
