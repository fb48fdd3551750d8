"""The weight-decay page through the real app: its controls live in the link, both problems, both languages."""

from __future__ import annotations

import numpy as np
import pytest

from regviz.lessons import decay
from regviz.lessons.registry import DEFAULT
from regviz.ui.page import borrowed_open_key
from tests.app.conftest import chart_keys, open_app, panel_elements, payload, set_param

PAGE = "pages/decay.py"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("problem", ["two", "poly"])
def test_the_page_draws_every_part_with_the_code(lang: str, problem: str) -> None:
    at = open_app({"lang": lang, "decay.problem": problem, "lam": "0.1"}, page=PAGE)
    assert not at.exception and not at.error
    kinds = [c["kind"] for e in panel_elements(at) for c in e["charts"]]
    assert kinds == ["descent", "l1_steps", "adam_race", "early_path", "early_val", "early_match", "dropout"]
    player = panel_elements(at)[0]["charts"][0]["local"]
    assert player["steps"] == decay.STEPS  # the descent chart plays its own steps in the browser
    for key in chart_keys(at):
        assert isinstance(payload(key), dict)
    state = DEFAULT.with_({"lang": lang, "decay.problem": problem, "lam": 0.1})
    codes = [c.value for c in at.code]
    assert codes == [decay.torch_code(state), decay.sklearn_code(state)]
    assert "torch.optim.AdamW" in codes[0] and "Ridge(alpha=" in codes[1]
    assert len(at.latex) == 1 and "\\eta\\lambda" in at.latex[0].value
    assert len(at.info) == 5


def test_the_lessons_controls_go_to_the_link_and_change_the_runs() -> None:
    at = open_app(page=PAGE)
    before = set(chart_keys(at))
    set_param(at, "decay.step", 0.5)
    set_param(at, "decay.keep", 0.6)
    set_param(at, "decay.problem", "poly")
    assert not at.exception and not at.error
    assert at.query_params["decay.step"] == "0.5"
    assert at.query_params["decay.keep"] == "0.6"
    assert at.query_params["decay.problem"] == "poly"
    after = set(chart_keys(at))
    assert not before & after  # every panel depends on the problem
    assert "lr=" in at.code[0].value
    eta = decay.training.step_sizes(
        decay.moments(DEFAULT.with_({"decay.problem": "poly", "decay.step": 0.5})), [0.01], 0.5
    )
    assert f"lr={float(eta[0]) / 2!r}" in at.code[0].value  # the code follows the step control


def test_the_two_feature_controls_of_lesson_one_shape_this_problem_too() -> None:
    at = open_app({"decay.problem": "two"}, page=PAGE)
    assert "ctl_geometry.corr" not in [s.key for s in at.slider]  # closed, its widgets are not made
    at.session_state[borrowed_open_key("decay")] = True  # the student opens "lesson 1's controls"
    at.run()
    at.slider(key="ctl_geometry.corr").set_value(-0.8).run()
    assert not at.exception and at.query_params["geometry.corr"] == "-0.8"
    data = payload(chart_keys(at)[0])
    assert isinstance(data, dict)
    q = data["arrays"]["Q"]
    assert q[1] == pytest.approx(-0.8, abs=1e-6)  # the contours' H has the chosen correlation
    at.switch_page("pages/geometry.py").run()
    assert at.query_params["geometry.corr"] == "-0.8"  # one shared state


def test_a_single_weight_explains_the_contours_and_draws_the_rest() -> None:
    at = open_app({"decay.problem": "poly", "degree": "1"}, page=PAGE)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This chart needs at least two weights: set the polynomial degree to 2 or more."
    ]
    keys = chart_keys(at)
    assert len(keys) == 6  # all but the contours
    for key in keys:
        data = payload(key)
        assert isinstance(data, dict)
        assert all(np.all(np.isfinite(a)) for a in data["arrays"].values())
