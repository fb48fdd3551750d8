"""Lesson 5 — weight decay and optimizers: why "L2 in PyTorch" works, and when it does not.

The current problem is lesson 1's two-feature problem or the polynomial fit (its first two
weights drawn); every optimizer trains ŷ = Xw + b from 0 as PyTorch does (regviz.training),
at every λ of the grid at once. Panels (kinds in regviz.figures.decay):

- ``decay`` (descent): GD with an L2 term on the contours, played step by step, to the ridge
  solution of λ; ``eta`` the step at each λ;
- ``l1`` (l1_steps): subgradient against proximal (ISTA) steps on the L1 objective: the
  weight the lasso sets smallest, along the steps, and how many weights are exactly 0;
- ``adam`` (adam_race): Adam with an L2 term against AdamW: distance to the ridge optimum
  along the steps and where each ends;
- ``early`` (early_path, early_val, early_match): unpenalized GD from 0 over the ridge path,
  the validation error along log-spaced steps, and the ridge λ each step matches against
  the rule λ ≈ 1/(ηk);
- ``dropout`` (dropout): a fit trained with inverted dropout (keep q, seeded masks) against
  ridge with λ = (1 − q)/q and the exact expected-loss minimiser, as q moves.

The page's code (``torch_code``, ``sklearn_code``) reproduces these runs; the tests run it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from regviz import datasets, solvers, training
from regviz.errors import InputError
from regviz.evaluation import basis_for, mse
from regviz.lessons.base import NO_AXIS, Lesson, LocalAxis, Panel, PanelData
from regviz.lessons.common import DATA, curve, weights_along_lam
from regviz.lessons.geometry import NAMES as TWO
from regviz.lessons.geometry import contours_data
from regviz.lessons.words import tex_num
from regviz.params import LAMS, State, Widget, choice, grid, lesson_params
from regviz.problem import Problem
from regviz.text import t
from regviz.text.numbers import num

SLUG = "decay"
STEPS = 30  # the animated GD run and the L1 runs (the byte budget: 61 λ × 31 steps)
ADAM_STEPS = 300
EARLY_STEPS = 5000
EARLY_AT = np.unique(np.round(np.logspace(0, np.log10(EARLY_STEPS), 80)).astype(int))
DROPOUT_STEPS, CHAINS = 200, 4  # 4 seeded runs side by side, each averaged over its second half
KEEPS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
MATCH_LAMS = np.logspace(-7, 3, 401)  # the fine λ grid on which each GD step finds its ridge twin
Q_CURVE = np.linspace(0.3, 0.99, 24)
PARAMS = lesson_params(
    SLUG,
    choice("problem", ("two", "poly"), "two", Widget("select", "decay.problem", choices="decay.problem_choice")),
    grid("step", (0.1, 0.25, 0.5, 1.0, 1.5, 1.9), 1.0, Widget("select_slider", "decay.step", "decay.step_help")),
    grid("adam_lr", (0.001, 0.003, 0.01, 0.03, 0.1), 0.03, Widget("select_slider", "decay.adam_lr")),
    grid("keep", KEEPS, 0.8, Widget("select_slider", "decay.keep", "decay.keep_help")),
)
PROBLEM = (*DATA, "degree", *TWO, "decay.problem")  # either problem's data
OPTIMIZER = (*PROBLEM, "decay.step")
NEEDS = {"two": ("n", "noise", "seed", *TWO), "poly": (*DATA, "degree")}


@lru_cache(maxsize=64)
def _data(problem: str, values: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    s = dict(zip(NEEDS[problem], values, strict=True))
    if problem == "two":
        useless = s["geometry.useless"]
        drop = None if useless == "none" else int(useless) - 1
        args = (s["geometry.corr"], (1.0, s["geometry.scale"]), drop, s["n"], s["noise"])
        train = datasets.two_feature(*args, s["seed"])
        val = datasets.two_feature(*args, (s["seed"] + 1) % 2**32)  # new inputs and noise, same weights
        return train.X, train.y, val.X, val.y
    c = curve(s["data"], s["n"], s["noise"], s["seed"])
    basis = basis_for(c, s["degree"])
    return basis.transform(c.x_train), c.y_train, basis.transform(c.x_test), c.y_test


def _key(s: State) -> tuple[str, tuple]:
    problem = s["decay.problem"]
    return problem, s.subset(NEEDS[problem])


def problem_data(s: State) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Training inputs and targets of the state's problem, and a validation set of the same truth."""
    return _data(*_key(s))


