"""Every parameter of the app, declared once, and the immutable state they make up.

A ``Param`` gives a name, a default, a domain (through its parser), how it is written in
a URL, its scope and how it is shown as a widget. The widgets (regviz.ui.controls), the URL
codec (``parse_query`` / ``to_query``) and the panels' cache keys all derive from these
declarations. Scopes:

- ``shared``: the model and data every lesson uses (penalty, λ, degree, …);
- ``lesson``: owned by one lesson, written in the URL under its name (``geometry.corr``);
- ``view``: how things are shown (language, …); never part of a compute key.

Parsing never trusts its input: each value is parsed on its own and a bad one falls back
to its default with a notice naming it; nothing is evaluated or unpickled.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SHARED, LESSON, VIEW = "shared", "lesson", "view"
MAX_PARAM_LENGTH = 40

# λ moves on a fixed log grid, 10 steps a decade from 10⁻⁵ to 10, rounded to three
# significant digits so that URLs stay short and cached results are hit exactly.
LAM_GRID: tuple[float, ...] = tuple(float(f"{v:.3g}") for v in np.logspace(-5, 1, 61))
LAMS = np.array(LAM_GRID)
L1_RATIOS: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(21))
PENALTIES = ("none", "l1", "l2", "elasticnet", "l0")
DATASETS = ("synthetic", "diabetes")
UPLOAD_NAME = re.compile(r"csv-[0-9a-f]{12}")
LANGUAGES = ("en", "zh")
DEGREE_RANGE = (1, 20)
N_RANGE = (10, 300)
NOISE_RANGE = (0.0, 1.5)
SEED_RANGE = (0, 99_999)


@dataclass(frozen=True)
class Widget:
    """How a parameter is shown: a Streamlit widget kind and its texts (keys into regviz.text)."""

    kind: str  # "select", "radio", "slider", "select_slider", "number", "toggle", "lam"
    label: str
    help: str | None = None
    choices: str | None = None  # text-key prefix of the choices' labels
    step: float | None = None


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    parse: Callable[[str], Any]  # URL text → value; raises ValueError when invalid
    encode: Callable[[Any], str]
    scope: str = SHARED
    lesson: str | None = None
    widget: Widget | None = None
    options: tuple[Any, ...] = ()  # the values a choice or grid parameter can take
    bounds: tuple[float, float] | None = None  # for numbers
    visible: Callable[[State], bool] | None = None  # shown only in some states (its value is kept)
    enabled: Callable[[State], bool] | None = None  # greyed out in some states
    quiet: bool = False  # written in a URL only when it is not its default
    max_length: int = MAX_PARAM_LENGTH  # longer URL text is refused unread

    def valid(self, value: Any) -> bool:
        try:
            return self.parse(self.encode(value)) == value
        except (ValueError, OverflowError, TypeError):
            return False


def _text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def choice(name: str, options: tuple[str, ...], default: str, widget: Widget | None = None, **kw: Any) -> Param:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(raw)
        return raw

    return Param(name, default, parse, str, widget=widget, options=options, **kw)


def integer(name: str, lo: int, hi: int, default: int, widget: Widget | None = None, **kw: Any) -> Param:
    def parse(raw: str) -> int:
        if not raw.isdigit() or not lo <= int(raw) <= hi:  # no sign, decimals or exponent
            raise ValueError(raw)
        return int(raw)

    return Param(name, default, parse, str, widget=widget, bounds=(lo, hi), **kw)


def decimal(name: str, lo: float, hi: float, step: float, default: float, widget: Widget | None = None, **kw: Any):
    """A number on a grid of ``step`` between lo and hi (values snap to it)."""

    def parse(raw: str) -> float:
        value = float(raw)
        if not (math.isfinite(value) and lo - 1e-9 <= value <= hi + 1e-9):
            raise ValueError(raw)
        return round(lo + round((value - lo) / step) * step, 10)

    return Param(name, default, parse, _text, widget=widget, bounds=(lo, hi), **kw)


def grid(name: str, values: tuple[float, ...], default: float, widget: Widget | None = None, **kw: Any) -> Param:
    """One of a few numbers; anything in between snaps to the nearest."""

    def parse(raw: str) -> float:
        value = float(raw)
        if not (math.isfinite(value) and min(values) <= value <= max(values)):
            raise ValueError(raw)
        return min(values, key=lambda v: abs(v - value))

    return Param(name, default, parse, _text, widget=widget, options=values, **kw)


def flag(name: str, default: bool, widget: Widget | None = None, **kw: Any) -> Param:
    def parse(raw: str) -> bool:
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"

    return Param(name, default, parse, lambda v: "1" if v else "0", widget=widget, options=(False, True), **kw)


def name_list(name: str, allowed: tuple[str, ...], **kw: Any) -> Param:
    """A set of parameter names, written ``a,b`` (order and repeats do not matter: kept in
    declaration order, so one set has one spelling). An unknown name refuses the whole value."""

    def parse(raw: str) -> str:
        names = {part.strip() for part in raw.split(",")} - {""}
        if not names <= set(allowed):
            raise ValueError(raw)
        return ",".join(n for n in allowed if n in names)

    return Param(name, "", parse, str, scope=VIEW, quiet=True, max_length=sum(len(n) + 1 for n in allowed), **kw)


def listed(state: State, name: str) -> tuple[str, ...]:
    """The names of a ``name_list`` parameter, in declaration order (empty if it is not set)."""
    return tuple(filter(None, str(state.get(name, "")).split(",")))


def hidden(state: State) -> frozenset[str]:
    """The controls a lesson link hides (``hide=degree,noise``); their values stay in the URL."""
    return frozenset(listed(state, "hide"))


def shown(p: Param, state: State) -> bool:
    """Whether a parameter has a widget on the page in this state: declared, not hidden, visible."""
    return p.widget is not None and p.name not in hidden(state) and (p.visible is None or p.visible(state))


def snap_lam(value: float) -> float:
    """The grid value nearest to value on a log scale."""
    return LAM_GRID[int(np.argmin(np.abs(np.log10(LAMS) - math.log10(value))))]


def format_lam(lam: float) -> str:
    return f"{lam:.3g}"


def _parse_lam(raw: str) -> float:
    value = float(raw)
    half_step = 10**0.05
    if not (math.isfinite(value) and LAM_GRID[0] / half_step <= value <= LAM_GRID[-1] * half_step):
        raise ValueError(raw)
    return snap_lam(value)


def _parse_ratio(raw: str) -> float:
    value = float(raw)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(raw)
    return min(L1_RATIOS, key=lambda r: abs(r - value))


def _parse_data(raw: str) -> str:
    """A built-in data set, or an upload named by its hash (regviz.sources decides if it is held)."""
    if raw not in DATASETS and not UPLOAD_NAME.fullmatch(raw):
        raise ValueError(raw)
    return raw


def _is_elastic_net(state: State) -> bool:
    return state["penalty"] == "elasticnet"


def _is_synthetic(state: State) -> bool:
    return state["data"] == "synthetic"


SHARED_PARAMS: tuple[Param, ...] = (
    choice("penalty", PENALTIES, "l1", Widget("select", "controls.penalty", choices="penalty")),
    Param(
        "lam", 0.01, _parse_lam, format_lam, widget=Widget("lam", "controls.lam", "controls.lam_help"), options=LAM_GRID
    ),
    Param(
        "l1_ratio",
        0.5,
        _parse_ratio,
        _text,
        widget=Widget("select_slider", "controls.l1_ratio", "controls.l1_ratio_help"),
        options=L1_RATIOS,
        visible=_is_elastic_net,
    ),
    integer("degree", *DEGREE_RANGE, 9, Widget("slider", "controls.degree", "controls.degree_help")),
    Param(
        "data",
        "synthetic",
        _parse_data,
        str,
        widget=Widget("select", "controls.dataset", choices="dataset"),
        options=DATASETS,
    ),
    integer("n", *N_RANGE, 30, Widget("slider", "controls.n")),
    decimal(
        "noise",
        *NOISE_RANGE,
        0.05,
        0.3,
        Widget("slider", "controls.noise", "controls.noise_help", step=0.05),
        enabled=_is_synthetic,
    ),
    integer("seed", *SEED_RANGE, 0, Widget("number", "controls.seed")),
)
VIEW_PARAMS: tuple[Param, ...] = (choice("lang", LANGUAGES, "en", Widget("radio", "controls.language"), scope=VIEW),)


def lesson_params(lesson: str, *params: Param) -> tuple[Param, ...]:
    """A lesson's own parameters: scoped to it, named ``<lesson>.<name>`` in state and URL."""
    out = []
    for p in params:
        name = p.name if p.name.startswith(f"{lesson}.") else f"{lesson}.{p.name}"
        out.append(Param(**{**p.__dict__, "name": name, "scope": LESSON, "lesson": lesson}))
    return tuple(out)


