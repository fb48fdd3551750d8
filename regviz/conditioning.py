"""How far to trust the weights of a fit at each λ: its conditioning and its certificate.

A fit's weights at λ solve ``(H_AA + λ(1−ρ)I) w_A = …`` on its support A (every feature for
ridge and least squares, the non-zero ones for the lasso, elastic net and best subset). The
condition number of that matrix says how much a small change in the data moves them: at
10⁸ half of float64's digits are gone, and a singular one means many weight vectors fit
equally well. The lasso's and elastic net's KKT residual says whether the weights shown are
certified optimal (regviz.fitting.CERTIFIED). ``cautions`` turns both into the notes a page
shows beside the fit, per λ.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CERTIFIED = 1e-10  # the relative KKT residual below which a lasso / elastic-net result is certified
UNSTABLE = 1e8  # condition numbers from here on get a note
SINGULAR = 1e14  # … and from here on the matrix counts as singular (round-off level)


def support_conditions(H: np.ndarray, W: np.ndarray, lams: np.ndarray, penalty: str, l1_ratio: float) -> np.ndarray:
    """The condition number of the system each row of W (L, p) solves at its λ (inf: singular)."""
    shrink = {"l2": 1.0, "elasticnet": 1.0 - l1_ratio}.get(penalty, 0.0) * np.asarray(lams, dtype=float)
    sparse = penalty in ("l1", "elasticnet", "l0")
    out = np.ones(len(W))
    spectra: dict[bytes, np.ndarray] = {}
    for i, w in enumerate(W):
        support = w != 0 if sparse else np.ones(w.size, dtype=bool)
        if not support.any():
            continue  # the empty model solves nothing
        key = support.tobytes()
        if key not in spectra:
            spectra[key] = np.linalg.eigvalsh(H[np.ix_(support, support)])
        e = spectra[key] + shrink[i]
        out[i] = np.inf if e[0] <= e[-1] / SINGULAR else e[-1] / e[0]
    return out


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(k: float) -> str:
    """10 to an integer power, as a reader writes it in either language: 10⁸, 10⁻⁹."""
    return "10" + str(int(k)).translate(_SUPERSCRIPT)


def cautions(conditions: np.ndarray, kkt: np.ndarray | None = None, penalised: bool = True) -> dict[str, Any] | None:
    """The notes per λ: ``{"index": [L ints, −1 for none], "notes": [[(text key, params), …], …]}``.

    None when every λ is well conditioned and certified. Numbers are kept as orders of
    magnitude, so that neighbouring λ values share one note. Without a penalty (``penalised``
    false) the notes say that a penalty, not a larger λ, is the cure.
    """
    tail = "" if penalised else "_unpenalised"
    combos: list[list[tuple[str, dict[str, Any]]]] = []
    index = []
    for i, cond in enumerate(conditions):
        notes: list[tuple[str, dict[str, Any]]] = []
        if not np.isfinite(cond):
            notes.append(("caution.singular" + tail, {}))
        elif cond >= UNSTABLE:
            notes.append(("caution.unstable" + tail, {"cond": power_of_ten(np.floor(np.log10(cond)))}))
        if kkt is not None and kkt[i] > CERTIFIED:
            notes.append(("caution.uncertified", {"kkt": power_of_ten(np.ceil(np.log10(kkt[i])))}))
        if not notes:
            index.append(-1)
            continue
        if notes not in combos:
            combos.append(notes)
        index.append(combos.index(notes))
    return {"index": index, "notes": combos} if combos else None
