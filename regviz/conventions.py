"""Our penalty and λ in other libraries' conventions (lesson 7's translator).

Ours: ``J(w, b) = 1/(2n)·‖y − Xw − b‖² + λ·P(w)`` with P = ½‖w‖² (L2), ‖w‖₁ (L1) or
ρ‖w‖₁ + (1 − ρ)/2·‖w‖² (elastic net). Each row below is checked in
tests/lessons/test_conventions.py against the library's own objective where the library is
installed (scikit-learn; PyTorch and Keras as test-only extras) and against its documented
formula otherwise (glmnet: its reference manual, ``?glmnet``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    library: str
    code: str  # the call with this state's numbers
    note: str  # text key of why the numbers are what they are


def _g(x: float) -> str:
    return f"{x:.6g}"


def sklearn(penalty: str, lam: float, rho: float, n: int) -> list[Row]:
    """Ridge: ‖y − Xw‖² + α‖w‖² → α = nλ. Lasso / ElasticNet: 1/(2n)‖·‖² + α(ρ‖w‖₁ + (1−ρ)/2‖w‖²)
    → α = λ. SGDRegressor: mean ½(y − ŷ)² + α·R(w) with R = ½‖w‖² / ‖w‖₁ / elastic net → α = λ.
    LogisticRegression: ½‖w‖² (or ‖w‖₁) + C·Σ loss_i, ours would be (1/n)Σ loss_i + λP → C = 1/(nλ)."""
    c = 1.0 / (n * lam) if lam > 0 else float("inf")
    if penalty == "l2":
        return [
            Row("scikit-learn", f"Ridge(alpha={_g(n * lam)})", "conv.ridge"),
            Row("scikit-learn", f"SGDRegressor(penalty='l2', alpha={_g(lam)})", "conv.sgd"),
            Row("scikit-learn", f"LogisticRegression(C={_g(c)})", "conv.logistic"),
        ]
    if penalty == "l1":
        return [
            Row("scikit-learn", f"Lasso(alpha={_g(lam)})", "conv.lasso"),
            Row("scikit-learn", f"SGDRegressor(penalty='l1', alpha={_g(lam)})", "conv.sgd"),
            Row("scikit-learn", f"LogisticRegression(C={_g(c)}, l1_ratio=1, solver='saga')", "conv.logistic"),
        ]
    return [
        Row("scikit-learn", f"ElasticNet(alpha={_g(lam)}, l1_ratio={_g(rho)})", "conv.enet"),
        Row("scikit-learn", f"SGDRegressor(penalty='elasticnet', alpha={_g(lam)}, l1_ratio={_g(rho)})", "conv.sgd"),
        Row(
            "scikit-learn",
            f"LogisticRegression(C={_g(c)}, l1_ratio={_g(rho)}, solver='saga')",
            "conv.logistic",
        ),
    ]


def torch(penalty: str, lam: float, rho: float) -> list[Row]:
    """nn.MSELoss is (1/n)‖·‖², twice our data loss: SGD's weight_decay wd adds wd·w to the
    gradient, i.e. (wd/2)‖w‖² to that loss, so wd = 2λ(1 − ρ); L1 has no weight_decay: add
    2λρ‖w‖₁ to the loss."""
    l2, l1 = 2.0 * lam * (1.0 - rho if penalty == "elasticnet" else 1.0), 2.0 * lam * rho
    if penalty == "l2":
        return [Row("PyTorch", f"torch.optim.SGD(model.parameters(), lr=..., weight_decay={_g(l2)})", "conv.torch_l2")]
    if penalty == "l1":
        return [Row("PyTorch", f"loss = nn.MSELoss()(model(X), y) + {_g(2.0 * lam)} * w.abs().sum()", "conv.torch_l1")]
    return [
        Row(
            "PyTorch",
            f"loss = nn.MSELoss()(model(X), y) + {_g(l1)} * w.abs().sum()  # SGD(..., weight_decay={_g(l2)})",
            "conv.torch_enet",
        )
    ]


def keras(penalty: str, lam: float, rho: float) -> list[Row]:
    """With loss='mse' (twice our data loss) Keras adds l1·Σ|w| + l2·Σw²: l2 = λ(1 − ρ), l1 = 2λρ."""
    if penalty == "l2":
        return [Row("Keras", f"kernel_regularizer=regularizers.L2({_g(lam)})", "conv.keras")]
    if penalty == "l1":
        return [Row("Keras", f"kernel_regularizer=regularizers.L1({_g(2.0 * lam)})", "conv.keras")]
    l1, l2 = 2.0 * lam * rho, lam * (1.0 - rho)
    return [Row("Keras", f"kernel_regularizer=regularizers.L1L2(l1={_g(l1)}, l2={_g(l2)})", "conv.keras")]


def glmnet(penalty: str, lam: float, rho: float, sd_y: float) -> list[Row]:
    """glmnet (family="gaussian") minimises 1/(2n)·RSS + λ[(1 − α)/2‖β‖² + α‖β‖₁], but first
    standardises y to unit variance (1/n) and reports λ on y's scale (?glmnet, Details): the
    lasso's λ is ours, a ridge's is sd(y)·λ, and an elastic net matches only for a y of unit
    variance. ``standardize = FALSE`` keeps our columns (by default glmnet penalizes the
    coefficients of the 1/n-standardised columns and reports them on the original scale)."""
    alpha = {"l1": 1.0, "l2": 0.0}.get(penalty, rho)
    value = {"l1": lam, "l2": sd_y * lam}.get(penalty, lam)
    note = {"l1": "conv.glmnet_l1", "l2": "conv.glmnet_l2"}.get(penalty, "conv.glmnet_enet")
    return [Row("glmnet (R)", f"glmnet(x, y, alpha = {_g(alpha)}, lambda = {_g(value)}, standardize = FALSE)", note)]


def translate(penalty: str, lam: float, rho: float, n: int, sd_y: float) -> list[Row]:
    """Every library's setting for this penalty and λ (none for no penalty or L0)."""
    if penalty not in ("l1", "l2", "elasticnet"):
        return []
    return [
        *sklearn(penalty, lam, rho, n),
        *torch(penalty, lam, rho),
        *keras(penalty, lam, rho),
        *glmnet(penalty, lam, rho, sd_y),
    ]