class State(Mapping[str, Any]):
    """An immutable, hashable mapping from parameter name to value (plain scalars only).

    The shared parameters are also attributes (``state.lam``); a lesson reads its own
    through their full names (``state["geometry.corr"]``).
    """

    __slots__ = ("_hash", "_values")
    _values: dict[str, Any]
    _hash: int

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_hash", hash(tuple(sorted(self._values.items()))))

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, State) and self._values == other._values

    def __repr__(self) -> str:
        return f"State({self._values!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("State is immutable; use with_()")

    def __reduce__(self) -> tuple[Any, ...]:
        return (State, (self._values,))

    def with_(self, changes: Mapping[str, Any] | None = None, **kw: Any) -> State:
        return State({**self._values, **(changes or {}), **kw})

    def subset(self, names: Iterable[str]) -> tuple[Any, ...]:
        return tuple(self._values[n] for n in names)

    penalty = property(lambda self: self._values["penalty"])
    lam = property(lambda self: self._values["lam"])
    l1_ratio = property(lambda self: self._values["l1_ratio"])
    degree = property(lambda self: self._values["degree"])
    n = property(lambda self: self._values["n"])
    noise = property(lambda self: self._values["noise"])
    seed = property(lambda self: self._values["seed"])
    data = property(lambda self: self._values["data"])
    lang = property(lambda self: self._values["lang"])

    @property
    def lam_index(self) -> int:
        return LAM_GRID.index(self._values["lam"])


