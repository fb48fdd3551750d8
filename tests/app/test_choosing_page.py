"""The choosing-λ page through the real app: its buttons move the shared λ for every page."""

from __future__ import annotations

from regviz.lessons import choosing
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID, format_lam
from tests.app.conftest import chart_keys, open_app, panel_elements, payload


def test_the_buttons_move_the_shared_lambda_and_the_link() -> None:
    at = open_app({"lam": "0.001"}, page="pages/choosing.py")
    data = choosing.cross_validation(DEFAULT.with_(lam=0.001))
    for label, lam in (("λ_min", data.values["lam_min"]), ("λ_1SE", data.values["lam_1se"])):
        button = next(b for b in at.button if b.label.startswith(f"Set λ to {label}"))
        button.click().run()
        assert not at.exception
        assert at.query_params["lam"] == format_lam(lam)
        assert all(e["lam"] == data.values["i_min" if label == "λ_min" else "i_1se"] for e in panel_elements(at))
    at.switch_page("pages/geometry.py").run()
    assert at.query_params["lam"] == format_lam(data.values["lam_1se"])


def test_without_a_penalty_there_is_nothing_to_choose_and_no_button() -> None:
    at = open_app({"penalty": "none"}, page="pages/choosing.py")
    assert not at.exception and not at.error
    assert not [b for b in at.button if b.label.startswith("Set λ")]
    assert any("no λ to choose" in i.value for i in at.info)


def test_the_validation_curve_against_degree_is_one_switch_away() -> None:
    at = open_app(page="pages/choosing.py")
    assert len(chart_keys(at)) == 1  # the CV curve; the k × 20 fits against the degree on request
    at.toggle(key="ctl_choosing.by_degree").set_value(True).run()
    assert at.query_params["choosing.by_degree"] == "1"
    keys = chart_keys(at)
    assert len(keys) == 2
    by_degree = payload(keys[1])
    assert isinstance(by_degree, dict) and by_degree["arrays"]["test"].shape == (20, len(LAM_GRID))
