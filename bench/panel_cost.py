"""What each lesson's light panels cost a worker, in-process, along a random walk.

A hall's rerun waits for the light panels of its state (one exchange with an interactive
worker), and a long panel holds that worker while the next moves queue for it: the tail
follows the slowest panels. For every lesson: from the default state, ``--moves`` random
moves (bench/moves.py, the load's and state-cost's controls and values); after each, every
light panel is rendered as the worker renders it (regviz.figures.render: build, encode,
gzip) and timed in CPU. Printed per lesson: the light panels' total per move (median, p90,
max) and each panel's median, slowest first. In-process caches stay on, as in a worker, so
a move that changes nothing a panel depends on costs it ~0.

Run: python bench/panel_cost.py [--moves 30] [--seed 7] [--heavy]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.moves import walk
from regviz.figures.render import render
from regviz.lessons.base import Lesson
from regviz.lessons.registry import LESSONS


def cost(
    lesson: Lesson, moves: int, rng: random.Random, heavy: bool = False
) -> tuple[list[float], dict[str, list[float]]]:
    """Per move the light (and with ``heavy`` the heavy) panels' total CPU ms, and each panel's."""
    totals: list[float] = []
    per: dict[str, list[float]] = {}
    for state in walk(lesson, moves, rng):
        total = 0.0
        for panel in lesson.panels:
            if panel.heavy(state) != heavy:
                continue
            started = time.thread_time()
            render(lesson.slug, panel.name, dict(state), "en")  # a state it cannot draw: its message
            ms = (time.thread_time() - started) * 1e3
            per.setdefault(panel.name, []).append(ms)
            total += ms
        totals.append(total)
    return totals, per


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--heavy", action="store_true", help="the heavy panels instead (the background worker's)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    kind = "heavy panels' background" if args.heavy else "light panels'"
    print(f"{kind} worker CPU per random move, in-process, {args.moves} moves per lesson (ms)")
    print(f"{'lesson':12} {'mean':>7} {'median':>7} {'p90':>7} {'max':>7}  each panel's median, slowest first")
    for lesson in LESSONS:
        totals, per = cost(lesson, args.moves, rng, args.heavy)
        ranked = sorted(per.items(), key=lambda kv: -statistics.median(kv[1]))
        p90 = sorted(totals)[int(0.9 * (len(totals) - 1))]
        panels = "  ".join(f"{name} {statistics.median(ms):.1f}" for name, ms in ranked)
        print(
            f"{lesson.slug:12} {statistics.mean(totals):7.1f} {statistics.median(totals):7.1f} {p90:7.1f} "
            f"{max(totals):7.1f}  {panels}"
        )


if __name__ == "__main__":
    main()
