"""Optional server-side timing of script runs, for bench/latency.py (off unless asked).

Set REGVIZ_TIMING_LOG=/path/file and every script run appends its wall time in
milliseconds; without the variable this is a no-op.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def script_timer() -> Iterator[None]:
    path = os.environ.get("REGVIZ_TIMING_LOG")
    start = time.perf_counter()
    try:
        yield
    finally:
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{(time.perf_counter() - start) * 1e3:.3f}\n")
