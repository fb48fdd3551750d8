"""regviz.ui.serve: connections to the app's server have Nagle's algorithm off, and a
script's messages reach the event loop in order, in batches."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from functools import partial

import pytest
from streamlit.runtime.app_session import AppSession
from streamlit.web.server.starlette import starlette_server

from regviz.ui.serve import Batches, with_nodelay


def _accepted_nodelay(listener: socket.socket) -> int:
    host, port = listener.getsockname()[:2]
    with socket.create_connection((host, port), timeout=5):
        listener.setblocking(True)
        conn, _ = listener.accept()
        with conn:
            return conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_streamlit_binds_without_nodelay_and_the_wrapper_turns_it_on() -> None:
    # The reason for the wrapper: Streamlit's own binding leaves Nagle's algorithm on.
    with starlette_server._bind_socket("127.0.0.1", 0, 8) as plain:
        assert _accepted_nodelay(plain) == 0
    with with_nodelay(starlette_server._bind_socket)("127.0.0.1", 0, 8) as listener:
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert _accepted_nodelay(listener) != 0  # every accepted connection inherits it


def test_the_wrapper_leaves_non_tcp_sockets_alone() -> None:
    def bind_unix() -> socket.socket:
        return socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    with with_nodelay(bind_unix)() as sock:
        assert sock.family == socket.AF_UNIX


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def _count_wake_ups(loop: asyncio.AbstractEventLoop) -> list[int]:
    calls = [0]
    original = loop.call_soon_threadsafe

    def counting(callback, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original(callback, *args, **kwargs)

    loop.call_soon_threadsafe = counting  # type: ignore[method-assign]
    return calls


def test_callbacks_from_a_script_thread_run_in_order_after_one_wake_up(loop: asyncio.AbstractEventLoop) -> None:
    wake_ups = _count_wake_ups(loop)
    batches, seen = Batches(loop), []
    producer = threading.Thread(target=lambda: [batches.call_soon(partial(seen.append, i)) for i in range(100)])
    producer.start()
    producer.join()
    loop.run_until_complete(asyncio.sleep(0))
    assert seen == list(range(100))
    assert wake_ups[0] == 1
    batches.call_soon(partial(seen.append, 100))  # the next batch wakes the loop again
    loop.run_until_complete(asyncio.sleep(0))
    assert seen[-1] == 100 and wake_ups[0] == 2


def test_a_failing_callback_is_reported_and_the_rest_still_run(loop: asyncio.AbstractEventLoop) -> None:
    reported: list[BaseException] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context["exception"]))
    batches, seen = Batches(loop), []

    def fail() -> None:
        raise ValueError("boom")

    def queue_more() -> None:  # queued while a batch runs: runs after it, in order
        batches.call_soon(partial(seen.append, "later"))

    for callback in (partial(seen.append, 1), fail, queue_more, partial(seen.append, 2)):
        batches.call_soon(callback)
    loop.run_until_complete(asyncio.sleep(0.01))
    assert seen == [1, 2, "later"]
    assert [str(e) for e in reported] == ["boom"]


def test_the_method_serve_replaces_still_exists() -> None:
    # A Streamlit upgrade that renames it would leave the batching silently off.
    assert callable(AppSession._call_soon_on_event_loop)
