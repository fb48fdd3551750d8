"""A user's CSV file as a data source: read it, choose its columns, say what was changed.

``read_table(data)`` turns the bytes of an upload into numeric columns (or raises an
InputError that says what is wrong with the file); ``choose(table, ...)`` makes a
``Source`` of a target, one x column for the polynomial lessons and the feature columns
for the others. Whatever is repaired rather than refused (rows with missing cells,
dropped columns, decimal commas, another encoding) becomes a ``Note`` that the page shows
in the user's language. Nothing here writes to disk; a source lives in the session that
uploaded it (regviz.sources).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regviz.errors import InputError

MAX_BYTES = 5 * 2**20
MAX_ROWS = 100_000  # rows read
KEEP_ROWS = 1000  # rows a source keeps (a seeded sample): the lessons fit at most a few hundred
MAX_FEATURES = 15  # the most features the lessons show (and L0 can search)
MAX_COLUMNS = 200  # columns read; the rest are ignored with a note
MIN_ROWS = 10  # 5 to train on and 5 to test
DELIMITERS = (",", ";", "\t", "|")
MISSING = {"", "na", "nan", "n/a", "null", "none", "-", "?"}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Note:
    """Something the app changed in the user's data, as a text key and its values."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """The numeric columns of a file (NaN where a cell was missing or not a number)."""

    names: tuple[str, ...]
    values: np.ndarray  # (rows, columns)
    digest: str  # of the file's bytes
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Source:
    """A user's data as the lessons read them: standardised, at most KEEP_ROWS rows."""

    key: str  # "csv-" + 12 hex digits: a hash of the file and the choice of columns
    name: str  # the file's name, as shown in the data selector
    x: np.ndarray  # (rows,) the x column, in its own units (the polynomial basis scales it)
    y: np.ndarray  # (rows,) the target, standardised
    X: np.ndarray  # (rows, p) the features, standardised
    x_name: str
    y_name: str
    feature_names: tuple[str, ...]
    notes: tuple[Note, ...] = ()

    @property
    def rows(self) -> int:
        return int(self.y.size)


def read_table(data: bytes) -> Table:
    """The numeric columns of an uploaded CSV file; an InputError says why a file is refused."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputError("upload_not_csv")
    if len(data) > MAX_BYTES:
        raise InputError("upload_too_large", mb=MAX_BYTES // 2**20)
    if not data.strip():
        raise InputError("upload_empty")
    notes: list[Note] = []
    text = _decode(bytes(data), notes).replace("\r\n", "\n").replace("\r", "\n")  # old Mac line ends too
    delimiter = _delimiter(text)
    try:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    except csv.Error:  # e.g. a NUL byte in a field
        raise InputError("upload_not_csv") from None
    if len(rows) > MAX_ROWS + 1:
        raise InputError("upload_too_many_rows", maximum=MAX_ROWS)
    if not rows:
        raise InputError("upload_empty")
    width = max(len(r) for r in rows)
    if width < 2:
        raise InputError("upload_one_column")
    if width > MAX_COLUMNS:
        notes.append(Note("upload.note_columns_cut", {"read": MAX_COLUMNS, "total": width}))
        width = MAX_COLUMNS
    header_row = [c.strip() for c in rows[0]]
    has_header = not all(_number(c, False) is not None for c in header_row if c)
    names = _names(header_row if has_header else [], width)
    body = rows[1:] if has_header else rows
    if len(body) < 2:
        raise InputError("upload_one_row", rows=len(body))
    comma = delimiter != "," and _decimal_commas(body)
    if comma:
        notes.append(Note("upload.note_decimal_comma"))
    cells = [[(r[j].strip() if j < len(r) else "") for j in range(width)] for r in body]
    values = np.array([[_number(c, comma) for c in r] for r in cells], dtype=object)
    numeric, kept = [], []
    for j, name in enumerate(names):
        column = values[:, j]
        words = sum(v is None and cells[r][j].lower() not in MISSING for r, v in enumerate(column))
        if words > 0.1 * len(column):  # mostly text: a label or an id column
            notes.append(Note("upload.note_text_column", {"column": name}))
            continue
        floats = np.array([np.nan if v is None else v for v in column], dtype=float)
        if not np.isfinite(floats).any():
            notes.append(Note("upload.note_empty_column", {"column": name}))
            continue
        numeric.append(floats)
        kept.append(name)
    if len(kept) < 2:
        raise InputError("upload_no_numbers", columns=len(kept))
    digest = hashlib.sha256(bytes(data)).hexdigest()
    return Table(tuple(kept), np.column_stack(numeric), digest, tuple(notes))


def table_or_error(data: bytes) -> Table | InputError:
    """``read_table``'s table, or the InputError that refuses the file (a worker's answer)."""
    try:
        return read_table(data)
    except InputError as err:
        return err


def choose(
    table: Table, target: str, x: str, features: list[str] | tuple[str, ...], name: str = "upload.csv", seed: int = 0
) -> Source:
    """The source of a target, an x column and features; rows with a missing or infinite
    cell in those columns are dropped, and features that cannot be fitted are left out."""
    for column in (target, x, *features):
        if column not in table.names:
            raise InputError("csv_missing_column", column=column, columns=", ".join(table.names))
    if x == target:
        raise InputError("upload_x_is_target", column=x)
    notes = list(table.notes)
    wanted = [f for f in dict.fromkeys(features) if f != target]
    if len(wanted) < len(set(features)):
        notes.append(Note("upload.note_target_feature", {"column": target}))
    used = list(dict.fromkeys([target, x, *wanted]))
    cols = table.values[:, [table.names.index(c) for c in used]]
    finite = np.isfinite(cols).all(axis=1)
    if not finite.all():
        notes.append(Note("upload.note_rows_dropped", {"dropped": int((~finite).sum()), "total": len(finite)}))
    cols = cols[finite]
    if len(cols) < MIN_ROWS:
        raise InputError("upload_too_few_rows", minimum=MIN_ROWS, n=len(cols))
    if len(cols) > KEEP_ROWS:
        notes.append(Note("upload.note_sampled", {"kept": KEEP_ROWS, "total": len(cols)}))
        cols = cols[np.sort(np.random.default_rng(seed).choice(len(cols), KEEP_ROWS, replace=False))]
    by_name = {c: cols[:, k] for k, c in enumerate(used)}
    for column in (target, x):
        if np.ptp(by_name[column]) == 0:
            raise InputError("upload_constant", column=column)
    y = by_name[target]
    kept: list[str] = []
    for f in wanted:
        v = by_name[f]
        if np.ptp(v) == 0:
            notes.append(Note("upload.note_constant", {"column": f}))
        elif _same(v, y):
            notes.append(Note("upload.note_equals_target", {"column": f}))
        elif any(_same(v, by_name[k]) for k in kept):
            twin = next(k for k in kept if _same(v, by_name[k]))
            notes.append(Note("upload.note_duplicate", {"column": f, "twin": twin}))
        else:
            kept.append(f)
    if len(kept) > MAX_FEATURES:
        notes.append(
            Note("upload.note_features_cut", {"maximum": MAX_FEATURES, "used": ", ".join(kept[:MAX_FEATURES])})
        )
        kept = kept[:MAX_FEATURES]
    X = np.column_stack([_standard(by_name[f]) for f in kept]) if kept else np.zeros((len(y), 0))
    choice = repr((table.digest, target, x, tuple(kept), seed))
    key = "csv-" + hashlib.sha256(choice.encode()).hexdigest()[:12]
    x_values = _tame(by_name[x], notes)
    shown = _plain(name)[:60] or "upload.csv"
    return Source(key, shown, x_values, _standard(y), X, x, target, tuple(kept), tuple(notes))


def _unit(v: np.ndarray) -> np.ndarray:
    """v / max|v|: standardising 1e300s or 1e-320s would overflow or divide by zero."""
    top = float(np.max(np.abs(v)))
    return v / top if top > 0 else v


def _standard(v: np.ndarray) -> np.ndarray:
    u = _unit(v)
    u = u - u.mean()
    return u / u.std()


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal up to round-off, or one an exact rescaling of the other (the same feature)."""
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return False
    u, v = _standard(a), _standard(b)
    return bool(abs(float(u @ v)) / u.size > 1 - 1e-12)


