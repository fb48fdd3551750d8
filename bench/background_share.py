"""How much of a busy core the background (heavy-panel) worker takes from a full-priority process.

At a hall's peak minute both cores are busy, and whatever the background worker gets is
taken from the reruns. The app's background worker (regviz.ui.work.WorkerProcess, as the
server starts it) computes heavy panels for a random walk of states without pause, pinned
to one core together with a nice-0 process that only spins (standing in for a script or
an interactive worker). Printed: the background worker's share of that core as the app
runs it (nice 10 and SCHED_IDLE) and at nice 10 alone (its policy set back to SCHED_OTHER;
needs the right to raise it again, root here).

Run: python bench/background_share.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cpu import threads_ns as cpu_ns  # noqa: E402
from bench.moves import walk  # noqa: E402
from regviz.lessons.registry import LESSONS  # noqa: E402
from regviz.ui.work import NICE, WorkerProcess  # noqa: E402


def heavy_requests(seed: int) -> list[tuple]:
    """Every heavy panel of every lesson along a random walk: (slug, panel, state, lang)."""
    rng = random.Random(seed)
    return [
        (lesson.slug, p.name, dict(state), "en")
        for lesson in LESSONS
        for state in walk(lesson, 20, rng)
        for p in lesson.panels
        if p.heavy(state)
    ]


def share(idle: bool, seconds: float, requests: list[tuple]) -> float:
    worker = WorkerProcess(NICE)
    worker.call(*requests[0])  # started, imports done
    assert worker._proc is not None
    pid = worker._proc.pid
    if not idle:
        os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    stop = threading.Event()

    def feed() -> None:
        while not stop.is_set():
            worker.call(*random.choice(requests))

    feeder = threading.Thread(target=feed, daemon=True)
    try:
        for p in (pid, spinner.pid):
            os.sched_setaffinity(p, {0})
        feeder.start()
        time.sleep(0.5)
        w0, s0 = cpu_ns(pid), cpu_ns(spinner.pid)
        time.sleep(seconds)
        w, s = cpu_ns(pid) - w0, cpu_ns(spinner.pid) - s0
    finally:
        stop.set()
        spinner.kill()
        feeder.join(60)  # its last request answered: the worker is not started again
        worker.stop()
    return w / (w + s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    requests = heavy_requests(0)
    print(f"the background worker's share of a core it shares with a busy nice-0 process ({args.seconds:g} s each)")
    print(f"  as the app runs it (nice {NICE}, SCHED_IDLE): {100 * share(True, args.seconds, requests):5.1f} %")
    try:
        print(f"  nice {NICE} alone (SCHED_OTHER):            {100 * share(False, args.seconds, requests):5.1f} %")
    except PermissionError:
        print(f"  nice {NICE} alone: not measured (no right to set the policy back to SCHED_OTHER)")


if __name__ == "__main__":
    main()
