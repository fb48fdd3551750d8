"""The convention translator (regviz.conventions) against each library's own objective:
scikit-learn always, PyTorch and Keras (test-only extras), glmnet by its reference manual."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
import torch
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge, SGDRegressor

import regviz
from regviz import conventions

RNG = np.random.default_rng(3)
N = 40
X = RNG.standard_normal((N, 3))
Y = X @ [1.5, -2.0, 0.0] + 0.5 + 0.3 * RNG.standard_normal(N)
CASES = [("l2", 0.05, 0.5), ("l1", 0.05, 1.0), ("elasticnet", 0.05, 0.3)]


def numbers(code: str) -> dict[str, float]:
    """The keyword numbers of a call the translator wrote: alpha=…, C=…, weight_decay=…"""
    return {k: float(v) for k, v in re.findall(r"(\w+)\s*=\s*([-+]?\d[\d.e+-]*)", code)}


def row(rows, prefix: str) -> str:
    return next(r.code for r in rows if r.code.startswith(prefix) or prefix in r.code)


@pytest.mark.parametrize("penalty,lam,rho", CASES)
def test_scikit_learn_estimators_with_the_translated_settings_give_our_fit(penalty, lam, rho) -> None:
    rows = conventions.sklearn(penalty, lam, rho, N)
    ours = regviz.fit(X, Y, penalty, lam, rho)
    name = {"l2": "Ridge", "l1": "Lasso", "elasticnet": "ElasticNet"}[penalty]
    kw = numbers(row(rows, name))
    model = {"Ridge": Ridge, "Lasso": Lasso, "ElasticNet": ElasticNet}[name]
    extra = {} if name == "Ridge" else {"tol": 1e-14, "max_iter": 100_000}
    fitted = model(**kw, **extra).fit(X, Y)
    np.testing.assert_allclose(fitted.coef_, ours.coef, atol=1e-9)
    sgd = numbers(row(rows, "SGDRegressor"))
    assert sgd["alpha"] == pytest.approx(lam) and sgd.get("l1_ratio", rho) == pytest.approx(rho)
    # SGDRegressor's objective (its docs): mean ½(y − ŷ)² + α·R(w); R as ours: the same J
    # (not average=True: scikit-learn 1.9's averaged SGD with an L1 part wanders far off: 13.7 above)
    est = SGDRegressor(penalty=penalty, alpha=sgd["alpha"], l1_ratio=rho, max_iter=5000, tol=None,
                       random_state=0).fit(X, Y)  # fmt: skip
    gap = regviz.objective(X, Y, est.coef_, est.intercept_[0], penalty, lam, rho) - regviz.objective(
        X, Y, ours.coef, ours.intercept, penalty, lam, rho
    )
    assert 0 <= gap < 1e-5  # a stochastic solver near our optimum of the same objective


@pytest.mark.parametrize("penalty,lam,rho", CASES)
def test_logistic_regressions_c_makes_its_objective_ours_times_a_constant(penalty, lam, rho) -> None:
    """At scikit-learn's solution the gradient of (1/n)·Σ log-loss + λP is zero (subgradient for L1)."""
    labels = (Y > 0.5).astype(int)
    kw = numbers(row(conventions.sklearn(penalty, lam, rho, N), "LogisticRegression"))
    m = LogisticRegression(C=kw["C"], l1_ratio=kw.get("l1_ratio", 0.0), solver="saga" if "l1_ratio" in kw else "lbfgs",
                           tol=1e-12, max_iter=200_000).fit(X, labels)  # fmt: skip
    w, b = m.coef_[0], m.intercept_[0]
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    grad = X.T @ (p - labels) / N  # of the mean log-loss
    r = 0.0 if penalty == "l2" else (1.0 if penalty == "l1" else rho)
    smooth = grad + lam * (1.0 - r) * w
    on = w != 0
    np.testing.assert_allclose(smooth[on] + lam * r * np.sign(w[on]), 0.0, atol=1e-6)
    assert np.all(np.abs(smooth[~on]) <= lam * r + 1e-6)
    assert abs(np.mean(p - labels)) < 1e-6  # the intercept is not penalized


@pytest.mark.parametrize("penalty,lam,rho", CASES)
def test_torch_mse_loss_with_the_translated_decay_has_twice_our_gradient(penalty, lam, rho) -> None:
    code = conventions.torch(penalty, lam, rho)[0].code
    wd = numbers(code).get("weight_decay", 0.0)
    l1 = float(re.search(r"\+ ([0-9.e-]+) \* w\.abs\(\)", code).group(1)) if "abs" in code else 0.0
    w0 = torch.tensor([0.3, -0.7, 0.2], dtype=torch.float64, requires_grad=True)
    b0 = torch.tensor(0.1, dtype=torch.float64, requires_grad=True)
    Xt, yt = torch.tensor(X), torch.tensor(Y)
    loss = torch.nn.MSELoss()(Xt @ w0 + b0, yt) + l1 * w0.abs().sum()
    loss.backward()
    g = w0.grad.numpy() + wd * w0.detach().numpy()  # what SGD adds for weight_decay
    wv, bv = w0.detach().numpy(), 0.1
    r = Y - X @ wv - bv
    shares = {"l2": (0.0, 1.0), "l1": (1.0, 0.0)}.get(penalty, (rho, 1.0 - rho))
    ours = -X.T @ r / N + lam * (shares[0] * np.sign(wv) + shares[1] * wv)  # ∇J
    np.testing.assert_allclose(g, 2.0 * ours, rtol=1e-12)
    np.testing.assert_allclose(b0.grad.item(), 2.0 * (-r.mean()), rtol=1e-12)  # no decay on the bias


