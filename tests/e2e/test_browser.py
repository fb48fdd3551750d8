"""In a real browser: every page renders, λ redraws in the browser, a copied URL reopens the view."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from regviz.lessons.registry import LESSONS, PAGES
from tests.e2e.conftest import IDLE, wait_idle

pytestmark = pytest.mark.e2e
PATHS = ["" if p.slug == "home" else p.slug for p in PAGES]
LESSON_PATHS = [lesson.slug for lesson in LESSONS]


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


# What the charts draw: every trace's x, y and name, and each chart's title (Plotly keeps the data on the div).
DRAWN_JS = """() => Array.from(document.querySelectorAll('.regviz-chart.js-plotly-plot')).map((div) => ({
  title: div.layout?.title?.text ?? '',
  shapes: (div.layout?.shapes || []).map((s) => s.x0),
  marks: (div.layout?.annotations || []).map((a) => [a.x, a.y]),
  traces: (div.data || []).map((t) => ({
    name: t.name, x: Array.from(t.x ?? [], Number), y: Array.from(t.y ?? [], Number),
  })),
}))"""
SHOWN_JS = """() => [
  ...Array.from(document.querySelectorAll('.regviz-cell')).map((e) => e.innerText),
  ...Array.from(document.querySelectorAll("[data-testid='stPageLink'] a")).map((a) => a.getAttribute('href')),
].join('\\n')"""


def settled_drawing(page: Page, timeout_s: float = 30.0) -> list:
    """What the charts draw once it stopped changing (a heavy panel arrives after the rerun)."""
    deadline, last = time.monotonic() + timeout_s, page.evaluate(DRAWN_JS)
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        now = page.evaluate(DRAWN_JS)
        if now == last:
            return now
        last = now
    return last


def lam_slider(page: Page):
    return page.locator("input.regviz-lam-slider")


@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_without_exception(server: str, page: Page, path: str) -> None:
    page.goto(f"{server}/{path}")
    wait_idle(page)
    if path:
        assert page.locator(".regviz-chart.js-plotly-plot").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert query(page)["penalty"] == "l1"  # the state is in the address bar


@pytest.mark.parametrize("path", LESSON_PATHS)
def test_five_lambda_key_presses_redraw_in_the_browser_then_one_rerun_follows(
    server: str, page: Page, path: str
) -> None:
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    page.goto(f"{server}/{path}?lam=0.01")
    wait_idle(page)
    before = page.evaluate(DRAWN_JS)
    lam_slider(page).focus()
    sent.clear()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"(b) => JSON.stringify(({DRAWN_JS})()) !== b", arg=json.dumps(before), timeout=10_000)
    changed = time.monotonic()
    assert not [t for t in sent if t < changed]  # redrawn from the data in the browser: no rerun was sent
    assert page.locator("output.regviz-lam-value").inner_text() == "0.0316"
    # once the slider rests, the shared state, the words and the address follow
    page.wait_for_function("() => window.location.search.includes('lam=0.0316&')", timeout=30_000)
    wait_idle(page)
    assert 1 <= len(sent) <= 3  # rerun requests after the slider rested, not one per step
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_home_page_follows_lambda_through_the_server(server: str, page: Page) -> None:
    page.goto(server)
    wait_idle(page)
    before = page.evaluate(SHOWN_JS)
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('lam=0.0126&')", timeout=30_000)
    page.wait_for_function(f"(b) => ({SHOWN_JS})() !== b", arg=before, timeout=30_000)  # the example links


def _move(page: Page, name: str, keys: str | None = None, option: str | None = None, text: str | None = None):
    """Move the control of a declared parameter (its element has the class st-key-ctl_<name>, . as -):
    in a box of controls a native one (regviz.ui.inputs), else a Streamlit widget."""
    widget = page.locator(f"[class~='st-key-ctl_{name.replace('.', '-')}']").first
    if keys:
        widget.locator("input[type='range']").first.focus()
        page.keyboard.press(keys)
    elif option and widget.locator("select").count():
        widget.locator("select").select_option(label=option)
    elif option:
        # Charts coming on screen draw as the page scrolls to the widget: let them settle first,
        # as a student who scrolls and then reads does (a click mid-draw can miss the menu).
        widget.scroll_into_view_if_needed()
        page.wait_for_timeout(600)
        box = widget.locator("[role='combobox']").first
        box.click()
        choice = page.get_by_role("option", name=option, exact=True)
        if not choice.is_visible():
            page.wait_for_timeout(600)
            box.click()
        choice.click()
    elif text is not None:
        field = widget.locator("input").first
        field.fill(text)
        field.press("Enter")


MOVES = {
    "geometry": [
        ("penalty", None, "Elastic Net", None),
        ("l1_ratio", "ArrowLeft", None, None),
        ("degree", "ArrowLeft", None, None),
        ("n", "ArrowRight", None, None),
        ("noise", "ArrowRight", None, None),
        ("seed", None, None, "7"),
        ("geometry.corr", "ArrowRight", None, None),
        ("geometry.scale", "ArrowRight", None, None),
        ("geometry.useless", None, "feature 2", None),
    ],
    "overfitting": [
        ("penalty", None, "L2 (ridge)", None),
        ("degree", "ArrowRight", None, None),
        ("data", None, "Diabetes (BMI → progression)", None),
        ("n", "ArrowRight", None, None),
        ("seed", None, None, "3"),
    ],
    "paths": [
        ("penalty", None, "Elastic Net", None),
        ("l1_ratio", "ArrowLeft", None, None),
        ("degree", "ArrowLeft", None, None),
        ("seed", None, None, "7"),
        ("paths.twin", None, "nearly collinear (correlation 0.95)", None),
    ],
    "choosing": [
        ("penalty", None, "L2 (ridge)", None),
        ("degree", "ArrowRight", None, None),
        ("seed", None, None, "3"),
        ("choosing.k", "ArrowRight", None, None),
    ],
    "decay": [
        ("seed", None, None, "7"),
        ("decay.step", "ArrowLeft", None, None),
        ("decay.adam_lr", "ArrowLeft", None, None),
        ("decay.keep", "ArrowRight", None, None),
        ("decay.problem", None, "the polynomial fit", None),
    ],
    "bayes": [
        ("penalty", None, "Elastic Net", None),
        ("seed", None, None, "7"),
        ("bayes.sigma", "ArrowRight", None, None),
        ("bayes.problem", None, "the polynomial fit (first two weights)", None),
        ("degree", "ArrowLeft", None, None),
    ],
    "norms": [
        ("penalty", None, "L2 (ridge)", None),
        ("seed", None, None, "7"),
        ("degree", "ArrowRight", None, None),
        ("norms.p", "ArrowRight", None, None),
        ("norms.start", None, "w = 0", None),
    ],
}


@pytest.mark.parametrize("path", LESSON_PATHS)
def test_a_copied_url_reopens_every_control_and_every_chart(
    server: str, page: Page, browser: Browser, path: str
) -> None:
    page.goto(f"{server}/{path}")
    wait_idle(page)
    for name, keys, option, text in MOVES[path]:
        before = page.url
        _move(page, name, keys, option, text)
        # each move reaches the address (the rerun it sends may not have started when the page
        # still looks idle, so wait for the address rather than for idleness)
        try:
            page.wait_for_function("(b) => window.location.href !== b", arg=before, timeout=30_000)
        except PlaywrightTimeout:
            pytest.fail(f"moving {name} did not reach the address")
        wait_idle(page)
    lam_slider(page).focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.location.search.includes('lam=0.00794&')", timeout=30_000)
    wait_idle(page)
    copied, drawn = page.url, settled_drawing(page)
    assert query(page)["lam"] == "0.00794" and query(page)["seed"] in ("7", "3")
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(copied)
    wait_idle(other)
    assert query(other) == query(page)
    values = "() => Array.from(document.querySelectorAll('input, select')).map((e) => e.value)"
    assert other.evaluate(values) == page.evaluate(values)  # every control shows the same value
    assert settled_drawing(other) == drawn  # and every chart draws the same data
    other.context.close()


def test_quick_moves_of_several_controls_all_reach_the_address(server: str, page: Page) -> None:
    """A move made while the run of the one before is busy is kept and sent again (inputs.js)."""
    page.goto(f"{server}/geometry")
    wait_idle(page)
    _move(page, "penalty", option="L2 (ridge)")
    _move(page, "degree", keys="ArrowLeft")
    _move(page, "geometry.corr", keys="ArrowRight")
    _move(page, "seed", text="5")
    moved = ["penalty=l2&", "degree=8&", "geometry.corr=0.6&", "seed=5&"]
    page.wait_for_function("(m) => m.every((s) => window.location.search.includes(s))", arg=moved, timeout=30_000)
    wait_idle(page)
    assert page.locator(".st-key-ctl_degree output").inner_text() == "8"  # the box shows what the state holds
    assert page.locator("[data-testid='stException']").count() == 0


def test_home_link_opens_a_telling_view(server: str, page: Page) -> None:
    page.goto(server)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_text("Degree 15 without a penalty overfits").click()
    page.wait_for_url("**/overfitting**", timeout=30_000)
    wait_idle(page)
    assert query(page)["penalty"] == "none" and query(page)["degree"] == "15"
    assert "Overfitting" in page.locator("[data-testid='stAlert']").first.inner_text()


BYTES_BUDGET = 100 * 1024  # ≤ 100 KiB received per λ step on any page (websocket and HTTP)


@pytest.mark.parametrize("path", PATHS)
def test_a_lambda_step_stays_within_the_bytes_budget(server: str, page: Page, path: str) -> None:
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    page.on("response", lambda r: received.append(int(r.headers.get("content-length", 0))))
    page.goto(f"{server}/{path}")
    wait_idle(page)
    lam_slider(page).focus()
    for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
        received.clear()
        before = query(page)["lam"]
        page.keyboard.press(key)
        page.wait_for_function(f"() => !window.location.search.includes('lam={before}&')", timeout=30_000)
        wait_idle(page)
        page.wait_for_timeout(300)  # let trailing frames arrive
        assert 0 < sum(received) <= BYTES_BUDGET, sum(received)


HERE_X = """(div) => {
  const here = (div.layout?.shapes || [])[0];
  return here ? Number(here.x0) : null;
}"""


def test_charts_off_screen_catch_up_once_lambda_rests(server: str, page: Page) -> None:
    """Only the charts on screen redraw during a drag; the rest follow when λ rests."""
    page.goto(f"{server}/overfitting?lam=0.01")
    wait_idle(page)
    below = page.locator(".regviz-chart").last  # bias–variance along λ, below the first screen
    assert below.bounding_box()["y"] > 1000
    assert below.evaluate(HERE_X) == pytest.approx(0.01, rel=1e-3)
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("output.regviz-lam-value").inner_text() == "0.0158"
    page.wait_for_function(f"(div) => ({HERE_X})(div) === 0.0158", arg=below.element_handle())  # without scrolling
    below.scroll_into_view_if_needed()
    assert below.evaluate(HERE_X) == 0.0158


def test_a_heavy_panel_says_it_is_computing_then_draws(server: str, page: Page) -> None:
    page.goto(f"{server}/overfitting?penalty=elasticnet&seed=31337&l1_ratio=0.35")
    wait_idle(page)
    assert page.locator(".regviz-note").count() == 0
    assert page.locator(".regviz-chart.js-plotly-plot").count() == 5


ITERATES_JS = """(div) => {
  const it = (div.data || []).find((t) => t.uid === 'iterates');
  return it ? it.x.length : -1;
}"""


@pytest.mark.parametrize("path,steps", [("geometry?penalty=l1", 40), ("decay?decay.problem=poly", 30)])
def test_the_optimizer_plays_steps_and_resets_in_the_browser(server: str, page: Page, path: str, steps: int) -> None:
    """A descent chart's own axis: play / pause / step / reset / speed, no server round trip."""
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    page.goto(f"{server}/{path}")
    wait_idle(page)
    panels = page.locator(".regviz-panels:has(.regviz-player)")
    chart, bar = panels.locator(".regviz-chart"), panels.locator(".regviz-player")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(f"(div) => ({ITERATES_JS})(div) === {steps + 1}", arg=chart.element_handle())
    sent.clear()
    at = bar.locator("output.regviz-at")
    assert at.inner_text() == f"step {steps} / {steps}"  # a fresh chart shows the finished run
    bar.locator("button.regviz-reset").click()
    page.wait_for_function(f"(div) => ({ITERATES_JS})(div) === 1", arg=chart.element_handle())
    assert at.inner_text() == f"step 0 / {steps}"
    bar.locator("button.regviz-step").click()
    bar.locator("button.regviz-step").click()
    page.wait_for_function(f"(div) => ({ITERATES_JS})(div) === 3", arg=chart.element_handle())
    bar.locator("select").select_option("4")
    bar.locator("button.regviz-play").click()
    assert bar.locator("button.regviz-play").inner_text() == "⏸ Pause"
    page.wait_for_function(f"(div) => ({ITERATES_JS})(div) >= 10", arg=chart.element_handle())
    bar.locator("button.regviz-play").click()  # pause
    paused = chart.evaluate(ITERATES_JS)
    page.wait_for_timeout(400)
    assert chart.evaluate(ITERATES_JS) == paused < steps + 1
    assert at.inner_text() == f"step {paused - 1} / {steps}"
    assert not sent  # the player never asked the server
    # λ moves keep the student's step
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('lam=')", timeout=10_000)
    wait_idle(page)
    assert chart.evaluate(ITERATES_JS) == paused
    assert page.locator("[data-testid='stException']").count() == 0


