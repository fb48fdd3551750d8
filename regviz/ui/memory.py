"""Keep freed memory for the next array instead of handing it back to the kernel.

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
"""

from __future__ import annotations

import ctypes
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
