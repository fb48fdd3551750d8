"""Lesson 3 — paths and sparsity: how each penalty's weights move with λ, which it keeps.

Panels (kinds in regviz.figures):

- ``paths`` (coef_paths, support, kept): the polynomial fit's weights along λ for ridge,
  lasso and elastic net (ρ of the state) and the exact best subset (L0, up to 15
  features), their number of non-zero weights, and which weights each keeps at λ;
- ``twin`` (twin): two features, one a duplicate (or a near copy) of the other: the lasso's
  optimal set at every λ (a segment when the copy is exact), where four solvers land on it,
  and the unique ridge and elastic-net optima;
- ``selection`` (named_paths): the lasso on named features (diabetes, or an upload's),
  the order in which they enter as λ falls.
"""

from __future__ import annotations

import numpy as np

from regviz import batch, datasets, optimizers
from regviz.lessons.base import Lesson, Panel, PanelData
from regviz.lessons.common import FIT, poly_fit
from regviz.params import LAMS, State, Widget, choice, lesson_params
from regviz.penalties import get_penalty
from regviz.problem import Problem
from regviz.subsets import MAX_L0_FEATURES
from regviz.text import t
from regviz.text.numbers import num

SLUG = "paths"
TWINS = ("duplicate", "collinear", "independent")
TWIN_CORR = {"collinear": 0.95, "independent": 0.0}
PARAMS = lesson_params(
    SLUG,
    choice("twin", TWINS, "duplicate", Widget("select", "paths.twin_label", choices="paths.twin_choice")),
)
PENALTIES = ("l2", "l1", "elasticnet", "l0")
ENTRY_POINTS = 1801  # the grid the entry order is read on: 300 a decade
FIT_DEGREE = (*FIT, "degree")  # every penalty's path is drawn; the state's own is emphasised


def subsets_searched(p: int) -> int:
    """Best subset (L0) scores every support of p features: 2^p of them."""
    return 2**p


def paths(s: State) -> PanelData:
    """The weights of the current polynomial along λ under each penalty (L0 up to 15)."""
    arrays: dict[str, np.ndarray] = {}
    caution = None
    for penalty in PENALTIES:
        if penalty == "l0" and s.degree > MAX_L0_FEATURES:
            continue
        fit = poly_fit(s.data, s.n, s.noise, s.seed, s.degree, penalty, s.l1_ratio)
        arrays[penalty] = fit.coefs
        caution = fit.caution if penalty == s.penalty else caution
    values = {
        "degree": s.degree,
        "l1_ratio": s.l1_ratio,
        "current": s.penalty,  # drawn emphasised
        "l0": "l0" in arrays,
        "subsets": subsets_searched(s.degree),
        "caution": caution,  # the current penalty's, whose paths are drawn emphasised
    }
    return PanelData(arrays, values)


def events(W: np.ndarray) -> list[tuple[int, int, bool]]:
    """(weight, λ index, entering) wherever a weight turns non-zero or zero as λ falls.

    The grid runs from small to large λ; walking it from the large end, a weight "enters"
    at the first λ where it is non-zero and "leaves" where it is zero again.
    """
    nonzero = W != 0
    out = []
    for i in range(W.shape[0] - 2, -1, -1):
        for j in np.flatnonzero(nonzero[i] != nonzero[i + 1]):
            out.append((int(j), i, bool(nonzero[i, j])))
    return out


def twin_problem(s: State) -> Problem:
    twin = s["paths.twin"]
    tf = datasets.two_feature(TWIN_CORR.get(twin, 0.0), (1.0, 1.0), None, s.n, s.noise, s.seed)
    X = tf.X.copy()
    if twin == "duplicate":
        X[:, 1] = X[:, 0]
    noise = tf.y - tf.X @ tf.true_coef
    return Problem.from_data(X, X @ tf.true_coef + noise)