def test_bias_variance_along_the_degree_follows_lambda_in_the_browser(server: str, page: Page) -> None:
    """The optional chart is along λ too: a λ step redraws it before any rerun is sent."""
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    page.goto(f"{server}/overfitting?lam=0.01&overfitting.bv_degree=1")
    wait_idle(page)
    chart = page.locator(".regviz-chart").last
    chart.scroll_into_view_if_needed()
    title = "(div) => div.layout?.title?.text ?? ''"
    page.wait_for_function(f"(div) => ({title})(div).includes('λ = 0.01')", arg=chart.element_handle())
    lam_slider(page).focus()
    chart.scroll_into_view_if_needed()  # the focus stays on the slider
    sent.clear()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"(div) => ({title})(div).includes('λ = 0.0126')", arg=chart.element_handle())
    assert not sent  # drawn from the data the browser holds


def test_a_chart_the_server_keeps_losing_says_so_and_the_page_does_not_loop(server: str, page: Page) -> None:
    """A payload that is gone (404) makes the page ask the server again, a few times, then say so."""
    page.route("**/_regviz/panel/**", lambda route: route.fulfill(status=404, body=""))
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    page.goto(f"{server}/geometry")
    message = "This chart could not be loaded from the server. Reload the page."
    page.wait_for_function(
        f"() => Array.from(document.querySelectorAll('.regviz-note')).some((n) => n.textContent === {message!r})",
        timeout=60_000,
    )
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(1000)
    settled = len(sent)
    page.wait_for_timeout(2000)
    assert len(sent) == settled  # no rerun loop asking for what never comes
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_missing_report_no_run_answers_is_made_again_and_every_chart_ends_in_a_word(server: str, page: Page) -> None:
    """The page's reports of missing payloads never reach the server for a while (superseded
    or lost reruns): each chart asks again later instead of saying "computing" for ever."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    page.route("**/_regviz/panel/**", lambda route: route.fulfill(status=404, body=""))
    dropped: list[float] = []  # when each lost report was sent

    def relay(ws) -> None:  # type: ignore[no-untyped-def]
        real = ws.connect_to_server()

        def upward(message: str | bytes) -> None:
            if isinstance(message, bytes) and (not dropped or time.monotonic() - dropped[0] < 4.0):
                widgets = BackMsg.FromString(message).rerun_script.widget_states.widgets
                if any('"missing"' in w.json_value for w in widgets):
                    dropped.append(time.monotonic())
                    return  # every report of the first four seconds is lost on its way
            real.send(message)

        ws.on_message(upward)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), relay)
    page.goto(f"{server}/geometry")
    message = "This chart could not be loaded from the server. Reload the page."
    every_chart_says_it = f"""() => {{
        const charts = Array.from(document.querySelectorAll('.regviz-chart'));
        const said = (c) => c.querySelector('.regviz-note')?.textContent === {message!r};
        return charts.length > 0 && charts.every(said);
    }}"""
    page.wait_for_function(every_chart_says_it, timeout=60_000)
    assert dropped  # reports were lost, and every chart still ended in the message
    page.wait_for_timeout(1500)  # longer than a try's "computing" note waits (PENDING_MS)
    assert page.evaluate(every_chart_says_it)  # the word stays: no earlier try writes over it


def test_the_lambda_min_button_moves_the_shared_lambda_everywhere(server: str, page: Page) -> None:
    page.goto(f"{server}/choosing?lam=0.001")
    wait_idle(page)
    button = page.get_by_role("button", name=re.compile(r"^Set λ to λ_min = "))
    lam_min = button.inner_text().rsplit("= ", 1)[1].strip()
    button.click()
    page.wait_for_function(f"() => window.location.search.includes('lam={lam_min}&')", timeout=30_000)
    wait_idle(page)
    assert page.locator("output.regviz-lam-value").inner_text() == lam_min  # the slider follows
    here = page.evaluate(DRAWN_JS)[0]["shapes"][0]
    assert here == pytest.approx(float(lam_min))  # and so does the chart's "you are here"
    page.get_by_role("link", name=re.compile("Geometry")).click()
    wait_idle(page)
    assert query(page)["lam"] == lam_min  # another page shows it too


def test_the_twin_chart_follows_lambda_in_the_browser(server: str, page: Page) -> None:
    page.goto(f"{server}/paths?lam=0.01")
    wait_idle(page)
    twin = page.locator(".regviz-chart.js-plotly-plot").nth(3)
    twin.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    points = "(div) => div.data.filter((t) => t.uid).map((t) => [t.uid, Array.from(t.x ?? [])])"
    before = twin.evaluate(points)
    lam_slider(page).focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # λ up tenfold: the segment shrinks
    page.wait_for_function(
        "([el, b]) => JSON.stringify(el.data.filter((t) => t.uid).map((t) => [t.uid, Array.from(t.x ?? [])])) !== b",
        arg=[twin.element_handle(), json.dumps(before)],
        timeout=10_000,
    )
    after = dict(twin.evaluate(points))
    assert after["segment"][0] < dict(before)["segment"][0]
    assert "λ = 0.1" in twin.evaluate("(div) => div.layout.title.text")


def test_an_uploaded_csv_becomes_the_data_in_the_browser(server: str, page: Page, tmp_path) -> None:
    path = tmp_path / "heights.csv"
    rows = ["x;y;z"] + [f"{i / 10:.1f};{(i % 7) / 3:.3f};{(i * 37 % 11) / 5:.2f}".replace(".", ",") for i in range(40)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(f"{server}/overfitting")
    wait_idle(page)
    page.get_by_text("Your own data").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.get_by_role("button", name="Use these columns").click()
    page.wait_for_function("() => window.location.search.includes('data=csv-')", timeout=30_000)
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "In use: heights.csv, 40 rows" in sidebar and "Decimal commas" in sidebar
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".regviz-chart.js-plotly-plot").count() >= 3


def test_weights_the_data_cannot_determine_come_with_a_notice(server: str, page: Page) -> None:
    caution = page.locator(".regviz-caution").first
    page.goto(f"{server}/overfitting?penalty=none&n=10&degree=12&lang=zh")  # 7 training points, 12 weights
    wait_idle(page)
    caution.wait_for(state="visible", timeout=30_000)
    assert caution.inner_text().startswith("没有正则项时，数据无法唯一确定权重")
    page.goto(f"{server}/overfitting?penalty=l2&n=10&degree=12&lang=zh")  # any ridge penalty: unique
    wait_idle(page)
    page.wait_for_timeout(500)
    assert page.locator(".regviz-caution:visible").count() == 0


@pytest.mark.parametrize("fmt,magic", [("PNG", b"\x89PNG\r\n"), ("SVG", b"<svg")])
def test_a_chart_downloads_itself_as_png_and_svg(server: str, page: Page, fmt: str, magic: bytes) -> None:
    page.goto(f"{server}/geometry?lam=0.1")
    wait_idle(page)
    chart = page.locator(".regviz-chart.js-plotly-plot").first
    chart.hover()  # the chart's own buttons show on hover
    with page.expect_download(timeout=30_000) as info:
        chart.get_by_role("button", name=f"Download this chart as {fmt}").click()
    download = info.value
    assert download.suggested_filename == f"regviz-geometry-contours.{fmt.lower()}"
    body = Path(download.path()).read_bytes()
    assert body.startswith(magic) and len(body) > 5_000
    if fmt == "SVG":  # the drawing as shown: its title with the current λ, and a legend
        assert "λ = 0.1" in body.decode() and "loss contours" in body.decode()


def test_the_export_opens_on_request_and_downloads_the_charts_data(server: str, page: Page) -> None:
    """Closed, the Export expander sends nothing inside it; opened, its buttons come and work."""
    page.goto(f"{server}/overfitting?lam=0.1")
    wait_idle(page)
    assert page.get_by_role("button", name="Download the charts' data (CSV)").count() == 0
    page.get_by_text("Export: the charts' data and the fit as code").click()
    button = page.get_by_role("button", name="Download the charts' data (CSV)")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    body = Path(info.value.path()).read_text()
    assert body.startswith("chart,title,trace,x,y") and body.count("\n") > 20


def test_lesson_one_s_controls_on_another_page_come_when_opened_and_move_the_shared_state(
    server: str, page: Page
) -> None:
    """Closed, the borrowed controls' expander sends no widgets; opened, they come and work."""
    page.goto(f"{server}/decay?geometry.corr=0.5")
    wait_idle(page)
    corr = page.locator("[class~='st-key-ctl_geometry-corr']")
    assert corr.count() == 0
    page.get_by_text("Shape the two-feature problem (the same controls as lesson 1)").click()
    corr.wait_for(timeout=30_000)
    before = page.url
    _move(page, "geometry.corr", "ArrowRight")
    page.wait_for_function("(b) => window.location.href !== b", arg=before, timeout=30_000)
    assert "geometry.corr=0.6" in page.url
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_legend_entry_hides_and_shows_its_traces_across_lam_moves(server: str, page: Page) -> None:
    page.goto(f"{server}/geometry?lam=0.1")
    wait_idle(page)
    chart = page.locator(".regviz-chart.js-plotly-plot").first
    legend = page.locator(".regviz-cell").first.locator(".regviz-legend")
    entry = legend.get_by_role("button", name="loss contours")
    assert entry.get_attribute("aria-pressed") == "true"
    assert chart.locator("g.legend").count() == 0  # plotly.js draws no legend of its own
    contours = "(div) => div.data.filter((t) => t.legendgroup === 'contours').map((t) => t.visible ?? true)"
    shown = chart.evaluate(contours)
    assert len(shown) >= 2 and all(v is True for v in shown)
    entry.click()
    page.wait_for_function("() => document.querySelector('.regviz-legend button[aria-pressed=false]')", timeout=10_000)
    assert set(chart.evaluate(contours)) == {"legendonly"}  # the whole group
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")  # λ moves: still hidden
    page.wait_for_function("() => !window.location.search.includes('lam=0.1&')", timeout=30_000)
    wait_idle(page)
    assert set(chart.evaluate(contours)) == {"legendonly"}
    legend.get_by_role("button", name="loss contours").click()
    page.wait_for_function("() => !document.querySelector('.regviz-legend button[aria-pressed=false]')", timeout=10_000)
    assert all(v is True for v in chart.evaluate(contours))


