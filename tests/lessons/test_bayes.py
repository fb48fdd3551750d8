"""Lesson 6's arrays against independent computations: the penalized fit (regviz.fit and
scikit-learn) as the posterior's peak, scipy's densities for the prior ⇔ penalty mapping,
BayesianRidge for λ = σ²/(nτ²), and scipy's integration for the posterior mean."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate, stats
from sklearn.linear_model import BayesianRidge

import regviz
from regviz import bayes
from regviz.errors import InputError
from regviz.figures.kernels import level_set
from regviz.lessons import bayes as bayes_lesson
from regviz.lessons import geometry, registry
from regviz.lessons.common import design, state_curve
from regviz.params import LAMS

lesson = registry.lesson("bayes")
DEFAULT = registry.DEFAULT
POLY = {"bayes.problem": "poly"}
SHARP = {"bayes.sigma": 0.1}


def one_objective(q, b, l1: float, l2: float, V: np.ndarray) -> np.ndarray:
    """regviz.bayes.objective for one λ at points V (..., 2)."""
    return bayes.objective(np.asarray(q), np.asarray(b)[None], np.array([l1]), np.array([l2]), V[None])[0]


def data(**changes):
    state = DEFAULT.with_(**changes)
    return state, registry.build(lesson, "posterior", state)


@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("l2", 0.5), ("elasticnet", 0.5), ("none", 0.5)])
def test_the_posteriors_peak_on_its_grid_is_the_penalized_fit(penalty: str, rho: float) -> None:
    state, d = data(penalty=penalty, l1_ratio=rho, seed=4)
    problem = geometry.two_feature_problem(state)
    X, y = problem.Xc + problem.x_mean, problem.yc + problem.y_mean
    for i in (0, 20, 35, 45, 55):
        fit = regviz.fit(X, y, penalty, float(LAMS[i]), rho).coef
        np.testing.assert_allclose(d["w"][i], fit, atol=1e-9)  # the MAP drawn is the fit
        # the grid never sees the fit: its highest point is within one step of it
        assert np.all(np.abs(d["grid_map"][i] - fit) <= d["cell"][i]), (i, d["grid_map"][i], fit)


def test_the_polynomial_pair_is_the_fits_first_two_weights() -> None:
    state, d = data(**{"bayes.problem": "poly", "penalty": "l1", "degree": 6})
    problem = design(state_curve(state), 6)[1]
    for i in (10, 30, 50):
        fit = regviz.fit(problem.Xc, problem.yc, "l1", float(LAMS[i])).coef
        np.testing.assert_allclose(d["w"][i], fit[:2], atol=1e-8)
        assert np.all(np.abs(d["grid_map"][i] - fit[:2]) <= d["cell"][i])


def test_the_negative_log_posterior_is_the_objective_times_n_over_sigma_squared() -> None:
    """scipy's Gaussian likelihood and Laplace / Gaussian priors, with λ from our mapping."""
    rng = np.random.default_rng(0)
    n, sigma = 25, 0.4
    X = rng.standard_normal((n, 2))
    y = X @ [1.0, -0.5] + sigma * rng.standard_normal(n)
    y = y - y.mean()
    X = X - X.mean(axis=0)
    v1, v2 = np.array([0.3, -0.2]), np.array([1.1, 0.4])
    for penalty, scale, prior in (
        ("l1", 0.05, lambda w: stats.laplace.logpdf(w, scale=0.05).sum()),
        ("l2", 0.7, lambda w: stats.norm.logpdf(w, scale=0.7).sum()),
    ):
        lam = bayes.lam_of_scale(penalty, scale, sigma, n)

        def log_post(w, prior=prior):
            return stats.norm.logpdf(y - X @ w, scale=sigma).sum() + prior(w)

        J = [regviz.objective(X, y, w, 0.0, penalty, lam) for w in (v1, v2)]
        assert log_post(v1) - log_post(v2) == pytest.approx(-(n / sigma**2) * (J[0] - J[1]), rel=1e-10)


