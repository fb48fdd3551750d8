"""Packing a chart along the λ grid for the client-side panels."""

from __future__ import annotations

import numpy as np

from regviz.figures.frames import pack, unpack
from regviz.figures.theme import figure, scatter


def chart(i: int, extra_trace: bool = False) -> object:
    traces = [scatter(np.arange(3.0), np.arange(3.0) * i, f"curve {i}"), scatter([0.0], [1.0], "fixed")]
    if extra_trace:
        traces.append(scatter([1.0], [1.0], "sometimes"))
    return figure(traces, {"title": {"text": "same"}, "height": 300})


def test_only_what_changes_is_stored_per_frame() -> None:
    frames = [chart(i) for i in range(5)]
    packed = pack(frames)
    assert sorted(map(tuple, packed["paths"])) == [("data", 0, "name"), ("data", 0, "y")]
    for i, f in enumerate(frames):
        assert unpack(packed, i) == f.to_dict()


def test_frames_of_different_structure_are_stored_whole() -> None:
    frames = [chart(0), chart(1, extra_trace=True), chart(2)]
    packed = pack(frames)
    assert packed["paths"] == [[]]
    assert [unpack(packed, i) for i in range(3)] == [f.to_dict() for f in frames]


def test_version_changes_with_the_frames() -> None:
    a, b = pack([chart(i) for i in range(3)]), pack([chart(i) for i in range(1, 4)])
    assert a["version"] != b["version"] and a["version"] == pack([chart(i) for i in range(3)])["version"]
