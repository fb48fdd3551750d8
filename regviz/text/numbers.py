"""Number formatting shared by figures, LaTeX and prose (no Streamlit)."""

from __future__ import annotations

import math

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def num(x: float, digits: int = 3) -> str:
    """A short human number: 3 significant digits, no '-0', plain notation when reasonable."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}×10{str(int(exp)).translate(SUPERSCRIPTS)}"
    return text
