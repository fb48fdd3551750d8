"""The choosing-λ page through the real app: its buttons move the shared λ for every page."""

from __future__ import annotations

from regviz.lessons import choosing
from regviz.lessons.registry import DEFAULT
from regviz.params import format_lam
from tests.app.conftest import open_app, panel_elements


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
