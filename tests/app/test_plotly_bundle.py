"""The partial plotly.js bundle in ./static draws every chart the λ panels send."""

from __future__ import annotations

import re

import plotly.offline
import pytest

from regviz.ui.live import PLOTLY_JS, STATIC, TRACE_TYPES
from tests.app.conftest import live_packs, open_app

BUNDLE = (STATIC / PLOTLY_JS).read_text(encoding="utf-8")


def test_the_bundle_is_the_plotly_js_version_plotly_py_writes_for() -> None:
    header = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", BUNDLE[:300])
    assert header and header.group(1) == plotly.offline.get_plotlyjs_version()


def test_the_bundle_registers_exactly_the_trace_types_we_rely_on() -> None:
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE))
    assert registered == set(TRACE_TYPES)


def _trace_types(pack: dict) -> set[str]:
    whole = [values for path, values in zip(pack["paths"], pack["values"], strict=True) if not path]
    figures = [pack["base"], *(fig for values in whole for fig in values)]
    return {trace.get("type", "scatter") for fig in figures for trace in fig["data"]}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"penalty": "elasticnet", "lang": "zh"},
        {"penalty": "l0", "degree": "4"},
        {"data": "diabetes", "penalty": "l2"},
    ],
)
@pytest.mark.parametrize("page", ["pages/geometry.py", "pages/overfitting.py"])
def test_every_panel_chart_uses_only_trace_types_in_the_bundle(page: str, query: dict[str, str]) -> None:
    at = open_app(query, page)
    assert not at.exception
    packs = live_packs(at)
    assert packs
    used = set().union(*(_trace_types(p) for p in packs))
    assert used <= set(TRACE_TYPES), used
