"""An unexpected error (an injected fault) is caught at the page boundary: the student reads a
short message in their language, keeps their state, and the server logs the state."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from regviz.lessons import choosing, paths
from tests.app.conftest import open_app


def boom(*args, **kwargs):
    raise RuntimeError("injected fault")


def test_a_fault_in_a_guarded_part_leaves_the_rest_of_the_page(monkeypatch, caplog) -> None:
    monkeypatch.setattr(paths, "twin_words", boom)
    with caplog.at_level(logging.ERROR, logger="regviz.pages"):
        at = open_app({"lang": "zh", "degree": "7", "paths.twin": "collinear"}, page="pages/paths.py")
    assert not at.exception
    assert any("出了问题" in e.value for e in at.error), [e.value for e in at.error]
    assert at.query_params["degree"] == "7" and at.query_params["paths.twin"] == "collinear"
    assert any(s.startswith("特征选择") for s in (h.value for h in at.subheader))  # the parts after it
    assert "injected fault" in caplog.text and "'degree': 7" in caplog.text


def test_a_fault_outside_any_guard_is_caught_at_the_page_boundary(monkeypatch, caplog) -> None:
    monkeypatch.setattr(choosing, "sklearn_words", boom)
    monkeypatch.setattr("regviz.ui.page.guarded", _unguarded)
    with caplog.at_level(logging.ERROR, logger="regviz.pages"):
        at = open_app({"seed": "4"}, page="pages/choosing.py")
    assert not at.exception
    assert any("Something went wrong" in e.value for e in at.error)
    assert at.query_params["seed"] == "4"
    assert "injected fault" in caplog.text


@contextmanager
def _unguarded(lang: str) -> Iterator[None]:
    yield  # no guard at all: only the page boundary in app.py is left
