"""Every page loads through the registry; each control, moved alone, changes what is drawn."""

from __future__ import annotations

import pytest

from regviz.lessons.registry import LESSONS, SCHEMA
from regviz.params import LAM_GRID, SHARED, SHARED_PARAMS, VIEW
from regviz.text import t
from regviz.ui.inputs import SIDEBAR_KEY
from tests.app.conftest import (
    LESSON_SCRIPTS,
    PAGE_SCRIPTS,
    box_item,
    box_items,
    chart_keys,
    drawn,
    move_in_box,
    open_app,
    other_value,
    panel_elements,
    payload,
    set_lam,
    set_param,
    texts,
    view,
)


@pytest.mark.parametrize("page", PAGE_SCRIPTS)
def test_every_page_loads_without_exception(page: str) -> None:
    at = open_app(page=page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    if page in LESSON_SCRIPTS:
        keys = chart_keys(at)
        assert keys  # every lesson page draws charts
        for key in keys:
            p = payload(key)
            assert isinstance(p, dict), p
            assert all(len(v) == len(LAM_GRID) for k, v in p["arrays"].items() if k in ("w", "coefs", "bias2"))


def test_entry_point_writes_the_complete_state_to_the_url() -> None:
    at = open_app()
    # every shared and view parameter but the quiet ones (the hide list), written only when set
    expected = {p.name: p.encode(p.default) for p in SCHEMA.params if p.scope in (SHARED, VIEW) and not p.quiet}
    assert dict(at.query_params) == expected
    at.switch_page("pages/geometry.py").run()
    own = {p.name: p.encode(p.default) for p in LESSONS[0].params}
    assert dict(at.query_params) == {**expected, **own}  # the page's own controls too


def _page_params(lesson) -> list[str]:
    return [p.name for p in (*SHARED_PARAMS, *lesson.params) if p.widget is not None] + ["lang"]


def _start(lesson, name: str) -> dict[str, str] | None:
    """A state in which the page uses the control (ρ is shown for Elastic Net only), or None."""
    start = {"penalty": "elasticnet"} if name == "l1_ratio" else {}
    for extra in ({}, {"decay.problem": "poly"}):  # the weight-decay page's polynomial problem
        state = SCHEMA.parse_query({**start, **extra})[0]
        if name not in lesson.unused(state):
            return {**start, **extra}
    return None


CASES = [(lesson, name) for lesson in LESSONS for name in _page_params(lesson)]


@pytest.mark.parametrize("lesson,name", CASES, ids=lambda x: getattr(x, "slug", x))
def test_one_control_at_a_time_changes_what_is_drawn(lesson, name: str) -> None:
    start, page = _start(lesson, name), lesson.page
    if start is None:  # the page never reads it: the sidebar greys it out and says why
        at = open_app({"penalty": "elasticnet"} if name == "l1_ratio" else {}, page)
        item = box_item(at, name)
        assert item["disabled"] and item["help"] == t("controls.unused_here", "en")
        return
    at = open_app(start, page)
    before_data, before_words, before_lam = drawn(at), view(at)[-1], [e["lam"] for e in panel_elements(at)]
    value = other_value(name)
    set_param(at, name, value)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.query_params[name] == SCHEMA.by_name[name].encode(value)
    if name == "lam":  # λ is an axis of the data: the same payloads, drawn at another index
        assert drawn(at) == before_data
        assert [e["lam"] for e in panel_elements(at)] != before_lam
        assert view(at)[-1] != before_words
    else:
        assert drawn(at) != before_data


def test_elastic_net_ratio_and_new_sample_button() -> None:
    at = open_app({"penalty": "elasticnet"}, page="pages/geometry.py")
    before = drawn(at)
    set_param(at, "l1_ratio", 0.9)
    assert not at.exception and drawn(at) != before
    assert at.query_params["l1_ratio"] == "0.9"
    before = drawn(at)
    new_sample = next(i for i in box_items(at)[SIDEBAR_KEY] if i["kind"] == "button")
    assert new_sample["label"] == "🎲 New sample" and new_sample["name"] == "seed"
    move_in_box(at, "seed", new_sample["value"])  # what the browser sends when it is pressed
    assert at.query_params["seed"] == "1" and drawn(at) != before


def test_hidden_ratio_keeps_its_value() -> None:
    at = open_app({"penalty": "elasticnet", "l1_ratio": "0.2"})
    set_param(at, "penalty", "l1")
    assert at.query_params["l1_ratio"] == "0.2"
    set_param(at, "penalty", "elasticnet")
    assert box_item(at, "l1_ratio")["value"] == "0.2"


def test_switching_pages_keeps_the_state() -> None:
    at = open_app({"penalty": "l2", "lam": "0.1", "degree": "5"}, page="pages/geometry.py")
    at.switch_page("pages/overfitting.py").run()
    assert at.query_params["penalty"] == "l2" and at.query_params["degree"] == "5"
    assert at.query_params["lam"] == "0.1"
    assert box_item(at, "penalty")["value"] == "l2"


def test_l0_beyond_fifteen_features_explains_instead_of_failing() -> None:
    at = open_app({"penalty": "l0", "degree": "20"}, page="pages/overfitting.py")
    assert not at.exception
    assert "at most 15 features" in texts(at)
    at.switch_page("pages/geometry.py").run()
    assert not at.exception and "at most 15 features" in texts(at)


def test_diabetes_has_no_bias_variance_but_says_why() -> None:
    at = open_app({"data": "diabetes"}, page="pages/overfitting.py")
    assert not at.exception
    assert t("overfit.no_truth", "en") in texts(at)
    assert all(c["extra"] is None for e in panel_elements(at) for c in e["charts"])  # no band of refits


def test_page_local_controls_survive_a_page_switch_and_live_in_the_link() -> None:
    at = open_app(page="pages/geometry.py")
    set_param(at, "geometry.corr", -0.5)
    assert at.query_params["geometry.corr"] == "-0.5"
    at.switch_page("pages/overfitting.py").run()
    assert at.query_params["geometry.corr"] == "-0.5"  # another lesson's control, not at its default
    at.switch_page("pages/geometry.py").run()
    assert box_item(at, "geometry.corr")["value"] == "-0.5"


def test_verdict_words_follow_the_state() -> None:
    over = open_app({"penalty": "none", "degree": "15", "n": "20", "seed": "1"}, page="pages/overfitting.py")
    assert "Overfitting" in texts(over)
    under = open_app({"penalty": "l2", "lam": "10", "degree": "3"}, page="pages/overfitting.py")
    assert "Underfitting" in texts(under)
    good = open_app({"penalty": "l2", "lam": "0.001", "degree": "5", "n": "100"}, page="pages/overfitting.py")
    assert "A good fit" in texts(good)


def test_the_lambda_slider_moves_the_shared_state() -> None:
    at = open_app(page="pages/overfitting.py")
    formula = at.latex[0].value
    set_lam(at, 0.1)
    assert at.query_params["lam"] == "0.1" and at.latex[0].value != formula
    at.switch_page("pages/geometry.py").run()
    assert all(e["lam"] == LAM_GRID.index(0.1) for e in panel_elements(at))