def _tame(x: np.ndarray, notes: list[Note]) -> np.ndarray:
    """x in its own units, unless they are so large or small that a polynomial of them would
    overflow: then in units of a power of ten, said."""
    top = float(np.max(np.abs(x)))
    if 1e-100 < top < 1e100:
        return x
    exp = int(np.floor(np.log10(top)))
    notes.append(Note("upload.note_x_rescaled", {"exp": exp}))
    return _unit(x) * 10.0 ** (np.log10(top) - exp)


def _decode(data: bytes, notes: list[Note]) -> str:
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("upload_not_csv")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("upload_not_csv") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding, label in (("gb18030", "GB18030 (GBK)"), ("cp1252", "Windows-1252")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
            notes.append(Note("upload.note_encoding", {"encoding": label}))
            return text
    raise InputError("upload_not_csv")


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the same number (≥ 2) of fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", 0.0
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) + (0.01 if mode > 1 else 0) + 0.001 * mode
        if mode > 1 and score > best_score:
            best, best_score = d, score
    return best


def _decimal_commas(rows: list[list[str]]) -> bool:
    cells = [c.strip() for r in rows[:200] for c in r]
    return sum(bool(_DECIMAL_COMMA.match(c)) for c in cells) > 0.2 * max(len(cells), 1)


def _number(cell: str, comma: bool) -> float | None:
    """A cell as a float; None when it is missing or not a number (inf stays inf)."""
    cell = cell.strip()
    if comma:
        cell = cell.replace(",", ".")
    if cell.lower() in MISSING:
        return None
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if not math.isnan(value) else None


# A column's name is shown in Markdown captions and in chart legends (whose text Plotly
# reads as a subset of HTML): the characters of tags, entities and links become
# look-alikes, control characters go.
_MARKUP = str.maketrans({"<": "‹", ">": "›", "&": "＆", "[": "［", "]": "］", "`": "ʻ", "\\": "∖"})


def _plain(name: str) -> str:
    return "".join(ch for ch in name if ch.isprintable()).translate(_MARKUP).strip()


def _names(header: list[str], width: int) -> list[str]:
    names: list[str] = []
    for j in range(width):
        name = _plain(header[j] if j < len(header) else "")[:40] or f"column {j + 1}"
        while name in names:
            name += "'"
        names.append(name)
    return names
