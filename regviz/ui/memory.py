"""Keep freed memory for the next array instead of handing it back to the kernel; keep the
server's startup objects out of the cyclic garbage collector's full passes.

glibc serves a request above its mmap threshold (128 KiB, rising to at most 32 MiB as
big blocks are freed) with fresh pages from the kernel and returns the heap's top once
more than twice that is free. A panel's computation makes many short-lived arrays of a
few MiB (a path's KKT check: 200 problems × 61 λ × 20 weights, 2 MiB each); every one
of them then costs its pages' first-touch faults, ~1 ms per 2 MiB, more than the
arithmetic in it. A worker (regviz.ui.worker) sets both thresholds once, at its start,
so such arrays reuse the heap: freed memory stays with the process up to TRIM bytes (its
peak, not more). bench/worker_settings.py measures it. The server's own arrays are small:
its λ rerun is the same either way (bench/rerun_cost.py), so it keeps glibc's defaults.

Only glibc has ``mallopt``; elsewhere (musl, macOS, Windows) this does nothing, and an
explicit ``MALLOC_MMAP_THRESHOLD_`` or ``MALLOC_TRIM_THRESHOLD_`` in the environment wins.

A full collection holds the GIL while it walks every tracked object: in the server under a
hall's load, ~9 of them a minute and a half, 170–230 ms each, every session's move waiting
(bench/load.py, instrumented). Half the objects it walked were the modules, functions and
classes that the imports and the first run made, which live as long as the process. The
server freezes them once, after its first run (``gc.freeze``): later full passes walk only
what the sessions made (110 ms instead of 170–230 in the same runs). And it lets the middle
generation fill for ten times longer (100 young collections instead of 10, ~10 s under that
load): what a session makes for one run lives a few seconds and then goes, and promoted to
the oldest generation it only counted towards the next full pass (one full pass in two runs
of 300 students instead of 8–9; the middle ones ~40 ms, 14 of them instead of 90 of 5 ms).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP = 64 * 2**20  # arrays up to this size come from the heap
TRIM = 256 * 2**20  # free memory kept at the heap's top before it goes back


def keep_freed_memory() -> bool:
    """Set glibc's thresholds in this process; True where they were set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    done = True
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        done &= bool(mallopt(M_MMAP_THRESHOLD, MMAP))
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        done &= bool(mallopt(M_TRIM_THRESHOLD, TRIM))
    return done


_FREEZE = [False]  # set where the app is served (regviz.ui.serve), not in tests' own runs
MIDDLE = 100  # young collections between two of the middle generation (CPython's default: 10)


def freeze_after_first_run() -> None:
    _FREEZE[0] = True


def settle() -> None:
    """The end of a script run: the first one in a served process collects and freezes the heap."""
    if _FREEZE[0]:
        _FREEZE[0] = False
        gc.collect()
        gc.freeze()
        young, _, old = gc.get_threshold()
        gc.set_threshold(young, MIDDLE, old)