UNDER_JS = """(div) => {
  const box = div.previousElementSibling;
  const f = (gd) => [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range, gd._fullLayout._size];
  return box?.classList.contains('regviz-under')
    ? {same: JSON.stringify(f(box)) === JSON.stringify(f(div)), draws: box.dataset.draws,
       names: box.data.map((t) => t.name), clear: div.data.filter((t) => t.opacity === 0).map((t) => t.name)}
    : null;
}"""


def test_the_data_points_are_drawn_once_under_the_chart_and_follow_its_axes(server: str, page: Page) -> None:
    page.goto(f"{server}/overfitting?lam=0.1")
    wait_idle(page)
    chart = page.locator(".regviz-chart.js-plotly-plot").first
    under = chart.evaluate(UNDER_JS)
    assert under["same"] and under["names"] == ["test points", "training points"] == under["clear"]
    lam_slider(page).focus()
    for _ in range(3):  # λ moves the curve, not the points: the layer under is not drawn again
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
    page.wait_for_function("() => !window.location.search.includes('lam=0.1&')", timeout=30_000)
    wait_idle(page)
    assert chart.evaluate(UNDER_JS) == under
    chart.evaluate("(div) => Plotly.relayout(div, {'xaxis.range': [-0.5, 0.5]})")  # a zoom
    page.wait_for_function(f"() => ({UNDER_JS})(document.querySelector('.regviz-chart')).draws !== '{under['draws']}'")
    zoomed = chart.evaluate(UNDER_JS)
    assert zoomed["same"]
    assert chart.evaluate("(div) => div.previousElementSibling._fullLayout.xaxis.range") == [-0.5, 0.5]


