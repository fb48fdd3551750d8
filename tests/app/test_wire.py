"""regviz.ui.wire: a rerun's messages leave the server with one wake-up, one loop turn per
session and one socket write per connection and turn, in order, and nothing is lost."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
import uvicorn
import websockets
from streamlit.runtime import runtime as rt
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from regviz.ui import wire
from tests.app.test_serve import _count_wake_ups
from tests.e2e.conftest import free_port


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def _runtime(loop: asyncio.AbstractEventLoop) -> SimpleNamespace:
    objs = SimpleNamespace(eventloop=loop, need_send_data=asyncio.Event())
    return SimpleNamespace(_get_async_objs=lambda: objs, objs=objs)


def test_the_loop_itself_sets_the_event_without_a_wake_up(loop: asyncio.AbstractEventLoop) -> None:
    runtime, wake_ups = _runtime(loop), _count_wake_ups(loop)
    enqueued = wire.quiet_wakeup(rt.Runtime._enqueued_some_message)

    async def from_the_loop() -> bool:
        enqueued(runtime)
        return runtime.objs.need_send_data.is_set()

    assert loop.run_until_complete(from_the_loop())
    assert wake_ups[0] == 0


def test_another_thread_wakes_the_loop_once_until_it_has_flushed(loop: asyncio.AbstractEventLoop) -> None:
    runtime, wake_ups = _runtime(loop), _count_wake_ups(loop)
    enqueued = wire.quiet_wakeup(rt.Runtime._enqueued_some_message)
    first = threading.Thread(target=enqueued, args=(runtime,))
    first.start()
    first.join()
    loop.run_until_complete(asyncio.sleep(0))
    assert runtime.objs.need_send_data.is_set() and wake_ups[0] == 1
    more = threading.Thread(target=lambda: [enqueued(runtime) for _ in range(50)])
    more.start()
    more.join()
    assert wake_ups[0] == 1  # the wake-up is still pending: no more writes to the pipe
    runtime.objs.need_send_data.clear()  # the loop flushed
    enqueued(runtime)
    loop.run_until_complete(asyncio.sleep(0))
    assert wake_ups[0] == 2 and runtime.objs.need_send_data.is_set()


class _Queue(list):
    def enqueue(self, msg: str) -> None:
        self.append(msg)


class _Session:
    _message_enqueued_callback = None
    enqueue = wire.noted_enqueue(None)  # type: ignore[arg-type]  # the tweak's enqueue, as a method

    def __init__(self, name: str, messages: list[str], log: list[str]) -> None:
        self.id, self._browser_queue, self._log = name, _Queue(), log
        for msg in messages:
            self.enqueue(msg)

    def flush_browser_queue(self) -> list[str]:
        out = list(self._browser_queue)
        self._browser_queue.clear()
        self._log.append(f"{self.id}:looked")
        return out

    def on_flushed_messages_sent(self) -> None:
        self._log.append(f"{self.id}:flushed")


@pytest.fixture(autouse=True)
def no_notes() -> Iterator[None]:
    wire.QUEUED.clear()
    yield
    wire.QUEUED.clear()


def _flushing_runtime(
    sessions: list[_Session], log: list[str], broken: str = "", away: tuple[str, ...] = ()
) -> SimpleNamespace:
    objs = SimpleNamespace(
        started=asyncio.get_running_loop().create_future(),
        stopped=asyncio.get_running_loop().create_future(),
        must_stop=asyncio.Event(),
        has_connection=asyncio.Event(),
        need_send_data=asyncio.Event(),
    )
    # Streamlit's session manager: active sessions, and sessions kept for their client's return
    active = {s.id: SimpleNamespace(session=s, client=f"client-{s.id}") for s in sessions if s.id not in away}
    kept = {s.id: SimpleNamespace(session=s, client=None) for s in sessions if s.id in away}
    manager = SimpleNamespace(
        get_active_session_info=active.get,
        is_active_session=active.__contains__,
        get_session_info=lambda sid: active.get(sid) or kept.get(sid),
        list_sessions=lambda: [],
        active=active,
        kept=kept,
    )
    runtime = SimpleNamespace(_state=rt.RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED, objs=objs, disconnected=[])
    runtime._get_async_objs = lambda: objs
    runtime._session_mgr = manager
    runtime._set_state = lambda state: setattr(runtime, "_state", state)

    def send(info: SimpleNamespace, msg: str) -> None:
        if info.session.id == broken:
            raise rt.SessionClientDisconnectedError
        log.append(msg)

    runtime._send_message = send
    runtime.disconnect_session = lambda sid, client: runtime.disconnected.append((sid, client))
    return runtime


def _mark_turns(runtime: SimpleNamespace, log: list[str]) -> None:
    """A "turn" in the log at every turn of the loop, until the runtime stops."""

    def tick() -> None:
        log.append("turn")
        if not runtime.objs.must_stop.is_set():
            asyncio.get_running_loop().call_soon(tick)

    tick()


async def _serve(runtime: SimpleNamespace, *moments: Callable[[], None]) -> None:
    """Run the patched runtime loop; after 50 ms, and after 50 ms more for each of
    ``moments`` (run in turn), stop it and wait for it to end."""
    task = asyncio.ensure_future(wire.session_at_once(rt.Runtime._loop_coroutine)(runtime))
    await runtime.objs.started
    await asyncio.sleep(0.05)
    for moment in moments:
        moment()
        await asyncio.sleep(0.05)
    runtime.objs.must_stop.set()
    runtime.objs.need_send_data.set()
    await task


def test_each_sessions_messages_go_out_in_order_within_one_loop_turn(loop: asyncio.AbstractEventLoop) -> None:
    log: list[str] = []
    sessions = [_Session("a", ["a1", "a2", "a3"], log), _Session("idle", [], log), _Session("b", ["b1", "b2"], log)]

    async def scenario() -> None:
        runtime = _flushing_runtime(sessions, log)
        _mark_turns(runtime, log)

        def later() -> None:  # a later message: the event wakes the loop again
            sessions[0].enqueue("a4")
            runtime.objs.need_send_data.set()

        await _serve(runtime, later)
        assert runtime.objs.stopped.done() and runtime._state == rt.RuntimeState.STOPPED

    loop.run_until_complete(scenario())
    sent = [entry for entry in log if entry != "turn" and not entry.endswith(":looked")]
    assert sent == ["a1", "a2", "a3", "a:flushed", "b1", "b2", "b:flushed", "a4", "a:flushed"]
    assert "idle:looked" not in log  # a session that enqueued nothing is not even visited
    order = [entry for entry in log if entry in ("turn", "a1", "a2", "a3", "a:flushed")]
    start = order.index("a1")
    assert order[start : start + 4] == ["a1", "a2", "a3", "a:flushed"]  # no turn of the loop in between


def test_sessions_are_flushed_oldest_note_first(loop: asyncio.AbstractEventLoop) -> None:
    log: list[str] = []
    sessions = [_Session("a", [], log), _Session("b", [], log), _Session("c", [], log)]
    for name, msg in (("c", "c1"), ("a", "a1"), ("c", "c2"), ("b", "b1")):
        next(s for s in sessions if s.id == name).enqueue(msg)

    async def scenario() -> None:
        await _serve(_flushing_runtime(sessions, log))

    loop.run_until_complete(scenario())
    assert [e for e in log if ":" not in e] == ["c1", "c2", "a1", "b1"]


def test_a_session_is_noted_after_its_message_is_queued_and_before_the_wake_up() -> None:
    """Noted first, a loop could take the note and flush before the message is there; noted
    after the wake-up, a loop could wake, find no note and sleep on the message."""
    seen: list[tuple[str, bool]] = []
    session = _Session("a", [], [])
    session._browser_queue.enqueue = lambda msg: seen.append(("queue", session in wire.QUEUED))  # type: ignore[method-assign]
    session._message_enqueued_callback = lambda: seen.append(("wake-up", session in wire.QUEUED))
    session.enqueue("a1")
    assert seen == [("queue", False), ("wake-up", True)]


def test_messages_enqueued_by_other_threads_while_the_loop_flushes_all_go_out(loop: asyncio.AbstractEventLoop) -> None:
    """Script threads enqueue while the loop takes notes and flushes: none is left behind."""
    log: list[str] = []
    sessions = [_Session(f"s{i}", [], log) for i in range(20)]
    expected = {s.id: [f"{s.id}-{k}" for k in range(100)] for s in sessions}

    async def scenario() -> None:
        runtime = _flushing_runtime(sessions, log)
        objs, wake = runtime.objs, wire.quiet_wakeup(rt.Runtime._enqueued_some_message)
        objs.eventloop = asyncio.get_running_loop()
        for session in sessions:
            session._message_enqueued_callback = lambda: wake(runtime)

        def script(session: _Session) -> None:
            for msg in expected[session.id]:
                session.enqueue(msg)
                if msg.endswith("0"):
                    time.sleep(0.001)  # let the loop run in between

        task = asyncio.ensure_future(wire.session_at_once(rt.Runtime._loop_coroutine)(runtime))
        await objs.started
        threads = [threading.Thread(target=script, args=(s,)) for s in sessions]
        for thread in threads:
            thread.start()
        await asyncio.get_running_loop().run_in_executor(None, lambda: [t.join() for t in threads])
        for _ in range(100):  # the last wake-up's flush
            if sum(1 for e in log if "-" in e) == 2000:
                break
            await asyncio.sleep(0.01)
        objs.must_stop.set()
        objs.need_send_data.set()
        await task

    loop.run_until_complete(scenario())
    for session in sessions:
        assert [e for e in log if e.startswith(f"{session.id}-")] == expected[session.id]


def test_a_session_whose_client_is_away_gets_its_messages_when_it_comes_back(loop: asyncio.AbstractEventLoop) -> None:
    log: list[str] = []
    sessions = [_Session("away", ["w1"], log), _Session("gone", ["g1"], log), _Session("here", ["h1"], log)]

    async def scenario() -> None:
        runtime = _flushing_runtime(sessions, log, away=("away", "gone"))
        manager = runtime._session_mgr

        def gone_for_good() -> None:  # its storage let it go: nothing will come back for it
            del manager.kept["gone"]

        def back() -> None:  # the client reconnects to its stored session, then a wake-up
            manager.active["away"] = manager.kept.pop("away")
            runtime.objs.need_send_data.set()

        await _serve(runtime, gone_for_good, back)

    loop.run_until_complete(scenario())
    assert [e for e in log if ":" not in e] == ["h1", "w1"]
    assert "gone:looked" not in log


def test_a_long_flush_lets_the_connection_drain_between_chunks(loop: asyncio.AbstractEventLoop) -> None:
    """Streamlit's send queue holds 500 messages: a flush yields after every SEND_CHUNK."""
    log: list[str] = []
    many = [f"m{i}" for i in range(2 * wire.SEND_CHUNK + 50)]
    sessions = [_Session("a", many, log)]

    async def scenario() -> None:
        runtime = _flushing_runtime(sessions, log)
        _mark_turns(runtime, log)
        await _serve(runtime)

    loop.run_until_complete(scenario())
    assert [entry for entry in log if entry.startswith("m")] == many
    between = log[log.index("m0") : log.index(many[-1])]
    assert between.count("turn") == 2  # after message 100 and after 200
    assert between[wire.SEND_CHUNK] == "turn"


