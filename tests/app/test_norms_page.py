"""The norms page through the real app: both languages, the p and start controls in the link,
the quantity table and the translator following the shared state."""

from __future__ import annotations

import pytest

from regviz.lessons import norms
from regviz.lessons.registry import DEFAULT
from regviz.text import t
from tests.app.conftest import chart_keys, open_app, panel_elements, payload, set_param
from tests.unit.test_tables import cells

PAGE = "pages/norms.py"


def tables(at) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    """Every Markdown table on the page (regviz.text.tables), as rows of cells, header first."""
    texts = [m.value for m in at.markdown if m.value.startswith("| ") and "\n| --- |" in m.value]
    return [[cells(line) for line in text.splitlines() if not line.startswith("| --- |")] for text in texts]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet"])
def test_the_page_draws_measures_balls_and_the_translator(lang: str, penalty: str) -> None:
    at = open_app({"lang": lang, "penalty": penalty, "lam": "0.1"}, page=PAGE)
    assert not at.exception and not at.error
    kinds = [c["kind"] for e in panel_elements(at) for c in e["charts"]]
    assert kinds == ["residuals", "error_measures", "lp_contours"]
    state = DEFAULT.with_(lang=lang, penalty=penalty, lam=0.1)
    quantities, translator = tables(at)
    assert quantities[0] == [t(f"norms.col_{c}", lang) for c in ("name", "formula", "value")]
    assert quantities[1:] == [list(r) for r in norms.measure_rows(state)]
    rows = norms.translations(state)
    assert [line[1] for line in translator[1:]] == [r.code for r in rows]
    assert [line[2] for line in translator[1:]] == [" ".join(t(r.note, lang).splitlines()) for r in rows]
    assert {r.library for r in rows} == {"scikit-learn", "PyTorch", "Keras", "glmnet (R)"}
    assert at.info[0].value == norms.lp_words(state)


def test_p_and_start_go_to_the_link_and_change_the_ball() -> None:
    at = open_app(page=PAGE)
    before = payload(chart_keys(at)[-1])
    set_param(at, "norms.p", "inf")
    set_param(at, "norms.start", "zero")
    assert not at.exception and at.query_params["norms.p"] == "inf" and at.query_params["norms.start"] == "zero"
    after = payload(chart_keys(at)[-1])
    assert after["values"]["p"] == "inf" and before["values"]["p"] == "0.5"
    assert at.info[0].value.startswith("**p = ∞ is convex.**")


def test_without_a_penalty_there_is_nothing_to_translate() -> None:
    at = open_app({"penalty": "none"}, page=PAGE)
    assert not at.exception and len(tables(at)) == 1
    assert t("norms.translate_none", "en") in [c.value for c in at.caption]
