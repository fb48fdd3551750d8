"""A real server on 127.0.0.1 and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# How the app is served: through regviz.ui.serve (Nagle's algorithm off), as the README and
# the image run it; STREAMLIT_RUN is plain `streamlit run`, for the bare reference app.
SERVE = ("regviz.ui.serve",)
STREAMLIT_RUN = ("streamlit", "run")


def start_server(script: Path, port: int, *extra: str, launcher: tuple[str, ...] = SERVE) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        *launcher,
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        *extra,
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(
        cmd, cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not start on port {port}")


def hide_fast_io(directory: Path) -> None:
    """Stand-ins for uvloop and httptools in ``directory`` that fail to import: a server with
    it first on PYTHONPATH runs as where they are missing (asyncio's loop, h11)."""
    for name in ("uvloop", "httptools"):
        (directory / f"{name}.py").write_text("raise ModuleNotFoundError('hidden for a comparison')\n")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = free_port()
    proc = start_server(ROOT / "app.py", port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "browser tests need Debian's chromium: apt-get install -y chromium"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """The script has finished and every chart is drawn (those off screen in idle time, heavy
    ones once the server has computed them); home, with no charts, has its links."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector(".main-svg, [data-testid='stPageLink']", timeout=timeout)
    page.wait_for_function(
        "() => document.querySelectorAll('.regviz-chart:not(.js-plotly-plot)').length === 0", timeout=timeout
    )