def test_the_default_lecture_steps_from_a_clicker_with_a_chart_at_every_scene(server: str, page: Page) -> None:
    page.goto(f"{server}/overfitting?present=1&scene=1")
    wait_idle(page)
    for k in range(2, 11):
        page.locator("h1").first.click()  # the page has the focus, not a control
        page.keyboard.press("PageDown" if k % 2 else "ArrowRight")  # a clicker, and the arrow key
        page.wait_for_function(f"() => window.location.search.includes('scene={k}')", timeout=60_000)
        wait_idle(page)
        assert page.locator(".regviz-chart.js-plotly-plot").count() >= 1, k
        assert page.locator("[data-testid='stException']").count() == 0, k
        assert page.get_by_text(f"{k} / 10 ·").count() == 1, k
    assert urlparse(page.url).path.endswith("/norms")
    page.keyboard.press("PageUp")
    page.wait_for_function("() => window.location.search.includes('scene=9')", timeout=60_000)
    wait_idle(page)
    assert urlparse(page.url).path.endswith("/bayes")
    lam_slider(page).focus()  # on the λ slider the arrows move λ, not the scene
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => !window.location.search.includes('lam=0.1&')", timeout=30_000)
    assert "scene=9" in page.url


def test_the_charts_follow_a_dark_theme(server: str, browser: Browser) -> None:
    """With the system in dark mode the app is dark, and so are its charts (no white boxes)."""
    dark = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark").new_page()
    dark.goto(f"{server}/overfitting")
    wait_idle(dark)
    # the paper shown: the chart's, or the layer's under it where its points are drawn (layers.js)
    look = """(div) => {
      const under = div.previousElementSibling?.classList.contains('regviz-under') ? div.previousElementSibling : div;
      return [under._fullLayout.paper_bgcolor, div._fullLayout.font.color];
    }"""
    chart = dark.locator(".regviz-chart.js-plotly-plot").first
    paper, font = chart.evaluate(look)
    assert paper == "rgba(0, 0, 0, 0)" and font.upper() == "#E6E9EF"
    dark.context.close()
    light = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="light").new_page()
    light.goto(f"{server}/overfitting")
    wait_idle(light)
    assert light.locator(".regviz-chart.js-plotly-plot").first.evaluate(look)[0] == "white"
    light.context.close()


