"""Where a fresh tab's first load of a page goes: a Chrome trace of the tab's main thread.

Starts the app on 127.0.0.1, warms the server with two loads, then opens the page in
fresh tabs (empty cache) while chromium records a trace with its JavaScript sampling
profiler, up to the frame that first shows every chart on the first screen (as
bench/latency.py's first load). Reports, as medians over the loads: when the websocket
opened and when its first and last messages of the load reached the page, the server's
script time for the load's runs, and the main thread's busy time split by what it
ran (each sample goes to the script of its innermost frame that has one: Streamlit's
scripts, plotly.js evaluating or drawing, the λ panels' code; native time without a
script is the browser's parsing, style, layout and paint). Also times serving Streamlit's
own scripts to six parallel connections, as a browser fetches them. Tracing slows the
tab: compare the shares, not the totals, with bench/latency.py.

Run: python bench/first_load.py [--page geometry] [--loads 5]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from bench.latency import Target, fresh_tab, goto_first_screen, read_log  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402

CATEGORIES = "devtools.timeline,disabled-by-default-v8.cpu_profiler,blink.user_timing,loading"
PARTS = (
    "Streamlit's scripts",
    "plotly.js evaluation",
    "plotly.js drawing",
    "λ panels' own code",
    "parsing, style, layout, paint",
    "garbage collection",
)


def sample_parts(events: list[dict]) -> tuple[float, float, Counter]:
    """First-screen ms and the main thread's busy ms, and busy ms by part, from the first request."""
    start = min(e["ts"] for e in events if e.get("name") == "ResourceSendRequest")
    end = max(e["ts"] for e in events if e.get("name") == "regviz:first-screen")
    profile = next(e for e in events if e.get("name") == "Profile")  # the page's main thread
    nodes: dict[int, dict] = {}
    samples: list[tuple[float, int]] = []
    clock = profile["args"]["data"]["startTime"]
    for e in events:
        if e.get("name") != "ProfileChunk" or e.get("id") != profile["id"]:
            continue
        data = e["args"]["data"]
        for node in data.get("cpuProfile", {}).get("nodes", []):
            nodes[node["id"]] = node
        ids, deltas = data.get("cpuProfile", {}).get("samples", []), data.get("timeDeltas", [])
        for node_id, delta in zip(ids, deltas, strict=True):
            clock += delta
            samples.append((clock, node_id))

    def part(node_id: int) -> str | None:
        frame = nodes[node_id]["callFrame"]
        if frame["functionName"] in ("(idle)", "(root)"):
            return None
        if frame["functionName"] == "(garbage collector)":
            return PARTS[5]
        chain = []
        while node_id:
            chain.append(nodes[node_id]["callFrame"].get("url", ""))
            node_id = nodes[node_id].get("parent", 0)
        url = next((u for u in chain if u), "")
        if "plotly-basic" in url:  # drawing when called from the panels' code
            return PARTS[2] if any("regviz" in u or u.startswith("blob:") for u in chain) else PARTS[1]
        if "regviz" in url or url.startswith("blob:"):
            return PARTS[3]
        return PARTS[0] if url else PARTS[4]

    parts: Counter = Counter()
    for (t, node_id), (t_next, _) in itertools.pairwise(samples):
        name = part(node_id) if start <= t <= end else None
        if name:
            parts[name] += (t_next - t) / 1e3
    return (end - start) / 1e3, sum(parts.values()), parts


def trace_load(browser: Browser, target: Target) -> dict:
    """One fresh-tab load with the trace on; times on the page's clock from the first request."""
    page = fresh_tab(browser, target)
    context = page.context
    cdp = context.new_cdp_session(page)
    events: list[dict] = []
    network: list[tuple[str, float]] = []
    done = threading.Event()
    cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.set())
    cdp.send("Network.enable")
    cdp.on("Network.requestWillBeSent", lambda p: network.append(("request", p["timestamp"])))
    cdp.on("Network.webSocketWillSendHandshakeRequest", lambda p: network.append(("open", p["timestamp"])))
    cdp.on("Network.webSocketFrameReceived", lambda p: network.append(("message", p["timestamp"])))
    n_log = len(read_log(target.timing_log))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    goto_first_screen(page, target)
    page.wait_for_function("() => window.__firstScreen !== null")
    cdp.send("Tracing.end")
    while not done.is_set():
        page.wait_for_timeout(50)
    first_screen, busy, parts = sample_parts(events)
    start = network[0][1]
    messages = [t for kind, t in network if kind == "message"]
    context.close()
    return {
        "first screen": first_screen,
        "websocket open": (next(t for kind, t in network if kind == "open") - start) * 1e3,
        "first message": (messages[0] - start) * 1e3,
        "last message": (messages[-1] - start) * 1e3,
        "server script": sum(read_log(target.timing_log)[n_log:]),
        "main thread busy": busy,
        **parts,
    }


def serve_streamlit_scripts(port: int, rounds: int = 7) -> tuple[int, float, float]:
    """Files, MB and median ms to fetch index.html's scripts and styles over six connections."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/")
    index = conn.getresponse().read().decode()
    paths = sorted({"/" + p.lstrip("./") for p in re.findall(r'(?:href|src)="(\.?/?static/[^"]+)"', index)})
    local = threading.local()

    def fetch(path: str) -> int:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port)
        local.conn.request("GET", path)
        return len(local.conn.getresponse().read())

    times, size = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        with ThreadPoolExecutor(6) as pool:
            size = sum(pool.map(fetch, paths))
        times.append((time.perf_counter() - t0) * 1e3)
    return len(paths), size / 1e6, statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", default="geometry", help="url path: geometry, overfitting or '' (home)")
    ap.add_argument("--loads", type=int, default=5)
    args = ap.parse_args()
    log = Path(tempfile.mkdtemp(prefix="regviz-first-load-")) / "script.log"
    os.environ["REGVIZ_TIMING_LOG"] = str(log)
    port = free_port()
    app = start_server(ROOT / "app.py", port)
    watch = ".js-plotly-plot" if args.page else "[data-testid='stPageLink']"
    target = Target(args.page or "home", f"http://127.0.0.1:{port}/{args.page}", watch, log)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(2):  # warm the server: imports, caches
                page = fresh_tab(browser, target)
                goto_first_screen(page, target)
                page.context.close()
            loads = [trace_load(browser, target) for _ in range(args.loads)]
            browser.close()
        files, mb, serve_ms = serve_streamlit_scripts(port)
    finally:
        stop_server(app)
    med = {key: statistics.median(load.get(key, 0.0) for load in loads) for key in loads[0] | dict.fromkeys(PARTS)}
    print(f"first load of /{args.page} in a fresh tab, traced, median of {args.loads} (ms from the first request)")
    for key in ("first screen", "websocket open", "first message", "last message", "server script"):
        print(f"  {key:38} {med[key]:7.0f}")
    print(f"  {'main thread busy':38} {med['main thread busy']:7.0f}")
    for part in PARTS:
        print(f"    {part:36} {med[part]:7.0f}  {100 * med[part] / med['main thread busy']:3.0f} %")
    print(f"serving Streamlit's {files} scripts and styles ({mb:.1f} MB) to six connections: {serve_ms:.0f} ms")


if __name__ == "__main__":
    main()
