"""Lesson 6 — the Bayesian view: a penalty is a prior, and the penalized fit is the MAP.

The current problem is lesson 1's two-feature problem or the first two weights of the
polynomial fit (the others held at their fitted values); the noise scale σ the student
assumes turns λ into the prior's scale (regviz.bayes). One panel, ``posterior``, along λ,
drawn twice (kinds in regviz.figures.bayes):

- ``prior_likelihood``: the likelihood's contours around the unpenalized optimum, the prior's
  (the penalty's level sets, around 0) and the posterior's half-peak contour with the MAP;
- ``posterior``: the posterior shaded by density (filled level sets) with the MAP and the
  posterior mean, the mean found by numerical integration over a grid.

Arrays (L = λ grid): the pair's quadratic ``Q``, ``b``, ``ols``, ``extent`` and the MAP ``w``
(regviz.lessons.geometry.contours_data), ``l1`` and ``l2`` (λρ, λ(1 − ρ)), the prior levels
``prior_t`` (L, K), the posterior ``mean`` (L, 2) and the zoomed view ``view`` (L, 3: centre
x, centre y, half-width).
"""

from __future__ import annotations

import numpy as np

from regviz import bayes
from regviz.errors import InputError
from regviz.lessons import geometry
from regviz.lessons.base import Lesson, Panel, PanelData
from regviz.lessons.common import FIT, poly_fit, weights_along_lam
from regviz.lessons.words import tex_num
from regviz.params import LAMS, State, Widget, choice, grid, lesson_params
from regviz.text import t
from regviz.text.numbers import num

SLUG = "bayes"
LEVELS = (0.1, 0.3, 0.5, 0.7, 0.9)  # the shaded posterior: density as a share of its peak
CONTOUR_LEVELS = (0.1, 0.5, 0.9)  # the likelihood's and the prior's contours
VIEW_LEVEL = 0.01  # the zoomed posterior view holds this level set
POINTS = 61  # points per contour
PARAMS = lesson_params(
    SLUG,
    choice("problem", ("two", "poly"), "two", Widget("select", "bayes.problem", choices="bayes.problem_choice")),
    grid(
        "sigma",
        (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0),
        0.3,
        Widget("select_slider", "bayes.sigma", "bayes.sigma_help"),
    ),
)
TWO = geometry.NAMES
POSTERIOR = (*FIT, "degree", *TWO, "bayes.problem", "bayes.sigma")


def prior_of(penalty: str) -> str:
    """The penalty whose prior the page draws: L0 has no density prior, so the flat one."""
    return "none" if penalty == "l0" else penalty


def _pair(s: State, penalty: str):
    """The problem, its weights along λ and what the fit's notes say (regviz.conditioning)."""
    if s["bayes.problem"] == "two":
        problem = geometry.two_feature_problem(s)
        return problem, weights_along_lam(problem, penalty, s.l1_ratio), None
    if s.degree < 2:
        raise InputError("needs_two_weights")
    fit = poly_fit(s.data, s.n, s.noise, s.seed, s.degree, penalty, s.l1_ratio)
    return fit.problem, fit.coefs, fit.caution


