"""What the workers' process settings change in their CPU (and wall time) per fresh state.

A worker keeps freed memory for the next array (regviz.ui.memory: glibc's thresholds)
and runs one BLAS thread (regviz.ui.work.worker_environment). Every lesson's panels for
the same random walk of states (bench/moves.py, a random control to a random value) are
computed as a worker does (regviz.figures.render, no cache between states) in child
processes taking turns, one per setting: plain (glibc's and OpenBLAS's defaults), each
setting alone, and both (as the app's workers run). Prints CPU and wall ms per state and
page (best of the rounds) and each child's peak RSS.

Run: python bench/worker_settings.py [--states 25] [--rounds 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regviz.ui.work import ONE_THREAD, worker_environment  # noqa: E402

CHILD = """
import json, random, resource, sys, time
sys.path.insert(0, {root!r})
from regviz.ui.memory import keep_freed_memory
if {keep}:
    keep_freed_memory()
from bench.moves import walk
from regviz.figures.render import render
from regviz.lessons.registry import LESSONS
out = {{}}
for lesson in LESSONS:
    states = walk(lesson, {states}, random.Random({seed}))
    cpu, wall = time.process_time(), time.perf_counter()
    for s in states:
        for panel in lesson.panels:
            try:
                render(lesson.slug, panel.name, dict(s), "en", True, None)
            except Exception:  # a state the lesson explains instead of drawing
                pass
    out[lesson.slug] = (time.process_time() - cpu) / len(states) * 1e3
    out[lesson.slug + " wall"] = (time.perf_counter() - wall) / len(states) * 1e3
out["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


SETTINGS = {"plain": (False, False), "malloc": (True, False), "blas": (False, True), "app": (True, True)}


def child(setting: str, states: int, seed: int) -> dict[str, float]:
    keep, one_thread = SETTINGS[setting]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k not in ONE_THREAD}
    if one_thread:
        env.update({k: v for k, v in worker_environment().items() if k in ONE_THREAD})
    code = CHILD.format(root=str(ROOT), keep=keep, states=states, seed=seed)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--states", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in SETTINGS}
    for r in range(args.rounds):
        order = list(SETTINGS) if r % 2 == 0 else list(SETTINGS)[::-1]  # taking turns: drift hits all
        for name in order:
            runs[name].append(child(name, args.states, args.seed))
    print(f"worker ms per fresh state, {args.states} states a page (seed {args.seed}), best of {args.rounds} rounds")
    head = " ".join(f"{name + ' cpu':>11} {'wall':>6}" for name in SETTINGS)
    print(f"{'page':16} {head} {'app/plain cpu':>13}")
    for key in (k for k in runs["app"][0] if not k.endswith(" wall") and k != "peak MiB"):
        cells = []
        for name in SETTINGS:
            cpu = min(x[key] for x in runs[name])
            wall = min(x[key + " wall"] for x in runs[name])
            cells.append(f"{cpu:11.1f} {wall:6.1f}")
        ratio = min(x[key] for x in runs["app"]) / min(x[key] for x in runs["plain"])
        print(f"{key:16} " + " ".join(cells) + f" {ratio:13.2f}")
    print(f"{'peak MiB':16} " + " ".join(f"{max(x['peak MiB'] for x in runs[n]):11.0f} {'':>6}" for n in SETTINGS))


if __name__ == "__main__":
    main()
