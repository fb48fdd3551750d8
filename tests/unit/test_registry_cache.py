"""The cache of panels' data is bounded by bytes: the least recently used goes first."""

from __future__ import annotations

import numpy as np
import pytest

from regviz.lessons import registry
from regviz.lessons.base import PanelData
from regviz.lessons.registry import DEFAULT, LESSONS

LESSON = LESSONS[0]
PANEL = LESSON.panels[0].name
KIB = 1024


def states(count: int) -> list:
    """States with different keys of the panel (its data's seed differs)."""
    assert "seed" in LESSON.panel(PANEL).depends
    return [DEFAULT.with_({"seed": k}) for k in range(count)]


def data(kib: int) -> PanelData:
    return PanelData({"a": np.zeros(kib * KIB // 8)})


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list:
    """The panel data a source was asked for, with a 100 KiB limit (restored after)."""
    asked: list = []

    def source(lesson, name, state):
        asked.append(state["seed"])
        return data(20 - registry.VALUES_BYTES // KIB)  # 20 KiB with its scalars

    monkeypatch.setattr(registry, "_SOURCE", [source])
    monkeypatch.setattr(registry, "_CACHE", type(registry._CACHE)())
    monkeypatch.setattr(registry, "_HELD", [0, 100 * KIB])
    monkeypatch.setattr(registry, "_READS", [0, 0])
    return asked


def test_data_within_the_limit_is_computed_once(computed: list) -> None:
    for s in states(5) * 3:
        registry.panel_data(LESSON, PANEL, s)
    assert computed == [0, 1, 2, 3, 4]
    assert registry._HELD[0] == 100 * KIB
    assert registry.cache_stats() == {"reads": 15, "misses": 5, "entries": 5, "bytes": 100 * KIB}


def test_past_the_limit_the_least_recently_used_goes(computed: list) -> None:
    s = states(6)
    for k in range(5):
        registry.panel_data(LESSON, PANEL, s[k])
    registry.panel_data(LESSON, PANEL, s[0])  # read again: now the most recent
    registry.panel_data(LESSON, PANEL, s[5])  # 120 KiB: one must go, the oldest read (1)
    for k in (0, 2, 3, 4, 5):
        registry.panel_data(LESSON, PANEL, s[k])
    assert computed == [0, 1, 2, 3, 4, 5]
    registry.panel_data(LESSON, PANEL, s[1])
    assert computed == [0, 1, 2, 3, 4, 5, 1]
    assert registry._HELD[0] == 100 * KIB


def test_a_lower_limit_drops_the_oldest_at_once(computed: list) -> None:
    for s in states(5):
        registry.panel_data(LESSON, PANEL, s)
    registry.keep_bytes(40 * KIB)
    assert registry._HELD == [40 * KIB, 40 * KIB] and len(registry._CACHE) == 2
    for s in states(5)[3:]:
        registry.panel_data(LESSON, PANEL, s)
    assert computed == [0, 1, 2, 3, 4]


def test_remembering_a_key_again_counts_its_bytes_once(computed: list) -> None:
    s = states(1)[0]
    registry.remember(LESSON, PANEL, s, data(10))
    registry.remember(LESSON, PANEL, s, data(30))
    assert registry._HELD[0] == 30 * KIB + registry.VALUES_BYTES and len(registry._CACHE) == 1
    assert registry.panel_data(LESSON, PANEL, s)["a"].nbytes == 30 * KIB and computed == []


def test_the_server_keeps_its_students_data_for_the_words() -> None:
    """A hall of 300 held ~3,000 panels' data (~20 KiB each) in bench/load.py's explore run."""
    import regviz.ui.live as live

    assert live.DATA_BYTES >= 3000 * 20 * KIB
    assert registry._HELD[1] == live.DATA_BYTES
