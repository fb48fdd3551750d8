"""What one more Streamlit element costs a rerun: the bare app with 0, 30 and 60 markdown lines.

Each variant runs under plain ``streamlit run`` (no forced GC, as bench/state_cost.py's bare
reference), or with ``--serve`` as the app is served (regviz.ui.serve: its tweaks, no file
watcher), and is moved to random slider values; printed: server CPU ms per rerun and the
slope per element. ``--kinds`` measures other elements than markdown lines (bench/bare/
bare_app.py's KINDS), each against the app without any. A lesson page sends 27–50
messages a rerun, so this bounds what fewer or cheaper elements could save.

Run: python bench/element_cost.py [--reruns 400] [--counts 0 30 60] [--serve] [--kinds table page_link …]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.state_cost import bare_reruns  # noqa: E402
from tests.e2e.conftest import SERVE, STREAMLIT_RUN, free_port, start_server, stop_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reruns", type=int, default=400)
    ap.add_argument("--counts", type=int, nargs="*", default=[0, 30, 60])
    ap.add_argument("--kinds", nargs="*", default=["markdown"])
    ap.add_argument("--serve", action="store_true", help="as the app is served (regviz.ui.serve), not plain Streamlit")
    args = ap.parse_args()
    how = ("--server.fileWatcherType", "none") if args.serve else ()
    for kind in args.kinds:
        os.environ["REGVIZ_ELEMENT_KIND"] = kind
        costs = {}
        for count in args.counts:
            os.environ["REGVIZ_ELEMENTS"] = str(count)
            port = free_port()
            server = start_server(
                ROOT / "bench" / "bare" / "bare_app.py",
                port,
                "--runner.postScriptGC",
                "false",
                *how,
                launcher=SERVE if args.serve else STREAMLIT_RUN,
            )
            try:
                costs[count] = asyncio.run(bare_reruns(port, server.pid, args.reruns, random.Random(0)))
            finally:
                stop_server(server)
            print(f"{count:3d} {kind} elements: {costs[count]:6.2f} ms of server CPU per rerun", flush=True)
        low, high = min(costs), max(costs)
        if high > low:
            print(f"{kind}: {(costs[high] - costs[low]) / (high - low) * 1000:.0f} µs per element", flush=True)


if __name__ == "__main__":
    main()
