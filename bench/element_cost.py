"""What one more Streamlit element costs a rerun: the bare app with 0, 30 and 60 markdown lines.

Each variant runs under plain ``streamlit run`` (no forced GC, as bench/state_cost.py's bare
reference) and is moved to random slider values; printed: server CPU ms per rerun and the
slope per element. A lesson page sends 35–65 messages a rerun, so this bounds what fewer
elements could save.

Run: python bench/element_cost.py [--reruns 400] [--counts 0 30 60]
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
from tests.e2e.conftest import STREAMLIT_RUN, free_port, start_server, stop_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reruns", type=int, default=400)
    ap.add_argument("--counts", type=int, nargs="*", default=[0, 30, 60])
    args = ap.parse_args()
    costs = {}
    for count in args.counts:
        os.environ["REGVIZ_ELEMENTS"] = str(count)
        port = free_port()
        server = start_server(
            ROOT / "bench" / "bare" / "bare_app.py", port, "--runner.postScriptGC", "false", launcher=STREAMLIT_RUN
        )
        try:
            costs[count] = asyncio.run(bare_reruns(port, server.pid, args.reruns, random.Random(0)))
        finally:
            stop_server(server)
        print(f"{count:3d} markdown elements: {costs[count]:6.2f} ms of server CPU per rerun", flush=True)
    low, high = min(costs), max(costs)
    if high > low:
        print(f"per element: {(costs[high] - costs[low]) / (high - low):.3f} ms")


if __name__ == "__main__":
    main()
