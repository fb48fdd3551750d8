"""Words and formulas that describe what the student sees at the current state (pure)."""

from __future__ import annotations

import math

import numpy as np

from regviz.lessons.base import PanelData
from regviz.penalties import get_penalty
from regviz.text import t
from regviz.text.numbers import num

PENALTY_TEX = {
    "none": "",
    "l2": r"\tfrac{1}{2}\lVert w\rVert_2^2",
    "l1": r"\lVert w\rVert_1",
    "elasticnet": r"\big(\rho\lVert w\rVert_1 + \tfrac{1-\rho}{2}\lVert w\rVert_2^2\big)",
    "l0": r"\lVert w\rVert_0",
}


def tex_num(x: float) -> str:
    mantissa, _, exp = f"{float(x):.3g}".partition("e")
    return rf"{mantissa} \times 10^{{{int(exp)}}}" if exp else mantissa


def objective_tex(penalty: str, lam: float, l1_ratio: float, data_loss: float, coef: np.ndarray) -> str:
    """``J = data + λ·P(w)`` as a formula, then with the current values."""
    data_term = r"\frac{1}{2n}\lVert y - Xw - b\rVert_2^2"
    if penalty == "none":
        return rf"J(w,b) = {data_term} = {tex_num(data_loss)}"
    p_value = get_penalty(penalty, l1_ratio).value(coef)
    rho = rf",\ \rho = {tex_num(l1_ratio)}" if penalty == "elasticnet" else ""
    total = data_loss + lam * p_value
    # Two lines: the objective, then its value here (one line overflows a laptop screen).
    return (
        rf"\begin{{aligned}} J(w,b) &= {data_term} + \lambda\,{PENALTY_TEX[penalty]} \\ "
        rf"&= {tex_num(data_loss)} + {tex_num(lam)} \times {tex_num(p_value)} = {tex_num(total)}"
        rf"\qquad (\lambda = {tex_num(lam)}{rho},\ P(w) = {tex_num(p_value)}) \end{{aligned}}"
    )


def geometry(data: PanelData, i: int, lam: float, lang: str) -> str:
    """Why the solution of a contours panel sits where it does at λ index i."""
    penalty = data.values["penalty"]
    pair = data.values["pair"]
    v = data["w"][i]
    zeros = [k + 1 for k, w in zip(pair, v, strict=True) if w == 0.0]
    common = {"lam": num(lam), "t": num(data["t"][i]), "w1": num(v[0]), "w2": num(v[1])}
    if penalty == "none":
        return t("explain.geometry.none", lang, **common)
    if len(zeros) == 2:
        return t("explain.geometry.all_zero", lang, lam_max=num(data.values["lam_max"]), **common)
    if penalty == "l2":
        return t("explain.geometry.l2", lang, **common)
    if penalty == "l0":
        key = "explain.geometry.l0_zero" if zeros else "explain.geometry.l0_both"
        return t(key, lang, k=zeros[0] if zeros else "", **common)
    if zeros:
        return t(f"explain.geometry.{penalty}_corner", lang, k=zeros[0], **common)
    return t(f"explain.geometry.{penalty}_edge", lang, **common)


def sparsity(coef: np.ndarray, lam: float, lam_max: float, lang: str) -> str:
    """How many weights are exactly zero, and where λ stands against λ_max."""
    nonzero = int(np.count_nonzero(coef))
    if nonzero == 0 and math.isfinite(lam_max):
        return t("explain.all_zero", lang, lam=num(lam), lam_max=num(lam_max))
    key = "explain.sparsity_lmax" if math.isfinite(lam_max) else "explain.sparsity"
    return t(key, lang, nonzero=nonzero, total=coef.size, zeros=coef.size - nonzero, lam_max=num(lam_max))


INTERPOLATES = 1e-10  # a training error this small against the best reachable: through every point


def verdict(kind: str, train: float, test: float, best: float, degree: int, lam: float, lang: str) -> str:
    """Under-, well- or overfit, with the numbers that show it. A training error at round-off
    level (the curve interpolates its points) gets words, not a ratio of 10³⁰."""
    if kind == "over" and train <= INTERPOLATES * best:
        kind = "over_exact"
    return t(
        f"explain.verdict.{kind}",
        lang,
        train=num(train),
        test=num(test),
        best=num(best),
        degree=degree,
        lam=num(lam),
        ratio=num(test / max(train, 1e-300), 2),
    )
