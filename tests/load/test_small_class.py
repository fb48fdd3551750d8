"""A small class in CI: protocol-level students on every lesson page, no errors, none dropped.

Timings are not asserted here (shared, noisy machines); bench/load.py reports them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import class_run
from bench.streamlit_client import Session
from tests.e2e.conftest import ROOT, free_port, start_server, stop_server


def run(coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright loop may own this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    port = free_port()
    proc = start_server(ROOT / "app.py", port)
    yield port
    stop_server(proc)


@pytest.mark.parametrize("profile", ["lecture", "explore"])
def test_twenty_students_no_errors_no_drops(server, profile: str) -> None:
    result = run(class_run(server, 20, actions=4, think=(0.2, 1.0), arrive=2.0, seed=1, profile=profile))
    assert result.errors == 0 and result.dropped == 0, result.failures
    assert result.completed == 20
    assert len(result.reruns) == 20 * 4 and len(result.loads) == 20


def test_protocol_client_moves_lambda_and_fetches_the_charts_like_a_browser(server) -> None:
    async def scenario():
        s = await Session.open("127.0.0.1", server)
        first = await s.rerun(page="overfitting")
        charts = await s.fetch_charts()
        moved = await s.rerun(widget_states=[s.state_of("lam", 0.1)])
        again = await s.fetch_charts()  # λ moved: the same payloads, already held
        degree = await s.rerun(widget_states=[s.state_of("degree", 4)])
        fresh = await s.fetch_charts()
        await s.close()
        return first, charts, moved, again, degree, fresh

    first, charts, moved, again, degree, fresh = run(scenario())
    assert "lam=0.01&" in first.query_string and "lam=0.1&" in moved.query_string and "degree=4&" in degree.query_string
    assert not (first.exception or moved.exception or degree.exception)
    assert charts.received > 0 and not charts.failed
    assert again.received == 0 and fresh.received > 0 and not fresh.failed
