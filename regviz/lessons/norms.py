"""Lesson 7 — norms and conventions: "L2 loss" is not "L2 norm", ℓp balls, λ across libraries.

Panels (kinds in regviz.figures.norms):

- ``measures`` (residuals, error_measures): the state's polynomial fit along λ: its
  training residuals y − ŷ (drawn as the vertical distances from the points to the curve),
  and SSE = ‖y − ŷ‖₂², MSE = SSE/n, RMSE = √MSE and ‖y − ŷ‖₂ along λ;
- ``lp`` (lp_contours): lesson 1's two-feature problem under the penalty P_p(w) = Σ|w_j|^p/p
  (regviz.bridge; p = 0 the count, p = ∞ the largest |w_j|): the loss contours, the ball
  {P_p ≤ t} through the global minimum, the unit ball ‖w‖_p = 1, and where coordinate descent
  from the chosen start stops (for p < 1 not always the global minimum).
"""

from __future__ import annotations

import math

import numpy as np

from regviz import bridge, conventions
from regviz.lessons import geometry
from regviz.lessons.base import Lesson, Panel, PanelData
from regviz.lessons.common import FIT, state_curve, state_fit
from regviz.params import LAMS, State, Widget, choice, lesson_params
from regviz.text import t
from regviz.text.numbers import num

SLUG = "norms"
P_CHOICES = ("0", "0.25", "0.5", "0.75", "1", "1.5", "2", "3", "4", "inf")
STARTS = ("ols", "zero", "axis1", "axis2")
X_POINTS = 200
POINTS = 61
PARAMS = lesson_params(
    SLUG,
    choice("p", P_CHOICES, "0.5", Widget("select_slider", "norms.p", "norms.p_help", choices="norms.p_choice")),
    choice("start", STARTS, "ols", Widget("select", "norms.start", choices="norms.start_choice")),
)
TWO = geometry.NAMES
LP = ("n", "noise", "seed", *TWO, "norms.p", "norms.start")


def p_value(code: str) -> float:
    return math.inf if code == "inf" else float(code)


def measures(s: State) -> PanelData:
    c, f = state_curve(s), state_fit(s)
    yhat = f.coefs @ f.basis.transform(c.x_train).T + f.intercepts[:, None]  # (L, n)
    r = c.y_train[None, :] - yhat
    sse = np.einsum("li,li->l", r, r)
    n = c.y_train.size
    pad = 0.25 * float(np.ptp(c.y_train)) + 1e-9
    arrays = {
        "x_train": c.x_train,
        "y_train": c.y_train,
        "yhat": yhat,
        "coefs": f.coefs,
        "intercepts": f.intercepts,
        "sse": sse,
        "mse": sse / n,
        "rmse": np.sqrt(sse / n),
        "dist": np.sqrt(sse),
        "y_range": np.array([c.y_train.min() - pad, c.y_train.max() + pad]),
    }
    values = {"domain": list(c.domain), "points": X_POINTS, "n": n, "caution": f.caution}
    return PanelData(arrays, values)


def _start(code: str, ols: np.ndarray) -> np.ndarray:
    point = {"ols": ols, "zero": np.zeros(2), "axis1": ols * [1.0, 0.0], "axis2": ols * [0.0, 1.0]}[code]
    return np.tile(point, (len(LAMS), 1))


def lp(s: State) -> PanelData:
    problem = geometry.two_feature_problem(s)
    H, g = problem.H, problem.g
    Q = np.array([H[0, 0], H[0, 1], H[1, 1]])
    ols = np.linalg.solve(H, g)
    p = p_value(s["norms.p"])
    # J ≤ J(0) = 0 at the minimum: it lies in the ellipse ½vᵀHv − gᵀv ≤ 0 around the OLS point
    reach = np.abs(ols) + np.sqrt(float(ols @ g) * np.diag(np.linalg.inv(H)))
    box = 1.05 * float(reach.max())
    start = _start(s["norms.start"], ols)
    best, ends = bridge.minima(Q, g, LAMS, p, box, start)
    local = best.copy() if ends is None else ends  # p = 0 or ∞: no descent, the minimum
    quad = lambda V: 0.5 * np.einsum("li,ij,lj->l", V, H, V) - V @ g  # noqa: E731
    low = float(0.5 * ols @ H @ ols - ols @ g)
    extent = 1.3 * max(float(np.abs(ols).max()), 1.0 / 1.3)
    arrays = {
        "Q": Q,
        "ols": ols,
        "best": best,
        "local": local,
        "start": start[0],
        "excess": quad(best) - low,
        "t_best": bridge.penalty(best, p),
        "t_local": bridge.penalty(local, p),
    }
    values = {
        "p": s["norms.p"],
        "points": POINTS,
        "extent": extent,
        "spans": list(geometry.SPANS),
        "flattest": float(np.linalg.eigvalsh(H)[0]),  # the contours' longest axis lies along it
    }
    return PanelData(arrays, values)


