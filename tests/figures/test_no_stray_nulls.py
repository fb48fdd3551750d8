"""A null in a chart's numbers is a gap in a line: it may appear only where a line has one
(the L0 unit ball's and constraint region's two axis segments, the lasso's segment of optima
when the optimum is unique, several contours drawn as one trace). Anywhere else it is a number
that went missing (NaN or inf turned into null by JSON), which the browser would silently not
draw."""

from __future__ import annotations

import pytest

from regviz.figures import figure_spec
from regviz.lessons.registry import DEFAULT, LESSONS, panel_data
from regviz.params import LAM_GRID

STATES = [
    DEFAULT,
    DEFAULT.with_(penalty="l0", degree=6, **{"norms.p": "0"}),
    DEFAULT.with_(penalty="elasticnet", l1_ratio=0.05, degree=20, n=10, noise=1.5),
    DEFAULT.with_(penalty="none", data="diabetes", degree=3, **{"paths.twin": "collinear", "choosing.k": 2}),
]


def gap_allowed(kind: str, trace: dict) -> bool:
    return (
        (kind == "unit_balls" and str(trace.get("name", "")).startswith("p = 0"))
        or (kind in ("contours", "descent") and trace.get("uid") == "region")
        or (kind == "twin" and trace.get("uid") == "segment")
        or (kind == "residuals" and trace.get("uid") == "residuals")  # one segment per point
        or (kind == "lp_contours" and trace.get("uid") in ("ball", "unit"))  # p = 0: the two axes
        or (kind == "prior_likelihood" and trace.get("uid") in ("like", "prior"))  # one trace, three contours
    )


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.penalty}-{s.degree}")
def test_nulls_only_where_a_line_has_a_gap(state) -> None:
    for lesson in LESSONS:
        for panel in lesson.panels:
            data = panel_data(lesson, panel.name, state)
            extra = panel_data(lesson, panel.extra, state) if panel.extra and panel.extra_when(state) else None
            for kind in panel.charts:
                for i in (0, 30, len(LAM_GRID) - 1):
                    ctx = {"degree": state.degree, "lams": list(LAM_GRID)}
                    spec = figure_spec(kind, data, i, state.lang, ctx, extra)
                    for trace in spec["data"]:
                        for axis in ("x", "y"):
                            values = trace.get(axis)
                            if isinstance(values, list) and None in values:
                                assert gap_allowed(kind, trace), (lesson.slug, panel.name, kind, i, trace.get("name"))
