"""Guided exercises: short tasks across the lessons, each opened by a lesson link, checked by
the app from the state the student reaches (through the lessons' own panel data), with hints
and an explanation. Their texts are ``exercise.<id>.*`` in regviz/text.

A check is a pure function of the state: tests call it in passing and failing states.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from regviz.errors import InputError
from regviz.lessons import bayes, choosing, geometry, norms, overfitting
from regviz.params import State


@dataclass(frozen=True)
class Exercise:
    id: str
    lesson: str
    start: Mapping[str, Any]  # what its link sets
    check: Callable[[State], bool]
    hints: int = 2


def _weights(s: State) -> np.ndarray:
    return np.asarray(overfitting.LESSON.data("fit", s)["coefs"][s.lam_index])


def _test_mse(s: State) -> float:
    return float(overfitting.LESSON.data("fit", s)["test_mse"][s.lam_index])


def two_nonzero(s: State) -> bool:
    return s.penalty == "l1" and int(np.count_nonzero(_weights(s))) == 2


def beat_degree_15(s: State) -> bool:
    ols = s.with_(penalty="none", degree=15)
    return s.degree == 15 and s.penalty != "none" and _test_mse(s) < _test_mse(ols)


def ridge_half_norm(s: State) -> bool:
    w, ols = _weights(s), _weights(s.with_(penalty="none"))
    return s.penalty == "l2" and bool(np.all(w != 0)) and np.linalg.norm(w) < 0.5 * np.linalg.norm(ols)


def corner(s: State) -> bool:
    w = np.asarray(geometry.LESSON.data("two_feature", s)["w"][s.lam_index])
    return s.penalty == "l1" and int(np.count_nonzero(w)) == 1


def enet_corner(s: State) -> bool:
    w = np.asarray(geometry.LESSON.data("two_feature", s)["w"][s.lam_index])
    return s.penalty == "elasticnet" and s.l1_ratio < 1 and int(np.count_nonzero(w)) == 1


def all_zero_first(s: State) -> bool:
    """The smallest λ on the grid at which the lasso sets every weight to 0."""
    if s.penalty != "l1" or s.lam_index == 0:
        return False
    coefs = np.asarray(overfitting.LESSON.data("fit", s)["coefs"])
    return bool(np.all(coefs[s.lam_index] == 0) and np.any(coefs[s.lam_index - 1] != 0))


def one_se(s: State) -> bool:
    return s.penalty != "none" and s.lam == choosing.LESSON.data("cv", s).values["lam_1se"]


def mean_not_map(s: State) -> bool:
    d = bayes.LESSON.data("posterior", s)
    w, mean = np.asarray(d["w"][s.lam_index]), np.asarray(d["mean"][s.lam_index])
    return s.penalty == "l1" and bool(np.any((w == 0) & (np.abs(mean) > 0.02)))


def local_not_global(s: State) -> bool:
    d = norms.LESSON.data("lp", s)
    best, local = np.asarray(d["best"][s.lam_index]), np.asarray(d["local"][s.lam_index])
    return float(s["norms.p"]) < 1 and bool(np.linalg.norm(best - local) > 1e-3)


EXERCISES: tuple[Exercise, ...] = (
    Exercise("two_nonzero", "overfitting", {"penalty": "l1", "degree": 9, "lam": 0.001}, two_nonzero),
    Exercise("beat_ols", "overfitting", {"penalty": "none", "degree": 15}, beat_degree_15),
    Exercise("ridge_half", "overfitting", {"penalty": "l2", "degree": 12, "lam": 1e-05}, ridge_half_norm),
    Exercise("corner", "geometry", {"penalty": "l1", "lam": 0.01}, corner),
    Exercise("enet_corner", "geometry", {"penalty": "elasticnet", "l1_ratio": 0.5, "lam": 0.01}, enet_corner),
    Exercise("all_zero", "paths", {"penalty": "l1", "degree": 9, "lam": 0.01}, all_zero_first),
    Exercise("one_se", "choosing", {"penalty": "l1", "degree": 9, "lam": 0.01}, one_se),
    Exercise("mean_map", "bayes", {"penalty": "l2", "lam": 0.01}, mean_not_map),
    Exercise("local_min", "norms", {"norms.p": "2", "penalty": "l2", "lam": 0.1}, local_not_global),
)
BY_ID = {e.id: e for e in EXERCISES}


def solved(exercise: Exercise, s: State) -> bool:
    """Whether the state solves it (a state the lesson cannot compute does not)."""
    try:
        return bool(exercise.check(s))
    except InputError:
        return False