def test_bayesian_ridge_is_ridge_with_lambda_sigma_squared_over_n_tau_squared() -> None:
    """BayesianRidge estimates α = 1/σ² and λ_sk = 1/τ²; its coef_ is their posterior mean."""
    state = DEFAULT.with_(seed=2, n=60)
    problem = geometry.two_feature_problem(state)
    X, y = problem.Xc + problem.x_mean, problem.yc + problem.y_mean
    br = BayesianRidge(tol=1e-12, max_iter=1000).fit(X, y)
    sigma, tau = 1.0 / np.sqrt(br.alpha_), 1.0 / np.sqrt(br.lambda_)
    lam = bayes.lam_of_scale("l2", tau, sigma, len(y))
    np.testing.assert_allclose(regviz.fit(X, y, "l2", lam).coef, br.coef_, rtol=1e-9)
    assert bayes.prior_scales("l2", lam, 0.5, sigma, len(y))["tau"] == pytest.approx(tau, rel=1e-12)


def test_scales_and_lambda_convert_both_ways() -> None:
    sc = bayes.prior_scales("l1", 0.02, 1.0, 0.3, 30)
    assert sc == {"tau": np.inf, "b": pytest.approx(0.09 / (30 * 0.02))}
    assert bayes.lam_of_scale("l1", sc["b"], 0.3, 30) == pytest.approx(0.02)
    en = bayes.prior_scales("elasticnet", 0.02, 0.25, 0.3, 30)  # a Laplace and a Gaussian factor
    assert en["b"] == pytest.approx(0.09 / (30 * 0.02 * 0.25)) and en["tau"] == pytest.approx(
        np.sqrt(0.09 / (30 * 0.02 * 0.75))
    )
    assert bayes.prior_scales("none", 0.02, 0.5, 0.3, 30) == {"tau": np.inf, "b": np.inf}
    for bad in (0.0, -1.0, np.nan, np.inf):
        with pytest.raises(InputError):
            bayes.lam_of_scale("l2", bad, 0.3, 30)
    with pytest.raises(InputError):
        bayes.lam_of_scale("elasticnet", 1.0, 0.3, 30)


def _dblquad_mean(Q, b, l1, l2, scale, centre, half):
    def density(y, x):
        J = 0.5 * (Q[0] * x * x + 2 * Q[1] * x * y + Q[2] * y * y) - b[0] * x - b[1] * y
        J += l1 * (abs(x) + abs(y)) + 0.5 * l2 * (x * x + y * y)
        return np.exp(-scale * (J - J0))

    J0 = bayes.objective(
        np.asarray(Q), np.asarray(b)[None], np.array([l1]), np.array([l2]), np.asarray(centre)[None, None]
    )[0, 0]
    box = (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)
    opts = {"epsabs": 0, "epsrel": 1e-9}
    points = [0.0]  # the kinks of the Laplace prior
    mass = integrate.nquad(lambda y, x: density(y, x), [box[2:], box[:2]], opts=[{**opts, "points": points}] * 2)[0]
    mx = integrate.nquad(lambda y, x: x * density(y, x), [box[2:], box[:2]], opts=[{**opts, "points": points}] * 2)[0]
    my = integrate.nquad(lambda y, x: y * density(y, x), [box[2:], box[:2]], opts=[{**opts, "points": points}] * 2)[0]
    return np.array([mx, my]) / mass


def test_the_laplace_posterior_mean_is_not_sparse_where_the_map_is() -> None:
    _, d = data(penalty="l1", **{"geometry.useless": "2"})  # feature 2 carries nothing
    i = next(k for k in range(len(LAMS)) if d["w"][k][1] == 0.0 and d["w"][k][0] != 0.0)
    assert d["w"][i][1] == 0.0  # the MAP: an exact zero
    Q, b = d["Q"], d["b"][i]
    scale = d.values["noise_scale"]
    half = 2.0 * float(d["view"][i][2])
    want = _dblquad_mean(Q, b, float(d["l1"][i]), float(d["l2"][i]), scale, d["w"][i], half)
    sd = 1.0 / np.sqrt(scale * Q[2])  # the likelihood's spread in w₂
    assert abs(want[1]) > 0.05 * sd  # scipy agrees that the mean is off zero …
    np.testing.assert_allclose(d["mean"][i], want, atol=0.01 * sd)  # … and where it is


def test_for_a_gaussian_prior_the_mean_is_the_map() -> None:
    _, d = data(penalty="l2", seed=9)
    np.testing.assert_allclose(d["mean"], d["w"], atol=1e-9)


