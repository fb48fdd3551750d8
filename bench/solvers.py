"""Benchmark: full 100-λ paths of regviz against scikit-learn, in the same run.

Prints, for ridge, lasso and elastic net on the app's degree-20 polynomial design
(n = 200) and on a random design: median time of each, their ratio, and the accuracy
each reached (worst relative duality gap along the path). Also times the 200×200
loss grid of the geometry lesson. Run: python bench/solvers.py
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.linear_model import Ridge, enet_path, lasso_path

import regviz
from regviz import datasets, geometry
from regviz.features import PolynomialBasis
from regviz.problem import Problem


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def worst_gap(X, y, coefs, lams, rho) -> float:
    scale = 0.5 * np.var(y)  # objective at w = 0
    return max(regviz.duality_gap(X, y, w, 0.0, lam, rho) for w, lam in zip(coefs, lams, strict=True)) / scale


def ridge_objective_gap(X, y, coefs, lams) -> float:
    """Relative excess objective of ridge weights over the exact solution."""
    exact = regviz.path(X, y, "l2", lams).coefs
    excess = [
        regviz.objective(X, y, w, y.mean() - X.mean(0) @ w, "l2", lam)
        - regviz.objective(X, y, e, y.mean() - X.mean(0) @ e, "l2", lam)
        for w, e, lam in zip(coefs, exact, lams, strict=True)
    ]
    return max(0.0, max(excess)) / (0.5 * np.var(y))


def ridge_loop(X: np.ndarray, y: np.ndarray, lams: np.ndarray) -> list[np.ndarray]:
    return [Ridge(alpha=len(y) * lam).fit(X, y).coef_ for lam in lams]


def designs() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    curve = datasets.synthetic(200, 0.3, 0)
    poly = PolynomialBasis(20).transform(curve.x_train)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 50))
    y = X[:, :8] @ rng.standard_normal(8) + rng.standard_normal(200)
    return {"degree-20 polynomial (200×20)": (poly, curve.y_train), "random (200×50)": (X, y)}


def main(repeats: int = 7) -> None:
    warnings.simplefilter("ignore")
    print(
        f"{'design':32} {'penalty':12} {'regviz ms':>10} {'sklearn ms':>11} {'ratio':>6} "
        f"{'regviz gap':>11} {'sklearn gap':>12}  sklearn setting"
    )
    for name, (X, y) in designs().items():
        Xc, yc = X - X.mean(0), y - y.mean()
        top = regviz.lam_max(X, y, "l1")
        lams = regviz.lam_grid(top, 100, 1e-4)
        t_ours, p = timed(partial(regviz.path, X, y, "l2", lams), repeats)
        t_sk, sk = timed(partial(ridge_loop, X, y, lams), repeats)
        print(
            f"{name:32} {'ridge':12} {t_ours * 1e3:10.2f} {t_sk * 1e3:11.2f} {t_sk / t_ours:6.1f} "
            f"{ridge_objective_gap(X, y, p.coefs, lams):11.1e} {ridge_objective_gap(X, y, np.array(sk), lams):12.1e}"
            "  Ridge in a loop"
        )
        for penalty, rho in (("lasso", 1.0), ("elastic net", 0.5)):
            lam_grid = regviz.lam_grid(top / rho, 100, 1e-4)
            t_ours, p = timed(partial(regviz.path, X, y, "elasticnet", lam_grid, rho), repeats)
            g_ours = worst_gap(X, y, p.coefs, lam_grid, rho)
            for tol, label in ((1e-4, "default tol"), (1e-10, "tol=1e-10")):
                if penalty == "lasso":
                    run = partial(lasso_path, Xc, yc, alphas=lam_grid, tol=tol, max_iter=100_000)
                else:
                    run = partial(enet_path, Xc, yc, l1_ratio=rho, alphas=lam_grid, tol=tol, max_iter=100_000)
                t_sk, (_, coefs, _) = timed(run, repeats)
                g_sk = worst_gap(X, y, coefs.T, lam_grid, rho)
                print(
                    f"{name:32} {penalty:12} {t_ours * 1e3:10.2f} {t_sk * 1e3:11.2f} {t_sk / t_ours:6.1f} "
                    f"{g_ours:11.1e} {g_sk:12.1e}  {'lasso_path' if rho == 1 else 'enet_path'}, {label}"
                )
    curve = datasets.synthetic(200, 0.3, 0)
    X = PolynomialBasis(20).transform(curve.x_train)
    problem = Problem.from_data(X, curve.y_train)
    f = regviz.fit(X, curve.y_train, "l1", 0.01)
    quad = geometry.pair_quadratic(problem, f.coef)
    v = np.linspace(-2, 2, 200)
    t_grid, _ = timed(lambda: quad.grid(v, v), 200)
    print(f"\n200×200 loss grid over two weights: {t_grid * 1e3:.3f} ms (median of 200)")


if __name__ == "__main__":
    main()
