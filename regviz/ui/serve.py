"""Start the app: ``streamlit run`` on the ASGI app (regviz.ui.asgi) with nine tweaks.

Usage: python -m regviz.ui.serve app.py [streamlit run options]

The ASGI app adds the panels' routes to Streamlit's own (st.App, Streamlit's supported
way to add routes). The tweaks patch Streamlit internals, and each one fails soft: if
the pinned Streamlit lacks what it patches, it logs a warning and the server runs as
plain Streamlit.

- Nagle's algorithm off. Streamlit 1.67 binds its listening socket as
  socket.socket(family), so the socket's proto is 0 and asyncio, which turns TCP_NODELAY
  on only where proto is IPPROTO_TCP, leaves Nagle's algorithm on; a small message
  written right after a larger one then waits for the client's delayed ACK (~40 ms a
  rerun on some machines). TCP_NODELAY on the listening socket is copied by Linux to
  every accepted connection. (uvloop, which requirements.txt installs where it exists,
  turns it on for every connection itself; this keeps it off on asyncio's loop.)
- One event-loop wake-up per batch of a script's messages, instead of one per element
  (each wake-up is a write to the loop's socket and a GIL hand-over; README: measured).
- No polling of the config files. Streamlit 1.67 polls every config.toml path five times
  a second to reload a changed config, whatever ``server.fileWatcherType`` says (~3 ms of
  server CPU per second of a move, measured with py-spy); a deploy restarts instead.
- Session state's values presented only when read, one class for every component's
  presented state, and config read without its lock (regviz.ui.speedups: what each costs
  in Streamlit 1.67, measured).
- A rerun's messages woken for once and written once per connection and loop turn
  (regviz.ui.wire: ``wakeonce`` and ``coalesce``; bench/wire.py measures them).
- HTTP connections kept open KEEP_ALIVE seconds when idle instead of uvicorn's 5
  (``keepalive``). A student pauses longer than 5 s between moves, so each move's first
  payload GET opened a new connection; and a proxy in front (ingress-nginx keeps idle
  upstream connections 60 s) could send a request down a connection the server was just
  closing (a failed request: retried, or a 502). The server's idle timeout must outlast the
  proxy's.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from regviz.ui import memory, speedups, wire

_LOG = logging.getLogger("regviz.serve")
ASGI = Path(__file__).resolve().parent / "asgi.py"


def with_nodelay(bind: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    """Wrap a socket-binding function so that its TCP listening socket has TCP_NODELAY."""

    def bind_nodelay(*args: object, **kwargs: object) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind_nodelay


KEEP_ALIVE = 75  # seconds: beyond ingress-nginx's 60 s upstream keep-alive (deploy/kubernetes)


def kept_alive(original: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Streamlit's uvicorn settings, with idle HTTP connections kept KEEP_ALIVE seconds."""

    def _get_uvicorn_config_kwargs() -> dict[str, Any]:
        return {**original(), "timeout_keep_alive": KEEP_ALIVE}

    return _get_uvicorn_config_kwargs


# REGVIZ_TWEAKS=nodelay (say) serves with only those (bench/nagle.py)
TWEAKS = frozenset(
    {"nodelay", "batches", "noconfigwatch", "lazystate", "oneclass", "configread", "wakeonce", "coalesce", "keepalive"}
)


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


def _call_soon_batched(session: Any, callback: Callable[[], None]) -> None:
    batches = session.__dict__.get("_regviz_batches")
    if batches is None:
        batches = session.__dict__.setdefault("_regviz_batches", Batches(session._event_loop))
    batches.call_soon(callback)


def _ignore_watch(*args: object, **kwargs: object) -> bool:
    return False  # what watch_file returns when it watches nothing


# (module, class or "" for the module itself, attribute, make(original), what the warnings call it)
Spec = tuple[str, str, str, Callable[[Any], Any], str]

