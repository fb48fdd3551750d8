"""What glibc's thresholds (regviz.ui.memory) change in a worker's CPU per fresh state.

Every lesson's panels for the same random walk of states (bench/moves.py, a random
control to a random value), computed as a worker does (regviz.figures.render, no cache
between states), in child processes taking turns: one with ``keep_freed_memory()``, one
with glibc's defaults. Prints CPU ms per state and page, and each child's peak RSS.

Run: python bench/malloc.py [--states 25] [--rounds 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, random, resource, sys, time
sys.path.insert(0, {root!r})
from regviz.ui.memory import keep_freed_memory
if {keep}:
    keep_freed_memory()
from bench.moves import random_move
from regviz.figures.render import render
from regviz.lessons.registry import DEFAULT, LESSONS
out = {{}}
for lesson in LESSONS:
    rng, state, states = random.Random({seed}), DEFAULT, []
    for _ in range({states}):
        name, value = random_move(lesson, state, rng, keep_lang=True)
        state = state.with_({{name: value}})
        states.append(state)
    start = time.process_time()
    for s in states:
        for panel in lesson.panels:
            try:
                render(lesson.slug, panel.name, dict(s), "en", True, None)
            except Exception:  # a state the lesson explains instead of drawing
                pass
    out[lesson.slug] = (time.process_time() - start) / len(states) * 1e3
out["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(keep: bool, states: int, seed: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    code = CHILD.format(root=str(ROOT), keep=keep, states=states, seed=seed)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--states", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    for r in range(args.rounds):
        for keep in (r % 2 == 0, r % 2 != 0):  # taking turns: drift hits both
            runs[keep].append(child(keep, args.states, args.seed))
    print(f"worker CPU ms per fresh state, {args.states} states a page, best of {args.rounds} rounds")
    print(f"{'page':16} {'glibc':>8} {'kept':>8} {'kept/glibc':>10}")
    for key in runs[True][0]:
        a, b = min(x[key] for x in runs[False]), min(x[key] for x in runs[True])
        print(f"{key:16} {a:8.1f} {b:8.1f} {b / a:10.2f}")


if __name__ == "__main__":
    main()
