"""regviz.text.tables: Markdown pipe tables whose cells stay in their columns."""

from __future__ import annotations

import re

import pytest

from regviz.text.tables import cell, markdown_table

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def cells(line: str) -> list[str]:
    """A table line's cells as a GFM reader splits them: on pipes that are not escaped."""
    return [c.strip().replace(r"\|", "|") for c in UNESCAPED_PIPE.split(line)[1:-1]]


def test_a_table_is_its_header_a_rule_and_one_line_per_row() -> None:
    text = markdown_table(["a", "b"], [("1", "2"), ("3", "4")])
    assert text.splitlines() == ["| a | b |", "| --- | --- |", "| 1 | 2 |", "| 3 | 4 |"]


def test_a_pipe_in_a_cell_stays_in_its_cell_and_line_breaks_become_spaces() -> None:
    note = "Keras adds l1·Σ|w| + l2·Σw²\nper layer"
    lines = markdown_table(["library", "why"], [("Keras", note)]).splitlines()
    assert [cells(line) for line in lines[2:]] == [["Keras", "Keras adds l1·Σ|w| + l2·Σw² per layer"]]
    assert cell("a|b") == r"a\|b" and cell("x  = 1\ny") == "x  = 1 y"  # spaces kept (code)


def test_a_row_with_a_cell_too_few_is_refused() -> None:
    with pytest.raises(AssertionError):
        markdown_table(["a", "b"], [("1",)])
