"""regviz.ui.serve: connections to the app's server have Nagle's algorithm off."""

from __future__ import annotations

import socket

from streamlit.web.server.starlette import starlette_server

from regviz.ui.serve import with_nodelay


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