def twin(s: State) -> PanelData:
    """Where solvers land on the lasso's optimal set, and the unique ridge / elastic-net optima.

    With x₂ = x₁ the lasso objective depends on w₁ + w₂ only through the fit and on
    |w₁| + |w₂| through the penalty, so every (w₁, w₂) of one sign with w₁ + w₂ = s(λ) is
    optimal, where s(λ) = S(g₁, λ)/H₁₁ is the one-feature lasso. Ridge and elastic net
    are strictly convex: one optimum, on the diagonal by symmetry.
    """
    problem = twin_problem(s)
    H, g = problem.H, problem.g
    lasso = get_penalty("l1")
    slope = float(g[0] / H[0, 0])
    # Proximal gradient keeps w₁ − w₂ of its start on twins (both get the same gradient and
    # the same shrink), so these two starts end at two other points of the segment.
    starts = {"pg_a": np.array([1.0, 0.5]) * slope, "pg_b": np.array([-0.1, 0.5]) * slope}
    # both starts as one run of 2L rows: on nearly collinear twins it takes ~700 steps, whose
    # numpy calls on a few dozen numbers cost the same for twice as many
    L = LAMS.size
    both = optimizers.proximal_gradient(
        H, np.broadcast_to(g, (2 * L, 2)), lasso, np.tile(LAMS, 2), np.repeat([*starts.values()], L, axis=0)
    )
    arrays = {
        "cd": optimizers.coordinate_descent(H, g, LAMS),
        "ours": lasso.solve_path(problem, LAMS),
        "pg_a": both[:L],
        "pg_b": both[L:],
        "ridge": get_penalty("l2").solve_path(problem, LAMS),
        "enet": get_penalty("elasticnet", s.l1_ratio).solve_path(problem, LAMS),
    }
    segment = np.full((LAMS.size, 4), np.nan)
    if s["paths.twin"] == "duplicate":
        total = np.sign(g[0]) * np.maximum(abs(g[0]) - LAMS, 0.0) / H[0, 0]
        segment = np.column_stack([total, np.zeros_like(total), np.zeros_like(total), total])
    arrays["segment"] = segment
    reach = max(float(np.nanmax(np.abs(np.concatenate([a.ravel() for a in arrays.values()])))), 1e-3)
    values = {"twin": s["paths.twin"], "l1_ratio": s.l1_ratio, "starts": {k: v.tolist() for k, v in starts.items()}}
    return PanelData(arrays, {**values, "extent": 1.15 * reach})


def selection(s: State) -> PanelData:
    """The lasso path on named features, and the order in which they enter as λ falls.

    The order is read on a grid 30 times finer than the slider's, so that two features
    entering between the same two grid points are still told apart.
    """
    table = datasets.feature_table(s.data)
    problem = Problem.from_data(table.X, table.y)
    W = get_penalty("l1").solve_path(problem, LAMS)
    fine = np.logspace(1, -5, ENTRY_POINTS)  # descending
    F = batch.paths(batch.Batch.from_design(problem.Xc, problem.yc[None]), "l1", fine)[0]
    first = {j: int(np.argmax(F[:, j] != 0)) for j in range(F.shape[1]) if F[:, j].any()}
    entered = sorted(first, key=lambda j: (first[j], j))
    names = list(table.feature_names)
    values = {
        "names": names,
        "order": [names[j] for j in entered],
        "entry": [float(fine[first[j]]) for j in entered],
        "source": "upload" if table.feature_names != datasets.DIABETES_FEATURES else "diabetes",
    }
    return PanelData({"coefs": W}, values)


LESSON = Lesson(
    slug=SLUG,
    title="paths.title",
    nav="nav.paths",
    icon="🛤️",
    page="pages/paths.py",
    params=PARAMS,
    panels=(
        Panel("paths", ("coef_paths", "support", "kept"), FIT_DEGREE, paths, heavy=lambda s: True),
        Panel("twin", ("twin",), ("n", "noise", "seed", "l1_ratio", "paths.twin"), twin, height=560),
        Panel("selection", ("named_paths",), ("data",), selection, height=480),
    ),
)


def cost_words(s: State) -> str:
    """The honest cost of best subset at this degree (from the state alone)."""
    p = s.degree
    common = {"p": p, "count": f"{subsets_searched(p):,}", "maximum": MAX_L0_FEATURES}
    if p > MAX_L0_FEATURES:
        return t("paths.subsets_too_many", s.lang, **common)
    return t("paths.subsets_cost", s.lang, at20=f"{subsets_searched(20):,}", **common)


def _pair(w: np.ndarray) -> str:
    return f"({num(w[0])}, {num(w[1])})"


def twin_words(s: State) -> str:
    """Where the solvers landed at the state's λ, and whether the optimum is unique."""
    data = LESSON.data("twin", s)
    i = s.lam_index
    points = {k: _pair(data[k][i]) for k in ("cd", "ours", "pg_a", "pg_b", "ridge", "enet")}
    lasso = np.array([data[k][i] for k in ("cd", "ours", "pg_a", "pg_b")])
    spread = float(np.max(np.abs(lasso - lasso.mean(axis=0))))
    if s["paths.twin"] == "duplicate":
        total = float(data["segment"][i, 0])
        key = "paths.twin_words_zero" if total == 0 else "paths.twin_words_duplicate"
        return t(key, s.lang, lam=num(s.lam), total=num(total), rho=num(s.l1_ratio), **points)
    return t("paths.twin_words_unique", s.lang, lam=num(s.lam), spread=num(spread), rho=num(s.l1_ratio), **points)


def selection_words(s: State) -> str:
    data = LESSON.data("selection", s)
    order = " → ".join(
        f"{name} (λ ≈ {num(lam)})" for name, lam in zip(data.values["order"], data.values["entry"], strict=True)
    )
    return t(f"paths.order_{data.values['source']}", s.lang, order=order)
