"""Slider-to-picture latency in a real browser (Debian chromium), per page.

Starts the app and a bare Streamlit app (one slider, one line of text, default
settings, plain `streamlit run`) on 127.0.0.1, and the same bare app served as the app
is (regviz.ui.serve: Nagle's algorithm off), to show what that fix alone is worth, and a
page with the λ slider and one row of charts and nothing else (bench/panel/panel_app.py),
the floor under the lessons. Opens every page of the registry and the reference apps in
headless chromium and presses the one λ slider's arrow keys (on home, which has no chart,
its example links follow through the server), interleaving the pages so load drift hits
all alike. Each press is timed on the page's
own clock, from keydown to the last change of the charts on screen (a MutationObserver),
once the script has finished and nothing changed for a quiet period. Also reports
websocket bytes received per update, server script time per update (REGVIZ_TIMING_LOG),
and the first load of each page in a fresh tab (empty browser cache, warm server): the
animation frame that first shows every chart on the first screen, on the page's clock
from navigation start; several loads, interleaved, median and range.

Run: python bench/latency.py [--presses 40] [--warmup 4] [--loads 7] [--query present=1] [--dark]
(--query: added to every lesson page's address, e.g. presenter mode; --dark: the browser in dark mode.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from regviz.lessons.registry import LESSONS  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    STREAMLIT_RUN,
    free_port,
    start_server,
    stop_server,
)

# Mutations that count: inside the charts on screen and their legends (or the bare app's text, home's links), not the
# slider thumb. A chart is on screen once 15 % of it shows, as for the panels (panels.js ON_SCREEN);
# the others catch up once λ rests.
ON_SCREEN_JS = """
(el) => {
  const r = el.getBoundingClientRect();
  const shown = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
  return shown > 0 && shown >= 0.15 * Math.min(r.height, window.innerHeight);
}
"""
CHART_OBSERVER_JS = """
(selector) => {
  window.__lastChange = 0;
  window.__keydown = 0;
  const onScreen = ON_SCREEN_JS_PLACEHOLDER;
  const obs = new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const chart = el && el.closest(selector);
      if (chart && onScreen(chart)) { window.__lastChange = performance.now(); return; }
    }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener('keydown', () => { window.__keydown = performance.now(); }, true);
}
""".replace("ON_SCREEN_JS_PLACEHOLDER", ON_SCREEN_JS.strip())
# First load: every chart on the first screen drawn (those below are drawn in idle time).
FIRST_SCREEN_DRAWN_JS = (
    "() => Array.from(document.querySelectorAll('.regviz-chart'))"
    f".filter({ON_SCREEN_JS.strip()}).every((c) => c.classList.contains('js-plotly-plot'))"
)
# ... checked by the page itself on every animation frame from navigation on, so the time is
# the frame that first shows it, not when the test driver's polling comes round to it.
FIRST_SCREEN_CLOCK_JS = """
window.__firstScreen = null;
const firstScreen = () => {
  const drawn = document.querySelector(IDLE_PLACEHOLDER) && document.querySelector(WATCH_PLACEHOLDER)
    && (FIRST_SCREEN_PLACEHOLDER)();
  if (drawn) window.__firstScreen = performance.mark('regviz:first-screen').startTime;
  else requestAnimationFrame(firstScreen);
};
requestAnimationFrame(firstScreen);
""".replace("IDLE_PLACEHOLDER", json.dumps(IDLE)).replace("FIRST_SCREEN_PLACEHOLDER", FIRST_SCREEN_DRAWN_JS)
QUIET_MS = 400
CHARTS = ".regviz-cell"  # a chart and its legend (an HTML legend: regviz/ui/assets/legend.js)
# Where a first load spends its time, on the page's clock (regviz.ui.live sets the marks).
MARKS_JS = """() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return {dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
          module: at('regviz:module'), plotly: at('regviz:plotly'), chart: at('regviz:chart'),
          screen: window.__firstScreen};
}"""


@dataclass
class Target:
    name: str
    url: str
    watch: str  # CSS selector of what must change
    timing_log: Path
    page: Page | None = None
    latencies: list[float] = field(default_factory=list)
    bytes_per_update: list[int] = field(default_factory=list)
    script_ms: list[float] = field(default_factory=list)
    first_loads: list[float] = field(default_factory=list)
    marks: list[dict[str, float]] = field(default_factory=list)  # page clock, from navigation start
    received: int = 0
    direction: str = "ArrowRight"
    position: int = 30
    scheme: str = "light"  # the browser's colour scheme (--dark): Streamlit and the charts follow it


def settle(page: Page) -> None:
    """Wait until the script is idle and the watched elements stayed quiet for QUIET_MS."""
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_function(
        f"() => window.__keydown > 0 && window.__lastChange > window.__keydown "
        f"&& performance.now() - window.__lastChange > {QUIET_MS}",
        timeout=60_000,
    )


def read_log(path: Path) -> list[float]:
    return [float(x) for x in path.read_text().split()] if path.exists() else []


def press(target: Target) -> tuple[float, int, float]:
    page = target.page
    assert page is not None
    if target.position >= 55:
        target.direction = "ArrowLeft"
    elif target.position <= 5:
        target.direction = "ArrowRight"
    target.position += 1 if target.direction == "ArrowRight" else -1
    n_log = len(read_log(target.timing_log))
    target.received = 0
    page.evaluate("() => { window.__keydown = 0; window.__lastChange = 0; }")
    page.keyboard.press(target.direction)
    try:
        settle(page)
    except Exception as err:
        raise SystemExit(f"{target.name}: no change on screen after a λ key press ({err})") from err
    latency = page.evaluate("() => window.__lastChange - window.__keydown")
    time.sleep(0.05)
    script = sum(read_log(target.timing_log)[n_log:])
    return latency, target.received, script


def goto_first_screen(page: Page, target: Target) -> None:
    """Open the target and wait until the script is idle and every chart on screen is drawn."""
    page.goto(target.url)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(target.watch, timeout=60_000)
    page.wait_for_function(FIRST_SCREEN_DRAWN_JS, timeout=60_000)


def fresh_tab(browser, target: Target) -> Page:
    """A tab with an empty cache whose page marks the frame that first shows its first screen."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=target.scheme)
    context.add_init_script(FIRST_SCREEN_CLOCK_JS.replace("WATCH_PLACEHOLDER", json.dumps(target.watch)))
    return context.new_page()


