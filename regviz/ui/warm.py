"""Warm the lessons' caches around a state in the background, while students think.

The first visit of a state costs its frames a few hundred ms of the process's one
core (61 charts each); under a full class that pause lands on everyone's next rerun.
Measured with bench/load.py (300 students): rerun p95 336 ms without this warming,
162 ms with it. So when a page shows a state for the first time, one
background thread builds both lessons' frames at that state and at the nearby
degrees, where students go next.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from regviz.errors import InputError
from regviz.ui import views
from regviz.ui.state import DEGREE_RANGE, AppState

NEARBY = 2  # degrees on each side
_SEEN_MAX = 1024

_LOG = logging.getLogger(__name__)
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regviz-warm")
_SEEN: OrderedDict[AppState, None] = OrderedDict()
_LOCK = threading.Lock()


def nearby(state: AppState) -> list[AppState]:
    """The states to warm for this one (λ-free): its degree first, then the closest degrees."""
    key = views.lam_free(state)
    lo, hi = DEGREE_RANGE
    degrees = sorted(
        range(max(lo, state.degree - NEARBY), min(hi, state.degree + NEARBY) + 1), key=lambda d: abs(d - state.degree)
    )
    return [key.with_(degree=d) for d in degrees]


def around(state: AppState) -> None:
    """Queue the frames of this state's neighbourhood, once per state (returns at once)."""
    key = views.lam_free(state)
    with _LOCK:
        if key in _SEEN:
            _SEEN.move_to_end(key)
            return
        _SEEN[key] = None
        while len(_SEEN) > _SEEN_MAX:
            _SEEN.popitem(last=False)
    _EXECUTOR.submit(_warm, nearby(state))


def _warm(states: list[AppState]) -> None:
    for s in states:
        try:
            views.poly_geometry_along_lam(s)
            views.fit_frames(s)
            views.error_frames(s)
        except InputError:  # a state the lessons show as a message (e.g. L0 past 15 features)
            continue
        except Exception:  # a background thread has no page to show an error on
            _LOG.exception("warming the caches for %s failed", s)