_STATE = "streamlit.runtime.state"
# tweak → its patches, applied all or none
_TWEAK_PATCHES: dict[str, tuple[Spec, ...]] = {
    "nodelay": (("streamlit.web.server.starlette.starlette_server", "", "_bind_socket", with_nodelay, "Nagle off"),),
    "batches": (
        (
            "streamlit.runtime.app_session",
            "AppSession",
            "_call_soon_on_event_loop",
            lambda original: _call_soon_batched,
            "batched messages",
        ),
    ),
    "wakeonce": (("streamlit.runtime.runtime", "Runtime", "_enqueued_some_message", wire.quiet_wakeup, "one wake-up"),),
    "coalesce": (
        ("streamlit.runtime.runtime", "Runtime", "_loop_coroutine", wire.session_at_once, "coalesced frames"),
        ("streamlit.runtime.app_session", "AppSession", "_enqueue_forward_msg", wire.noted_enqueue, "coalesced frames"),
        (
            "uvicorn.protocols.websockets.websockets_sansio_impl",
            "WebSocketsSansIOProtocol",
            "send",
            wire.coalesced_send,
            "coalesced frames",
        ),
    ),
    "keepalive": (
        (
            "streamlit.web.server.starlette.starlette_server",
            "",
            "_get_uvicorn_config_kwargs",
            kept_alive,
            "kept-alive connections",
        ),
    ),
    "noconfigwatch": (
        ("streamlit.web.bootstrap", "", "watch_file", lambda original: _ignore_watch, "no config polling"),
    ),
    "lazystate": (
        (f"{_STATE}.safe_session_state", "SafeSessionState", "filtered_state", speedups.lazy_state, "lazy state"),
        (f"{_STATE}.session_state_proxy", "SessionStateProxy", "to_dict", speedups.dict_of_state, "lazy state"),
    ),
    "oneclass": (
        (
            "streamlit.components.v2.bidi_component.main",
            "",
            "make_bidi_component_presenter",
            speedups.one_class_presenter,
            "one presenter class",
        ),
    ),
    "configread": (
        ("streamlit.config", "", "get_option", speedups.unlocked_option, "unlocked config"),
        ("streamlit.config", "", "get_options_for_section", speedups.kept_sections, "unlocked config"),
        ("streamlit.config", "", "_set_option", speedups.counted_set, "unlocked config"),
    ),
}


def _found(module: str, owner: str, name: str, what: str) -> Any | None:
    """The object that holds ``name``, if this Streamlit has it (else a warning and None)."""
    try:
        found: Any = importlib.import_module(module)
    except ImportError:
        _LOG.warning("%s: %s is missing; serving without it", what, module)
        return None
    if owner:
        found = getattr(found, owner, None)
        if found is None:
            _LOG.warning("%s: this Streamlit has no %s.%s; serving without it", what, module, owner)
            return None
    original = found.__dict__.get(name) if isinstance(found, type) else getattr(found, name, None)
    if not (callable(original) or isinstance(original, property)):
        where = getattr(found, "__name__", found)
        _LOG.warning("%s: this Streamlit has no %s.%s; serving without it", what, where, name)
        return None
    return found


def _apply(specs: tuple[Spec, ...]) -> bool:
    """All of a tweak's patches, or none of them."""
    owners = [_found(module, owner, name, what) for module, owner, name, _, what in specs]
    if any(owner is None for owner in owners):
        return False
    for owner, (_, _, name, make, _) in zip(owners, specs, strict=True):
        setattr(owner, name, make(owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)))
    return True


def apply_tweaks(wanted: frozenset[str] = TWEAKS) -> list[str]:
    """Apply the wanted tweaks that this Streamlit supports; returns the ones applied."""
    return [name for name, specs in _TWEAK_PATCHES.items() if name in wanted and _apply(specs)]


def main(argv: list[str]) -> None:
    from streamlit.web import cli

    if not argv or argv[0].startswith("-"):
        argv = ["app.py", *argv]
    os.environ["REGVIZ_SCRIPT"] = str(Path(argv[0]).resolve())
    apply_tweaks(frozenset(os.environ.get("REGVIZ_TWEAKS", ",".join(TWEAKS)).split(",")) & TWEAKS)
    memory.freeze_after_first_run()
    sys.argv = ["streamlit", "run", str(ASGI), *argv[1:]]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