def test_a_script_in_a_lecture_caption_is_shown_as_text_and_never_runs(server: str, page: Page, tmp_path) -> None:
    lecture = tmp_path / "mine.toml"
    lecture.write_text(
        '[[scene]]\nlesson = "paths"\ncaption.en = "<script>window.__pwned = 1</script><b>bold?</b> paths"\n',
        encoding="utf-8",
    )
    page.goto(f"{server}/geometry?present=1")
    wait_idle(page)
    page.locator("[data-testid='stSidebar'] input[type='file'][accept*='.toml']").set_input_files(str(lecture))
    page.get_by_text("1 scenes").wait_for(timeout=30_000)
    page.locator("h1").first.click()
    page.keyboard.press("PageDown")
    page.wait_for_function("() => window.location.search.includes('scene=1')", timeout=60_000)
    wait_idle(page)
    shown = page.locator("h4").filter(has_text="1 / 1").inner_text()
    assert "<script>window.__pwned = 1</script><b>bold?</b> paths" in shown
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("h4 b").count() == 0


def test_the_norms_tables_typeset_every_formula_and_keep_every_pipe(server: str, page: Page) -> None:
    """Both tables are Markdown (regviz.text.tables): each formula is drawn by KaTeX, and a
    note's ``|`` stays inside its cell."""
    page.goto(f"{server}/norms?penalty=elasticnet")
    wait_idle(page)
    tables = page.locator("[data-testid='stMarkdownContainer'] table")
    assert tables.count() == 2
    formulas = tables.nth(0).locator("tbody tr td:nth-child(2)")
    assert formulas.count() == 10
    for k in range(10):
        assert formulas.nth(k).locator(".katex").count() == 1
    assert tables.nth(0).locator(".katex-error").count() == 0
    rows = tables.nth(1).locator("tbody tr")
    assert rows.count() == 6 and all(rows.nth(k).locator("td").count() == 3 for k in range(6))
    assert "Σ|w|" in rows.nth(4).locator("td").nth(2).inner_text()  # Keras: l1·Σ|w| + l2·Σw²
