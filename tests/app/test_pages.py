"""Every page loads; changing one shared control at a time changes the figures."""

from __future__ import annotations

import pytest

from regviz.text import t
from regviz.ui.state import LAM_GRID, N_RANGE
from tests.app.conftest import PAGES, chart_count, chart_specs, live_packs, open_app, texts, view


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_without_exception(page: str) -> None:
    at = open_app(page=page)
    assert not at.exception
    assert not at.error
    if page != "pages/home.py":
        assert chart_count(at) >= 3
        assert all(len(p["values"][0]) == 61 for p in live_packs(at) if p["paths"])  # a frame per λ


def test_entry_point_writes_the_complete_state_to_the_url() -> None:
    at = open_app()
    assert dict(at.query_params) == {
        "penalty": "l1",
        "lam": "0.01",
        "l1_ratio": "0.5",
        "degree": "9",
        "n": "30",
        "noise": "0.3",
        "seed": "0",
        "data": "synthetic",
        "lang": "en",
    }


def set_control(at, field: str, value) -> None:
    kinds = {
        "penalty": "selectbox",
        "data": "selectbox",
        "lam": "select_slider",
        "l1_ratio": "select_slider",
        "degree": "slider",
        "n": "slider",
        "noise": "slider",
        "seed": "number_input",
        "lang": "radio",
    }
    getattr(at, kinds[field])(key=f"ctl_{field}").set_value(value)


CHANGES = [
    ("penalty", "none"),
    ("penalty", "l2"),
    ("penalty", "elasticnet"),
    ("penalty", "l0"),
    ("lam", LAM_GRID[0]),
    ("lam", LAM_GRID[-1]),
    ("degree", 1),
    ("degree", 20),
    ("n", N_RANGE[0]),
    ("n", N_RANGE[1]),
    ("noise", 0.0),
    ("noise", 1.5),
    ("seed", 7),
    ("data", "diabetes"),
    ("lang", "zh"),
]


@pytest.mark.parametrize("page", ["pages/geometry.py", "pages/overfitting.py"])
@pytest.mark.parametrize("field,value", CHANGES)
def test_one_control_at_a_time_changes_the_figures(page: str, field: str, value) -> None:
    at = open_app(page=page)
    before = view(at)
    set_control(at, field, value)
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert view(at) != before
    assert at.query_params[field] == (f"{value:g}" if isinstance(value, float) else str(value))


def test_elastic_net_ratio_and_new_sample_button() -> None:
    at = open_app({"penalty": "elasticnet"}, page="pages/geometry.py")
    before = chart_specs(at)
    at.select_slider(key="ctl_l1_ratio").set_value(0.9).run()
    assert not at.exception and chart_specs(at) != before
    assert at.query_params["l1_ratio"] == "0.9"
    before = chart_specs(at)
    next(b for b in at.button if "New sample" in b.label).click().run()
    assert at.query_params["seed"] == "1" and chart_specs(at) != before


def test_hidden_ratio_keeps_its_value() -> None:
    at = open_app({"penalty": "elasticnet", "l1_ratio": "0.2"})
    set_control(at, "penalty", "l1")
    at.run()
    set_control(at, "penalty", "elasticnet")
    at.run()
    assert at.select_slider(key="ctl_l1_ratio").value == 0.2


def test_switching_pages_keeps_the_state() -> None:
    at = open_app({"penalty": "l2", "lam": "0.1", "degree": "5"}, page="pages/geometry.py")
    at.switch_page("pages/overfitting.py").run()
    assert at.query_params["penalty"] == "l2" and at.query_params["degree"] == "5"
    assert at.selectbox(key="ctl_penalty").value == "l2"


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


def test_page_local_controls_survive_a_page_switch() -> None:
    at = open_app(page="pages/geometry.py")
    at.slider(key="geometry_corr").set_value(-0.5).run()
    at.switch_page("pages/overfitting.py").run()
    at.switch_page("pages/geometry.py").run()
    assert at.slider(key="geometry_corr").value == -0.5


def test_verdict_words_follow_the_state() -> None:
    over = open_app({"penalty": "none", "degree": "15", "n": "20", "seed": "1"}, page="pages/overfitting.py")
    assert "Overfitting" in texts(over)
    under = open_app({"penalty": "l2", "lam": "10", "degree": "3"}, page="pages/overfitting.py")
    assert "Underfitting" in texts(under)
    good = open_app({"penalty": "l2", "lam": "0.001", "degree": "5", "n": "100"}, page="pages/overfitting.py")
    assert "A good fit" in texts(good)
