"""The text catalogues and the lessons' prose, in both languages, without Streamlit."""

from __future__ import annotations

import re

import numpy as np
import pytest

from regviz.errors import MESSAGES, InputError
from regviz.lectures import built_in_names, load_built_in
from regviz.lessons.registry import PAGES, SCHEMA, SLUGS
from regviz.lessons.words import objective_tex
from regviz.text import HERE, catalogue, error_message, lesson, t, unwrap_cjk

LESSON_FILES = sorted({p.stem for p in (HERE / "lessons").rglob("*.md")})


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert en.keys() == zh.keys()
    for key in en:
        assert set(re.findall(r"{(\w+)", en[key])) == set(re.findall(r"{(\w+)", zh[key])), key


def test_every_core_error_has_both_translations() -> None:
    for code in MESSAGES:
        assert f"errors.{code}" in catalogue("en") and f"errors.{code}" in catalogue("zh")
    err = InputError("negative_lam", lam=-1)
    assert error_message(err, "zh") == "λ 必须大于或等于零，实际为 -1。"
    assert error_message(err, "en").startswith(str(err)[:20])


def test_every_page_of_the_registry_has_its_texts_and_prose() -> None:
    for page in PAGES:
        for lang in ("en", "zh"):
            assert t(page.title, lang) and t(page.nav, lang)
            assert lesson(page.slug, lang)
    assert set(LESSON_FILES) == {p.slug for p in PAGES}


@pytest.mark.parametrize("name", LESSON_FILES)
def test_lessons_exist_in_both_languages_with_the_same_sections(name: str) -> None:
    def sections(lang: str) -> list[str]:
        return re.findall(r"^## (\w+)", lesson(name, lang), flags=re.M)

    assert sections("en") == sections("zh") and sections("en")


def test_a_missing_translation_is_an_error_not_english() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "zh")


@pytest.mark.parametrize("name", LESSON_FILES)
def test_chinese_prose_has_no_line_break_between_chinese_words(name: str) -> None:
    """A break inside a paragraph renders as a space; the zh source is wrapped at 100 columns."""
    text = lesson(name, "zh")
    assert not re.search(r"[\u4e00-\u9fff，、。：）]\n[ \t]*[\u4e00-\u9fff]", text)


def test_unwrap_cjk_joins_only_breaks_inside_chinese_text() -> None:
    assert unwrap_cjk("一个更简单、\n   对新数据") == "一个更简单、对新数据"
    assert unwrap_cjk("**正则化**\n在模型，\n并且") == "**正则化**在模型，并且"
    kept = "切换到\nL2：区域\n\n## 标题\n噪声。\n2. 方差\n- 偏差\nline one,\nline two"
    assert unwrap_cjk(kept) == kept  # Latin next to Chinese, blank lines, blocks, English


def test_unknown_language_falls_back_to_english() -> None:
    assert t("nav.home", "fr") == t("nav.home", "en")


def test_objective_formula_carries_the_current_numbers() -> None:
    tex = objective_tex("l1", 0.1, 0.5, 0.05, np.array([1.0, -0.5]))
    assert r"\lVert w\rVert_1" in tex and "0.05 + 0.1 \\times 1.5 = 0.2" in tex
    en = objective_tex("elasticnet", 1e-5, 0.3, 0.25, np.array([2.0]))
    assert r"\rho = 0.3" in en and r"1 \times 10^{-5}" in en
    assert "lambda" not in objective_tex("none", 0.1, 0.5, 0.25, np.array([2.0]))


# Chinese typography: full-width ，：；（）？！ next to Chinese characters, never the ASCII marks.
CJK = "\u3400-\u9fff"
ASCII_NEXT_TO_CJK = re.compile(rf"[{CJK}][,:;()?!]|[,:;()?!][{CJK}]")


def _chinese_texts() -> list[tuple[str, str]]:
    out = [(f"zh.toml:{k}", v) for k, v in catalogue("zh").items()]
    for path in sorted((HERE / "lessons" / "zh").glob("*.md")):
        out += [(f"{path.name}:{n}", line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)]
    for name in built_in_names():  # the lectures' Chinese titles and captions
        lecture = load_built_in(name, SCHEMA, SLUGS)
        out += [(f"lecture {name}: title", lecture.title["zh"])]
        out += [(f"lecture {name}: scene {k + 1}", scene.caption["zh"]) for k, scene in enumerate(lecture.scenes)]
    return out


def test_chinese_prose_uses_full_width_punctuation() -> None:
    bad = [(where, m.group()) for where, text in _chinese_texts() for m in ASCII_NEXT_TO_CJK.finditer(text)]
    assert not bad, bad[:20]


def test_the_glossary_gives_each_term_in_both_languages_and_the_texts_use_it() -> None:
    import tomllib

    glossary = tomllib.loads((HERE / "glossary.toml").read_text("utf-8"))["terms"]
    zh_terms = {term["zh"] for term in glossary}
    for needed in (
        "正则化",
        "权重衰减",
        "岭回归",
        "套索回归",
        "弹性网络",
        "范数",
        "交叉验证",
        "偏差–方差权衡",
        "暂退法",
        "早停",
    ):
        assert needed in zh_terms, needed
    everything = "\n".join(text for _, text in _chinese_texts())
    for term in glossary:
        for avoid in term.get("avoid_zh", []):
            assert not re.search(avoid, everything), (term["en"], avoid)


def test_the_checker_would_catch_ascii_punctuation() -> None:
    assert (
        ASCII_NEXT_TO_CJK.search("单价,")
        and ASCII_NEXT_TO_CJK.search("注意:这")
        and not ASCII_NEXT_TO_CJK.search("λ = 0.1，")
    )