@dataclass(frozen=True)
class Notice:
    """A URL parameter that was invalid and replaced by its default."""

    param: str
    default: str


@dataclass(frozen=True)
class Schema:
    """The declared parameters of the whole app (shared, view and every lesson's)."""

    params: tuple[Param, ...]
    by_name: dict[str, Param] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [p.name for p in self.params]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"parameters declared twice: {sorted(duplicates)}")
        object.__setattr__(self, "by_name", {p.name: p for p in self.params})

    def default(self) -> State:
        return State({p.name: p.default for p in self.params})

    def parse_query(self, query: Mapping[str, Any]) -> tuple[State, list[Notice]]:
        """State from URL query parameters; each bad value becomes its default plus a notice."""
        values = {p.name: p.default for p in self.params}
        notices = []
        for p in self.params:
            if p.name not in query:
                continue
            raw = _last(query[p.name])
            try:
                if len(raw) > p.max_length:
                    raise ValueError("too long")
                values[p.name] = p.parse(raw)
            except (ValueError, OverflowError):
                notices.append(Notice(p.name, p.encode(p.default)))
        return State(values), notices

    def to_query(self, state: State, lesson: str | None = None) -> dict[str, str]:
        """The URL of a state seen on a lesson's page.

        Shared and view parameters and the page's own are always written, so a copied link
        is complete; another lesson's, and quiet ones (the hide list), only where they
        differ from their defaults (they survive the page switch and reopen exactly, without
        crowding every address).
        """
        out = {}
        for p in self.params:
            value = state[p.name]
            if value == p.default and (p.quiet or (p.scope == LESSON and p.lesson != lesson)):
                continue
            out[p.name] = p.encode(value)
        return out

    def compute_names(self) -> tuple[str, ...]:
        """Every parameter that may enter a computation (all but the view-only ones)."""
        return tuple(p.name for p in self.params if p.scope != VIEW)


def _last(value: Any) -> str:
    """A repeated key counts once, its last value (as a browser's URLSearchParams.get does not)."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()
