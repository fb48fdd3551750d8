"""Export: the scikit-learn code reproduces the app's weights (run in its own process), the
CSV holds exactly the points the page's charts draw, and the page offers both."""

from __future__ import annotations

import ast
import csv
import io
import subprocess
import sys

import numpy as np
import pytest

from regviz.export import HEADER, charts_csv, sklearn_code
from regviz.figures import figure_spec
from regviz.lessons.registry import DEFAULT, lesson, panel_data
from regviz.ui.exports import OPEN_KEY
from regviz.ui.live import DRAWN_KEY
from tests.app.conftest import open_app, panel_elements

STATES = [
    DEFAULT,  # L1, degree 9
    DEFAULT.with_(penalty="l2", lam=0.001, degree=15, n=40, seed=3),
    DEFAULT.with_(penalty="elasticnet", l1_ratio=0.3, lam=0.0398, degree=12, noise=0.6),
    DEFAULT.with_(penalty="none", degree=5, n=100, seed=11),
    DEFAULT.with_(penalty="l0", lam=0.00251, degree=8),
    DEFAULT.with_(penalty="l1", lam=0.000631, data="diabetes", degree=4, n=200),
]


def run(code: str) -> tuple[float, np.ndarray]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    lines = dict(line.split(": ", 1) for line in out.stdout.strip().splitlines())
    return float(lines["intercept"]), np.array(ast.literal_eval(lines["weights"]))


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.penalty}-{s.data}-{s.degree}")
def test_the_code_reproduces_the_apps_weights_with_scikit_learn(state) -> None:
    code = sklearn_code(state)
    assert "regviz" not in code.replace("Regularization Lab", "")  # self-contained
    intercept, weights = run(code)
    data = panel_data(lesson("overfitting"), "fit", state)  # what the app draws
    i = state.lam_index
    np.testing.assert_allclose(weights, data["coefs"][i], atol=1e-6)
    assert abs(intercept - float(data["intercepts"][i])) <= 1e-6
    np.testing.assert_array_equal(weights == 0, np.asarray(data["coefs"][i]) == 0)  # the same exact zeros
    if state in (DEFAULT, STATES[4]):
        assert (weights == 0).sum() >= 2  # (where the lasso and best subset make some)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_holds_every_point_the_drawn_charts_draw() -> None:
    state = DEFAULT.with_(penalty="l2", lam=0.0316, degree=6)
    drawn = [
        ("overfitting", "fit", "fit", {}),
        ("overfitting", "fit", "coefs", {}),
        ("geometry", "balls", "unit_balls", {}),
    ]
    rows = _read(charts_csv(drawn, state))
    assert tuple(rows[0]) == HEADER
    for slug, name, kind, _ in drawn:
        les, panel = lesson(slug), lesson(slug).panel(name)
        extra = panel_data(les, panel.extra, state) if panel.extra and panel.extra_when(state) else None
        spec = figure_spec(kind, panel_data(les, name, state), state.lam_index, "en", {"degree": 6}, extra)
        for trace in spec["data"]:
            points = [(x, y) for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False)]
            want = [(float(x), float(y)) for x, y in points if x is not None and y is not None]
            got = [(float(r[3]), float(r[4])) for r in rows[1:] if r[0] == kind and r[2] == trace.get("name", "")]
            assert got == want, (kind, trace.get("name"))  # the same numbers, to the last digit
    weights = [r for r in rows if r[0] == "coefs"]
    assert len(weights) >= 6  # the coefficient chart's six weights are in it


def test_a_lesson_page_offers_both_and_records_what_it_drew() -> None:
    at = open_app({"penalty": "l1", "degree": "7"}, page="pages/overfitting.py")
    assert not at.exception
    drawn = at.session_state[DRAWN_KEY]
    kinds = [c["kind"] for element in panel_elements(at) for c in element["charts"]]
    assert [d[2] for d in drawn] == kinds  # every chart the page drew, in order
    assert not at.get("download_button")  # a closed expander sends none of its contents
    at.session_state[OPEN_KEY] = True  # the student opens it
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the charts' data (CSV)" in labels and "Download the fit as Python" in labels
    assert not at.code  # the code is sent only when asked for
    at.toggle(key="export_show_code").set_value(True).run()
    assert "from sklearn.linear_model import Lasso" in at.code[0].value
    assert "λ = 0.01, degree 7" in at.code[0].value


def test_the_export_is_in_chinese_too_and_not_on_home() -> None:
    at = open_app({"lang": "zh"}, page="pages/norms.py")
    at.session_state[OPEN_KEY] = True
    at.run()
    assert "下载图表数据（CSV）" in [b.proto.label for b in at.get("download_button")]
    home = open_app({})
    assert not home.get("download_button")
