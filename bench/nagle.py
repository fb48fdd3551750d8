"""What each of regviz.ui.serve's tweaks is worth: the app served with both (Nagle's
algorithm off, batched messages), with each alone and with neither (REGVIZ_TWEAKS), in
the same run, with the protocol-level client. (Plain `streamlit run app.py` lacks the
panels' routes, so it is not a comparison for the lessons.)

Each server gets one session that reruns each page many times, the servers taking turns
page by page; reported per page: median time from the rerun request to its last message,
and the server's script time.

Run: python bench/nagle.py [--reruns 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.streamlit_client import Session  # noqa: E402
from regviz.lessons.registry import PAGES as REGISTRY  # noqa: E402
from tests.e2e.conftest import free_port, start_server, stop_server  # noqa: E402

PAGES = tuple(p.slug for p in REGISTRY)
SERVERS = {"both tweaks": "nodelay,batches", "Nagle off only": "nodelay", "batches only": "batches", "neither": ""}


async def reruns(port: int, page: str, n: int) -> list[float]:
    session = await Session.open("127.0.0.1", port)
    try:
        await session.rerun(page=page)
        for _ in range(5):  # warm-up
            await session.rerun()
        return [(await session.rerun()).seconds * 1e3 for _ in range(n)]
    finally:
        await session.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reruns", type=int, default=100)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="regviz-nagle-"))
    servers = {}
    try:
        for name, tweaks in SERVERS.items():
            os.environ["REGVIZ_TWEAKS"] = tweaks
            os.environ["REGVIZ_TIMING_LOG"] = str(tmp / f"{len(servers)}.log")
            port = free_port()
            servers[name] = (port, tmp / f"{len(servers)}.log", start_server(ROOT / "app.py", port))
        rows = {}
        for page in PAGES:  # the servers take turns, so drift hits them alike
            for name, (port, log, _) in servers.items():
                log.write_text("")
                times = asyncio.run(reruns(port, page, args.reruns))
                script = [float(x) for x in log.read_text().split()][-args.reruns :]
                rows[name, page] = (statistics.median(times), statistics.median(script))
    finally:
        for _, _, server in servers.values():
            stop_server(server)
    print(f"rerun request → last message, median of {args.reruns} per page (one session each, 127.0.0.1)")
    print(f"{'regviz.ui.serve with':24} {'page':12} {'rerun ms':>8} {'script ms':>9}")
    for (name, page), (rerun, script) in rows.items():
        print(f"{name:24} {page:12} {rerun:8.1f} {script:9.1f}")


if __name__ == "__main__":
    main()
