"""Words that describe what the student sees at the current state (no Streamlit)."""

from __future__ import annotations

import math

import numpy as np

from regviz.geometry import ContourView
from regviz.text import t
from regviz.text.numbers import num


def geometry_words(view: ContourView, lam_max: float, lang: str) -> str:
    """Why the solution sits where it does for this penalty and λ."""
    v = view.solution
    zeros = [k + 1 for k, w in zip(view.pair, v, strict=True) if w == 0.0]
    common = {"lam": num(view.lam), "t": num(view.t), "w1": num(v[0]), "w2": num(v[1])}
    if view.penalty == "none":
        return t("explain.geometry.none", lang, **common)
    if len(zeros) == 2:
        return t("explain.geometry.all_zero", lang, lam_max=num(lam_max), **common)
    if view.penalty == "l2":
        return t("explain.geometry.l2", lang, **common)
    if view.penalty == "l0":
        key = "explain.geometry.l0_zero" if zeros else "explain.geometry.l0_both"
        return t(key, lang, k=zeros[0] if zeros else "", **common)
    if zeros:
        return t(f"explain.geometry.{view.penalty}_corner", lang, k=zeros[0], **common)
    return t(f"explain.geometry.{view.penalty}_edge", lang, **common)


def sparsity_words(coef: np.ndarray, lam: float, lam_max: float, lang: str) -> str:
    """How many weights are exactly zero, and where λ stands against λ_max."""
    nonzero = int(np.count_nonzero(coef))
    if nonzero == 0 and math.isfinite(lam_max):
        return t("explain.all_zero", lang, lam=num(lam), lam_max=num(lam_max))
    key = "explain.sparsity_lmax" if math.isfinite(lam_max) else "explain.sparsity"
    return t(key, lang, nonzero=nonzero, total=coef.size, zeros=coef.size - nonzero, lam_max=num(lam_max))


def verdict_words(verdict: str, train: float, test: float, best: float, degree: int, lam: float, lang: str) -> str:
    """Under-, well- or overfit, with the numbers that show it."""
    return t(
        f"explain.verdict.{verdict}",
        lang,
        train=num(train),
        test=num(test),
        best=num(best),
        degree=degree,
        lam=num(lam),
        ratio=num(test / max(train, 1e-300), 2),
    )
