"""The payload format: what the browser decodes is the panel data, the templates and the labels."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from functools import partial

import numpy as np
import pytest

from regviz.figures import KINDS, view
from regviz.figures.payload import MAGIC, decode, encode
from regviz.figures.theme import floats
from regviz.lessons.registry import DEFAULT, LESSONS, panel_data

PANELS = [(lesson, panel) for lesson in LESSONS for panel in lesson.panels]


@pytest.mark.parametrize("lesson,panel", PANELS, ids=lambda x: getattr(x, "name", getattr(x, "slug", x)))
def test_a_payload_round_trips_to_float32(lesson, panel) -> None:
    data = panel_data(lesson, panel.name, DEFAULT)
    raw = encode(data, panel.charts, "zh")
    assert raw[:4] == MAGIC
    back = decode(raw)
    assert back["kinds"] == list(panel.charts)
    for name, arr in data.arrays.items():
        assert back["arrays"][name].shape == np.shape(arr)
        assert np.allclose(back["arrays"][name], arr, rtol=1e-6, atol=1e-30, equal_nan=True)
    expected = view(data, "zh", panel.charts)
    assert back["strings"] == json.loads(json.dumps(expected.strings))
    for kind in panel.charts:  # the template, with its long number lists back in place
        template = KINDS[kind].template(data, "zh")
        assert [tr.get("uid") for tr in back["templates"][kind]["data"]] == [tr.get("uid") for tr in template["data"]]
        assert back["templates"][kind]["layout"] == json.loads(json.dumps(template["layout"]))


def test_payloads_are_strict_json_and_finite() -> None:
    """The header is parsed as the browser's JSON.parse does: no NaN, no Infinity anywhere."""
    state = DEFAULT.with_(penalty="l2")  # ridge: λ_max is infinite

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in a payload header")

    for lesson, panel in PANELS:
        raw = encode(panel_data(lesson, panel.name, state), panel.charts, "en")
        n = int.from_bytes(raw[4:8], "little")
        json.loads(raw[8 : 8 + n], parse_constant=refuse)


BUDGET = 60 * 1024  # issue "Every move is cheap": ≤ 60 KiB per fresh state per lesson page


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
@pytest.mark.parametrize("penalty", ["l1", "l2", "elasticnet", "l0", "none"])
def test_a_fresh_state_of_a_lesson_page_fits_the_byte_budget(lesson, penalty: str) -> None:
    """Every panel a fresh state can change, gzip-compressed as the server stores and sends it
    (the unit balls never change and stay in the browser's cache)."""
    worst = {"decay.problem": "poly"}  # the polynomial: more weights than the two-feature problem
    state = DEFAULT.with_(penalty=penalty, degree=15 if penalty == "l0" else 20, seed=5, n=300, **worst)
    total = 0
    for panel in lesson.panels:
        if not panel.depends:
            continue
        raw = encode(panel_data(lesson, panel.name, state), panel.charts, "en")
        total += len(gzip.compress(raw, 6))
    assert total <= BUDGET, total


def _as_plain_lists(node):
    if isinstance(node, dict):
        return {k: _as_plain_lists(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_plain_lists(v) for v in node]
    return node


@pytest.mark.parametrize("lesson,panel", PANELS, ids=lambda x: getattr(x, "name", getattr(x, "slug", x)))
def test_the_kept_arrays_of_template_lists_change_no_byte(lesson, panel, monkeypatch) -> None:
    """theme.floats' lists carry their array, which the payload stores directly: the bytes
    are those of the same templates made of plain lists (read back number by number)."""
    data = panel_data(lesson, panel.name, DEFAULT.with_(penalty="elasticnet", degree=12))
    fast = encode(data, panel.charts, "en")
    for kind in panel.charts:
        plain = partial(lambda f, d, lang: _as_plain_lists(f(d, lang)), KINDS[kind].template)
        monkeypatch.setitem(KINDS, kind, replace(KINDS[kind], template=plain))
    assert encode(data, panel.charts, "en") == fast


def test_floats_is_a_plain_list_of_finite_numbers_and_none() -> None:
    values = np.array([[1.5, np.nan], [-np.inf, 2.0]])
    out = floats(values)
    assert out == [1.5, None, None, 2.0] and json.dumps(out) == "[1.5, null, null, 2.0]"
    assert all(type(v) is float for v in out if v is not None)
    assert np.array_equal(out.array, [1.5, np.nan, np.nan, 2.0], equal_nan=True)
