"""The URL codec through the real app: round trips (every scope), garbage, language."""

from __future__ import annotations

import pytest

from regviz.lessons.registry import SCHEMA
from tests.app.conftest import box_item, drawn, open_app, set_param, texts, view

ALL = {
    "penalty": "elasticnet",
    "lam": "0.0398",
    "l1_ratio": "0.7",
    "degree": "12",
    "data": "synthetic",
    "n": "80",
    "noise": "0.45",
    "seed": "42",
    "lang": "en",
    "geometry.corr": "0.7",
    "geometry.scale": "4",
    "geometry.useless": "2",
    "overfitting.bv_degree": "1",
}


@pytest.mark.parametrize("page", ["pages/geometry.py", "pages/overfitting.py"])
def test_a_copied_url_reopens_every_control_and_every_chart(page: str) -> None:
    at = open_app(ALL, page=page)
    assert not at.exception and not at.warning
    assert {k: v for k, v in at.query_params.items()} == ALL  # another lesson's non-default values stay
    again = open_app(dict(at.query_params), page=page)
    assert view(again) == view(at)  # the same charts' data, words and formula
    assert drawn(at)  # (and there are charts to compare)


def test_lambda_between_grid_points_snaps_silently() -> None:
    at = open_app({"lam": "0.012"})
    assert at.query_params["lam"] == "0.0126"
    assert not at.warning


GARBAGE = ["abc", "-1", "1e309", "nan", "NaN", "inf", "<script>alert(1)</script>", "", "9" * 60, "1.5.2", "[1]"]
KEYS = [p.name for p in SCHEMA.params]


def _parses(key: str, value: str) -> bool:
    try:
        SCHEMA.by_name[key].parse(value)
    except ValueError:
        return False
    return True


# every string of GARBAGE for every parameter, except where it is a value (norms.p = "inf")
@pytest.mark.parametrize("key,value", [(k, v) for v in GARBAGE for k in KEYS if not _parses(k, v)])
def test_garbage_falls_back_to_the_default_with_a_notice(key: str, value: str) -> None:
    p = SCHEMA.by_name[key]
    page = f"pages/{p.lesson}.py" if p.lesson else None
    at = open_app({key: value}, page)
    assert not at.exception
    if p.quiet:  # its default is not written at all
        assert key not in at.query_params
    else:
        assert at.query_params[key] == p.encode(p.default)
    notices = [w.value for w in at.warning]
    assert any(f"`{key}`" in n for n in notices), notices
    assert "<script>" not in texts(at)


@pytest.mark.parametrize(
    "key,value",
    [
        ("degree", "0"),
        ("degree", "21"),
        ("n", "5"),
        ("n", "100000"),
        ("noise", "2"),
        ("lam", "1000"),
        ("lam", "1e-9"),
        ("seed", "-3"),
        ("penalty", "L1"),
        ("lang", "fr"),
        ("geometry.corr", "0.95"),
        ("geometry.scale", "8"),
        ("geometry.useless", "3"),
        ("overfitting.bv_degree", "yes"),
    ],
)
def test_out_of_range_values_fall_back_too(key: str, value: str) -> None:
    p = SCHEMA.by_name[key]
    at = open_app({key: value}, page=f"pages/{p.lesson or 'geometry'}.py")
    assert not at.exception
    assert at.query_params[key] == p.encode(p.default)
    assert any(f"`{key}`" in w.value for w in at.warning)


def test_notice_disappears_after_the_user_acts() -> None:
    at = open_app({"degree": "banana"})
    assert at.warning
    set_param(at, "degree", 4)
    assert not at.warning


def test_unknown_parameters_are_dropped_from_the_rewritten_url() -> None:
    at = open_app({"utm_source": "mail", "penalty": "l2"})
    assert not at.warning and at.query_params["penalty"] == "l2"
    assert "utm_source" not in at.query_params


@pytest.mark.parametrize("page", ["pages/home.py", "pages/geometry.py", "pages/overfitting.py"])
def test_chinese_text_with_lang_zh(page: str) -> None:
    at = open_app({"lang": "zh"}, page=page)
    assert not at.exception
    words = texts(at)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in at.title[0].value)
    assert "正则" in words or "拟合" in words
    assert ["l2", "L2（岭回归）"] in box_item(at, "penalty")["options"]


def test_chinese_notice_for_a_bad_parameter() -> None:
    at = open_app({"lang": "zh", "degree": "x"})
    assert "链接中参数 `degree` 的值无效" in at.warning[0].value


def test_a_stale_address_from_a_quick_second_move_does_not_undo_the_first() -> None:
    """The browser may send a rerun with the address from before the last move."""
    at = open_app(page="pages/geometry.py")
    stale = dict(at.query_params)
    set_param(at, "degree", 4)
    assert at.query_params["degree"] == "4"
    for key, value in stale.items():  # the next rerun arrives with the older address
        at.query_params[key] = value
    set_param(at, "penalty", "l2")
    assert at.query_params["degree"] == "4" and at.query_params["penalty"] == "l2"


def test_a_link_to_a_new_view_is_adopted_within_a_session() -> None:
    at = open_app(page="pages/geometry.py")
    for key, value in {"penalty": "l2", "degree": "3", "geometry.corr": "-0.3"}.items():
        at.query_params[key] = value
    at.run()
    assert box_item(at, "penalty")["value"] == "l2" and box_item(at, "degree")["value"] == "3"
    assert box_item(at, "geometry.corr")["value"] == "-0.3"
