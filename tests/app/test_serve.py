"""regviz.ui.serve: connections to the app's server have Nagle's algorithm off, a script's
messages reach the event loop in order and in batches, and each tweak fails soft."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.state import SafeSessionState
from streamlit.web.server.starlette import starlette_server
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from bench.streamlit_client import HTTPConnection
from regviz.ui import serve
from regviz.ui.serve import Batches, with_nodelay
from tests.e2e.conftest import ROOT, SERVE, STREAMLIT_RUN, free_port, hide_fast_io, start_server, stop_server


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


def _server_side_nodelay(pid: int, port: int) -> int:
    """TCP_NODELAY of the server's end of a fresh connection, read from the server process.

    The server's socket is found through /proc (its inode in /proc/net/tcp) and duplicated
    into this process with pidfd_getfd (Linux ≥ 5.6; the tests run as root).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        local_port = client.getsockname()[1]
        for _ in range(100):  # the server accepts the connection in its own time
            rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
            inodes = {row[9] for row in rows if int(row[2].split(":")[1], 16) == local_port}
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in {f"socket:[{i}]" for i in inodes}:
                        pidfd = libc.syscall(434, pid, 0)  # pidfd_open
                        dup = libc.syscall(438, pidfd, int(fd), 0)  # pidfd_getfd
                        os.close(pidfd)
                        assert dup >= 0, f"pidfd_getfd failed: errno {ctypes.get_errno()}"
                        sock = socket.socket(fileno=dup)
                        try:
                            return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                        finally:
                            sock.close()
            time.sleep(0.1)
    raise AssertionError("the server's end of the connection was not found")


