"""The partial plotly.js bundles in ./static draw every chart kind that names them."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
import pytest

from regviz.figures import KINDS
from regviz.lessons.registry import DEFAULT, LESSONS, panel_data

STATIC = Path(__file__).resolve().parents[2] / "static"
BUNDLES = sorted({kind.bundle for kind in KINDS.values()})


@pytest.mark.parametrize("bundle", BUNDLES)
def test_each_bundle_is_the_plotly_js_version_plotly_py_writes_for(bundle: str) -> None:
    header = re.search(r"plotly\.js \((\w+) - minified\) v(\d+\.\d+\.\d+)", (STATIC / bundle).read_text()[:300])
    assert header and header.group(2) == plotly.offline.get_plotlyjs_version()


def _registered(bundle: str) -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', (STATIC / bundle).read_text(encoding="utf-8")))


def test_the_basic_bundle_registers_scatter_bar_and_pie_only() -> None:
    assert _registered("plotly-basic.min.js") == {"scatter", "bar", "pie"}


STATES = [
    DEFAULT,
    DEFAULT.with_(penalty="elasticnet", lang="zh"),
    DEFAULT.with_(penalty="l0", degree=4, data="diabetes"),
]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_chart_uses_only_trace_types_its_bundle_registers(lesson) -> None:
    for state in STATES:
        for panel in lesson.panels:
            data = panel_data(lesson, panel.name, state)
            for kind in panel.charts:
                spec = KINDS[kind].template(data, state.lang)
                used = {trace.get("type", "scatter") for trace in spec["data"]}
                assert used <= _registered(KINDS[kind].bundle), (kind, used)
