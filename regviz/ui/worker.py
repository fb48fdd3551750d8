"""A worker process: compute panels' payloads for the server, one request at a time.

Run by regviz.ui.work as ``python -m regviz.ui.worker [nice]``. Requests and answers are
pickles on stdin and stdout, each after its length (8 bytes, little-endian); a request is
one panel's ``render`` arguments (a tuple) or several of them (a list, answered by a list:
a page's light panels in one exchange), or an uploaded file to read (``ReadUpload``). The
worker imports only the pure package (no Streamlit), and exits when its stdin closes —
which is what happens when the server stops or dies, so no worker outlives its server. (A
multiprocessing pool would start each worker by re-running the parent's main module, and
in a Streamlit server that is the app's own script.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import struct
import sys
import traceback
from dataclasses import dataclass
from typing import IO, Any

PIPE_SIZE = 1 << 20  # Linux's default most: a page's answers fit whole


def widen(fd: int) -> None:
    """Let a pipe hold a whole answer: the worker writes it at once and is free again, and
    the server reads it in one system call (each call gives the GIL away, and a busy
    server's thread waits its turn to take it back; bench/load.py measured that wait)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or over the user's pipe quota
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


class Reader:
    """Frames from a pipe's raw descriptor, each in as few reads as it allows."""

    def __init__(self, fd: int) -> None:
        self._raw = open(fd, "rb", buffering=0, closefd=False)  # noqa: SIM115 (the pipe's owner closes it)
        self._buffer = bytearray(PIPE_SIZE)

    def frame(self) -> bytes | None:
        """One frame's pickle (None: the stream ended). A request, then its answer: one frame
        at a time is ever in the pipe, so the first read may take whatever is there."""
        got, need = 0, 8
        while got < need:
            if need > len(self._buffer):
                self._buffer.extend(bytes(need - len(self._buffer)))
            n = self._raw.readinto(memoryview(self._buffer)[got : need if got >= 8 else None])
            if not n:
                return None
            got += n
            if need == 8 and got >= 8:
                need += int.from_bytes(self._buffer[:8], "little")
        return bytes(memoryview(self._buffer)[8:need]) if got == need else None


def load(frame: bytes) -> Any:
    """A message from its frame (the server's own pipes: nothing else is ever unpickled)."""
    return pickle.loads(frame)


def write_message(stream: IO[bytes], message: Any) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(body)) + body)
    stream.flush()


@dataclass(frozen=True)
class ReadUpload:
    """A request to read an uploaded file (regviz.upload.table_or_error) instead of a panel."""

    data: bytes


def lower_priority(nice: int) -> None:
    """A background worker: nice, and where Linux allows it SCHED_IDLE, which runs it only on
    a core nothing else wants. Nice alone still takes its weight's share of a busy core (~10 %
    beside each nice-0 process at nice 10), and at a hall's peak minute the cores are busy."""
    with contextlib.suppress(OSError):  # not allowed here: run at the same priority
        os.nice(nice)
    with contextlib.suppress(OSError, AttributeError):  # not Linux: nice only
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def main(argv: list[str]) -> None:
    if argv and int(argv[0]):
        lower_priority(int(argv[0]))
    requests, answers = Reader(sys.stdin.fileno()), sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    from regviz.ui.memory import keep_freed_memory

    keep_freed_memory()
    from regviz.figures.render import render
    from regviz.ui.worker import ReadUpload as Upload  # the server's class (run as __main__, ours is another)
    from regviz.upload import table_or_error

    write_message(answers, ("ready", None))
    while (frame := requests.frame()) is not None:
        request = load(frame)
        try:
            result: Any
            if isinstance(request, Upload):
                result = table_or_error(request.data)
            elif isinstance(request, list):
                result = [render(*one) for one in request]
            else:
                result = render(*request)
            answer: tuple[str, Any] = ("ok", result)
        except Exception:  # reported to the server, which logs it and tells the student in a word
            answer = ("crash", traceback.format_exc())
        write_message(answers, answer)


if __name__ == "__main__":
    main(sys.argv[1:])