@pytest.fixture
def without_uvloop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Servers started from here import neither uvloop nor httptools (as where they are missing)."""
    hide_fast_io(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))


@pytest.mark.parametrize(
    "launcher,uvloop,expected",
    [(SERVE, False, 1), (STREAMLIT_RUN, False, 0), (SERVE, True, 1), (STREAMLIT_RUN, True, 1)],
)
def test_a_real_server_accepts_connections_with_nagle_off(
    launcher: tuple[str, ...], uvloop: bool, expected: int, request: pytest.FixtureRequest
) -> None:
    """regviz.ui.serve turns it off; plain `streamlit run` on asyncio's loop (the reason for
    the tweak) does not; uvloop turns it on for every TCP connection by itself."""
    if not uvloop:
        request.getfixturevalue("without_uvloop")
    port = free_port()
    proc = start_server(ROOT / "app.py", port, launcher=launcher)
    try:
        assert bool(_server_side_nodelay(proc.pid, port)) == bool(expected)
    finally:
        stop_server(proc)


def _answers_after_idle(port: int, idle: float) -> bool:
    """Whether one kept-alive connection still answers a second GET after ``idle`` seconds."""

    async def twice() -> bool:
        conn = await HTTPConnection.open("127.0.0.1", port)
        try:
            assert (await conn.get("/_stcore/health"))[0] == 200
            await asyncio.sleep(idle)
            try:
                return (await conn.get("/_stcore/health"))[0] == 200
            except (OSError, asyncio.IncompleteReadError):  # the server had closed it
                return False
        finally:
            conn.close()

    return asyncio.run(twice())


@pytest.mark.parametrize("launcher,kept", [(SERVE, True), (STREAMLIT_RUN, False)])
def test_an_idle_connection_outlasts_a_students_pause_and_a_proxys_keep_alive(
    launcher: tuple[str, ...], kept: bool
) -> None:
    """Served by regviz, an idle HTTP connection stays open KEEP_ALIVE seconds; uvicorn as
    Streamlit configures it closes it after 5 (a pause between two moves)."""
    assert serve.KEEP_ALIVE > 60  # ingress-nginx's upstream keep-alive (deploy/kubernetes)
    port = free_port()
    proc = start_server(ROOT / "app.py", port, launcher=launcher)
    try:
        assert _answers_after_idle(port, 7.0) is kept
    finally:
        stop_server(proc)


def test_uvicorn_as_streamlit_configures_it_takes_the_c_event_loop_and_http_parser() -> None:
    """requirements.txt pins uvloop and httptools (Streamlit's "performance" extra): uvicorn
    picks both when they import (README: what they save per request and per rerun)."""
    import uvicorn
    import uvloop
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    kwargs = starlette_server._get_uvicorn_config_kwargs()
    assert "http" not in kwargs and "loop" not in kwargs  # Streamlit leaves both on "auto"
    settings = uvicorn.Config(app=lambda scope, receive, send: None, **kwargs)
    settings.load()
    assert settings.http_protocol_class is AutoHTTPProtocol is HttpToolsProtocol
    factory = settings.get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def _mapped_extensions() -> str:
    port = free_port()
    proc = start_server(ROOT / "app.py", port)
    try:
        return Path(f"/proc/{proc.pid}/maps").read_text()
    finally:
        stop_server(proc)


def test_a_real_server_has_loaded_uvloop_and_httptools() -> None:
    mapped = _mapped_extensions()
    assert "/uvloop/loop." in mapped and "/httptools/parser/parser." in mapped


def test_a_server_without_them_still_runs(without_uvloop: None) -> None:
    mapped = _mapped_extensions()  # started and healthy: uvicorn's pure-Python fallbacks
    assert "/uvloop/" not in mapped and "/httptools/" not in mapped


def test_each_tweak_warns_and_steps_aside_when_streamlit_lacks_what_it_patches(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from streamlit.components.v2.bidi_component import main as bidi_main
    from streamlit.web import bootstrap

    monkeypatch.delattr(starlette_server, "_bind_socket")
    monkeypatch.delattr(AppSession, "_call_soon_on_event_loop")
    monkeypatch.delattr(bootstrap, "watch_file")
    monkeypatch.delattr(SafeSessionState, "filtered_state")
    monkeypatch.delattr(config, "_set_option")  # one of three: the other two stay Streamlit's own
    monkeypatch.delattr(Runtime, "_enqueued_some_message")
    monkeypatch.delattr(WebSocketsSansIOProtocol, "send")  # one of two: the runtime's loop stays its own
    monkeypatch.delattr(bidi_main, "make_bidi_component_presenter")
    monkeypatch.delattr(starlette_server, "_get_uvicorn_config_kwargs")
    get_option, loop, enqueue = config.get_option, Runtime._loop_coroutine, AppSession._enqueue_forward_msg
    with caplog.at_level("WARNING", logger="regviz.serve"):
        assert serve.apply_tweaks() == []
    warned = (
        "Nagle off",
        "batched messages",
        "config polling",
        "lazy state",
        "one presenter class",
        "unlocked config",
        "wake-up",
        "frames",
        "kept-alive connections",
    )
    for what in warned:
        assert what in caplog.text
    assert config.get_option is get_option and Runtime._loop_coroutine is loop
    assert AppSession._enqueue_forward_msg is enqueue


def test_the_config_files_are_not_polled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit polls each config.toml five times a second; served by regviz, nothing polls."""
    from streamlit.watcher import polling_path_watcher
    from streamlit.web import bootstrap

    monkeypatch.setattr(bootstrap, "watch_file", bootstrap.watch_file)  # restored after the test
    made: list[object] = []
    monkeypatch.setattr(polling_path_watcher.PollingPathWatcher, "__init__", lambda self, *a, **k: made.append(a))
    bootstrap.watch_file("/tmp/none/config.toml", lambda _: None, watcher_type="poll", allow_nonexistent=True)
    assert len(made) == 1  # Streamlit's own: a poller
    assert serve.apply_tweaks(frozenset({"noconfigwatch"})) == ["noconfigwatch"]
    assert bootstrap.watch_file("/tmp/none/config.toml", lambda _: None, watcher_type="poll") is False
    assert len(made) == 1


def test_only_the_wanted_tweaks_are_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    """REGVIZ_TWEAKS=nodelay (bench/nagle.py) serves with Nagle off and unbatched messages."""
    bind, call_soon = starlette_server._bind_socket, AppSession._call_soon_on_event_loop
    monkeypatch.setattr(starlette_server, "_bind_socket", bind)  # restored after the test
    monkeypatch.setattr(AppSession, "_call_soon_on_event_loop", call_soon)
    assert serve.apply_tweaks(frozenset({"nodelay"})) == ["nodelay"]
    assert starlette_server._bind_socket is not bind and AppSession._call_soon_on_event_loop is call_soon


def test_served_the_app_freezes_its_heap_after_its_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from streamlit.web import cli

    from regviz.ui import memory
    from tests.app.conftest import open_app

    monkeypatch.setattr(memory, "_FREEZE", [False])
    monkeypatch.setattr(serve, "apply_tweaks", lambda wanted: [])
    monkeypatch.setattr(cli, "main", lambda: None)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setenv("REGVIZ_SCRIPT", "app.py")  # restored after the test (main sets it)
    serve.main(["app.py"])
    assert memory._FREEZE == [True]
    threshold = gc.get_threshold()
    try:
        open_app()
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[1] == memory.MIDDLE
        assert memory._FREEZE == [False]
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
