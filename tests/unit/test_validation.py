"""Every bad input raises a ValueError with a message a student understands."""

from __future__ import annotations

import numpy as np
import pytest

import regviz
from regviz import datasets
from regviz.features import PolynomialBasis
from regviz.text import error_message

X = np.arange(12.0).reshape(6, 2) ** 1.5
Y = np.arange(6.0)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(X=[[1.0, np.nan]] * 6, y=Y), "X contains NaN or infinite values"),
        (dict(X=X, y=[1.0, 2.0, np.inf, 0, 0, 0]), "y contains NaN or infinite values"),
        (dict(X=X, y=Y[:4]), "X has 6 rows but y has 4 values"),
        (dict(X=[["a", "b"]] * 6, y=Y), "X must contain numbers only"),
        (dict(X=np.ones((6, 2, 2)), y=Y), "X must be a 2-D table"),
        (dict(X=np.ones((6, 0)), y=Y), "at least one feature"),
        (dict(X=X[:1], y=Y[:1]), "At least 2 rows are needed, got 1"),
        (dict(X=X, y=Y, penalty="l3"), "Unknown penalty 'l3'; choose one of none, l2, l1, elasticnet, l0"),
        (dict(X=X, y=Y, lam=-0.1), "λ must be zero or positive, got -0.1"),
        (dict(X=X, y=Y, lam=float("nan")), "λ must be zero or positive"),
        (dict(X=X, y=Y, penalty="elasticnet", l1_ratio=1.5), "ρ must lie between 0 and 1, got 1.5"),
        (dict(X=X, y=Y, penalty="elasticnet", l1_ratio=-0.1), "ρ must lie between 0 and 1"),
    ],
)
def test_fit_messages(kwargs: dict, message: str) -> None:
    args = dict(penalty="l1", lam=0.1, l1_ratio=0.5) | kwargs
    with pytest.raises(ValueError, match=message.replace("(", r"\(")) as info:
        regviz.fit(args["X"], args["y"], args["penalty"], args["lam"], args["l1_ratio"])
    assert isinstance(info.value, regviz.InputError)
    assert error_message(info.value, "zh") not in ("", str(info.value))  # the page shows it translated


def test_path_rejects_bad_grids() -> None:
    for lams in ([], [0.1, -1.0], [np.nan], "abc"):
        with pytest.raises(ValueError, match="λ values must be a non-empty list"):
            regviz.path(X, Y, "l1", lams)


@pytest.mark.parametrize("degree", [0, 21, 2.5, "3", True])
def test_degree_out_of_range(degree) -> None:
    with pytest.raises(ValueError, match="whole number from 1 to 20"):
        PolynomialBasis(degree)


def test_constant_x_cannot_define_a_basis() -> None:
    with pytest.raises(ValueError, match="All x values are equal"):
        PolynomialBasis.for_data([2.0, 2.0, 2.0], 3)


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: datasets.synthetic(n=2), "n must be a whole number from 5"),
        (lambda: datasets.synthetic(noise=-1), "noise must lie between 0"),
        (lambda: datasets.synthetic(seed=-3), "seed must be a whole number"),
        (lambda: datasets.two_feature(correlation=1.0), "correlation must lie between"),
    ],
)
def test_dataset_messages(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_predict_and_objective_check_the_number_of_columns() -> None:
    f = regviz.fit(X, Y, "l2", 0.1)
    with pytest.raises(ValueError, match="X has 3 columns but the model has 2 weights"):
        f.predict(np.ones((4, 3)))
    with pytest.raises(ValueError, match="X has 2 columns but the model has 3 weights"):
        regviz.objective(X, Y, [1.0, 2.0, 3.0], 0.0)
