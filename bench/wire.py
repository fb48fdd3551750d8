"""What regviz.ui.wire's two tweaks are worth: server CPU per move with and without them.

Two servers of the app, one with every tweak of regviz.ui.serve and one without
``wakeonce`` and ``coalesce`` (REGVIZ_TWEAKS), take turns: each round makes the same
random moves to fresh states (bench/moves.py, as bench/state_cost.py does) on each page,
first on one server, then on the other, so a machine that slows down between rounds
slows both. Reported per page and server: the server process's CPU per move (median
over all rounds' moves; the worker processes are the same code in both and not counted).

Run: python bench/wire.py [--rounds 3] [--moves 30] [--pages geometry decay]
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

from bench.state_cost import lesson_moves  # noqa: E402
from regviz.ui.serve import TWEAKS  # noqa: E402
from tests.e2e.conftest import free_port, start_server, stop_server  # noqa: E402

SERVERS = {"with wakeonce, coalesce": TWEAKS, "without them": TWEAKS - {"wakeonce", "coalesce"}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--pages", nargs="*", default=["geometry", "overfitting", "decay"])
    args = ap.parse_args()
    os.environ["REGVIZ_BENCH"] = "1"  # the server reports its CPU (bench/cpu.py)
    servers = {}
    try:
        for name, tweaks in SERVERS.items():
            os.environ["REGVIZ_TWEAKS"] = ",".join(sorted(tweaks))
            port = free_port()
            servers[name] = (port, start_server(ROOT / "app.py", port))
        os.environ.pop("REGVIZ_TWEAKS")
        time.sleep(2)  # the workers start with each server
        cpu: dict[tuple[str, str], list[float]] = {}
        for r in range(args.rounds):
            for slug in args.pages:
                for name, (port, proc) in servers.items():
                    moves = asyncio.run(lesson_moves(port, proc.pid, slug, args.moves, random.Random(r)))
                    cpu.setdefault((slug, name), []).extend(main for main, _, _ in moves)
    finally:
        for _, proc in servers.values():
            stop_server(proc)
    print(f"server process CPU per move to a fresh state, {args.rounds} rounds × {args.moves} moves, median ms")
    print(f"{'page':14} " + " ".join(f"{name:>24}" for name in SERVERS) + f" {'ratio':>7}")
    for slug in args.pages:
        medians = [statistics.median(cpu[slug, name]) for name in SERVERS]
        print(f"{slug:14} " + " ".join(f"{m:24.1f}" for m in medians) + f" {medians[0] / medians[1]:7.2f}")


if __name__ == "__main__":
    main()
