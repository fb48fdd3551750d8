"""The KKT certificate the README states, measured on the app's own ill-conditioned designs:
the polynomial fits of the synthetic data over seeds, degrees and the whole λ grid."""

from __future__ import annotations

import numpy as np
import pytest

from regviz import batch, datasets
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
