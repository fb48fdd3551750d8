"""The weight-decay page's code, run: PyTorch retraces our NumPy runs, scikit-learn reaches our ridge.

PyTorch is a test-only dependency (requirements-dev.txt pins its CPU build). The conversions
(our λ → ``weight_decay``, ``alpha``) are checked against each library's own objective: its
own autograd, its own optimizer step, its own fitted estimator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from sklearn.linear_model import Ridge

from regviz import training
from regviz.lessons import decay as lesson
from regviz.lessons.registry import DEFAULT
from regviz.params import LAMS

ROOT = Path(__file__).resolve().parents[2]
DUMP = """
import json as _json
print("RESULT" + _json.dumps({
    "sgd_path": sgd_path.tolist(), "adam_path": adam_path.tolist(), "adamw_path": adamw_path.tolist(),
    "bias": [sgd.bias.item(), adam.bias.item(), adamw.bias.item()],
}))
"""
STATES = [
    DEFAULT,  # two features, λ = 0.01
    DEFAULT.with_(
        {"decay.problem": "two", "lam": 1.0, "geometry.corr": -0.7, "geometry.scale": 2.0, "decay.step": 1.9}
    ),
    DEFAULT.with_({"decay.problem": "poly", "lam": 0.1, "degree": 7, "decay.adam_lr": 0.1, "seed": 4}),
    DEFAULT.with_({"decay.problem": "poly", "lam": 0.00001, "data": "diabetes", "degree": 4, "decay.step": 0.25}),
]


def run_code(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    return json.loads(line[len("RESULT") :])


@pytest.mark.parametrize("state", STATES, ids=["two", "two-strong", "poly", "diabetes"])
def test_the_pytorch_code_reproduces_the_pages_trajectories(state) -> None:
    out = run_code(lesson.torch_code(state) + DUMP)
    m = lesson.moments(state)
    i = state.lam_index
    eta = training.step_sizes(m, LAMS, state["decay.step"])
    ours = {
        "sgd_path": training.run(m, "decay", LAMS, eta, lesson.STEPS)[i],
        "adam_path": training.run(m, "adam_l2", LAMS, state["decay.adam_lr"], lesson.ADAM_STEPS)[i],
        "adamw_path": training.run(m, "adamw", LAMS, state["decay.adam_lr"], lesson.ADAM_STEPS)[i],
    }
    for name, theta in ours.items():
        theirs = np.array(out[name])
        assert theirs.shape == theta[:, :-1].shape
        assert np.max(np.abs(theirs - theta[:, :-1])) < 1e-6, name  # every step, not just the end
    assert np.allclose(out["bias"], [ours[k][-1, -1] for k in ours], atol=1e-6)
    # and what the page draws is that run: the decay panel's path, the Adam panel's end points
    assert np.allclose(lesson.weight_decay(state)["path"][i], ours["sgd_path"][:, :2], atol=1e-12)
    adam = lesson.adam(state)
    assert np.allclose(adam["adam_l2_end"][i], ours["adam_path"][-1, :-1], atol=1e-12)
    assert np.allclose(adam["adamw_end"][i], ours["adamw_path"][-1, :-1], atol=1e-12)


@pytest.mark.parametrize("state", STATES[:3], ids=["two", "two-strong", "poly"])
def test_the_sklearn_code_reaches_our_ridge(state) -> None:
    namespace: dict = {}
    exec(lesson.sklearn_code(state), namespace)  # the page's code, as a student would paste it
    ridge = lesson.ridge_path(state)[state.lam_index]
    assert np.allclose(namespace["ridge"].coef_, ridge, atol=1e-9)
    assert np.linalg.norm(namespace["sgd"].coef_ - ridge) < 0.02 * max(np.linalg.norm(ridge), 1.0)


def test_the_bias_group_matters_on_uncentred_data() -> None:
    """With decay on the bias too, SGD no longer ends at the ridge fit with a free intercept."""
    X, y, _, _ = lesson.problem_data(DEFAULT.with_({"decay.problem": "poly", "degree": 3}))
    X, y = torch.tensor(X + 2.0), torch.tensor(y + 5.0)
    lam = 0.1

    def train(groups_of) -> torch.Tensor:
        model = torch.nn.Linear(X.shape[1], 1, dtype=torch.float64)
        torch.nn.init.zeros_(model.weight)
        torch.nn.init.zeros_(model.bias)
        opt = torch.optim.SGD(groups_of(model), lr=0.02)
        for _ in range(20_000):
            opt.zero_grad()
            torch.nn.MSELoss()(model(X).squeeze(1), y).backward()
            opt.step()
        return torch.cat([model.weight.detach().flatten(), model.bias.detach()])

    wd = training.torch_settings("sgd", lam, 0.04)["weight_decay"]
    kept = train(lambda m: [{"params": [m.weight], "weight_decay": wd}, {"params": [m.bias], "weight_decay": 0.0}])
    decayed = train(lambda m: [{"params": [m.weight, m.bias], "weight_decay": wd}])
    sk = Ridge(alpha=len(y) * lam).fit(X.numpy(), y.numpy())
    reference = np.r_[sk.coef_, sk.intercept_]
    assert np.allclose(kept.numpy(), reference, atol=1e-8)
    assert np.linalg.norm(decayed.numpy() - reference) > 0.1


def test_the_torch_conversions_against_torchs_own_objective_and_step() -> None:
    X, y, _, _ = lesson.problem_data(DEFAULT)
    m = training.Moments.of(X, y)
    lam, eta = 0.3, 0.2
    ridge = training.ridge(m, [lam])[0]  # our J's minimiser
    w = torch.tensor(ridge[:-1], requires_grad=True)
    b = torch.tensor(ridge[-1], requires_grad=True)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    wd = training.torch_settings("sgd", lam, eta)["weight_decay"]
    # SGD's weight_decay adds wd·w to the gradient of MSELoss: the objective MSE + (wd/2)‖w‖²
    objective = torch.nn.MSELoss()(Xt @ w + b, yt) + 0.5 * wd * (w @ w)
    objective.backward()
    assert float(w.grad.abs().max()) < 1e-12 and abs(float(b.grad)) < 1e-12  # stationary at our ridge
    assert training.torch_settings("adam", lam, eta)["weight_decay"] == wd  # the same term in Adam's gradient
    # AdamW's decay step, seen on a zero gradient: w ← (1 − lr·weight_decay)·w = (1 − ηλ)·w
    p = torch.nn.Parameter(torch.ones(3, dtype=torch.float64))
    settings = training.torch_settings("adamw", lam, eta)
    opt = torch.optim.AdamW([p], **settings)
    p.grad = torch.zeros_like(p)
    opt.step()
    assert np.allclose(p.detach().numpy(), 1 - eta * lam, atol=1e-15)
    sgd = training.torch_settings("sgd", lam, eta)
    assert sgd["lr"] * 2 == eta  # a step of lr on twice our gradient is a step of η on ours
    with pytest.raises(ValueError, match="Unknown optimizer"):
        training.torch_settings("rmsprop", lam, eta)


def test_the_sklearn_alphas_against_sklearns_own_objective() -> None:
    X, y, _, _ = lesson.problem_data(DEFAULT.with_({"decay.problem": "poly", "degree": 5}))
    m = training.Moments.of(X, y)
    lam = 0.05
    ours = training.ridge(m, [lam])[0]
    model = Ridge(alpha=training.sklearn_alpha("ridge", lam, len(y)), solver="cholesky").fit(X, y)
    assert np.allclose(np.r_[model.coef_, model.intercept_], ours, atol=1e-10)
    # Ridge's documented objective ‖y − Xw − b‖² + α‖w‖² is stationary at our solution
    alpha = training.sklearn_alpha("ridge", lam, len(y))
    r = y - X @ ours[:-1] - ours[-1]
    assert np.allclose(-2 * X.T @ r + 2 * alpha * ours[:-1], 0.0, atol=1e-9) and abs(r.sum()) < 1e-9
    # SGDRegressor's (1/n)·Σ ½(y − ŷ)² + α·½‖w‖² is our J with α = λ: its gradient vanishes there too
    alpha = training.sklearn_alpha("sgd", lam, len(y))
    assert np.allclose(-X.T @ r / len(y) + alpha * ours[:-1], 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="Unknown estimator"):
        training.sklearn_alpha("lasso", lam, len(y))
