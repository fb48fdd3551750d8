"""Lectures: the default one tells the story it says it tells, in both languages; a bad file
is refused with a message that names its line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from regviz.errors import InputError
from regviz.lectures import MAX_BYTES, built_in_names, load_built_in, parse
from regviz.lessons.registry import SCHEMA, SLUGS, lesson, panel_data
from regviz.text import error_message

DEFAULT = load_built_in("default", SCHEMA, SLUGS)


def test_the_default_lecture_has_the_ten_scenes_of_the_story() -> None:
    assert "default" in built_in_names()
    lessons = [scene.lesson for scene in DEFAULT.scenes]
    assert lessons == [
        "overfitting", "overfitting", "overfitting", "geometry", "geometry",
        "paths", "choosing", "decay", "bayes", "norms",
    ]  # fmt: skip
    penalties = [DEFAULT.state(k, SCHEMA, "en").penalty for k in range(10)]
    assert penalties[:5] == ["none", "l2", "l1", "l1", "elasticnet"]
    for scene in DEFAULT.scenes:
        assert scene.caption["en"] and scene.caption["zh"] and scene.caption["en"] != scene.caption["zh"]
    assert DEFAULT.state(3, SCHEMA, "zh").lang == "zh"  # the viewer's language, not the file's


def test_its_captions_say_what_the_charts_show() -> None:
    fit = [panel_data(lesson("overfitting"), "fit", DEFAULT.state(k, SCHEMA, "en")) for k in range(3)]
    at = [DEFAULT.state(k, SCHEMA, "en").lam_index for k in range(3)]
    ols, ridge, lasso = (f["coefs"][i] for f, i in zip(fit, at, strict=True))
    train, test = fit[0]["train_mse"][at[0]], fit[0]["test_mse"][at[0]]
    assert test > 3 * train  # 1: degree 15 without a penalty overfits
    assert np.abs(ridge).sum() < np.abs(ols).sum() and np.all(ridge != 0)  # 2: L2 shrinks, no zero
    assert np.sum(lasso == 0) >= 2  # 3: L1 sets some weights exactly to zero
    corner = DEFAULT.state(3, SCHEMA, "en")
    w = panel_data(lesson("geometry"), "two_feature", corner)["w"][corner.lam_index]
    assert np.sum(np.asarray(w) == 0) == 1  # 4: the diamond's corner: one weight exactly 0


SCENE = """title.en = "Mine"
[[scene]]
lesson = "geometry"
caption.en = "One"
[scene.state]
penalty = "l2"

[[scene]]
lesson = "paths"
caption.zh = "二"
[scene.state]
degree = 7
lam = 0.1
paths.twin = "collinear"
"""


def test_a_good_file_in_one_language_serves_both() -> None:
    lecture = parse(SCENE, SCHEMA, SLUGS)
    assert [s.lesson for s in lecture.scenes] == ["geometry", "paths"]
    assert lecture.scenes[1].caption == {"en": "二", "zh": "二"}
    state = lecture.state(1, SCHEMA, "en")
    assert state.degree == 7 and state.lam == 0.1 and state.penalty == "l1"  # the rest: defaults
    assert state["paths.twin"] == "collinear"  # a lesson's own control, written as TOML dotted keys
    as_json = json.dumps(
        {"title": "Mine", "scene": [{"lesson": "geometry", "caption": "One", "state": {"penalty": "l2"}}]}, indent=1
    )
    assert parse(as_json, SCHEMA, SLUGS, is_json=True).scenes[0].values == {"penalty": "l2"}


@pytest.mark.parametrize(
    "text,code,line",
    [
        (SCENE.replace('lesson = "paths"', 'lesson = "paths'), "lecture_syntax", 9),
        (SCENE.replace('"paths"', '"magic"'), "lecture_bad_lesson", 9),
        (SCENE.replace("degree = 7", "dgree = 7"), "lecture_bad_param", 12),
        (SCENE.replace("lam = 0.1", "lam = 1e9"), "lecture_bad_value", 13),
        (SCENE.replace('"collinear"', '"triplicate"'), "lecture_bad_value", 14),
        (SCENE.replace('penalty = "l2"', 'penalty = "l3"'), "lecture_bad_value", 6),
        (SCENE.replace('caption.zh = "二"', 'caption.fr = "deux"'), "lecture_no_caption", 10),
        (SCENE.replace('penalty = "l2"', 'lang = "zh"'), "lecture_bad_param", 6),
    ],
)
def test_a_bad_file_names_its_line(text: str, code: str, line: int) -> None:
    with pytest.raises(InputError) as err:
        parse(text, SCHEMA, SLUGS)
    assert err.value.code == code and err.value.params.get("line") == line
    assert f"Line {line}" in error_message(err.value, "en") or f"line {line}" in error_message(err.value, "en")
    assert f"第 {line} 行" in error_message(err.value, "zh")


def test_a_bad_json_file_names_its_line_too() -> None:
    text = '{\n "scene": [\n  {"lesson": "geometry",\n   "caption": "x",\n   "state": {"degree": "many"}}\n ]\n}'
    with pytest.raises(InputError) as err:
        parse(text, SCHEMA, SLUGS, is_json=True)
    assert err.value.code == "lecture_bad_value" and err.value.params["line"] == 5
    with pytest.raises(InputError) as err:
        parse('{"scene": [}', SCHEMA, SLUGS, is_json=True)
    assert err.value.code == "lecture_syntax" and err.value.params["line"] == 1


@pytest.mark.parametrize("text", ["", 'title = "no scenes"', "scene = 3", "x" * (MAX_BYTES + 1)])
def test_empty_or_huge_files_are_refused(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse(text, SCHEMA, SLUGS)
    assert err.value.code in ("lecture_no_scenes", "lecture_too_large", "lecture_syntax")


def test_a_built_in_scene_of_a_lesson_to_come_waits_for_it() -> None:
    without_norms = SLUGS - {"norms"}
    text = (DEFAULT_TEXT := (built_in_path("default")).read_text("utf-8"))
    assert len(parse(text, SCHEMA, without_norms, built_in=True).scenes) == 9  # it joins when the lesson does
    with pytest.raises(InputError):
        parse(DEFAULT_TEXT, SCHEMA, without_norms)  # a lecturer's file must name lessons that exist


def built_in_path(name: str):
    from regviz.lectures import BUILT_IN

    return BUILT_IN / f"{name}.toml"


@pytest.mark.parametrize("name", ["../etc/passwd", "nope", "DEFAULT", "", "a" * 80])
def test_only_built_in_names_load(name: str) -> None:
    with pytest.raises(InputError) as err:
        load_built_in(name, SCHEMA, SLUGS)
    assert err.value.code == "lecture_unknown"
