"""What Nagle's algorithm costs a rerun: the app under plain `streamlit run` and under
regviz.ui.serve (TCP_NODELAY on), in the same run, with the protocol-level client.

Each server gets one session that reruns a page many times; reported per page: median
time from the rerun request to its last message, and the server's script time.

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
from tests.e2e.conftest import SERVE, STREAMLIT_RUN, free_port, start_server, stop_server  # noqa: E402

PAGES = ("home", "geometry", "overfitting")


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
    print(f"rerun request → last message, median of {args.reruns} per page (one session, 127.0.0.1)")
    print(f"{'server':24} {'page':12} {'rerun ms':>8} {'script ms':>9}")
    for name, launcher in (("streamlit run", STREAMLIT_RUN), ("regviz.ui.serve", SERVE)):
        log = tmp / f"{launcher[0]}.log"
        os.environ["REGVIZ_TIMING_LOG"] = str(log)
        port = free_port()
        server = start_server(ROOT / "app.py", port, launcher=launcher)
        try:
            for page in PAGES:
                log.write_text("")
                times = asyncio.run(reruns(port, page, args.reruns))
                script = [float(x) for x in log.read_text().split()][-args.reruns :]
                print(f"{name:24} {page:12} {statistics.median(times):8.1f} {statistics.median(script):9.1f}")
        finally:
            stop_server(server)
            del os.environ["REGVIZ_TIMING_LOG"]


if __name__ == "__main__":
    main()
