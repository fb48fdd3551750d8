"""Lesson 7's arrays against independent computations: scikit-learn's metrics and NumPy's
norms on regviz.fit's residuals; the ℓp solutions against regviz.fit (p = 0, 1, 2), a dense
grid and scipy's Nelder–Mead; the local descent's stops as local minima."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.metrics import mean_squared_error, root_mean_squared_error

import regviz
from regviz import bridge
from regviz.figures.kernels import lp_ball
from regviz.lessons import geometry, norms, registry
from regviz.lessons.common import state_curve, state_fit
from regviz.params import LAMS
from regviz.text.numbers import num

lesson = registry.lesson("norms")
DEFAULT = registry.DEFAULT


def data(name: str, **changes):
    state = DEFAULT.with_(**changes)
    return state, registry.build(lesson, name, state)


@pytest.mark.parametrize("penalty", ["l1", "l2", "none"])
def test_every_measure_of_the_residual_is_what_numpy_and_scikit_learn_say(penalty: str) -> None:
    state, d = data("measures", penalty=penalty, degree=7)
    c = state_curve(state)
    X = state_fit(state).basis.transform(c.x_train)
    for i in (0, 30, 50):
        f = regviz.fit(X, c.y_train, penalty, float(LAMS[i]))
        yhat = f.predict(X)
        np.testing.assert_allclose(d["yhat"][i], yhat, atol=1e-9)
        assert d["dist"][i] == pytest.approx(np.linalg.norm(c.y_train - yhat), rel=1e-9)
        assert d["sse"][i] == pytest.approx(np.linalg.norm(c.y_train - yhat) ** 2, rel=1e-9)
        assert d["mse"][i] == pytest.approx(mean_squared_error(c.y_train, yhat), rel=1e-9)
        assert d["rmse"][i] == pytest.approx(root_mean_squared_error(c.y_train, yhat), rel=1e-9)


def test_the_table_shows_each_quantity_with_its_value_at_the_states_lambda() -> None:
    state = DEFAULT.with_(penalty="l1", lam=0.1)
    _, d = data("measures", penalty="l1", lam=0.1)
    rows = norms.measure_rows(state)
    i = state.lam_index
    w = d["coefs"][i]
    values = [r[2] for r in rows]
    want = [d["dist"][i], d["sse"][i], d["mse"][i], d["rmse"][i], d["sse"][i] / (2 * d.values["n"]),
            np.linalg.norm(w), w @ w, 0.5 * (w @ w), np.abs(w).sum(), np.count_nonzero(w)]  # fmt: skip
    assert values == [num(float(v)) for v in want]
    assert all(r[1].startswith("$") and r[1].endswith("$") for r in rows)  # formulas as LaTeX
    assert not any("|" in r[1] for r in rows)  # a Markdown table's cell cannot hold one in LaTeX


@pytest.mark.parametrize("code,penalty", [("1", "l1"), ("2", "l2"), ("0", "l0")])
def test_the_lp_solution_is_our_fit_where_p_is_one_of_our_penalties(code: str, penalty: str) -> None:
    """P_1 = ‖w‖₁, P_2 = ½‖w‖², P_0 = ‖w‖₀: the lasso, ridge and best subset on the same problem."""
    state, d = data("lp", **{"norms.p": code, "seed": 3})
    problem = geometry.two_feature_problem(state)
    X, y = problem.Xc + problem.x_mean, problem.yc + problem.y_mean
    for i in range(0, 61, 6):
        np.testing.assert_allclose(d["best"][i], regviz.fit(X, y, penalty, float(LAMS[i])).coef, atol=1e-8)


@pytest.mark.parametrize("code", norms.P_CHOICES)
def test_the_lp_solution_is_the_global_minimum(code: str) -> None:
    state, d = data("lp", **{"norms.p": code, "geometry.corr": 0.7})
    p = norms.p_value(code)
    H, g = geometry.two_feature_problem(state).H, geometry.two_feature_problem(state).g
    Q = np.array([H[0, 0], H[0, 1], H[1, 1]])
    u = np.linspace(-2.5, 2.5, 1001)
    grid = np.stack(np.meshgrid(u, u, indexing="ij"), axis=-1).reshape(-1, 2)
    for i in range(0, 61, 5):
        lam = LAMS[i : i + 1]
        J = bridge.objective(Q, g, lam, p, np.concatenate([grid, [[0, 0]]])[None])[0]
        ours = bridge.objective(Q, g, lam, p, d["best"][i][None, None])[0, 0]
        assert ours <= J.min() + 1e-12  # no point of a fine grid (or the origin) is lower
        if 0 < p < math.inf:  # and no local search from the grid's best point finds lower
            f = lambda v, lam=lam: bridge.objective(Q, g, lam, p, np.asarray(v)[None, None])[0, 0]  # noqa: E731
            nm = minimize(f, grid[J[:-1].argmin()], method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-16})
            assert ours <= nm.fun + 1e-12


def test_below_one_the_descent_stops_where_it_started_to_fall() -> None:
    state, d = data("lp", **{"norms.p": "0.5", "norms.start": "zero"})
    np.testing.assert_array_equal(d["local"], 0.0)  # every weight is a local minimum at 0
    _, axis = data("lp", **{"norms.p": "0.5", "norms.start": "axis2", "lam": 0.1})
    i = list(LAMS).index(0.1)
    assert not np.allclose(axis["local"][i], axis["best"][i])  # (0, 0.588) against (0.896, 0)
    H, g = geometry.two_feature_problem(state).H, geometry.two_feature_problem(state).g
    Q = np.array([H[0, 0], H[0, 1], H[1, 1]])
    lam = LAMS[i : i + 1]
    J = lambda v: bridge.objective(Q, g, lam, 0.5, np.asarray(v, dtype=float)[None, None])[0, 0]  # noqa: E731
    stop = axis["local"][i]
    assert J(axis["best"][i]) < J(stop)  # not the global minimum …
    rng = np.random.default_rng(0)
    for step in rng.standard_normal((200, 2)) * 1e-3:
        assert J(stop + step) >= J(stop)  # … but a local one


@pytest.mark.parametrize("code", ["0.25", "0.5", "1", "1.5", "2", "4", "inf"])
def test_every_point_of_an_lp_ball_has_the_penalty_t(code: str) -> None:
    xs, ys = lp_ball(code, 0.7, 81, 3.0)
    P = bridge.penalty(np.column_stack([xs, ys]), norms.p_value(code))
    np.testing.assert_allclose(P, 0.7, rtol=1e-12)
    assert (xs[0], ys[0]) == pytest.approx((xs[-1], ys[-1]))
    assert lp_ball("0", 1.0, 81, 3.0) == ([-3.0, 3.0, None, 0.0, 0.0], [0.0, 0.0, None, -3.0, 3.0])  # the axes


@pytest.mark.parametrize("code", ["0.25", "0.5", "0.75", "1.5", "3"])
@pytest.mark.parametrize("start", ["ols", "axis1", "axis2"])
def test_where_a_descent_ends_the_objective_is_flat_in_every_nonzero_weight(code: str, start: str) -> None:
    """Both minima (the global one and the descent's end, found in one pass) are stationary:
    ∂J/∂v_j = (Qv − g)_j + λ·sign(v_j)|v_j|^(p−1) = 0 for every v_j ≠ 0, at every λ."""
    state, d = data("lp", **{"norms.p": code, "norms.start": start, "geometry.corr": 0.7, "seed": 5})
    p = norms.p_value(code)
    problem = geometry.two_feature_problem(state)
    H, g = problem.H, problem.g
    for V in (d["best"], d["local"]):
        moved = V != 0
        grad = V @ H - g + LAMS[:, None] * np.sign(V) * np.abs(np.where(moved, V, 1.0)) ** (p - 1.0)
        scale = np.abs(g).max() + LAMS[:, None] * np.abs(np.where(moved, V, 1.0)) ** (p - 1.0)
        assert np.all(np.abs(grad[moved]) <= 1e-8 * scale[moved])
    once = bridge.minima(d["Q"], g, LAMS, p, 10.0, norms._start(start, np.linalg.solve(H, g)))[1]
    alone = bridge.local(d["Q"], g, LAMS, p, norms._start(start, np.linalg.solve(H, g)))
    np.testing.assert_allclose(once, alone, atol=1e-9)  # run with another descent or alone: the same end
