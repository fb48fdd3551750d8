"""Lesson links with hidden controls (``hide=degree,noise``): the controls are gone, their
values stay in the state and the address; a bad list is refused with a notice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from regviz.lessons.registry import HIDE, SCHEMA
from regviz.ui.controls import widget_key
from regviz.ui.inputs import LAM_KEY, SIDEBAR_KEY
from tests.app.conftest import box_items, open_app, set_param

KINDS = ("slider", "selectbox", "number_input", "select_slider", "radio", "toggle")


def widget_keys(at: AppTest) -> set[str]:
    """The controls on the page: Streamlit widgets by key, a box's by the key its widget would have."""
    keys = {w.key for kind in KINDS for w in getattr(at, kind)}
    for item in (item for items in box_items(at).values() for item in items):
        if item["kind"] == "lam":
            keys.add(LAM_KEY)
        elif item["kind"] not in ("header", "button"):
            keys.add(widget_key(item["name"]))
    return keys


def test_hidden_controls_are_gone_and_keep_their_link_values() -> None:
    query = {"degree": "4", "noise": "0.9", "geometry.corr": "0.7", "hide": "noise,geometry.corr,degree"}
    shown = open_app({"degree": "4", "noise": "0.9", "geometry.corr": "0.7"}, page="pages/geometry.py")
    at = open_app(query, page="pages/geometry.py")
    assert not at.exception and not at.warning
    gone = {"ctl_degree", "ctl_noise", "ctl_geometry.corr"}
    assert gone <= widget_keys(shown)  # without the flag they are there …
    assert not gone & widget_keys(at)  # … and with it they are not
    assert "ctl_penalty" in widget_keys(at) and LAM_KEY in widget_keys(at)  # the others stay
    # the values the link set are the state's and stay in the address, in one spelling
    assert at.query_params["degree"] == "4" and at.query_params["noise"] == "0.9"
    assert at.query_params["geometry.corr"] == "0.7"
    assert at.query_params["hide"] == "degree,noise,geometry.corr"
    set_param(at, "penalty", "l2")  # a move keeps the hidden values and the flag
    assert at.query_params["degree"] == "4" and at.query_params["hide"] == "degree,noise,geometry.corr"
    assert not {"ctl_degree", "ctl_noise"} & widget_keys(at)


def test_hiding_lambda_hides_every_lambda_control() -> None:
    at = open_app({"hide": "lam", "lam": "0.1"}, page="pages/choosing.py")
    assert not at.exception
    assert LAM_KEY not in widget_keys(at)
    assert not [b for b in at.button if "λ" in b.label]  # no "set λ to λ_min"
    assert at.query_params["lam"] == "0.1"
    bayes = open_app({"hide": "lam", "penalty": "l2"}, page="pages/bayes.py")
    assert not [k for k in widget_keys(bayes) if k.startswith("ctl_lam_as")]  # the prior scale moves λ


def test_hiding_the_data_controls_drops_their_header_and_buttons() -> None:
    at = open_app({"hide": "data,n,noise,seed"}, page="pages/overfitting.py")
    assert not at.exception
    sidebar = box_items(at)[SIDEBAR_KEY]
    assert "Data" not in [i["label"] for i in sidebar if i["kind"] == "header"]
    assert "Model" in [i["label"] for i in sidebar if i["kind"] == "header"]
    assert not [i for i in sidebar if i["kind"] == "button"]  # no "New sample"
    shown = box_items(open_app({"hide": "data,n,noise"}, page="pages/overfitting.py"))[SIDEBAR_KEY]
    assert "Data" in [i["label"] for i in shown if i["kind"] == "header"]
    assert [i["label"] for i in shown if i["kind"] == "button"] == ["🎲 New sample"]


@pytest.mark.parametrize("value", ["degree,bogus", "degree;noise", "<script>", "x" * 300])
def test_a_bad_hide_list_shows_every_control_with_a_notice(value: str) -> None:
    at = open_app({"hide": value, "lang": "zh"}, page="pages/geometry.py")
    assert not at.exception
    assert "ctl_degree" in widget_keys(at)
    assert any("`hide`" in w.value and "全部控件" in w.value for w in at.warning)
    assert "hide" not in at.query_params  # rewritten to the valid state


def test_the_list_has_one_spelling_and_names_only_controls() -> None:
    assert HIDE.parse(" noise , degree,degree,") == "degree,noise"
    assert HIDE.parse("") == ""
    for bad in ("bogus", "degree,hide", "geometry"):
        with pytest.raises(ValueError):
            HIDE.parse(bad)
    every = ",".join(p.name for p in SCHEMA.params if p.widget is not None)
    assert len(every) <= HIDE.max_length and HIDE.parse(every) == every  # the longest list fits
    assert HIDE.encode(HIDE.default) == "" and HIDE.quiet
