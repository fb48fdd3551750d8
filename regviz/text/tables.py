"""Tables as Markdown (GitHub's pipe tables), which ``st.markdown`` draws.

``st.table`` turns its data into a data frame and sends it through Arrow on every rerun:
on the norms page its two small tables cost a quarter of a λ rerun's server CPU, a
Markdown table next to nothing (README: measured). Both render each cell as Markdown,
LaTeX included, so the cells read as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: str) -> str:
    """One cell's Markdown: its ``|`` escaped so that it stays in the cell, its line breaks spaces.

    An escaped pipe is not one inside LaTeX, so a formula in a cell writes its norms as
    ``\\Vert`` and ``\\lvert … \\rvert`` (the norms page does)."""
    return " ".join(str(text).splitlines()).replace("|", r"\|")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table: the header, its rule and one line per row, every row as wide as the header."""
    lines = [header, *rows]
    assert all(len(line) == len(header) for line in lines), "every row needs a cell per column"
    text = ["| " + " | ".join(cell(c) for c in line) + " |" for line in lines]
    return "\n".join([text[0], "|" + " --- |" * len(header), *text[1:]])
