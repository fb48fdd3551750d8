"""App fuzz: seeded random sequences of moves through the real app (AppTest) across every
lesson — any control to any value of its domain (bench/moves.py, as a student exploring
freely), page switches, uploads of good and bad files. After every step: no exception,
every chart's payload decodes with no infinity and NaN only where a line has a gap, the
page renders its title, and the URL's state is the state the page shows.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.moves import random_move
from regviz.lessons.registry import LESSONS, SCHEMA
from regviz.ui import uploads
from regviz.ui.controls import STATE_KEY
from regviz.ui.store import STORE
from tests.app.conftest import chart_keys, open_app, set_param

SEQUENCES = 200  # × STEPS steps each: the counts are in the README ("Tests")
STEPS = 5
GAPS = {"ball0", "segment"}  # arrays whose NaN is a gap in a line
GOOD = ("x,z,y\n" + "".join(f"{k / 7:.3f},{(k * 13) % 11},{(k * k) % 17 / 3:.3f}\n" for k in range(30))).encode()
FILES = [GOOD, b"", b"\x00\x01binary", b"a;b\n1,5;2\n", GOOD.replace(b",", b";").replace(b".", b",")]


def upload(at, data: bytes):
    at.session_state[uploads.OPEN_KEY] = True  # the student opens "Your own data"
    at.run()
    at.file_uploader(key="upload_file").set_value(("fuzz.csv", data, "text/csv")).run()
    buttons = [b for b in at.button if b.label in ("Use these columns", "使用这些列")]
    if buttons:
        buttons[0].click().run()
    return at


def check(at, where: str) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    assert at.title, where  # the page rendered
    shown = at.session_state[STATE_KEY]
    parsed, notices = SCHEMA.parse_query(dict(at.query_params))
    assert not notices and {k: parsed[k] for k in shown} == dict(shown), where
    for key in chart_keys(at):
        entry = STORE.get(key)
        if entry is None or entry.status != "ready":
            continue  # a heavy panel still computing: its own tests wait for it
        from regviz.figures.payload import decode

        payload = decode(STORE.payload(key) or b"")
        for name, values in payload["arrays"].items():
            assert not np.isinf(values).any(), (where, name)
            assert name in GAPS or not np.isnan(values).any(), (where, name)


@pytest.mark.parametrize("seq", range(SEQUENCES))
def test_random_sequences_never_break_the_app(seq: int) -> None:
    rng = random.Random(seq)
    lesson = rng.choice(LESSONS)
    at = open_app(page=lesson.page)
    check(at, f"{seq}: open {lesson.slug}")
    for step in range(STEPS):
        roll = rng.random()
        if roll < 0.15:
            lesson = rng.choice(LESSONS)
            at.switch_page(lesson.page).run()
            what = f"switch to {lesson.slug}"
        elif roll < 0.25:
            data = rng.choice(FILES)
            upload(at, data)
            what = f"upload {data[:12]!r}"
        else:
            state = at.session_state[STATE_KEY]
            name, value = random_move(lesson, state, rng, keep_lang=False)
            set_param(at, name, value)
            what = f"{name} = {value!r}"
        check(at, f"{seq}.{step}: {what} on {lesson.slug}")
