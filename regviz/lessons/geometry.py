"""Lesson 1 — geometry: why the L1 diamond gives exact zeros and the L2 circle only shrinks.

Panels (kinds in regviz.figures):

- ``two_feature`` (contours): a two-feature problem whose loss ellipse the student shapes;
- ``poly_pair`` (contours): the first two weights of the current polynomial fit, the others
  held at their fitted values (the pair is then the exact optimum of its sub-problem);
- ``balls`` (unit_balls): ‖w‖_p = 1 for p = 0, ½, 1, 2, ∞;
- ``zero_share`` (zero_share): how often random 2-D losses have a solution with a zero.

Contours data, along the λ grid (L values): the pair's quadratic ``½vᵀQv − b_iᵀv + c_i``
(Q fixed; b, c per λ because the other weights move), the solution ``w`` (L, 2), its loss
``level``, the optimum ``ols`` and its loss ``low``, the constraint level ``t = P(w)`` and
the half-width ``extent`` of the square view. Everything else (the ellipses, the region,
the path) follows from these in closed form, in Python and in the browser alike.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from regviz import datasets, geometry, optimizers
from regviz.errors import InputError
from regviz.lessons import words
from regviz.lessons.base import NO_AXIS, Lesson, LocalAxis, Panel, PanelData
from regviz.lessons.common import FIT, state_fit, weights_along_lam
from regviz.params import LAMS, State, Widget, choice, decimal, grid, lesson_params
from regviz.penalties import LP_FAMILY, get_penalty, lp_unit_ball
from regviz.problem import Problem

SLUG = "geometry"
SPANS = (0.4, 0.8)  # contours that span 40 % and 80 % of the view at every λ
POINTS = 29  # points of each ellipse (drawn as splines); the region gets 2·POINTS − 1
ZERO_TRIALS = 2000
DESCENT_STEPS = 40
PARAMS = lesson_params(
    SLUG,
    decimal("corr", -0.9, 0.9, 0.1, 0.5, Widget("slider", "geometry.correlation", step=0.1)),
    grid("scale", (0.25, 0.5, 1.0, 2.0, 4.0), 1.0, Widget("select_slider", "geometry.scale2")),
    choice(
        "useless",
        ("none", "1", "2"),
        "none",
        Widget("select", "geometry.useless_label", choices="geometry.useless_choice"),
    ),
)
NAMES = tuple(p.name for p in PARAMS)  # the two-feature problem's own controls, which other lessons borrow
TWO_FEATURE = ("n", "noise", "seed", "penalty", "l1_ratio", *NAMES)


def contours_data(problem: Problem, W: np.ndarray, penalty: str, l1_ratio: float, pair=(0, 1)) -> PanelData:
    """The contours panel's arrays for the pair of weights ``pair`` of a λ path ``W`` (L, p)."""
    H, g = problem.H, problem.g
    idx = np.array(pair)
    rest = np.setdiff1d(np.arange(g.size), idx)
    Q = H[np.ix_(idx, idx)]
    Wr = W[:, rest]
    b = g[idx][None, :] - Wr @ H[np.ix_(rest, idx)]  # (L, 2)
    c = 0.5 * problem.yy - Wr @ g[rest] + 0.5 * np.einsum("li,ij,lj->l", Wr, H[np.ix_(rest, rest)], Wr)
    w = W[:, idx]
    ols = b @ np.linalg.pinv(Q)  # Q is symmetric
    quad = lambda v: 0.5 * np.einsum("li,ij,lj->l", v, Q, v) - np.einsum("li,li->l", b, v) + c  # noqa: E731
    level, low = quad(w), quad(ols)
    reach = np.max(np.abs(np.concatenate([w, ols, np.full((len(w), 1), 1e-3)], axis=1)), axis=1)
    extent = 1.35 * np.maximum(reach, np.max(np.abs(w)))
    pen = get_penalty(penalty, l1_ratio)
    t = np.array([pen.value(v) for v in w])
    arrays = {
        "Q": np.array([Q[0, 0], Q[0, 1], Q[1, 1]]),
        "b": b,
        "c": c,
        "w": w,
        "level": level,
        "ols": ols,
        "low": low,
        "t": t,
        "extent": extent,
    }
    flattest = float(np.linalg.eigvalsh(Q)[0])  # the longest semi-axis of a contour lies along it
    values = {
        "penalty": penalty,
        "l1_ratio": l1_ratio,
        "pair": list(pair),
        "flattest": flattest,
        "spans": list(SPANS),
        "points": POINTS,
    }
    return PanelData(arrays, values)


