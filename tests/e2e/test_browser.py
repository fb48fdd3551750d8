"""In a real browser: every page renders, λ moves by keyboard, a copied URL reopens the view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import IDLE, wait_idle

pytestmark = pytest.mark.e2e


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def chart_text(page: Page) -> str:
    """The text drawn in every Plotly chart (legends, titles, ticks) on the page."""
    return "\n".join(page.locator(".js-plotly-plot").all_inner_texts())


def lam_slider(page: Page):
    return page.locator("[data-testid='stSlider'] input[type='range'][aria-label^='λ']").first


@pytest.mark.parametrize("path", ["", "geometry", "overfitting"])
def test_every_page_renders_without_exception(server: str, page: Page, path: str) -> None:
    page.goto(f"{server}/{path}")
    page.wait_for_selector(IDLE, timeout=60_000)
    if path:
        wait_idle(page)
        assert page.locator(".js-plotly-plot").count() >= 3
    assert page.locator("[data-testid='stException']").count() == 0
    assert query(page)["penalty"] == "l1"  # the state is in the address bar


# What λ changes on a page: its charts' text, and on home (no charts) its example links.
SHOWN_JS = """() => [
  ...Array.from(document.querySelectorAll('.js-plotly-plot')).map((e) => e.innerText),
  ...Array.from(document.querySelectorAll("[data-testid='stPageLink'] a")).map((a) => a.getAttribute('href')),
].join('\\n')"""


@pytest.mark.parametrize("path", ["", "geometry", "overfitting"])
def test_lambda_key_press_redraws_and_updates_the_url(server: str, page: Page, path: str) -> None:
    page.goto(f"{server}/{path}")
    wait_idle(page)
    before_shown, before_lam = page.evaluate(SHOWN_JS), query(page)["lam"]
    assert before_shown
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => !window.location.search.includes('lam={before_lam}&')", timeout=30_000)
    wait_idle(page)
    page.wait_for_function(f"(before) => ({SHOWN_JS})() !== before", arg=before_shown, timeout=30_000)
    assert float(query(page)["lam"]) > float(before_lam)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_copied_url_reopens_the_same_view(server: str, page: Page, browser) -> None:
    page.goto(f"{server}/geometry?penalty=elasticnet&lam=0.0398&l1_ratio=0.7&degree=6&seed=5&lang=zh")
    wait_idle(page)
    copied = page.url
    assert query(page)["l1_ratio"] == "0.7" and query(page)["lang"] == "zh"
    text = chart_text(page)
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(copied)
    wait_idle(other)
    assert query(other) == query(page)
    assert "λ = 0.0398" in text and chart_text(other) == text
    assert "几何" in other.locator("h1").first.inner_text()
    other.context.close()


def test_home_link_opens_a_telling_view(server: str, page: Page) -> None:
    page.goto(server)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_text("Degree 15 without a penalty overfits").click()
    page.wait_for_url("**/overfitting**", timeout=30_000)
    wait_idle(page)
    assert query(page)["penalty"] == "none" and query(page)["degree"] == "15"
    assert "Overfitting" in page.locator("[data-testid='stAlert']").first.inner_text()


BYTES_BUDGET = 100 * 1024  # issue: ≤ 100 KiB sent per λ step on any page


@pytest.mark.parametrize("path", ["", "geometry", "overfitting"])
def test_a_lambda_step_stays_within_the_bytes_budget(server: str, page: Page, path: str) -> None:
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
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


@pytest.mark.parametrize("path", ["geometry", "overfitting"])
def test_the_pages_own_lambda_slider_redraws_in_the_browser_then_syncs(server: str, page: Page, path: str) -> None:
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    page.goto(f"{server}/{path}?lam=0.01")
    wait_idle(page)
    before = chart_text(page)
    sent.clear()
    live = page.locator("input.regviz-live-slider")
    live.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # the charts change from the frames already in the browser ...
    page.wait_for_function(
        "(before) => Array.from(document.querySelectorAll('.js-plotly-plot')).map(e => e.innerText).join('\\n') "
        "!== before",
        arg=before,
        timeout=10_000,
    )
    assert page.locator("output.regviz-live-value").inner_text() == "0.0158"
    # ... and once the slider rests, the shared state, the sidebar and the address follow
    page.wait_for_function("() => window.location.search.includes('lam=0.0158&')", timeout=30_000)
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSlider']", has=page.locator("input[aria-label^='λ']"))
    assert "0.0158" in sidebar.first.inner_text()
    assert 1 <= len(sent) <= 3  # rerun requests after the slider rested, not one per step
    assert page.locator("[data-testid='stException']").count() == 0


HERE_X = """(div) => {
  const here = (div.data || []).find((t) => t.name === 'you are here');
  return here ? Number(here.x[0]) : null;
}"""


def test_charts_off_screen_catch_up_once_lambda_rests(server: str, page: Page) -> None:
    """Only the charts on screen redraw during a drag; the rest follow when λ rests."""
    page.goto(f"{server}/overfitting?lam=0.01")
    wait_idle(page)
    below = page.locator(".regviz-live-chart").last  # bias–variance along λ, below the first screen
    assert below.bounding_box()["y"] > 1000
    assert below.evaluate(HERE_X) == pytest.approx(0.01, rel=1e-3)
    page.locator("input.regviz-live-slider").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("output.regviz-live-value").inner_text() == "0.0158"
    # without scrolling, the chart below catches up in idle time, to the same λ
    page.wait_for_function(f"(div) => ({HERE_X})(div) === 0.0158", arg=below.element_handle())
    below.scroll_into_view_if_needed()
    assert below.evaluate(HERE_X) == 0.0158


def test_a_panel_mounted_without_its_data_asks_for_it(server: str, page: Page) -> None:
    """The server sends a panel only its digest while the browser holds its frames; a panel
    that lost them (here: removed from the page) asks, and runs send them whole until it has them."""
    page.goto(f"{server}/geometry?lam=0.01")
    wait_idle(page)
    page.evaluate("() => document.querySelectorAll('.regviz-live').forEach((el) => el.remove())")
    assert page.locator(".regviz-live-chart").count() == 0
    lam_slider(page).focus()
    page.keyboard.press("ArrowRight")  # a sidebar λ step: the frames do not change
    page.wait_for_function("() => window.location.search.includes('lam=0.0126&')", timeout=30_000)
    wait_idle(page)
    page.wait_for_function("() => document.querySelectorAll('.regviz-live-chart.js-plotly-plot').length === 4")
    assert page.locator("output.regviz-live-value").inner_text() == "0.0126"
    assert page.locator("[data-testid='stException']").count() == 0
