"""regviz.ui.warm: the nearby degrees' frames are built once, in the background."""

from __future__ import annotations

import pytest

from regviz.errors import InputError
from regviz.ui import views, warm
from regviz.ui.state import DEFAULT


def _drain() -> None:
    warm._EXECUTOR.submit(lambda: None).result(timeout=600)  # one worker: queued work is done


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, float]]:
    _drain()  # pages opened by earlier tests queued real work: let it finish first
    calls: list[tuple[str, int, float]] = []
    for name in ("poly_geometry_along_lam", "fit_frames", "error_frames"):

        def record(s, name=name):
            calls.append((name, s.degree, s.lam))
            if s.degree == 12:
                raise InputError("bad_degree", maximum=11, degree=12)

        monkeypatch.setattr(views, name, record)
    monkeypatch.setattr(warm, "_SEEN", type(warm._SEEN)())
    return calls


def test_nearby_degrees_closest_first_and_within_range() -> None:
    assert [s.degree for s in warm.nearby(DEFAULT.with_(degree=9))] == [9, 8, 10, 7, 11]
    assert [s.degree for s in warm.nearby(DEFAULT.with_(degree=1))] == [1, 2, 3]
    assert [s.degree for s in warm.nearby(DEFAULT.with_(degree=20))] == [20, 19, 18]
    assert {s.lam for s in warm.nearby(DEFAULT.with_(lam=1.0))} == {DEFAULT.lam}  # frames cover every λ


def test_a_state_is_warmed_once_whatever_its_lambda(built) -> None:
    warm.around(DEFAULT.with_(degree=10, lam=0.1))
    warm.around(DEFAULT.with_(degree=10, lam=1.0))  # same frames: nothing more to do
    _drain()
    degrees = [d for name, d, _ in built if name == "fit_frames"]
    assert degrees == [10, 9, 11, 8]  # 12 stops at its first builder: the lessons show it as a message
    assert all(lam == DEFAULT.lam for *_, lam in built)
    assert [d for name, d, _ in built if name == "poly_geometry_along_lam"] == [10, 9, 11, 8, 12]


def test_degree_one_has_no_pair_of_weights_to_draw() -> None:
    assert views.poly_geometry_along_lam(DEFAULT.with_(degree=1)) is None
    frames, words = views.poly_geometry_along_lam(DEFAULT.with_(degree=2))
    assert len(words) == len(frames["values"][0]) == 61
