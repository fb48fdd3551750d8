"""The boxes of controls (regviz.ui.inputs): what they offer, and how a run takes their reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from regviz.lessons.registry import SCHEMA
from regviz.ui.inputs import MAX_MOVES, SIDEBAR_KEY, lesson_key
from tests.app.conftest import box_item, box_items, move_in_box, open_app, send_state


def report(at: Any, key: str, moves: dict[str, Any], seq: Any) -> Any:
    return send_state(at, key, "moves", {"moves": moves, "seq": seq})


def seen(at: Any, key: str) -> Any:
    """The last report of box ``key`` that a run took, as the box's data tells the browser."""
    boxes = [json.loads(c.proto.bytes) for c in at.get("bidi_component") if c.proto.component_name == "regviz.inputs"]
    return next(box["seen"] for box in boxes if box["key"] == key)


def test_the_sidebar_and_a_lesson_are_one_box_each_with_every_control_of_the_page() -> None:
    at = open_app({"penalty": "elasticnet"}, page="pages/geometry.py")
    boxes = box_items(at)
    assert set(boxes) == {SIDEBAR_KEY, lesson_key("geometry")}
    named = [i.get("name", i["kind"]) for i in boxes[SIDEBAR_KEY]]
    shared = ["lang", "header", "penalty", "lam", "l1_ratio", "degree", "header", "data", "n", "noise", "seed"]
    assert named == [*shared, "seed", "present"]  # the New sample button moves the seed
    assert [i["name"] for i in boxes[lesson_key("geometry")]] == [
        p.name for p in SCHEMA.params if p.lesson == "geometry"
    ]
    assert not at.selectbox and not at.slider and not at.number_input  # no Streamlit widget for them
    penalty = box_item(at, "penalty")
    assert penalty["kind"] == "select" and penalty["value"] == "elasticnet"
    assert [value for value, _ in penalty["options"]] == list(SCHEMA.by_name["penalty"].options)
    assert box_item(at, "n")["min"] == SCHEMA.by_name["n"].bounds[0] and box_item(at, "noise")["step"] == 0.05
    assert [value for value, _ in box_item(at, "present")["options"]] == ["0", "1"]  # off, on


def test_a_control_the_state_disables_is_greyed_and_keeps_its_value() -> None:
    at = open_app({"data": "diabetes", "noise": "0.5"}, page="pages/overfitting.py")
    noise = box_item(at, "noise")
    assert noise["disabled"] and noise["value"] == "0.5"  # real data have their own noise
    assert not box_item(open_app(page="pages/overfitting.py"), "noise").get("disabled")


def test_moves_made_while_a_run_was_busy_all_arrive_in_one_report() -> None:
    at = open_app(page="pages/geometry.py")
    report(at, SIDEBAR_KEY, {"degree": "4", "n": "60", "penalty": "l2"}, 1)
    assert not at.exception
    assert (at.query_params["degree"], at.query_params["n"], at.query_params["penalty"]) == ("4", "60", "l2")
    assert seen(at, SIDEBAR_KEY) == 1  # the browser learns that report 1 was taken, and stops sending its moves


def test_a_report_is_taken_once() -> None:
    at = open_app(page="pages/geometry.py")
    report(at, SIDEBAR_KEY, {"degree": "4"}, 7)
    at.query_params["degree"] = "6"
    at.run()  # a link moved the degree; the box's old report (still in its state) must not win again
    assert at.query_params["degree"] == "6" and box_item(at, "degree")["value"] == "6"
    report(at, SIDEBAR_KEY, {"degree": "4"}, 8)  # the same value, moved again: a new report
    assert at.query_params["degree"] == "4"


@pytest.mark.parametrize(
    "moves",
    [
        {"degree": "x"},
        {"degree": "99"},
        {"degree": "-1"},
        {"degree": 4},  # not text
        {"penalty": "bogus"},
        {"bogus": "1"},
        {"lam": "0.1"},  # λ comes from its slider's own report
        {"hide": "degree"},  # not a control
        {"data": "csv-" + "0" * 12},  # an upload this session does not hold
        {"noise": "1e999"},
        {"noise": "nan"},
        {"seed": "9" * 400},
        {f"n{k}": "1" for k in range(MAX_MOVES + 1)},
    ],
)
def test_a_bad_report_changes_nothing_and_the_page_keeps_working(moves: dict[str, Any]) -> None:
    at = open_app(page="pages/overfitting.py")
    before = dict(at.query_params)
    report(at, SIDEBAR_KEY, moves, 1)
    assert not at.exception and not at.error
    assert dict(at.query_params) == before
    move_in_box(at, "degree", "3")  # and the next move works
    assert at.query_params["degree"] == "3"


@pytest.mark.parametrize("value", [None, "text", 3, [1, 2], {"moves": "x", "seq": 1}, {"moves": {"n": "40"}}])
def test_a_malformed_state_from_the_browser_is_ignored(value: Any) -> None:
    at = open_app(page="pages/geometry.py")
    before = dict(at.query_params)
    send_state(at, SIDEBAR_KEY, "moves", value)
    assert not at.exception and dict(at.query_params) == before


def test_a_lesson_box_moves_its_own_parameters() -> None:
    at = open_app(page="pages/geometry.py")
    report(at, lesson_key("geometry"), {"geometry.corr": "-0.3"}, 1)
    assert at.query_params["geometry.corr"] == "-0.3"
    assert box_item(at, "geometry.corr")["value"] == "-0.3"


def test_every_declared_control_gives_the_browser_what_its_kind_needs() -> None:
    from regviz.lessons.registry import DEFAULT
    from regviz.ui.inputs import item

    for p in SCHEMA.params:
        if p.widget is None or p.widget.kind == "lam":
            continue
        got = item(p, DEFAULT)
        assert got["label"] and got["value"] == p.encode(DEFAULT[p.name]), p.name
        if p.widget.kind in ("slider", "number"):
            assert got["min"] < got["max"] and got["step"] > 0, p.name
            assert p.parse(got["value"]) == DEFAULT[p.name]
        else:
            values = [value for value, _ in got["options"]]
            assert got["value"] in values and all(p.parse(v) is not None for v in values), p.name
            assert all(label for _, label in got["options"]), p.name
