"""Every panel of every lesson, in the corners of the state space and on a tiny upload:
either arrays along λ with nothing but numbers where numbers belong, or an InputError
whose message exists in both languages. Never another exception."""

from __future__ import annotations

import numpy as np
import pytest

from regviz import sources
from regviz.errors import InputError
from regviz.figures import figure_spec
from regviz.lessons.registry import DEFAULT, LESSONS, build
from regviz.params import LAM_GRID
from regviz.text import error_message
from regviz.upload import choose, read_table


def tiny_upload() -> str:
    """Ten rows: five to train on, five to test, two features (one nearly constant)."""
    rows = ["a,b,y"] + [f"{i},{1 + 1e-9 * i},{(i * 7) % 5}" for i in range(10)]
    source = choose(read_table(("\n".join(rows) + "\n").encode()), "y", "a", ["a", "b"], name="tiny.csv")
    sources.put(source)
    return source.key


# NaN is a gap in a line there: the unit ball of L0 (two segments), a unique lasso optimum (no segment)
GAPS = {"ball0", "segment"}
CORNERS = [
    {"degree": 20, "n": 10, "noise": 0.0, "penalty": "l1"},
    {"degree": 20, "n": 300, "noise": 1.5, "penalty": "elasticnet", "l1_ratio": 0.0},
    {"degree": 15, "n": 10, "penalty": "l0"},
    {"degree": 16, "penalty": "l0"},  # past best subset's limit
    {"degree": 1, "penalty": "none", "n": 10, "choosing.k": 10},
    {"degree": 1, "penalty": "elasticnet", "l1_ratio": 1.0, "data": "diabetes", "n": 300, "choosing.k": 2},
    {"degree": 12, "penalty": "l1", "seed": 99_999, "paths.twin": "collinear", "geometry.corr": 0.9},
]


def huge_upload() -> str:
    """Values near the largest doubles: standardised, and x in units of a power of ten."""
    rows = ["a,x,y"] + [f"{1e300 * (i % 3)!r},{1e300 * i!r},{1e300 * ((i * 7) % 5)!r}" for i in range(25)]
    source = choose(read_table(("\n".join(rows) + "\n").encode()), "y", "x", ["a", "x"], name="huge.csv")
    sources.put(source)
    return source.key


def states() -> list:
    out = [DEFAULT.with_(c) for c in CORNERS]
    key, huge = tiny_upload(), huge_upload()
    out += [DEFAULT.with_(data=key, degree=d, penalty=p) for d, p in ((3, "l1"), (9, "l0"), (20, "l2"))]
    out += [DEFAULT.with_(data=huge, degree=12, penalty=p) for p in ("l1", "elasticnet")]
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_panel_in_every_corner_is_numbers_or_a_message(lesson) -> None:
    for state in states():
        for panel in lesson.panels:
            try:
                data = build(lesson, panel.name, state)
            except InputError as err:
                assert error_message(err, "en") and error_message(err, "zh") != error_message(err, "en")
                continue
            for name, arr in data.arrays.items():
                values = np.asarray(arr, dtype=float)
                where = (lesson.slug, panel.name, name, dict(state))
                assert not np.isinf(values).any(), where
                if name not in GAPS:
                    assert not np.isnan(values).any(), where
            for kind in panel.charts:
                for i in (0, len(LAM_GRID) - 1):
                    figure_spec(kind, data, i, state.lang, {"degree": state.degree})
