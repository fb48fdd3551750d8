"""Property tests of everything a user can type or upload: links and CSV files.

Any text for any parameter gives a valid state (a bad value becomes its default with a
notice naming it); any bytes uploaded give a table or an InputError whose message exists
in both languages, and any table's columns give a source or such an InputError.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regviz.errors import InputError
from regviz.lessons.registry import SCHEMA
from regviz.params import MAX_PARAM_LENGTH
from regviz.text import error_message
from regviz.upload import choose, read_table

NAMES = [p.name for p in SCHEMA.params]
NASTY = st.sampled_from(
    [
        "",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e309",
        "-0",
        "0x10",
        "<script>alert(1)</script>",
        "１２",
        "٣",
        "1_000",
        " 5 ",
        "a" * 10_000,
        "csv-0123456789ab",
        "csv-XYZ",
        "%00",
        "1,5",
        "true",
        "None",
        "[]",
        "{}",
        "l1\n",
        "\u202e9",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=60), st.floats(allow_nan=True).map(repr), st.integers().map(str))
KEYS = st.sampled_from([*NAMES, "unknown", "lam ", "LAM"])
QUERY = st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=3)))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(QUERY)
def test_any_link_gives_a_valid_state_and_names_what_it_ignored(query: dict) -> None:
    state, notices = SCHEMA.parse_query(query)
    for p in SCHEMA.params:
        assert p.valid(state[p.name]), (p.name, state[p.name])
    ignored = {n.param for n in notices}
    for name, raw in query.items():
        if name not in SCHEMA.by_name:
            continue
        p = SCHEMA.by_name[name]
        text = (raw[-1] if raw else "") if isinstance(raw, list) else raw
        text = str(text).strip()
        if name in ignored:
            assert state[name] == p.default
        else:
            assert len(text) <= MAX_PARAM_LENGTH and state[name] == p.parse(text)
    again, more = SCHEMA.parse_query(SCHEMA.to_query(state))
    assert again == state and not more  # the rewritten URL reopens the state exactly


def _said(err: InputError) -> None:
    en, zh = error_message(err, "en"), error_message(err, "zh")
    assert en and zh and en != zh


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_table_or_a_message(data: bytes) -> None:
    try:
        table = read_table(data)
    except InputError as err:
        _said(err)
        return
    assert len(table.names) == table.values.shape[1] >= 2


CELL = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=32).map(lambda v: f"{v:g}"),
    st.sampled_from(["", "NA", "x", "1,5", "-", "1e-300", "9" * 30]),
    st.integers(-5, 5).map(str),
)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 6).flatmap(
        lambda c: st.tuples(st.just(c), st.lists(st.lists(CELL, min_size=c, max_size=c), min_size=0, max_size=40))
    ),
    st.sampled_from([",", ";", "\t"]),
    st.data(),
)
def test_any_table_gives_a_source_or_a_message(shape, sep: str, data) -> None:
    columns, rows = shape
    text = "\n".join([sep.join(f"c{j}" for j in range(columns)), *(sep.join(r) for r in rows)]) + "\n"
    try:
        table = read_table(text.encode())
    except InputError as err:
        _said(err)
        return
    target = data.draw(st.sampled_from(table.names))
    x = data.draw(st.sampled_from(table.names))
    features = data.draw(st.lists(st.sampled_from(table.names), max_size=6))
    try:
        source = choose(table, target, x, features)
    except InputError as err:
        _said(err)
        return
    assert source.rows >= 10 and np.isfinite(source.y).all() and np.isfinite(source.x).all()
    assert np.isfinite(source.X).all() and source.X.shape == (source.rows, len(source.feature_names))
    assert source.y_name not in source.feature_names and np.ptp(source.x) > 0
