"""k-fold cross-validation along the λ grid, with scikit-learn's folds and its conventions.

``kfold(n, k, seed)`` gives the validation rows of each fold exactly as
``sklearn.model_selection.KFold(k, shuffle=True, random_state=seed)`` does (a legacy
``RandomState`` shuffle, then consecutive folds, the first ``n % k`` one row longer), so
a student can rerun our numbers with RidgeCV, LassoCV and ElasticNetCV on the same folds.
Every fold is one problem of a batch (regviz.batch): the fits of all folds and all λ are
one computation.

Conventions (ours → scikit-learn): LassoCV / ElasticNetCV ``alphas = λ`` (and
``l1_ratio = ρ``); RidgeCV ``alphas = n_fold · λ``, with n_fold the training rows of a fold
(RidgeCV minimises ‖y − Xw‖² + α‖w‖², we ½n⁻¹‖y − Xw‖² + ½λ‖w‖²). The CV error is the
mean over folds of each fold's validation MSE, as in LassoCV's ``mse_path_``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz import batch
from regviz.errors import InputError
from regviz.evaluation import fit_mse

MAX_FOLDS = 10


def kfold(n: int, k: int, seed: int) -> list[np.ndarray]:
    """The validation rows of each of k folds (scikit-learn's shuffled KFold)."""
    if not 2 <= k <= min(n, MAX_FOLDS):
        raise InputError("bad_folds", k=k, n=n, maximum=MAX_FOLDS)
    order = np.arange(n)
    np.random.RandomState(seed).shuffle(order)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    return [np.sort(f) for f in np.split(order, np.cumsum(sizes)[:-1])]


@dataclass(frozen=True)
class CV:
    """Validation and training MSE of every fold along λ, and the two choices of λ."""

    validation: np.ndarray  # (k, L)
    training: np.ndarray  # (k, L)

    @property
    def mean(self) -> np.ndarray:
        return self.validation.mean(axis=0)

    @property
    def se(self) -> np.ndarray:
        """The standard error of the mean over folds: the folds' SD (ddof 1) / √k."""
        k = self.validation.shape[0]
        return self.validation.std(axis=0, ddof=1) / np.sqrt(k)


def fold_batch(X: np.ndarray, y: np.ndarray, folds: list[np.ndarray]) -> tuple[batch.Batch, list]:
    """One problem per fold, each centred on its own training rows (fit_intercept=True)."""
    H, G, means = [], [], []
    for rows in folds:
        train = np.setdiff1d(np.arange(len(y)), rows)
        Xt, yt = X[train], y[train]
        xm, ym = Xt.mean(axis=0), yt.mean()
        Xc = Xt - xm
        H.append(Xc.T @ Xc / len(train))
        G.append(Xc.T @ (yt - ym) / len(train))
        means.append((xm, ym))
    return batch.Batch.create(np.array(H), np.array(G)), means


def cross_validate(
    X: np.ndarray, y: np.ndarray, folds: list[np.ndarray], penalty: str, lams: np.ndarray, l1_ratio: float
) -> CV:
    """Fit every fold's training rows along λ and score its validation rows."""
    b, means = fold_batch(X, y, folds)
    W = batch.paths(b, penalty, lams, l1_ratio)  # (k, L, p)
    scores = [fold_errors(W[f], X, y, rows, *means[f]) for f, rows in enumerate(folds)]
    return CV(np.array([v for v, _ in scores]), np.array([tr for _, tr in scores]))


def fold_errors(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, rows: np.ndarray, x_mean: np.ndarray, y_mean: float
) -> tuple[np.ndarray, np.ndarray]:
    """Validation and training MSE of weights W (..., p) fitted to the rows outside ``rows``,
    whose means are x_mean and y_mean (the intercept of each fit follows from them)."""
    held_out = np.zeros(len(y), dtype=bool)
    held_out[rows] = True
    b = y_mean - W @ x_mean
    return fit_mse(W, b, X[held_out], y[held_out]), fit_mse(W, b, X[~held_out], y[~held_out])


def choose(mean: np.ndarray, se: np.ndarray, lams: np.ndarray) -> tuple[int, int]:
    """λ_min (lowest mean CV error) and the 1-SE λ: the largest λ whose mean CV error is
    within one standard error of the minimum (indices into ``lams``)."""
    i_min = int(np.argmin(mean))
    within = np.flatnonzero(mean <= mean[i_min] + se[i_min])
    i_1se = int(within[np.argmax(np.asarray(lams)[within])])
    return i_min, i_1se