def test_a_disconnected_client_is_disconnected_and_the_others_still_served(loop: asyncio.AbstractEventLoop) -> None:
    log: list[str] = []
    sessions = [_Session("gone", ["g1", "g2"], log), _Session("b", ["b1"], log)]

    async def scenario() -> list[tuple[str, str]]:
        runtime = _flushing_runtime(sessions, log, broken="gone")
        await _serve(runtime)
        return runtime.disconnected

    assert loop.run_until_complete(scenario()) == [("gone", "client-gone")]
    assert "b1" in log


async def _frames(websocket_send, count: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):  # all in one turn of the loop, as a flushed rerun is
        await websocket_send({"type": "websocket.send", "bytes": f"frame {i}".encode()})


async def _app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    assert scope["type"] == "websocket"
    await receive()
    await send({"type": "websocket.accept"})
    await _frames(send, 40)
    await send({"type": "websocket.send", "text": "last"})
    await send({"type": "websocket.close", "code": 1000})


def test_a_turns_frames_reach_the_client_in_order_in_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WebSocketsSansIOProtocol, "send", wire.coalesced_send(WebSocketsSansIOProtocol.send))
    flushed: list[int] = []
    flush = wire._flush
    monkeypatch.setattr(wire, "_flush", lambda p: (flushed.append(len(p.__dict__.get(wire.PENDING, []))), flush(p)))
    port = free_port()
    config = uvicorn.Config(_app, host="127.0.0.1", port=port, ws="websockets-sansio", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    async def client() -> list[bytes | str]:
        for _ in range(100):
            try:
                async with websockets.connect(f"ws://127.0.0.1:{port}") as ws:
                    return [message async for message in ws]
            except OSError:
                await asyncio.sleep(0.05)
        raise AssertionError("the server did not start")

    try:
        received = asyncio.run(client())
    finally:
        server.should_exit = True
        thread.join(10)
    assert received == [f"frame {i}".encode() for i in range(40)] + ["last"]
    assert [n for n in flushed if n] == [41]  # every data frame of the turn in one write (the close flushed it)