@lru_cache(maxsize=64)
def _forms(problem: str, values: tuple) -> tuple[training.Moments, Problem, np.ndarray]:
    """The problem's moments, its centred form and its ridge path: built once for all panels."""
    X, y, _, _ = _data(problem, values)
    centred_problem = Problem.from_data(X, y)
    return training.Moments.of(X, y), centred_problem, weights_along_lam(centred_problem, "l2", 1.0)


def moments(s: State) -> training.Moments:
    return _forms(*_key(s))[0]


def centred(s: State) -> Problem:
    return _forms(*_key(s))[1]


def ridge_path(s: State) -> np.ndarray:
    return _forms(*_key(s))[2]


def _pair(s: State) -> None:
    if problem_data(s)[0].shape[1] < 2:
        raise InputError("needs_two_weights")


def weight_decay(s: State) -> PanelData:
    """GD with an L2 term from 0, at every λ, over the contours of the first two weights."""
    _pair(s)
    m = moments(s)
    eta = training.step_sizes(m, LAMS, s["decay.step"])
    theta = training.run(m, "decay", LAMS, eta, STEPS)
    coupled = training.run(m, "sgd_l2", LAMS, eta, STEPS)
    W = ridge_path(s)
    data = contours_data(centred(s), W, "l2", 1.0)
    arrays = {**data.arrays, "path": theta[:, :, :2], "eta": eta}
    values = {
        **data.values,
        "title": "decay.descent_title",
        "steps": STEPS,
        "same": float(np.max(np.abs(theta - coupled))),  # the two update rules' largest difference
        "gap": [float(v) for v in np.linalg.norm(theta[:, -1, :-1] - W, axis=1)],
    }
    return PanelData(arrays, values)


def l1_steps(s: State) -> PanelData:
    """Subgradient and ISTA steps on the L1 objective, at every λ, with the same steps as GD."""
    m = moments(s)
    eta = training.step_sizes(m, LAMS, s["decay.step"])
    sub = training.run(m, "subgradient", LAMS, eta, STEPS)[:, :, :-1]
    ista = training.run(m, "ista", LAMS, eta, STEPS)[:, :, :-1]
    lasso = weights_along_lam(centred(s), "l1", 1.0)
    j = np.argmin(np.abs(lasso), axis=1)  # the weight the lasso makes smallest (first of its zeros)
    rows = np.arange(LAMS.size)
    arrays = {
        "sub": sub[rows, :, j],
        "ista": ista[rows, :, j],
        "sub_zeros": np.sum(sub[:, 1:] == 0.0, axis=2),  # from step 1 (step 0 is w = 0)
        "ista_zeros": np.sum(ista[:, 1:] == 0.0, axis=2),
        "lasso_zeros": np.sum(lasso == 0.0, axis=1),
        "weight": j + 1.0,
        "sub_min": np.min(np.abs(sub[:, 1:]), axis=(1, 2)),  # the smallest |w_j| any step reached
        "eta": eta,
    }
    return PanelData(arrays, {"steps": STEPS, "p": m.p, "n": lesson_n(s)})


def lesson_n(s: State) -> int:
    """The number of training points (an upload may keep fewer rows than n)."""
    return problem_data(s)[1].size


def checkpoints(steps: int, count: int = 20) -> np.ndarray:
    """Steps 1..steps, log-spaced (the distance charts' x axis)."""
    return np.unique(np.round(np.logspace(0, np.log10(steps), count)).astype(int))