def two_feature_problem(s: State) -> Problem:
    useless = s["geometry.useless"]
    drop = None if useless == "none" else int(useless) - 1
    tf = datasets.two_feature(s["geometry.corr"], (1.0, s["geometry.scale"]), drop, s.n, s.noise, s.seed)
    return Problem.from_data(tf.X, tf.y)


def two_feature(s: State) -> PanelData:
    problem = two_feature_problem(s)
    W = weights_along_lam(problem, s.penalty, s.l1_ratio)
    data = contours_data(problem, W, s.penalty, s.l1_ratio)
    lam_max = get_penalty(s.penalty, s.l1_ratio).lam_max(problem)
    arrays = {**data.arrays, "loss": problem.data_loss(W)}  # for the words: the page builds no problem
    return PanelData(arrays, {**data.values, "title": "geometry.two_feature_title", "lam_max": lam_max})


def descent(s: State) -> PanelData:
    """The two-feature contours plus proximal gradient descent from the unpenalized optimum.

    ``path`` (L, DESCENT_STEPS + 1, 2) holds the iterates at every λ, so both the λ slider
    and the iteration axis redraw in the browser.
    """
    problem = two_feature_problem(s)
    data = LESSON.data("two_feature", s)  # the contours the page has just drawn: no second path solve
    pen = get_penalty(s.penalty, s.l1_ratio)
    B = np.broadcast_to(problem.g, (LAMS.size, problem.g.size))
    path = optimizers.proximal_paths(problem.H, B, pen, LAMS, DESCENT_STEPS, data["ols"][0])
    values = {**data.values, "title": "geometry.descent_title", "steps": DESCENT_STEPS}
    return PanelData({**data.arrays, "path": path}, values)


def poly_pair(s: State) -> PanelData:
    """The polynomial fit's first two weights (needs degree ≥ 2; the page says so instead)."""
    if s.degree < 2:
        raise InputError("needs_two_weights")
    fit = state_fit(s)
    data = contours_data(fit.problem, fit.coefs, s.penalty, s.l1_ratio)
    values = {**data.values, "title": "geometry.poly_title", "lam_max": fit.lam_max, "caution": fit.caution}
    return PanelData(data.arrays, values)


def balls(s: State) -> PanelData:
    curves = [lp_unit_ball(p, extent=1.3) for p in LP_FAMILY]
    return PanelData({f"ball{k}": c for k, c in enumerate(curves)}, {"p": [float(p) for p in LP_FAMILY]})


@lru_cache(maxsize=32)
def _zero_column(rho: float) -> np.ndarray:
    return geometry.zero_share_table(LAMS, (rho,), ZERO_TRIALS, seed=0)[:, 0]


def zero_share(s: State) -> PanelData:
    """L1's and L2's columns do not depend on ρ: only Elastic Net's is new for a new ρ."""
    shares = np.column_stack([_zero_column(1.0), _zero_column(s.l1_ratio), _zero_column(0.0)])
    return PanelData({"share": shares}, {"trials": ZERO_TRIALS, "penalties": ["l1", "elasticnet", "l2"]})


LESSON = Lesson(
    slug=SLUG,
    title="geometry.title",
    nav="nav.geometry",
    icon="💠",
    page="pages/geometry.py",
    params=PARAMS,
    panels=(
        Panel("two_feature", ("contours",), TWO_FEATURE, two_feature, height=600),
        Panel("descent", ("descent",), TWO_FEATURE, descent, height=600, local=LocalAxis(DESCENT_STEPS)),
        Panel("poly_pair", ("contours",), (*FIT, "degree"), poly_pair, height=600),
        Panel("balls", ("unit_balls",), (), balls, axis=NO_AXIS),
        Panel("zero_share", ("zero_share",), ("l1_ratio",), zero_share, heavy=lambda s: True, height=440),
    ),
)


def two_feature_words(s: State) -> tuple[str, str]:
    """The objective with the current numbers (LaTeX) and why the solution sits where it does."""
    data = LESSON.data("two_feature", s)
    i = s.lam_index
    coef = data["w"][i]
    formula = words.objective_tex(s.penalty, s.lam, s.l1_ratio, float(data["loss"][i]), coef)
    return formula, words.geometry(data, i, s.lam, s.lang)


def poly_words(s: State) -> str:
    return words.geometry(LESSON.data("poly_pair", s), s.lam_index, s.lam, s.lang)
