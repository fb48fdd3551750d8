"""Shared fixtures: seeded random problems and an orthonormal design."""

from __future__ import annotations

import numpy as np
import pytest


def orthonormal_design(n: int, p: int, seed: int) -> np.ndarray:
    """Centred X with XᵀX/n = I exactly (so the OLS weights are Xᵀy/n)."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, p))
    A -= A.mean(axis=0)
    Q, _ = np.linalg.qr(A)
    return Q * np.sqrt(n)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
