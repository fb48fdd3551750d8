"""The URL schema and the text catalogues, without Streamlit."""

from __future__ import annotations

import re

import numpy as np
import pytest

from regviz.errors import MESSAGES, InputError
from regviz.text import catalogue, error_message, lesson, t, unwrap_cjk
from regviz.ui.state import DEFAULT, LAM_GRID, AppState, parse_query, snap_lam, to_query


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


def test_state_round_trip() -> None:
    state = AppState("l0", LAM_GRID[7], 0.35, 13, 123, 1.05, 777, "diabetes", "zh")
    parsed, notices = parse_query(to_query(state))
    assert parsed == state and notices == []


def test_snap() -> None:
    assert snap_lam(0.0101) == 0.01 and snap_lam(1e-7) == LAM_GRID[0] and snap_lam(50) == LAM_GRID[-1]


def test_parse_handles_repeated_keys_and_whitespace() -> None:
    state, notices = parse_query({"degree": ["3", "4"], "penalty": " l2 "})
    assert state.degree == 4 and state.penalty == "l2" and not notices


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert en.keys() == zh.keys()
    for key in en:
        assert set(re.findall(r"{(\w+)", en[key])) == set(re.findall(r"{(\w+)", zh[key])), key


def test_every_core_error_has_both_translations() -> None:
    for code in MESSAGES:
        assert f"errors.{code}" in catalogue("en") and f"errors.{code}" in catalogue("zh")
    err = InputError("negative_lam", lam=-1)
    assert error_message(err, "zh") == "λ 必须大于或等于零,实际为 -1。"
    assert error_message(err, "en").startswith(str(err)[:20])


@pytest.mark.parametrize("name", ["home", "geometry", "overfitting"])
def test_lessons_exist_in_both_languages_with_the_same_sections(name: str) -> None:
    def sections(lang: str) -> list[str]:
        return re.findall(r"^## (\w+)", lesson(name, lang), flags=re.M)

    assert sections("en") == sections("zh") and sections("en")


@pytest.mark.parametrize("name", ["home", "geometry", "overfitting"])
def test_chinese_prose_has_no_line_break_between_chinese_words(name: str) -> None:
    """A break inside a paragraph renders as a space; the zh source is wrapped at 100 columns."""
    text = lesson(name, "zh")
    assert not re.search(r"[\u4e00-\u9fff，、。：）]\n[ \t]*[\u4e00-\u9fff]", text)
    assert "更简单、对新数据" in lesson("home", "zh")  # wrapped there in the source


def test_unwrap_cjk_joins_only_breaks_inside_chinese_text() -> None:
    assert unwrap_cjk("一个更简单、\n   对新数据") == "一个更简单、对新数据"
    assert unwrap_cjk("**正则化**\n在模型,\n并且") == "**正则化**在模型,并且"
    kept = "切换到\nL2:区域\n\n## 标题\n噪声。\n2. 方差\n- 偏差\nline one,\nline two"
    assert unwrap_cjk(kept) == kept  # Latin next to Chinese, blank lines, blocks, English


def test_unknown_language_falls_back_to_english() -> None:
    assert t("nav.home", "fr") == t("nav.home", "en")


def test_objective_formula_carries_the_current_numbers() -> None:
    from regviz.ui.latex import objective_tex

    tex = objective_tex("l1", 0.1, 0.5, 0.05, np.array([1.0, -0.5]))
    assert r"\lVert w\rVert_1" in tex and "0.05 + 0.1 \\times 1.5 = 0.2" in tex
    en = objective_tex("elasticnet", 1e-5, 0.3, 0.25, np.array([2.0]))
    assert r"\rho = 0.3" in en and r"1 \times 10^{-5}" in en
    assert "lambda" not in objective_tex("none", 0.1, 0.5, 0.25, np.array([2.0]))
