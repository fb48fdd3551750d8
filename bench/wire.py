"""What the server's wire is worth: server CPU per move with and without a part of it.

``--compare tweaks`` (default): regviz.ui.wire's two tweaks, a server with every tweak of
regviz.ui.serve against one without ``wakeonce`` and ``coalesce`` (REGVIZ_TWEAKS).
``--compare fastio``: the C event loop and HTTP parser of requirements.txt (uvloop and
httptools) against a server that cannot import them (a PYTHONPATH entry that hides them,
as on a machine without them: asyncio's loop and h11).
``--compare <path>``: this checkout against another one (``git worktree add``), each
server running its own code. Every comparison also reports the CPU of one payload GET.

The two servers take turns: each round makes the same random moves to fresh states
(bench/moves.py, as bench/state_cost.py does) on each page, first on one server, then on
the other, so a machine that slows down between rounds slows both. Reported per page and
server: the server process's CPU per move (median over all rounds' moves; the worker
processes are the same code in both and not counted).

Run: python bench/wire.py [--compare tweaks|fastio|<checkout>] [--rounds 3] [--moves 30] [--pages geometry decay]
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
from bench.state_cost import lesson_moves  # noqa: E402
from bench.streamlit_client import HTTPConnection  # noqa: E402
from regviz.ui.serve import TWEAKS  # noqa: E402
from tests.e2e.conftest import free_port, hide_fast_io, start_server, stop_server  # noqa: E402

REQUESTS = 2000  # payload GETs per server for the cost of one


def servers_to_compare(compare: str, hidden: Path) -> dict[str, tuple[dict[str, str], Path]]:
    """Each server's name, the environment it starts with and the checkout it runs."""
    if compare == "fastio":
        hide_fast_io(hidden)
        return {"uvloop, httptools": ({}, ROOT), "asyncio, h11": ({"PYTHONPATH": str(hidden)}, ROOT)}
    if compare != "tweaks":  # another checkout (e.g. `git worktree add`): its own app and code
        return {"this checkout": ({}, ROOT), Path(compare).name: ({}, Path(compare))}  # run from there: its code first
    return {
        "with wakeonce, coalesce": ({"REGVIZ_TWEAKS": ",".join(sorted(TWEAKS))}, ROOT),
        "without them": ({"REGVIZ_TWEAKS": ",".join(sorted(TWEAKS - {"wakeonce", "coalesce"}))}, ROOT),
    }


def start_with(env: dict[str, str], root: Path = ROOT) -> tuple[int, subprocess.Popen]:
    """A server of the app in checkout ``root`` (its port and process), started with ``env``
    on top of this process's environment, which is left as it was."""
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        port = free_port()
        return port, start_server(root / "app.py", port)
    finally:
        os.environ.clear()
        os.environ.update(saved)


async def request_cost(port: int) -> float:
    """Server CPU µs of one GET of a payload key the store does not hold (the route's own cost)."""
    conn = await HTTPConnection.open("127.0.0.1", port)
    try:
        before = server_ns(port)
        for _ in range(REQUESTS):
            await conn.get("/_regviz/panel/" + "0" * 32)
        return (server_ns(port) - before) / REQUESTS / 1e3
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare", default="tweaks", help="tweaks, fastio or the path of another checkout")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--pages", nargs="*", default=["geometry", "overfitting", "decay"])
    args = ap.parse_args()
    os.environ["REGVIZ_BENCH"] = "1"  # the server reports its CPU (bench/cpu.py)
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    with tempfile.TemporaryDirectory() as hidden:
        variants = servers_to_compare(args.compare, Path(hidden))
        try:
            for name, (env, root) in variants.items():
                servers[name] = start_with(env, root)
            time.sleep(2)  # the workers start with each server
            cpu: dict[tuple[str, str], list[float]] = {}
            requests: dict[str, list[float]] = {}
            for r in range(args.rounds):
                for name, (port, _) in servers.items():
                    requests.setdefault(name, []).append(asyncio.run(request_cost(port)))
                for slug in args.pages:
                    for name, (port, proc) in servers.items():
                        moves = asyncio.run(lesson_moves(port, proc.pid, slug, args.moves, random.Random(r)))
                        cpu.setdefault((slug, name), []).extend(main for main, _, _ in moves)
        finally:
            for _, proc in servers.values():
                stop_server(proc)
    print(f"server process CPU per move to a fresh state, {args.rounds} rounds × {args.moves} moves, median ms")
    print(f"{'page':14} " + " ".join(f"{name:>24}" for name in variants) + f" {'ratio':>7}")
    rows = [(slug, [statistics.median(cpu[slug, name]) for name in variants]) for slug in args.pages]
    rows.append(("one GET (µs)", [statistics.median(requests[name]) for name in variants]))
    for label, medians in rows:
        print(f"{label:14} " + " ".join(f"{m:24.1f}" for m in medians) + f" {medians[0] / medians[1]:7.2f}")


if __name__ == "__main__":
    main()
