"""What a student does with the controls: a random control moved to a random value.

Controls are the declared parameters (regviz.params) a lesson page shows — the sidebar's
and the page's own — plus λ. Values are drawn from each parameter's whole domain, as a
student who drags any slider to any position does; nothing favours what a cache holds.
"""

from __future__ import annotations

import random
from typing import Any

from regviz.lessons.base import Lesson
from regviz.params import SHARED_PARAMS, VIEW_PARAMS, Param, State, shown


def controls(lesson: Lesson, state: State) -> list[Param]:
    """The parameters whose widgets this lesson page shows, enabled, in this state."""
    from regviz.lessons.registry import SCHEMA

    borrowed = [SCHEMA.by_name[name] for name in lesson.borrowed(state)]
    params = [*VIEW_PARAMS, *SHARED_PARAMS, *lesson.params, *borrowed]
    unused = lesson.unused(state)  # greyed out in the sidebar: it cannot move either
    return [p for p in params if shown(p, state) and (p.enabled is None or p.enabled(state)) and p.name not in unused]


def random_value(p: Param, current: Any, rng: random.Random) -> Any:
    """Any value of the parameter's domain other than the current one."""
    for _ in range(100):
        if p.options:
            value = rng.choice(p.options)
        else:
            assert p.bounds is not None
            lo, hi = p.bounds
            if isinstance(p.default, float):
                step = p.widget.step if p.widget and p.widget.step else 0.05
                value = round(lo + step * rng.randint(0, round((hi - lo) / step)), 10)
            else:
                value = rng.randint(int(lo), int(hi))
        if value != current:
            return value
    return current


def random_move(lesson: Lesson, state: State, rng: random.Random, keep_lang: bool = True) -> tuple[str, Any]:
    """(parameter name, new value) for one move; the language stays put unless asked."""
    options = [p for p in controls(lesson, state) if not (keep_lang and p.name == "lang")]
    p = rng.choice(options)
    return p.name, random_value(p, state[p.name], rng)


def walk(lesson: Lesson, moves: int, rng: random.Random, keep_lang: bool = True) -> list[State]:
    """The states a student passes through from the default state, one random move at a time."""
    from regviz.lessons.registry import DEFAULT

    states, state = [], DEFAULT
    for _ in range(moves):
        name, value = random_move(lesson, state, rng, keep_lang)
        state = state.with_({name: value})
        states.append(state)
    return states
