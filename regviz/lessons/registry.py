"""The lessons of the app, in order, and the one cache of their panels' data.

The registry drives the navigation, the home page's list, the tests and the benchmarks:
adding a lesson is a page script, a lesson module, its texts and one entry in LESSONS.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from regviz.exercises import EXERCISES
from regviz.lectures import MAX_SCENES, lecture_name
from regviz.lessons import bayes, choosing, decay, geometry, norms, overfitting, paths
from regviz.lessons.base import Lesson, PanelData
from regviz.lessons.common import FIT
from regviz.params import (
    SHARED_PARAMS,
    VIEW,
    VIEW_PARAMS,
    Param,
    Schema,
    State,
    Widget,
    choice,
    flag,
    integer,
    name_list,
)

HOME = Lesson(slug="home", title="home.title", nav="nav.home", icon="🏠", page="pages/home.py")
LESSONS: tuple[Lesson, ...] = (
    geometry.LESSON,
    overfitting.LESSON,
    paths.LESSON,
    choosing.LESSON,
    decay.LESSON,
    bayes.LESSON,
    norms.LESSON,
)
PAGES: tuple[Lesson, ...] = (HOME, *LESSONS)
_CONTROLS = SHARED_PARAMS + VIEW_PARAMS + tuple(p for lesson in LESSONS for p in lesson.params)
# Presenter mode (regviz.ui.presenter): on or off, the lecture and its scene (0: none).
PRESENT = flag("present", False, Widget("toggle", "controls.present", "controls.present_help"), scope=VIEW, quiet=True)
LECTURE = Param("lecture", "default", lecture_name, str, scope=VIEW, quiet=True)  # built-in, or an upload
SCENE = integer("scene", 0, MAX_SCENES, 0, scope=VIEW, quiet=True)
# a lesson link's hidden controls
HIDE = name_list("hide", tuple(p.name for p in (*_CONTROLS, PRESENT) if p.widget is not None))
# Guided exercises (regviz.exercises): the open one, and those solved (a link hands them in).
EXERCISE_IDS = tuple(e.id for e in EXERCISES)
TASK = choice("task", ("", *EXERCISE_IDS), "", scope=VIEW, quiet=True)
DONE = name_list("done", EXERCISE_IDS)
SCHEMA = Schema((*_CONTROLS, HIDE, PRESENT, LECTURE, SCENE, TASK, DONE))
SLUGS = frozenset(lesson.slug for lesson in LESSONS)
DEFAULT = SCHEMA.default()
# Bytes of panel data kept (arrays, plus VALUES_BYTES each for the scalars). A worker keeps
# what its other panels reuse; the server keeps the data of its students' current states for
# the pages' words (regviz.ui.live raises it): one it no longer holds is computed again.
CACHE_BYTES = 16 * 2**20
VALUES_BYTES = 1024

_CACHE: OrderedDict[tuple[Any, ...], tuple[PanelData, int]] = OrderedDict()
_HELD = [0, CACHE_BYTES]  # bytes held, bytes allowed
_READS = [0, 0]  # reads, and those that had to compute (bench/load.py reports them)
_LOCK = threading.Lock()


def build(lesson: Lesson, name: str, state: State) -> PanelData:
    """Compute a panel's data here (the default source: tests, the worker, a notebook)."""
    return lesson.panel(name).build(state)


Source = Callable[[Lesson, str, State], PanelData]
_SOURCE: list[Source] = [build]


def set_source(source: Source) -> None:
    """Where panel data comes from in this process: the app's server asks its worker."""
    _SOURCE[0] = source


def lesson(slug: str) -> Lesson:
    return next(p for p in PAGES if p.slug == slug)


def panel_key(lesson: Lesson, name: str, state: State) -> tuple[Any, ...]:
    """What a panel's data depends on: its lesson, its name and its declared parameters."""
    return (lesson.slug, name, state.subset(lesson.panel(name).depends))


# What the lessons' shared, cached computations depend on: the 1-D fit and the two-feature problem.
PROBLEM = (*FIT, "degree", *geometry.NAMES)


def affinity(state: State) -> int:
    """Which worker process a state's panels prefer: the one that has its problem cached."""
    return zlib.crc32(repr(state.subset(PROBLEM)).encode())  # the same in every process and run


def remember(lesson: Lesson, name: str, state: State, data: PanelData) -> None:
    """Keep a panel's data that came another way (a worker computed it along with another)."""
    key = panel_key(lesson, name, state)
    size = sum(a.nbytes for a in data.arrays.values()) + VALUES_BYTES
    with _LOCK:
        if key in _CACHE:
            _HELD[0] -= _CACHE[key][1]
        _CACHE[key] = (data, size)
        _CACHE.move_to_end(key)
        _HELD[0] += size
        _trim()


def keep_bytes(limit: int) -> None:
    """How many bytes of panel data this process keeps (the oldest used go first)."""
    with _LOCK:
        _HELD[1] = limit
        _trim()


def cache_stats() -> dict[str, int]:
    """Reads of panel data so far, those that had to compute it, and what is held now."""
    with _LOCK:
        return {"reads": _READS[0], "misses": _READS[1], "entries": len(_CACHE), "bytes": _HELD[0]}


def _trim() -> None:
    """Drop the least recently used until within the limit (the newest stays, whatever its size)."""
    while _HELD[0] > _HELD[1] and len(_CACHE) > 1:
        _HELD[0] -= _CACHE.popitem(last=False)[1][1]


def panel_data(lesson: Lesson, name: str, state: State) -> PanelData:
    """A panel's data for a state, computed once per key (bounded LRU, shared by sessions)."""
    key = panel_key(lesson, name, state)
    with _LOCK:
        _READS[0] += 1
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key][0]
        _READS[1] += 1
    data = _SOURCE[0](lesson, name, state)
    remember(lesson, name, state, data)
    return data
