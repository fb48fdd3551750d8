"""A small class in CI: 20 protocol-level students, a few seconds, no errors, none dropped.

Timings are not asserted here (shared, noisy machines); bench/load.py reports them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import class_run, proc_rss_mb
from bench.streamlit_client import Session, select_slider_state
from tests.e2e.conftest import ROOT, free_port, start_server, stop_server


def run(coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright loop may own this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, int]]:
    port = free_port()
    proc = start_server(ROOT / "app.py", port)
    yield port, proc.pid
    stop_server(proc)


def test_twenty_students_no_errors_no_drops(server) -> None:
    port, pid = server
    result = run(class_run(port, 20, actions=4, think=(0.2, 1.0), arrive=2.0, seed=1))
    assert result.errors == 0 and result.dropped == 0, result.failures
    assert result.completed == 20
    assert len(result.reruns) == 20 * 4 and len(result.loads) == 20
    assert proc_rss_mb(pid) > 0


def test_protocol_client_moves_lambda_like_a_browser(server) -> None:
    port, _ = server

    async def scenario() -> tuple[str, str, bool]:
        s = await Session.open("127.0.0.1", port)
        first = await s.rerun(page="geometry")
        moved = await s.rerun(widget_states=[select_slider_state(s.widget("λ"), "0.1")])
        await s.close()
        return first.query_string, moved.query_string, first.exception or moved.exception

    before, after, exception = run(scenario())
    assert "lam=0.01&" in before and "lam=0.1&" in after and not exception
