"""The KKT certificate the README states, measured on the app's own ill-conditioned designs:
the polynomial fits of the synthetic data over seeds, degrees and the whole λ grid."""

from __future__ import annotations

import numpy as np
import pytest

import regviz
from regviz import batch, datasets, solvers
from regviz.lessons.common import design
from regviz.params import LAMS
from regviz.penalties import get_penalty

EXACT_TOL = 1e-10  # regviz.fit / regviz.path (README, "How the numeric core works")
BATCH_TOL = batch.KKT_TOL  # the lessons' batched paths; worse ones are re-solved exactly


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("penalty,rho", [("l1", 1.0), ("elasticnet", 0.5), ("elasticnet", 0.1)])
def test_every_solution_on_the_grid_meets_its_certificate(seed: int, penalty: str, rho: float) -> None:
    curve = datasets.synthetic(30, 0.3, seed)
    desc = LAMS[::-1]
    for degree in (5, 12, 20):
        problem = design(curve, degree)[1]
        b = batch.Batch.from_design(problem.Xc, problem.yc[None])
        exact = get_penalty(penalty, rho).solve_path(problem, LAMS)[::-1][None]
        batched = batch.paths(b, penalty, LAMS, rho)[:, ::-1]
        no_jitter = np.zeros(1)
        assert batch.kkt_residual(b, exact, desc, rho, no_jitter).max() <= EXACT_TOL, degree
        assert batch.kkt_residual(b, batched, desc, rho, no_jitter).max() <= BATCH_TOL, degree


def test_a_solution_that_fails_its_certificate_is_solved_again() -> None:
    """_certified catches what a closed-form segment or an exhausted solve got wrong."""
    problem = design(datasets.synthetic(30, 0.3, 1), 12)[1]
    H, g = problem.H, problem.g
    W = solvers.enet_path(problem, LAMS, 1.0)
    bent = W.copy()
    bent[[10, 40]] += 1e-3  # two solutions knocked off their optimum
    residual = solvers.kkt_residual(H, g, bent, LAMS, 1.0)
    assert residual[10] > 1e-6 and residual[40] > 1e-6
    fixed = solvers._certified(H, g, bent, LAMS, 1.0, 0.0)
    assert solvers.kkt_residual(H, g, fixed, LAMS, 1.0).max() <= EXACT_TOL
    assert np.allclose(fixed, W, atol=1e-8)


def test_fits_report_their_certificate() -> None:
    curve = datasets.synthetic(30, 0.3, 2)
    X = design(curve, 20)[0].transform(curve.x_train)
    path = regviz.path(X, curve.y_train, "elasticnet", LAMS, 0.3)
    assert path.kkt is not None and path.kkt.shape == LAMS.shape and path.certified
    assert regviz.fit(X, curve.y_train, "l1", 0.01).certified
    assert regviz.path(X, curve.y_train, "l2", LAMS).kkt is None  # closed forms need no certificate
