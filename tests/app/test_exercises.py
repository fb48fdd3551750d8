"""Guided exercises: each check fails where it starts and passes at a solution; through the
app the open task says so, a solved one goes into the link, and home lists them all."""

from __future__ import annotations

import pytest

from regviz.exercises import BY_ID, EXERCISES, solved
from regviz.lessons.registry import DEFAULT, SCHEMA
from regviz.text import t
from tests.app.conftest import open_app, set_lam

# A solution of each, found by hand on the slider (the hints point there).
SOLUTIONS = {
    "two_nonzero": {"lam": 0.126},
    "beat_ols": {"penalty": "l2", "lam": 0.001},
    "ridge_half": {"lam": 0.001},
    "corner": {"lam": 0.501},
    "enet_corner": {"lam": 1.26},
    "all_zero": {"lam": 0.631},
    "one_se": {"lam": 0.0794},
    "mean_map": {"penalty": "l1", "lam": 0.501},
    "local_min": {"norms.p": "0.5", "lam": 0.0398},
}
# ... and a near miss of each: the same task, one thing off.
MISSES = {
    "two_nonzero": {"lam": 0.0398},
    "beat_ols": {"penalty": "l2", "lam": 0.001, "degree": 14},  # not at degree 15
    "ridge_half": {"penalty": "l1", "lam": 0.001},  # the lasso's zeros
    "corner": {"lam": 1.26},  # both weights 0
    "enet_corner": {"l1_ratio": 0.0, "penalty": "elasticnet", "lam": 1.26},  # ρ = 0 is ridge
    "all_zero": {"lam": 1.0},  # every weight 0, but not the smallest such λ
    "one_se": {"lam": 0.1},
    "mean_map": {"penalty": "l1", "lam": 0.0398},  # the MAP has no zero yet
    "local_min": {"norms.p": "1", "lam": 0.0398},  # convex: one minimum
}


def test_at_least_eight_tasks_across_the_lessons_in_both_languages() -> None:
    assert len(EXERCISES) >= 8 and len({e.lesson for e in EXERCISES}) >= 6
    assert set(SOLUTIONS) == set(BY_ID) == set(MISSES)
    for e in EXERCISES:
        for part in ("title", "task", "hint1", "hint2", "explain"):
            assert t(f"exercise.{e.id}.{part}", "en") != t(f"exercise.{e.id}.{part}", "zh")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_each_check_fails_at_its_start_and_a_near_miss_and_passes_at_a_solution(exercise) -> None:
    start = DEFAULT.with_(dict(exercise.start))
    assert not solved(exercise, start)
    assert not solved(exercise, start.with_(MISSES[exercise.id]))
    assert solved(exercise, start.with_(SOLUTIONS[exercise.id]))


def test_the_open_task_is_checked_on_every_move_and_a_solution_goes_into_the_link() -> None:
    start = {k: SCHEMA.by_name[k].encode(v) for k, v in BY_ID["corner"].start.items()}
    at = open_app({**start, "task": "corner"}, page="pages/geometry.py")
    assert not at.exception
    assert any("Land on the corner" in m.value for m in at.markdown)
    assert at.info and "Not yet" in at.info[0].value and "done" not in at.query_params
    set_lam(at, 0.501)
    assert not at.exception
    assert any("Solved" in s.value for s in at.success)
    assert at.query_params["done"] == "corner" and at.query_params["task"] == "corner"
    set_lam(at, 0.01)  # moving on keeps what was solved
    assert at.query_params["done"] == "corner"


def test_home_lists_every_task_as_a_link_that_opens_it_with_what_is_done() -> None:
    at = open_app({"lang": "zh", "done": "corner,one_se"})
    links = {p.label: p for p in (el.proto for el in at.get("page_link"))}
    for e in EXERCISES:
        label = next(label for label in links if label.startswith(t(f"exercise.{e.id}.title", "zh")))
        link = links[label]
        assert link.page == e.lesson and f"task={e.id}" in link.query_string
        assert "done=corner%2Cone_se" in link.query_string or "done=corner,one_se" in link.query_string
        assert link.icon == ("✅" if e.id in ("corner", "one_se") else "📝")
