"""Cached computations, keyed on small arguments (never on figures or arrays).

Each wrapper returns plain data; pages pick the λ they need by index, so a slider
step is a cache hit and an array look-up.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from regviz import datasets, evaluation, geometry
from regviz.fitting import path
from regviz.penalties import get_penalty
from regviz.polyfit import DegreeGrid, PolyPath, degree_grid, poly_path
from regviz.problem import Problem
from regviz.subsets import MAX_L0_FEATURES
from regviz.ui.state import LAM_GRID
from regviz.validation import MAX_DEGREE

LAMS = np.array(LAM_GRID)
BV_REPS = 30


@st.cache_data(max_entries=64, show_spinner=False)
def curve(data: str, n: int, noise: float, seed: int) -> datasets.Curve:
    return datasets.load(data, n, noise, seed)


@st.cache_data(max_entries=128, show_spinner=False)
def poly(data: str, n: int, noise: float, seed: int, degree: int, penalty: str, l1_ratio: float) -> PolyPath:
    return poly_path(curve(data, n, noise, seed), degree, penalty, l1_ratio, LAMS)


@st.cache_data(max_entries=32, show_spinner=False)
def degrees(data: str, n: int, noise: float, seed: int, penalty: str, l1_ratio: float) -> DegreeGrid:
    return degree_grid(curve(data, n, noise, seed), penalty, l1_ratio, LAMS)


@st.cache_data(max_entries=32, show_spinner=False)
def bias_variance_lam(
    n: int, noise: float, seed: int, degree: int, penalty: str, l1_ratio: float
) -> evaluation.BiasVariance:
    c = curve("synthetic", n, noise, seed)
    return evaluation.bias_variance_vs_lam(c.x_train, noise, degree, penalty, LAMS, l1_ratio, reps=BV_REPS, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def bias_variance_degree(
    n: int, noise: float, seed: int, lam: float, penalty: str, l1_ratio: float
) -> evaluation.BiasVariance:
    c = curve("synthetic", n, noise, seed)
    top = MAX_L0_FEATURES if penalty == "l0" else MAX_DEGREE  # best subset has a size limit
    return evaluation.bias_variance_vs_degree(
        c.x_train, noise, np.arange(1, top + 1), penalty, lam, l1_ratio, reps=BV_REPS, seed=seed
    )


@st.cache_data(max_entries=64, show_spinner=False)
def two_feature_path(
    correlation: float,
    scale2: float,
    useless: str,
    n: int,
    noise: float,
    seed: int,
    penalty: str,
    l1_ratio: float,
) -> tuple[Problem, np.ndarray]:
    """The two-feature problem; useless is "none", "1" or "2" (the feature with zero true weight)."""
    drop = None if useless == "none" else int(useless) - 1
    tf = datasets.two_feature(correlation, (1.0, scale2), drop, n, noise, seed)
    return Problem.from_data(tf.X, tf.y), path(tf.X, tf.y, penalty, LAMS, l1_ratio).coefs


@st.cache_data(max_entries=32, show_spinner=False)
def zero_shares(l1_ratio: float) -> list[list[geometry.ZeroShare]]:
    """The zero-share experiment for every λ of the grid (~0.5 s once per ρ), so a λ step is a look-up."""
    return [geometry.zero_share(lam, l1_ratio, trials=2000, seed=0) for lam in LAM_GRID]


def lam_max(problem: Problem, penalty: str, l1_ratio: float) -> float:
    """λ_max of a (small) problem; cheap, so not cached."""
    return get_penalty(penalty, l1_ratio).lam_max(problem)