LESSON = Lesson(
    slug=SLUG,
    title="norms.title",
    nav="nav.norms",
    icon="📏",
    page="pages/norms.py",
    params=PARAMS,
    borrowed=lambda s: TWO,
    panels=(
        Panel("measures", ("residuals", "error_measures"), (*FIT, "degree"), measures, height=460),
        Panel("lp", ("lp_contours",), LP, lp, height=600),
    ),
)


def measure_rows(s: State) -> list[tuple[str, str, str]]:
    """(name, formula in LaTeX, value) of every quantity on the current fit, at the state's λ.

    The formulas write their bars as \\Vert and \\lvert … \\rvert: a Markdown table's cell
    cannot hold a ``|`` inside LaTeX (regviz.text.tables)."""
    d = LESSON.data("measures", s)
    i, n = s.lam_index, d.values["n"]
    w = d["coefs"][i]
    rows = [
        ("dist", r"\Vert y - \hat y\Vert_2 = \sqrt{\textstyle\sum_i r_i^2}", float(d["dist"][i])),
        ("sse", r"\Vert y - \hat y\Vert_2^2 = \textstyle\sum_i r_i^2", float(d["sse"][i])),
        ("mse", rf"\tfrac{{1}}{{n}}\Vert y - \hat y\Vert_2^2,\ n = {n}", float(d["mse"][i])),
        ("rmse", r"\sqrt{\mathrm{MSE}} = \Vert y - \hat y\Vert_2 / \sqrt{n}", float(d["rmse"][i])),
        ("ours", r"\tfrac{1}{2n}\Vert y - \hat y\Vert_2^2", float(d["sse"][i]) / (2 * n)),
        ("w2", r"\Vert w\Vert_2 = \sqrt{\textstyle\sum_j w_j^2}", float(np.linalg.norm(w))),
        ("w2sq", r"\Vert w\Vert_2^2", float(w @ w)),
        ("half", r"\tfrac12\Vert w\Vert_2^2", 0.5 * float(w @ w)),
        ("w1", r"\Vert w\Vert_1 = \textstyle\sum_j \lvert w_j\rvert", float(np.abs(w).sum())),
        ("w0", r"\Vert w\Vert_0 = \#\{j : w_j \ne 0\}", float(np.count_nonzero(w))),
    ]
    return [(t(f"norms.q_{key}", s.lang), f"${tex}$", num(value)) for key, tex, value in rows]


def lp_words(s: State) -> str:
    d = LESSON.data("lp", s)
    i, lang, code = s.lam_index, s.lang, s["norms.p"]
    best, local = d["best"][i], d["local"][i]
    common = {
        "p": t(f"norms.p_choice.{code}", lang),
        "lam": num(s.lam),
        "b1": num(best[0]),
        "b2": num(best[1]),
        "l1": num(local[0]),
        "l2": num(local[1]),
        "start": t(f"norms.start_choice.{s['norms.start']}", lang),
    }
    p = p_value(code)
    if p == 0:
        return t("norms.lp_zero", lang, **common)
    if p >= 1:
        return t("norms.lp_convex", lang, **common)
    same = bool(np.allclose(best, local, atol=1e-9))
    return t("norms.lp_same" if same else "norms.lp_local", lang, **common)


def translations(s: State) -> list[conventions.Row]:
    c = state_curve(s)
    return conventions.translate(s.penalty, s.lam, s.l1_ratio, int(c.y_train.size), float(np.std(c.y_train)))