def adam(s: State) -> PanelData:
    """Adam + L2 and AdamW at the same λ and learning rate, against the ridge optimum."""
    m = moments(s)
    lr = s["decay.adam_lr"]
    W = ridge_path(s)
    at = checkpoints(ADAM_STEPS)
    arrays = {"ridge": W, "at": at.astype(float)}
    runs = training.adam_runs(m, LAMS, lr, ADAM_STEPS, (False, True), at=at)
    for method, run in zip(("adam_l2", "adamw"), runs, strict=True):
        w = run[:, :, :-1]
        arrays[f"{method}_dist"] = np.linalg.norm(w - W[:, None, :], axis=2)
        arrays[f"{method}_end"] = w[:, -1]
    return PanelData(arrays, {"steps": ADAM_STEPS, "lr": lr, "p": m.p})


def early(s: State) -> PanelData:
    """Unpenalized GD from 0 and the ridge path: where stopping early is ridge, and where not.

    The steps are log-spaced up to EARLY_STEPS (``at``), from GD's closed form.
    """
    m = moments(s)
    _, _, Xv, yv = problem_data(s)
    eta = s["decay.step"] / m.top
    theta = training.gd_steps(m, eta, EARLY_AT)
    val = mse(yv, theta[:, :-1] @ Xv.T + theta[:, -1:])
    W = ridge_path(s)
    fine = solvers.ridge_path(centred(s), MATCH_LAMS)
    w = theta[:, :-1]
    # ‖w_k − r_j‖ for every step k and fine λ_j, without the (steps, fine λ, p) difference
    sq = (w**2).sum(axis=1)[:, None] + (fine**2).sum(axis=1)[None, :] - 2.0 * w @ fine.T
    gaps = np.sqrt(np.maximum(sq, 0.0))
    best = np.argmin(gaps, axis=1)
    size = np.maximum(np.linalg.norm(w, axis=1), 1e-300)
    arrays = {
        "ridge_pair": _two(W),
        "gd_pair": _two(w),
        "at": EARLY_AT.astype(float),
        "val": val,
        "match": MATCH_LAMS[best],
        "match_gap": gaps[np.arange(best.size), best] / size,
        "rule": training.early_stopping_lam(eta, EARLY_AT),
    }
    stop = int(np.argmin(val))
    return PanelData(
        {**arrays, **_named_steps(eta)}, {"eta": eta, "steps": EARLY_STEPS, "stop": stop, "fraction": s["decay.step"]}
    )


def _two(W: np.ndarray) -> np.ndarray:
    """The first two weights (a lone weight gets a second one at 0)."""
    return W[:, :2] if W.shape[1] >= 2 else np.column_stack([W[:, 0], np.zeros(len(W))])


def _named_steps(eta: float) -> dict[str, np.ndarray]:
    """At each λ of the grid: the drawn step nearest (log axis) to the one λ ≈ 1/(ηk) names,
    its index into EARLY_AT, and whether λ asks for more steps than are drawn."""
    k = np.maximum(1.0 / (eta * LAMS), 1.0)
    index = np.argmin(np.abs(np.log(EARLY_AT)[None, :] - np.log(k)[:, None]), axis=1)
    return {"k_index": index.astype(float), "k_lam": EARLY_AT[index].astype(float), "k_past": (k > EARLY_STEPS) * 1.0}


