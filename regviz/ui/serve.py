"""Start the app as `streamlit run` does, with Nagle's algorithm off on every connection
and one event-loop wake-up per batch of script messages.

Usage: python -m regviz.ui.serve app.py [streamlit run options]

Streamlit 1.67 binds its listening socket as socket.socket(family), so the socket's
proto is 0 and asyncio, which turns TCP_NODELAY on only where proto is IPPROTO_TCP,
leaves Nagle's algorithm on. A small message written right after a larger one then
waits for the client's delayed ACK: on one development machine every rerun reached the
client about 40 ms after its script had finished (on another, no rerun waited). Setting
TCP_NODELAY on the listening socket fixes it: Linux copies the option to every accepted
connection.

Every message a script produces (one per element) reaches the server's event loop through
call_soon_threadsafe, a write to the loop's wake-up socket, after which the script thread
waits for the GIL while the loop handles that one message: ~23 % of a lesson's script
time (py-spy). Queued in order per session and handed over in batches, the messages cost
one wake-up while the loop is busy: 0.3–1.3 ms less script time and 1–1.8 ms less per
rerun (bench/nagle.py's reruns, A/B in one run, three pages).
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_server


def with_nodelay(bind: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    """Wrap a socket-binding function so that its TCP listening socket has TCP_NODELAY."""

    def bind_nodelay(*args: object, **kwargs: object) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind_nodelay


class Batches:
    """Callbacks for one event loop from any thread, run in order; one wake-up per batch."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def call_soon(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self._queue.append(callback)
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._loop.call_soon_threadsafe(self._run)
        except RuntimeError:  # as AppSession does: a script's last events may come after the loop closed
            if not self._loop.is_closed():
                raise

    def _run(self) -> None:
        with self._lock:
            batch = list(self._queue)
            self._queue.clear()
        for callback in batch:
            try:
                callback()
            except Exception as exc:  # one failing callback must not stall the session's others
                self._loop.call_exception_handler({"message": "regviz batched callback failed", "exception": exc})
        with self._lock:
            more = self._scheduled = bool(self._queue)
        if more:  # queued meanwhile: next loop turn, so the loop can write in between
            self._loop.call_soon(self._run)


def _call_soon_batched(session: AppSession, callback: Callable[[], None]) -> None:
    batches = session.__dict__.get("_regviz_batches")
    if batches is None:
        batches = session.__dict__.setdefault("_regviz_batches", Batches(session._event_loop))
    batches.call_soon(callback)


def main(argv: list[str]) -> None:
    starlette_server._bind_socket = with_nodelay(starlette_server._bind_socket)
    AppSession._call_soon_on_event_loop = _call_soon_batched  # type: ignore[method-assign]
    sys.argv = ["streamlit", "run", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