def posterior(s: State) -> PanelData:
    penalty = prior_of(s.penalty)
    problem, W, caution = _pair(s, penalty)
    pair = geometry.contours_data(problem, W, penalty, s.l1_ratio)
    a = pair.arrays
    rho, rest = bayes.shares(penalty, s.l1_ratio)
    l1, l2 = LAMS * rho, LAMS * rest
    noise_scale = problem.n / s["bayes.sigma"] ** 2  # n/σ²
    axes, density = bayes.posterior_grid(a["Q"], a["b"], l1, l2, a["w"], noise_scale)
    # the view: the grid's box (the level e⁻²⁰) shrunk to the level VIEW_LEVEL as a Gaussian's would be
    shrink = np.sqrt(-np.log(VIEW_LEVEL) / bayes.MASS_LEVEL)
    centre = axes[:, :, axes.shape[2] // 2]
    half = 1.15 * shrink * np.max(axes[:, :, -1] - centre, axis=1)
    view = np.column_stack([centre, half])
    # the prior's density is the share ℓ of its peak where λ·P(w) = −log(ℓ)·σ²/n
    with np.errstate(divide="ignore"):
        prior_t = -np.log(np.array(CONTOUR_LEVELS))[None, :] / (noise_scale * LAMS[:, None])
    arrays = {
        **{k: a[k] for k in ("Q", "b", "w", "ols", "extent")},
        "l1": l1,
        "l2": l2,
        "mean": bayes.posterior_mean(axes, density),
        "grid_map": bayes.grid_map(axes, density),
        "cell": np.max(axes[:, :, 1] - axes[:, :, 0], axis=1),  # the grid's spacing
        "view": view,
        "prior_t": np.where(np.isfinite(prior_t), prior_t, 0.0),
    }
    scales = [bayes.prior_scales(penalty, float(lam), s.l1_ratio, s["bayes.sigma"], problem.n) for lam in LAMS]
    values = {
        "penalty": penalty,
        "l1_ratio": s.l1_ratio,
        "pair": pair.values["pair"],
        "sigma": s["bayes.sigma"],
        "n": problem.n,
        "noise_scale": noise_scale,
        "levels": list(LEVELS),
        "contour_levels": list(CONTOUR_LEVELS),
        "points": POINTS,
        "tau": [sc["tau"] for sc in scales],
        "b_scale": [sc["b"] for sc in scales],
        "caution": caution,
    }
    return PanelData(arrays, values)


def unused(s: State) -> frozenset[str]:
    """The two-feature problem has no degree or data set; the prior reads the penalty."""
    return frozenset({"degree", "data"} if s["bayes.problem"] == "two" else set())


LESSON = Lesson(
    slug=SLUG,
    title="bayes.title",
    nav="nav.bayes",
    icon="🎲",
    page="pages/bayes.py",
    params=PARAMS,
    unused=unused,
    borrowed=lambda s: TWO if s["bayes.problem"] == "two" else (),
    panels=(Panel("posterior", ("prior_likelihood", "posterior"), POSTERIOR, posterior, height=560),),
)


def scale_labels(s: State) -> list[str]:
    """The prior's scale at each λ index: τ (Gaussian), b (Laplace) or both (the panel's own)."""
    v = LESSON.data("posterior", s).values
    return [bayes.scale_text(tau, b) for tau, b in zip(v["tau"], v["b_scale"], strict=True)]


def _prior_tex(penalty: str, sigma: float, n: int, tau: float, b: float) -> str:
    """The prior of a penalty and its λ ⇔ scale identity, with the current numbers."""
    sig = tex_num(sigma)
    if penalty == "none":
        return r"p(w) \propto 1"
    if penalty == "l2":
        rule = rf"\lambda = \frac{{\sigma^2}}{{n\tau^2}} = \frac{{{sig}^2}}{{{n} \cdot {tex_num(tau)}^2}}"
        return rf"w \sim \mathcal N(0, \tau^2 I),\ {rule}"
    if penalty == "l1":
        rule = rf"\lambda = \frac{{\sigma^2}}{{n b}} = \frac{{{sig}^2}}{{{n} \cdot {tex_num(b)}}}"
        return rf"p(w) \propto e^{{-\|w\|_1/b}},\ {rule}"
    return (
        rf"p(w) \propto e^{{-\|w\|_1/b - \|w\|_2^2/(2\tau^2)}},\ b = \frac{{\sigma^2}}{{n\lambda\rho}} = {tex_num(b)},"
        rf"\ \tau^2 = \frac{{\sigma^2}}{{n\lambda(1-\rho)}} = {tex_num(tau**2)}"
    )


def words(s: State) -> tuple[str, str]:
    """The identity −log posterior = (n/σ²)·J + const with the current numbers (LaTeX), and
    the MAP against the penalized fit and the posterior mean, in words."""
    d = LESSON.data("posterior", s)
    i, lang, v = s.lam_index, s.lang, d.values
    sigma, n = v["sigma"], v["n"]
    tau, b = v["tau"][i], v["b_scale"][i]
    formula = (
        r"-\log p(w \mid y) = \frac{n}{\sigma^2}\Big[\tfrac{1}{2n}\|y - Xw - b\|^2 + \lambda P(w)\Big]"
        rf" + \text{{const}},\quad {_prior_tex(v['penalty'], sigma, n, tau, b)},\ \lambda = {tex_num(s.lam)}"
    )
    w, mean, peak = d["w"][i], d["mean"][i], d["grid_map"][i]
    common = {
        "grid": bayes.GRID,
        "g1": num(peak[0]),
        "g2": num(peak[1]),
        "cell": num(float(d["cell"][i])),
        "lam": num(s.lam),
        "w1": num(w[0]),
        "w2": num(w[1]),
        "m1": num(mean[0]),
        "m2": num(mean[1]),
        "sigma": num(sigma),
        "n": n,
    }
    zero = [k for k in (0, 1) if w[k] == 0.0]
    if v["penalty"] in ("none", "l2"):
        key = "bayes.words_gauss"
    elif zero:
        key = "bayes.words_zero"
        common["k"] = zero[0] + 1
        common["mk"] = num(mean[zero[0]])
    else:
        key = "bayes.words_sparse"
    return formula, t(key, lang, **common)