def dropout(s: State) -> PanelData:
    """Dropout training at keep q, and the two ridge fits it is compared with, as q moves."""
    X, y, _, _ = problem_data(s)
    q = s["decay.keep"]
    m = moments(s)
    runs = training.dropout_run(X, y, q, DROPOUT_STEPS, s.seed, CHAINS)
    trained = runs[:, DROPOUT_STEPS // 2 :].mean(axis=(0, 1))  # the masks' noise averages out
    scale = np.diag(m.G)[:-1]
    exact = training.ridge(m, [training.dropout_lam(q)], scale)[0]
    plain = training.ridge(m, [training.dropout_lam(q)])[0]
    curve_exact = training.ridge(m, (1 - Q_CURVE) / Q_CURVE, scale)
    curve_plain = training.ridge(m, (1 - Q_CURVE) / Q_CURVE)
    size = np.maximum(np.linalg.norm(curve_exact[:, :-1], axis=1), 1e-300)
    arrays = {
        "trained": trained[:-1],
        "exact": exact[:-1],
        "plain": plain[:-1],
        "q": Q_CURVE,
        "approx": np.linalg.norm(curve_plain[:, :-1] - curve_exact[:, :-1], axis=1) / size,
        "scale": scale,
    }
    values = {
        "keep": q,
        "lam": training.dropout_lam(q),
        "steps": DROPOUT_STEPS,
        "chains": CHAINS,
        "trained_gap": _relative(trained[:-1], exact[:-1]),
        "plain_gap": _relative(plain[:-1], exact[:-1]),
    }
    return PanelData(arrays, values)


def _relative(w: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(w - reference)) / max(float(np.linalg.norm(reference)), 1e-300)


def unused(s: State) -> frozenset[str]:
    """Every run here has its own penalties; the two-feature problem has no degree or data set."""
    own = {"penalty", "l1_ratio"}
    return frozenset(own | ({"degree", "data"} if s["decay.problem"] == "two" else set()))


LESSON = Lesson(
    slug=SLUG,
    title="decay.title",
    nav="nav.decay",
    icon="🏃",
    page="pages/decay.py",
    params=PARAMS,
    unused=unused,
    borrowed=lambda s: TWO if s["decay.problem"] == "two" else (),
    panels=(
        Panel("decay", ("descent",), OPTIMIZER, weight_decay, height=560, local=LocalAxis(STEPS)),
        Panel("l1", ("l1_steps",), OPTIMIZER, l1_steps, height=440),
        Panel("adam", ("adam_race",), (*PROBLEM, "decay.adam_lr"), adam, height=440),
        Panel("early", ("early_path", "early_val", "early_match"), OPTIMIZER, early, height=460),
        Panel("dropout", ("dropout",), (*PROBLEM, "decay.keep"), dropout, axis=NO_AXIS, height=440),
    ),
)


def _vector(w: np.ndarray, limit: int = 4) -> str:
    shown = ", ".join(num(v) for v in w[:limit])
    return f"({shown}{', …' if w.size > limit else ''})"


def decay_words(s: State) -> tuple[str, str]:
    """The identity "an L2 gradient term = decay by (1 − ηλ)" with the numbers of λ, and what it did."""
    d = LESSON.data("decay", s)
    i = s.lam_index
    eta, lam = float(d["eta"][i]), s.lam
    factor = 1.0 - eta * lam
    tex = (
        r"w_{k+1} = w_k - \eta\,(\nabla L(w_k) + \lambda w_k) = (1 - \eta\lambda)\,w_k - \eta\,\nabla L(w_k)"
        rf" = {tex_num(factor)}\,w_k - {tex_num(eta)}\,\nabla L(w_k)"
    )
    words = t(
        "decay.decay_words",
        s.lang,
        lam=num(lam),
        eta=num(eta),
        factor=num(factor, 6),
        percent=num(100 * eta * lam),
        same=num(d.values["same"]),
        steps=d.values["steps"],
        gap=num(d.values["gap"][i]),
        fraction=num(s["decay.step"]),
    )
    return tex, words


def l1_words(s: State) -> str:
    d = LESSON.data("l1", s)
    i = s.lam_index
    a = d.arrays
    steps = d.values["steps"]
    key = "decay.l1_words_zero" if a["lasso_zeros"][i] > 0 else "decay.l1_words_none"
    return t(
        key,
        s.lang,
        steps=steps,
        sub_min=num(a["sub_min"][i]),
        sub_zeros=int(a["sub_zeros"][i, -1]),
        ista_zeros=int(a["ista_zeros"][i, -1]),
        lasso_zeros=int(a["lasso_zeros"][i]),
        p=d.values["p"],
        settled=_settled(a["ista_zeros"][i], int(a["lasso_zeros"][i])),
    )


def _settled(zeros: np.ndarray, target: int) -> str:
    """The first step (counted from 1) from which ISTA has the lasso's count of zeros, for good."""
    off = np.flatnonzero(zeros != target)
    if off.size and off[-1] == zeros.size - 1:
        return "—"
    return str(int(off[-1]) + 2 if off.size else 1)


def adam_words(s: State) -> str:
    d = LESSON.data("adam", s)
    i = s.lam_index
    a = d.arrays
    return t(
        "decay.adam_words",
        s.lang,
        lam=num(s.lam),
        lr=num(d.values["lr"]),
        steps=d.values["steps"],
        ridge=_vector(a["ridge"][i]),
        adam=_vector(a["adam_l2_end"][i]),
        adamw=_vector(a["adamw_end"][i]),
        d_adam=num(a["adam_l2_dist"][i, -1]),
        d_adamw=num(a["adamw_dist"][i, -1]),
    )


def early_words(s: State) -> str:
    d = LESSON.data("early", s)
    a, v = d.arrays, d.values
    eta, stop = float(v["eta"]), int(v["stop"])
    j = int(a["k_index"][s.lam_index])
    k_rule = max(round(1.0 / (eta * s.lam)), 1)
    common = {
        "stop": int(EARLY_AT[stop]),
        "val": num(a["val"][stop]),
        "rule": num(a["rule"][stop]),
        "match": num(a["match"][stop]),
        "lam": num(s.lam),
        "k": k_rule,
        "steps": v["steps"],
        "eta": num(eta),
        "fraction": num(v["fraction"]),
    }
    if k_rule > v["steps"]:
        return t("decay.early_words_past", s.lang, **common)
    return t("decay.early_words", s.lang, **common, here=num(a["match"][j]), gap=num(100 * a["match_gap"][j]))


def dropout_words(s: State) -> str:
    d = LESSON.data("dropout", s)
    v, scale = d.values, d["scale"]
    return t(
        "decay.dropout_words",
        s.lang,
        q=num(v["keep"]),
        lam=num(v["lam"]),
        chains=v["chains"],
        steps=v["steps"],
        trained=num(100 * v["trained_gap"]),
        plain=num(100 * v["plain_gap"]),
        lo=num(float(scale.min())),
        hi=num(float(scale.max())),
    )


def _data_lines(s: State) -> list[str]:
    """Python that builds this page's X and y (as the app does)."""
    if s["decay.problem"] == "two":
        useless = s["geometry.useless"]
        drop = None if useless == "none" else int(useless) - 1
        return [
            "from regviz.datasets import two_feature",
            "",
            f"d = two_feature({s['geometry.corr']}, (1.0, {s['geometry.scale']}), {drop}, {s.n}, {s.noise}, {s.seed})",
            "X, y = d.X, d.y  # lesson 1's two-feature problem: correlation, scales, useless feature, n, noise, seed",
        ]
    if not s.data.startswith("csv-"):
        return [
            "from regviz.evaluation import basis_for",
            "from regviz.lessons.common import curve",
            "",
            f"c = curve({s.data!r}, {s.n}, {s.noise}, {s.seed})  # this page's data: name, n, noise, seed",
            f"X, y = basis_for(c, {s.degree}).transform(c.x_train), c.y_train  # {s.degree} scaled Legendre features",
        ]
    return ["X, y = ...  # your table's features and target, standardised as the app does (see the sidebar)"]


def torch_code(s: State) -> str:
    """PyTorch that retraces this page's GD, Adam + L2 and AdamW runs (a test runs it)."""
    eta = float(LESSON.data("l1", s)["eta"][s.lam_index])  # the step the page's runs take at this λ
    lr = s["decay.adam_lr"]
    sgd = training.torch_settings("sgd", s.lam, eta)
    adam_, adamw = (training.torch_settings(name, s.lam, lr) for name in ("adam", "adamw"))
    return "\n".join(
        [
            "import numpy as np",
            "import torch",
            *_data_lines(s),
            "",
            "torch.set_default_dtype(torch.float64)",
            "X, y = torch.tensor(np.asarray(X)), torch.tensor(np.asarray(y))",
            "",
            "",
            "def train(make_optimizer, steps):",
            "    model = torch.nn.Linear(X.shape[1], 1)",
            "    torch.nn.init.zeros_(model.weight)  # from w = 0, b = 0, as on the page",
            "    torch.nn.init.zeros_(model.bias)",
            "    optimizer = make_optimizer(model)",
            "    loss_fn = torch.nn.MSELoss()  # (1/n)·‖y − ŷ‖²: twice our data loss 1/(2n)·‖y − ŷ‖²",
            "    path = [model.weight.detach().flatten().clone()]",
            "    for _ in range(steps):",
            "        optimizer.zero_grad()",
            "        loss_fn(model(X).squeeze(1), y).backward()",
            "        optimizer.step()",
            "        path.append(model.weight.detach().flatten().clone())",
            "    return model, torch.stack(path)",
            "",
            "",
            "def decay_weights_only(model, weight_decay):",
            "    # the bias is not penalized: its own group, without decay",
            "    return [",
            '        {"params": [model.weight], "weight_decay": weight_decay},',
            '        {"params": [model.bias], "weight_decay": 0.0},',
            "    ]",
            "",
            "",
            f"# our λ = {s.lam!r}, the GD step η = {eta!r} at this λ, Adam's learning rate {lr!r}",
            "# SGD: weight_decay = 2λ and lr = η/2, because MSELoss has no ½ (its gradient is twice ours)",
            f"sgd, sgd_path = train(lambda m: torch.optim.SGD(decay_weights_only(m, {sgd['weight_decay']!r}),"
            f" lr={sgd['lr']!r}), {STEPS})",
            "# Adam + L2: the L2 term in Adam's gradient, weight_decay = 2λ for the same reason",
            f"adam, adam_path = train(lambda m: torch.optim.Adam(decay_weights_only(m, {adam_['weight_decay']!r}),"
            f" lr={adam_['lr']!r}), {ADAM_STEPS})",
            "# AdamW decays w ← (1 − lr·weight_decay)·w outside the gradient: weight_decay = λ",
            f"adamw, adamw_path = train(lambda m: torch.optim.AdamW(decay_weights_only(m, {adamw['weight_decay']!r}),"
            f" lr={adamw['lr']!r}), {ADAM_STEPS})",
            "for name, model in (('SGD + weight decay', sgd), ('Adam + L2', adam), ('AdamW', adamw)):",
            "    print(name, model.weight.detach().flatten().numpy(), model.bias.item())",
        ]
    )


def sklearn_code(s: State) -> str:
    """scikit-learn's Ridge and SGDRegressor at this λ (a test runs it)."""
    n = LESSON.data("l1", s).values["n"]
    return "\n".join(
        [
            "import numpy as np",
            "from sklearn.linear_model import Ridge, SGDRegressor",
            *_data_lines(s),
            "",
            f"# our λ = {s.lam!r}",
            "# Ridge minimises ‖y − Xw − b‖² + α‖w‖²; ours is 1/(2n)·‖y − Xw − b‖² + ½λ‖w‖²: α = n·λ",
            f"ridge = Ridge(alpha={training.sklearn_alpha('ridge', s.lam, n)!r}).fit(X, y)",
            "# SGDRegressor minimises (1/n)·Σ ½(y − ŷ)² + α·½‖w‖²: α = λ as it is",
            f"sgd = SGDRegressor(penalty='l2', alpha={training.sklearn_alpha('sgd', s.lam, n)!r}, average=True,"
            f" max_iter=5000, tol=None, random_state={s.seed}).fit(X, y)",
            "print(ridge.coef_, ridge.intercept_)",
            "print(sgd.coef_, sgd.intercept_)",
        ]
    )
