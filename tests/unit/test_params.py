"""Parameter declarations, the state and the URL codec, without Streamlit."""

from __future__ import annotations

import numpy as np
import pytest

from regviz.lessons.registry import DEFAULT, LESSONS, SCHEMA
from regviz.params import LAM_GRID, LESSON, SHARED, VIEW, Param, Schema, State, choice, snap_lam


def test_lam_grid_is_log_spaced_and_covers_every_builtin_lam_max() -> None:
    ratios = np.diff(np.log10(LAM_GRID))
    assert np.allclose(ratios, 0.1, atol=0.003)  # three significant digits
    assert DEFAULT.lam in LAM_GRID
    from regviz import datasets
    from regviz.fitting import lam_max
    from regviz.polyfit import poly_path

    for curve in (datasets.synthetic(300, 1.5, 3), datasets.diabetes_curve(300, 0)):
        fit = poly_path(curve, 20, "l1", 1.0, np.array(LAM_GRID))
        assert LAM_GRID[-1] >= fit.lam_max  # the top of the slider zeroes every weight
    table = datasets.diabetes()
    assert LAM_GRID[-1] >= lam_max(table.X, table.y, "l1")


def test_every_parameter_is_declared_once_with_a_scope() -> None:
    names = [p.name for p in SCHEMA.params]
    assert len(names) == len(set(names))
    for p in SCHEMA.params:
        assert p.scope in (SHARED, LESSON, VIEW)
        assert p.valid(p.default), p.name
        if p.scope == LESSON:
            assert p.name.startswith(f"{p.lesson}.") and p.lesson in {lesson.slug for lesson in LESSONS}
    with pytest.raises(ValueError, match="declared twice"):
        Schema((choice("x", ("a",), "a"), choice("x", ("a",), "a")))


def test_a_state_round_trips_through_its_url_on_every_page() -> None:
    state = DEFAULT.with_(
        {"penalty": "l0", "lam": LAM_GRID[7], "l1_ratio": 0.35, "degree": 13, "n": 123, "noise": 1.05, "seed": 777},
        data="diabetes",
        lang="zh",
        **{"geometry.corr": -0.3, "geometry.scale": 0.25, "geometry.useless": "1", "overfitting.bv_degree": True},
    )
    for page in (None, *(lesson.slug for lesson in LESSONS)):
        parsed, notices = SCHEMA.parse_query(SCHEMA.to_query(state, page))
        assert parsed == state and notices == []


def test_the_url_holds_the_pages_own_controls_and_others_only_when_changed() -> None:
    query = SCHEMA.to_query(DEFAULT, "overfitting")
    assert "overfitting.bv_degree" in query and "geometry.corr" not in query
    query = SCHEMA.to_query(DEFAULT.with_(**{"geometry.corr": 0.7}), "overfitting")
    assert query["geometry.corr"] == "0.7"


def test_a_state_is_immutable_and_hashable() -> None:
    s = DEFAULT.with_(degree=3)
    assert s["degree"] == s.degree == 3 and DEFAULT.degree == 9
    assert hash(s) == hash(DEFAULT.with_(degree=3)) and s != DEFAULT
    with pytest.raises(AttributeError):
        s.degree = 4  # type: ignore[misc]
    import pickle

    assert pickle.loads(pickle.dumps(s)) == s


def test_snap() -> None:
    assert snap_lam(0.0101) == 0.01 and snap_lam(1e-7) == LAM_GRID[0] and snap_lam(50) == LAM_GRID[-1]


def test_parse_handles_repeated_keys_and_whitespace() -> None:
    state, notices = SCHEMA.parse_query({"degree": ["3", "4"], "penalty": " l2 "})
    assert state.degree == 4 and state.penalty == "l2" and not notices


def test_numbers_snap_to_their_declared_steps() -> None:
    state, notices = SCHEMA.parse_query({"noise": "0.33", "geometry.corr": "0.71", "geometry.scale": "3.5"})
    assert (state.noise, state["geometry.corr"], state["geometry.scale"]) == (0.35, 0.7, 4.0) and not notices


def test_view_parameters_never_enter_a_panels_cache_key() -> None:
    views = {p.name for p in SCHEMA.params if p.scope == VIEW}
    assert views  # (the language)
    for lesson in LESSONS:
        for panel in lesson.panels:
            assert set(panel.depends) <= set(SCHEMA.compute_names()), (lesson.slug, panel.name)
            assert not set(panel.depends) & views


def test_a_custom_parameter_declares_its_domain() -> None:
    p = Param("k", 2, int, str)
    assert p.valid(2) and not p.valid("two")
    assert State({"a": 1}).with_(a=2)["a"] == 2