# Keras runs in its own process: once imported, Streamlit's script runner clears Keras's
# session after every AppTest run in this one (seconds each, on the torch backend).
KERAS_SCRIPT = """
import json, os, sys
os.environ["KERAS_BACKEND"] = "torch"
import keras, numpy as np
keras.config.set_floatx("float64")
X, Y, cases = (np.array(v) if k < 2 else v for k, v in enumerate(json.loads(sys.stdin.read())))
out = []
for kind, kw in cases:
    reg = {"L1": keras.regularizers.L1, "L2": keras.regularizers.L2, "L1L2": keras.regularizers.L1L2}[kind](**kw)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_regularizer=reg)])
    model.layers[0].set_weights([np.array([[0.3], [-0.7], [0.2]]), np.array([0.1])])
    mse = keras.losses.MeanSquaredError()(Y[:, None], model(X))
    out.append(float(mse) + sum(float(x) for x in model.losses))
print(json.dumps(out))
"""


def _keras_case(code: str) -> tuple[str, dict[str, float]]:
    """The regularizer and its arguments as the translator wrote them."""
    kind, args = re.search(r"regularizers\.(L1L2|L1|L2)\(([^)]*)\)", code).groups()
    if kind == "L1L2":
        return kind, numbers(args)
    return kind, {kind.lower(): float(args)}


def test_keras_loss_with_the_translated_regularizer_is_twice_our_objective() -> None:
    cases = [_keras_case(conventions.keras(penalty, lam, rho)[0].code) for penalty, lam, rho in CASES]
    run = subprocess.run(
        [sys.executable, "-c", KERAS_SCRIPT],
        input=json.dumps([X.tolist(), Y.tolist(), cases]),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KERAS_BACKEND": "torch"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    totals = json.loads(run.stdout.strip().splitlines()[-1])
    w, b = np.array([0.3, -0.7, 0.2]), 0.1
    for total, (penalty, lam, rho) in zip(totals, CASES, strict=True):
        # Keras reduces its loss in float32 (even under floatx float64): equal to its precision
        assert total == pytest.approx(2.0 * regviz.objective(X, Y, w, b, penalty, lam, rho), rel=1e-7)
        wrong = 2.0 * regviz.objective(X, Y, w, b, penalty, 2.0 * lam, rho)
        assert total != pytest.approx(wrong, rel=1e-3)  # a factor of 2 in λ would show


def _glmnet_documented(x, y, alpha: float, lam: float) -> np.ndarray:
    """What ?glmnet documents for family = "gaussian", standardize = FALSE: y is standardized to
    unit variance (1/n formula) before fitting, λ is on y's scale, the coefficients are
    unstandardized. The documented objective is then solved here with scikit-learn."""
    sd = float(np.std(y))
    if alpha == 0.0:  # the ridge part scales with y²: λ_internal = λ/sd(y)² · sd(y) on the standardized y
        fit = Ridge(alpha=len(y) * lam / sd).fit(x, y / sd)
    else:
        fit = ElasticNet(alpha=lam / sd, l1_ratio=alpha, tol=1e-14, max_iter=100_000).fit(x, y / sd)
    return fit.coef_ * sd


def test_glmnet_per_its_manual() -> None:
    sd = float(np.std(Y))
    for penalty, lam, rho in CASES:
        code = conventions.glmnet(penalty, lam, rho, sd)[0].code
        kw = numbers(code)
        if penalty == "elasticnet":  # matches only on a unit-variance y: the row says so
            y1 = Y / sd
            rows = conventions.glmnet(penalty, lam, rho, 1.0)
            got = _glmnet_documented(X, y1, numbers(rows[0].code)["alpha"], numbers(rows[0].code)["lambda"])
            np.testing.assert_allclose(got, regviz.fit(X, y1, penalty, lam, rho).coef, atol=1e-9)
            continue
        got = _glmnet_documented(X, Y, kw["alpha"], kw["lambda"])
        np.testing.assert_allclose(got, regviz.fit(X, Y, penalty, lam, rho).coef, atol=1e-9)


def test_nothing_to_translate_without_a_penalty_or_for_best_subset() -> None:
    assert conventions.translate("none", 0.1, 0.5, N, 1.0) == []
    assert conventions.translate("l0", 0.1, 0.5, N, 1.0) == []
    libraries = {r.library for r in conventions.translate("l1", 0.1, 0.5, N, 1.0)}
    assert libraries == {"scikit-learn", "PyTorch", "Keras", "glmnet (R)"}