def first_load(browser, target: Target) -> Page:
    """Open the page in a fresh tab and record how long until the first screen is drawn."""
    page = fresh_tab(browser, target)
    goto_first_screen(page, target)
    page.wait_for_function("() => window.__firstScreen !== null")
    marks = page.evaluate(MARKS_JS)
    target.first_loads.append(marks["screen"])
    target.marks.append(marks)
    return page


def open_target(browser, target: Target) -> None:
    """A tab for the key presses; it counts the bytes received."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=target.scheme)
    page = context.new_page()

    def on_ws(ws) -> None:
        def count(payload) -> None:
            target.received += len(payload)

        ws.on("framereceived", count)

    page.on("websocket", on_ws)
    goto_first_screen(page, target)
    page.evaluate(CHART_OBSERVER_JS, target.watch)
    # The app's one λ control (regviz.ui.live, in the sidebar), else the bare app's Streamlit slider.
    live = page.locator("input.regviz-lam-slider")
    bare = page.locator("[data-testid='stSlider'] input[type='range'][aria-label^='λ']")
    live.or_(bare).first.wait_for(timeout=60_000)  # the λ control can mount after the charts are drawn
    slider = live if live.count() else bare
    # home's links that carry λ are below its first screen: show them (the slider is in the sidebar)
    links = page.locator("[data-testid='stPageLink'] a[href*='lam=']")
    if not page.locator(".regviz-chart").count() and links.count():
        links.first.scroll_into_view_if_needed()
    slider.first.focus()
    target.page = page


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presses", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=4)
    ap.add_argument("--loads", type=int, default=7, help="fresh-tab first loads per page")
    ap.add_argument("--pages", nargs="*", help="lesson slugs (default: home and every lesson; the README's figures)")
    ap.add_argument("--query", default="", help="added to each lesson page's address, e.g. present=1")
    ap.add_argument("--dark", action="store_true", help="the browser in dark mode")
    args = ap.parse_args()
    suffix = f"?{args.query}" if args.query else ""
    tmp = Path(tempfile.mkdtemp(prefix="regviz-latency-"))
    app_log, bare_log, served_log = tmp / "app.log", tmp / "bare.log", tmp / "served.log"
    panel_log = tmp / "panel.log"
    app_port, bare_port, served_port, panel_port = free_port(), free_port(), free_port(), free_port()
    bare_app = ROOT / "bench" / "bare" / "bare_app.py"
    os.environ["REGVIZ_ROOT"] = str(ROOT)
    os.environ["REGVIZ_TIMING_LOG"] = str(app_log)
    app = start_server(ROOT / "app.py", app_port)
    os.environ["REGVIZ_TIMING_LOG"] = str(bare_log)
    bare = start_server(bare_app, bare_port, launcher=STREAMLIT_RUN)
    os.environ["REGVIZ_TIMING_LOG"] = str(served_log)
    served = start_server(bare_app, served_port)
    os.environ["REGVIZ_TIMING_LOG"] = str(panel_log)
    # Streamlit serves static/ from beside the script: run a copy beside a link to the app's
    panel_app = tmp / "panel" / "panel_app.py"
    panel_app.parent.mkdir()
    shutil.copy(ROOT / "bench" / "panel" / "panel_app.py", panel_app)
    (panel_app.parent / "static").symlink_to(ROOT / "static")
    panel = start_server(panel_app, panel_port, "--server.enableStaticServing", "true")
    del os.environ["REGVIZ_TIMING_LOG"]
    try:
        text = "[data-testid='stMarkdown']"
        app_url = f"http://127.0.0.1:{app_port}"
        targets = [
            Target("bare Streamlit slider", f"http://127.0.0.1:{bare_port}/", text, bare_log),
            Target("bare, Nagle off", f"http://127.0.0.1:{served_port}/", text, served_log),
            *([] if args.pages else [Target("0 · home", f"{app_url}/", "[data-testid='stPageLink']", app_log)]),
            *(
                Target(f"{k} · {lesson.slug}", f"{app_url}/{lesson.slug}{suffix}", CHARTS, app_log)
                for k, lesson in enumerate(LESSONS, start=1)
                if not args.pages or lesson.slug in args.pages
            ),
            Target("one λ panel alone", f"http://127.0.0.1:{panel_port}/", CHARTS, panel_log),
        ]
        for target in targets:  # every page alike, the bare ones too
            target.scheme = "dark" if args.dark else "light"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for target in targets:  # a first visit warms the server (imports, caches, plotly.js)
                first_load(browser, target).context.close()
                target.first_loads.clear()
                target.marks.clear()
            for _ in range(args.loads):
                for target in targets:
                    first_load(browser, target).context.close()
            for target in targets:
                open_target(browser, target)
            for i in range(args.warmup + args.presses):
                for target in targets:
                    latency, received, script = press(target)
                    if i >= args.warmup:
                        target.latencies.append(latency)
                        target.bytes_per_update.append(received)
                        target.script_ms.append(script)
            browser.close()
    finally:
        for server in (app, bare, served, panel):
            stop_server(server)
    base = statistics.median(targets[0].latencies)
    print(f"λ key press → charts redrawn, {args.presses} presses per page after {args.warmup} warm-up, interleaved")
    print(
        f"{'page':24} {'median ms':>9} {'p90 ms':>7} {'× bare':>7} {'p90 × bare':>10} "
        f"{'KiB/update':>10} {'script ms':>9} {'first load ms (range)':>22}"
    )
    base_p90 = pct(targets[0].latencies, 90)
    for t in targets:
        med, p90 = statistics.median(t.latencies), pct(t.latencies, 90)
        print(
            f"{t.name:24} {med:9.0f} {p90:7.0f} {med / base:7.2f} {p90 / base_p90:10.2f} "
            f"{statistics.median(t.bytes_per_update) / 1024:10.1f} {statistics.median(t.script_ms):9.1f} "
            f"{statistics.median(t.first_loads):9.0f} ({min(t.first_loads):4.0f}–{max(t.first_loads):4.0f})"
        )
    print()
    print(f"first load in a fresh tab, median of {args.loads} on the page's clock from navigation start (ms):")
    print("HTML and Streamlit's scripts parsed, the λ panels' code running, plotly.js evaluated, first chart")
    print("drawn, every chart on the first screen")
    print(f"{'page':24} {'DOM ready':>9} {'panel code':>10} {'plotly.js':>9} {'1st chart':>9} {'first screen':>12}")
    for t in targets:
        if not any(marks["module"] for marks in t.marks):  # no λ panel on the page
            continue
        m = {k: statistics.median(marks[k] or 0 for marks in t.marks) for k in t.marks[0]}
        print(
            f"{t.name:24} {m['dom']:9.0f} {m['module']:10.0f} {m['plotly']:9.0f} {m['chart']:9.0f} {m['screen']:12.0f}"
        )


if __name__ == "__main__":
    main()
