"""A worker process: compute panels' payloads for the server, one request at a time.

Run by regviz.ui.work as ``python -m regviz.ui.worker [nice]``. Requests and answers are
pickles on stdin and stdout, each after its length (8 bytes, little-endian); the worker
imports only the pure package (no Streamlit), and exits when its stdin closes — which is
what happens when the server stops or dies, so no worker outlives its server. (A
multiprocessing pool would start each worker by re-running the parent's main module, and
in a Streamlit server that is the app's own script.)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import sys
import traceback
from typing import IO, Any


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One message's pickle, not yet loaded (None: the stream ended)."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("<Q", head)
    body = stream.read(size)
    return body if len(body) == size else None


def load(frame: bytes) -> Any:
    """A message from its frame (the server's own pipes: nothing else is ever unpickled)."""
    return pickle.loads(frame)


def read_message(stream: IO[bytes]) -> Any | None:
    frame = read_frame(stream)
    return None if frame is None else load(frame)


def write_message(stream: IO[bytes], message: Any) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(body)) + body)
    stream.flush()


def main(argv: list[str]) -> None:
    if argv and int(argv[0]):
        with contextlib.suppress(OSError):  # not allowed here: run at the same priority
            os.nice(int(argv[0]))
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    from regviz.ui.memory import keep_freed_memory

    keep_freed_memory()
    from regviz.figures.render import render

    write_message(answers, ("ready", None))
    while (request := read_message(requests)) is not None:
        try:
            answer: tuple[str, Any] = ("ok", render(*request))
        except Exception:  # reported to the server, which logs it and tells the student in a word
            answer = ("crash", traceback.format_exc())
        write_message(answers, answer)


if __name__ == "__main__":
    main(sys.argv[1:])
