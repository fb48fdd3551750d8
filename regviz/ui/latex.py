"""The lesson objectives in LaTeX with the current numbers filled in (no Streamlit)."""

from __future__ import annotations

import numpy as np

from regviz.penalties import get_penalty

PENALTY_TEX = {
    "none": "",
    "l2": r"\tfrac{1}{2}\lVert w\rVert_2^2",
    "l1": r"\lVert w\rVert_1",
    "elasticnet": r"\big(\rho\lVert w\rVert_1 + \tfrac{1-\rho}{2}\lVert w\rVert_2^2\big)",
    "l0": r"\lVert w\rVert_0",
}


def _tex_num(x: float) -> str:
    mantissa, _, exp = f"{float(x):.3g}".partition("e")
    return rf"{mantissa} \times 10^{{{int(exp)}}}" if exp else mantissa


def objective_tex(penalty: str, lam: float, l1_ratio: float, data_loss: float, coef: np.ndarray) -> str:
    """``J = data + λ·P(w)`` as a formula, then with the current values."""
    data_term = r"\frac{1}{2n}\lVert y - Xw - b\rVert_2^2"
    if penalty == "none":
        return rf"J(w,b) = {data_term} = {_tex_num(data_loss)}"
    p_value = get_penalty(penalty, l1_ratio).value(coef)
    rho = rf",\ \rho = {_tex_num(l1_ratio)}" if penalty == "elasticnet" else ""
    total = data_loss + lam * p_value
    # Two lines: the objective, then its value here (one line overflows a laptop screen).
    return (
        rf"\begin{{aligned}} J(w,b) &= {data_term} + \lambda\,{PENALTY_TEX[penalty]} \\ "
        rf"&= {_tex_num(data_loss)} + {_tex_num(lam)} \times {_tex_num(p_value)} = {_tex_num(total)}"
        rf"\qquad (\lambda = {_tex_num(lam)}{rho},\ P(w) = {_tex_num(p_value)}) \end{{aligned}}"
    )
