"""How a rerun's messages leave the server: fewer wake-ups and system calls per message.

A rerun sends 40–70 messages (one per element). Streamlit 1.67 with uvicorn spends about
a third of the server's CPU per move on its event loop (the main thread's own counters:
9.6 of 28.7 ms a move on the geometry page), most of it per message:

- ``wakeonce``: every enqueued message wakes the runtime's loop through its self-pipe
  (``call_soon_threadsafe``, a system call), even when the caller already is the loop
  (regviz.ui.serve's batches) and the wake-up is already pending. Here the loop's own
  calls set the event directly, and other threads write to the pipe only when no wake-up
  is pending.
- ``coalesce``: uvicorn writes every websocket frame to the socket on its own (one
  ``send`` system call each). Here the frames a loop turn produces for one connection
  go out in one write at the end of that turn, in order; anything that is not a frame
  (a close) first flushes what is waiting. And the runtime's loop visits the sessions
  that enqueued something since it last looked, oldest first, instead of every session
  on every wake-up (a hall's 300 tabs, most of them idle at any moment).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

PENDING = "_regviz_frames"
SEND_CHUNK = 100  # messages sent to one connection before the loop lets its sender run
# Sessions with messages the runtime's loop has not flushed yet, oldest first (a set
# that keeps order; its single operations are atomic under the GIL, as threads share it).
QUEUED: OrderedDict[Any, None] = OrderedDict()


def quiet_wakeup(original: Callable[[Any], None]) -> Callable[[Any], None]:
    """Runtime._enqueued_some_message without a self-pipe write where none is needed."""

    def _enqueued_some_message(self: Any) -> None:
        objs = self._get_async_objs()
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is objs.eventloop:
            objs.need_send_data.set()
        elif not objs.need_send_data.is_set():  # a read without the loop: at worst one extra wake-up
            objs.eventloop.call_soon_threadsafe(objs.need_send_data.set)

    return _enqueued_some_message


def _flush(protocol: Any) -> None:
    frames = protocol.__dict__.pop(PENDING, None)
    if frames and not protocol.transport.is_closing():
        protocol.transport.write(b"".join(frames))


def coalesced_send(original: Callable[[Any, Any], Awaitable[None]]) -> Callable[[Any, Any], Awaitable[None]]:
    """uvicorn's WebSocketsSansIOProtocol.send, its data frames written once per loop turn."""
    from uvicorn.protocols.utils import ClientDisconnected
    from websockets.exceptions import InvalidState

    async def send(self: Any, message: Any) -> None:
        if (
            message.get("type") != "websocket.send"
            or not self.handshake_complete
            or self.close_sent
            or self.initial_response is not None
        ):
            _flush(self)
            await original(self, message)
            return
        await self.writable.wait()
        if self.disconnected:
            await original(self, message)  # raises as uvicorn does
            return
        data = message.get("bytes")
        try:
            if data is not None:
                self.conn.send_binary(data)
            else:
                self.conn.send_text(message["text"].encode())
        except InvalidState as exc:
            raise ClientDisconnected() from exc
        frames = self.__dict__.get(PENDING)
        if frames is None:
            frames = self.__dict__[PENDING] = []
            asyncio.get_running_loop().call_soon(_flush, self)
        frames.extend(self.conn.data_to_send())

    return send


def noted_enqueue(original: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """AppSession._enqueue_forward_msg, noting the session for the runtime's loop. The note
    comes after the queue (a loop that takes it flushes the message) and before the
    wake-up (a loop woken by it finds the note); otherwise Streamlit 1.67's."""

    def _enqueue_forward_msg(self: Any, msg: Any) -> None:
        self._browser_queue.enqueue(msg)
        QUEUED[self] = None
        if self._message_enqueued_callback:
            self._message_enqueued_callback()

    return _enqueue_forward_msg


def _noted(runtime: Any, parked: dict[Any, None]) -> list[Any]:
    """The sessions to flush now, oldest note first: those noted so far (later notes wake the
    loop again) and those parked while their client was away that have it back."""
    found, sessions = [], runtime._session_mgr
    for session in list(parked):
        if sessions.is_active_session(session.id):
            found.append(session)
            del parked[session]
        elif sessions.get_session_info(session.id) is None:  # no longer kept for its client
            del parked[session]
    # only this loop takes notes out (threads add them), so all of these are there
    return found + [QUEUED.popitem(last=False)[0] for _ in range(len(QUEUED))]


def session_at_once(original: Callable[[Any], Awaitable[None]]) -> Callable[[Any], Awaitable[None]]:
    """Runtime._loop_coroutine, yielding once per session's flushed messages instead of
    once per message (each yield is a turn of the loop with its own ``epoll`` call, and
    it split a rerun's frames over as many writes). Otherwise Streamlit 1.67's loop."""
    from streamlit.runtime import runtime as rt

    async def _loop_coroutine(self: Any) -> None:
        objs = self._get_async_objs()
        parked: dict[Any, None] = {}  # noted sessions whose client is away, kept for its return
        try:
            if self._state == rt.RuntimeState.INITIAL:
                self._set_state(rt.RuntimeState.NO_SESSIONS_CONNECTED)
            elif self._state != rt.RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED:
                raise RuntimeError(f"Bad Runtime state at start: {self._state}")
            objs.started.set_result(None)
            while not objs.must_stop.is_set():
                if self._state == rt.RuntimeState.NO_SESSIONS_CONNECTED:
                    await _first_of(objs.must_stop, objs.has_connection)
                    continue
                if self._state != rt.RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED:
                    break
                objs.need_send_data.clear()
                for session in _noted(self, parked):
                    info = self._session_mgr.get_active_session_info(session.id)
                    if info is None:
                        parked[session] = None  # its client is away: flushed if it comes back
                        continue
                    messages = session.flush_browser_queue()
                    if not messages:  # noted again after an earlier flush took its messages
                        continue
                    for count, msg in enumerate(messages, 1):
                        try:
                            self._send_message(info, msg)
                        except rt.SessionClientDisconnectedError:
                            self.disconnect_session(info.session.id, client=info.client)
                            break
                        if count % SEND_CHUNK == 0:  # the connection's send queue holds 500: let it drain
                            await asyncio.sleep(0)
                    session.on_flushed_messages_sent()
                    await asyncio.sleep(0)  # other sessions and the HTTP routes get a turn
                await asyncio.sleep(rt.MESSAGE_FLUSH_INTERVAL_SECS)
                await _first_of(objs.must_stop, objs.need_send_data)
            for info in self._session_mgr.list_sessions():
                self._session_mgr.close_session(info.session.id)
            self._set_state(rt.RuntimeState.STOPPED)
            objs.stopped.set_result(None)
        except Exception as exc:
            objs.stopped.set_exception(exc)
            rt._LOGGER.exception("the runtime loop failed")

    return _loop_coroutine


async def _first_of(*events: asyncio.Event) -> None:
    if any(event.is_set() for event in events):
        return
    tasks = [asyncio.create_task(event.wait()) for event in events]
    _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
