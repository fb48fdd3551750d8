"""The shared state of every lesson and its URL codec (a typed schema, no Streamlit).

Parsing never trusts the URL: each parameter is parsed and validated on its own, and a
bad one falls back to its default with a notice naming it. Nothing is ever evaluated
or unpickled; unknown parameters are ignored.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

PENALTIES = ("none", "l1", "l2", "elasticnet", "l0")
DATASETS = ("synthetic", "diabetes")
LANGUAGES = ("en", "zh")

# The λ slider's fixed log grid: 10 steps a decade from 10⁻⁵ to 10, rounded to three
# significant digits so that URLs stay short and cached results are hit exactly.
LAM_GRID: tuple[float, ...] = tuple(float(f"{v:.3g}") for v in np.logspace(-5, 1, 61))
L1_RATIOS: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(21))
DEGREE_RANGE = (1, 20)
N_RANGE = (10, 300)
NOISE_RANGE = (0.0, 1.5)
SEED_RANGE = (0, 99_999)
MAX_PARAM_LENGTH = 40


@dataclass(frozen=True)
class AppState:
    """Everything the lessons share; plain scalars only (session state stays serialisable)."""

    penalty: str = "l1"
    lam: float = 0.01
    l1_ratio: float = 0.5
    degree: int = 9
    n: int = 30
    noise: float = 0.3
    seed: int = 0
    data: str = "synthetic"
    lang: str = "en"

    @property
    def lam_index(self) -> int:
        return LAM_GRID.index(self.lam)

    def with_(self, **changes: Any) -> AppState:
        return replace(self, **changes)


DEFAULT = AppState()
QUERY_KEYS = tuple(f.name for f in fields(AppState))


def snap_lam(value: float) -> float:
    """The grid value nearest to value on a log scale."""
    logs = np.log10(LAM_GRID)
    return LAM_GRID[int(np.argmin(np.abs(logs - math.log10(value))))]


def format_lam(lam: float) -> str:
    return f"{lam:.3g}"


def _parse_choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in choices:
            raise ValueError(raw)
        return raw

    return parse


def _parse_int(lo: int, hi: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not raw.isdigit():  # no sign, no decimals, no exponent
            raise ValueError(raw)
        value = int(raw)
        if not lo <= value <= hi:
            raise ValueError(raw)
        return value

    return parse


def _parse_float(lo: float, hi: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        value = float(raw)
        if not (math.isfinite(value) and lo <= value <= hi):
            raise ValueError(raw)
        return round(value, 2)

    return parse


def _parse_lam(raw: str) -> float:
    value = float(raw)
    half_step = 10**0.05
    if not (math.isfinite(value) and LAM_GRID[0] / half_step <= value <= LAM_GRID[-1] * half_step):
        raise ValueError(raw)
    return snap_lam(value)


def _parse_l1_ratio(raw: str) -> float:
    value = float(raw)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(raw)
    return min(L1_RATIOS, key=lambda r: abs(r - value))


PARSERS: dict[str, Callable[[str], Any]] = {
    "penalty": _parse_choice(PENALTIES),
    "lam": _parse_lam,
    "l1_ratio": _parse_l1_ratio,
    "degree": _parse_int(*DEGREE_RANGE),
    "n": _parse_int(*N_RANGE),
    "noise": _parse_float(*NOISE_RANGE),
    "seed": _parse_int(*SEED_RANGE),
    "data": _parse_choice(DATASETS),
    "lang": _parse_choice(LANGUAGES),
}


@dataclass(frozen=True)
class Notice:
    """A URL parameter that was invalid and replaced by its default."""

    param: str
    default: str


def _first(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def parse_query(params: Mapping[str, Any]) -> tuple[AppState, list[Notice]]:
    """State from URL query parameters; each bad value becomes its default plus a notice."""
    values: dict[str, Any] = {}
    notices: list[Notice] = []
    for key in QUERY_KEYS:
        if key not in params:
            continue
        raw = _first(params[key])
        try:
            if len(raw) > MAX_PARAM_LENGTH:
                raise ValueError("too long")
            values[key] = PARSERS[key](raw)
        except (ValueError, OverflowError):
            notices.append(Notice(key, encode_value(key, getattr(DEFAULT, key))))
    return replace(DEFAULT, **values), notices


def encode_value(key: str, value: Any) -> str:
    if key == "lam":
        return format_lam(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_query(state: AppState) -> dict[str, str]:
    """The URL parameters of a state: every key, so a copied link is complete."""
    return {key: encode_value(key, getattr(state, key)) for key in QUERY_KEYS}


def lesson_url(page: str, **changes: Any) -> str:
    """A relative link to a lesson page opening a given view (defaults elsewhere)."""
    state = replace(DEFAULT, **changes)
    query = "&".join(f"{k}={v}" for k, v in to_query(state).items())
    return f"./{page}?{query}"
