"""Start the app as `streamlit run` does, with Nagle's algorithm off on every connection.

Usage: python -m regviz.ui.serve app.py [streamlit run options]

Streamlit 1.67 binds its listening socket as socket.socket(family), so the socket's
proto is 0 and asyncio, which turns TCP_NODELAY on only where proto is IPPROTO_TCP,
leaves Nagle's algorithm on. A small message written right after a larger one then
waits for the client's delayed ACK: measured here, every rerun reached the client about
40 ms after its script had finished. Setting TCP_NODELAY on the listening socket fixes
it: Linux copies the option to every accepted connection.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable

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


def main(argv: list[str]) -> None:
    starlette_server._bind_socket = with_nodelay(starlette_server._bind_socket)
    sys.argv = ["streamlit", "run", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