def test_level_sets_lie_on_their_level_and_close_around_the_map() -> None:
    q, b, l1, l2, centre = (1.0, 0.4, 0.8), (0.5, 0.1), 0.05, 0.02, (0.41, 0.0)
    # centre: the minimum of J (a zero weight held by the L1 kink)
    grid = np.linspace(-1, 1, 2001)
    V = np.stack(np.meshgrid(grid, grid, indexing="ij"), axis=-1)
    J = one_objective(q, b, l1, l2, V)
    k = np.unravel_index(J.argmin(), J.shape)
    centre = (float(grid[k[0]]), float(grid[k[1]]))
    xs, ys = level_set(q, b, l1, l2, centre, 0.01, 61)
    J0 = bayes.objective(np.array(q), np.array([b]), np.array([l1]), np.array([l2]), np.array([[centre]]))[0, 0]
    got = bayes.objective(np.array(q), np.array([b]), np.array([l1]), np.array([l2]), np.column_stack([xs, ys])[None])[
        0
    ]
    np.testing.assert_allclose(got - J0, 0.01, rtol=1e-6)
    assert (xs[0], ys[0]) == pytest.approx((xs[-1], ys[-1]))
    assert level_set((1.0, 0.0, 0.0), (0.0, 0.0), 0.0, 0.0, (0.0, 0.0), 0.1, 21) == ([], [])  # w₂ is flat


def test_l0_has_no_density_prior_so_the_flat_one_is_drawn() -> None:
    _, l0 = data(penalty="l0")
    _, flat = data(penalty="none")
    assert l0.values["penalty"] == "none"
    np.testing.assert_array_equal(l0["w"], flat["w"])
    np.testing.assert_array_equal(l0["mean"], flat["mean"])


@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.5), ("l2", 0.5), ("none", 0.5)])
def test_the_level_box_radii_reach_the_level_first_where_a_bisection_finds_it(penalty: str, rho: float) -> None:
    """Each ray's radius from the MAP (exact zeros under L1: the rays cross the axes' kinks)
    against a plain bisection of J(c + r·d) − J(c) = excess, one ray at a time."""
    _, d = data(penalty=penalty, l1_ratio=rho, lam=0.1, **POLY)
    Q, b, l1, l2, centre = d["Q"], d["b"], d["l1"], d["l2"], d["w"]
    if penalty == "l1":
        assert (centre == 0).any()  # some λ's MAP sits on a kink
    dirs, excess = bayes.ray_directions(), 0.3
    got = bayes.radii(Q, b, l1, l2, centre, excess, dirs)
    for i in range(0, len(LAMS), 6):
        for j, direction in enumerate(dirs):

            def rise(r: float, i: int = i, direction: np.ndarray = direction) -> float:
                at = np.array([centre[i], centre[i] + r * direction])
                J = one_objective(Q, b[i], float(l1[i]), float(l2[i]), at)
                return float(J[1] - J[0])

            lo, hi = 0.0, 1.0
            while rise(hi) < excess:
                lo, hi = hi, 2 * hi
            for _ in range(60):
                mid = 0.5 * (lo + hi)
                lo, hi = (mid, hi) if rise(mid) < excess else (lo, mid)
            assert got[i, j] == pytest.approx(hi, rel=1e-9, abs=1e-12)


def test_an_improper_posterior_is_explained() -> None:
    with pytest.raises(InputError) as err:
        singular = np.array([1.0, 1.0, 1.0])
        bayes.radii(singular, np.zeros((1, 2)), np.zeros(1), np.zeros(1), np.zeros((1, 2)), 0.1, bayes.ray_directions())
    assert err.value.code == "improper_posterior"


def test_weights_the_data_barely_determine_give_a_finite_posterior_without_warnings() -> None:
    """An unpenalized degree-19 fit to 24 rows of the diabetes data has weights ~10¹¹: the
    grid's values sit below J(MAP) by round-off, and its density overflowed to a NaN mean
    ("Its mean (nan, nan)") before it was taken relative to the lowest of the two."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        state, out = data(penalty="none", degree=19, n=24, noise=0.85, data="diabetes", **POLY, **SHARP)
        _, words = bayes_lesson.words(state)
    assert np.abs(out["w"]).max() > 1e10
    for name in ("mean", "grid_map", "view", "cell"):
        assert np.isfinite(out[name]).all(), name
    assert "nan" not in words and "inf" not in words
