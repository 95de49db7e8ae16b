"""A table of designs → plain numpy columns, validated as ``Design`` validates one design.

Per-row Python work is confined to columns that hold Python objects (strings with units,
``Decimal``s): those are parsed once per distinct value.  Float and integer columns stay numpy.
An invalid cell is reported with the reference parser's own message (``units.parse``), located
by table, row and column, so that a table and a design file fail alike.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from ..errors import InputError
from ..units import parse
from .exact import SAFE_MAX, SAFE_MIN, half_steps, outside_safe_range

class _Declared(Mapping):
    """A mapping read from the indicator declarations as they are now (recomputed when the
    registry changes), so that a registered indicator's fields are columns like any other."""

    def __init__(self, build):
        self._build = build
        self._at: tuple[int, dict] | None = None

    def _data(self) -> dict:
        from ..indicators import version

        v = version()
        if self._at is None or self._at[0] != v:
            self._at = (v, self._build())
        return self._at[1]

    def __getitem__(self, key):
        return self._data()[key]

    def __iter__(self):
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __contains__(self, key) -> bool:
        return key in self._data()

    def __repr__(self) -> str:
        return repr(tuple(self._data()))


def _numeric_fields() -> dict:
    from ..indicators import design_fields

    return {f.name: f.kind for f in design_fields() if f.numeric}


def _known() -> dict:
    from ..indicators import design_fields

    other = [f.name for f in design_fields() if not f.numeric]
    return dict.fromkeys(("plot", *NUMERIC, *other, "as_of", "name", "id"))


def _denominators() -> dict:
    from ..indicators import INDICATORS

    return {i.ratio.denominator.name: i.ratio.denominator.en for i in INDICATORS.values() if i.ratio is not None}


#: Numeric design fields and their kind (units.Kind); values in base units (m, m², fractions).
NUMERIC = _Declared(_numeric_fields)
TEXT = ("plot", "name", "land_use", "entrance_side", "as_of", "large_commercial")
#: Every column a table of designs may have.
KNOWN = _Declared(_known)
#: Fields a ratio divides by: zero is an error, not a value (field → its name in messages).
DENOMINATORS = _Declared(_denominators)
SIDE_SEPARATORS = (",", "、", ";", "，", "；", "/")
#: The magnitudes ``units.exact_number`` accepts: [1e-15, 1e15) (both floats are exact decimals).
SMALLEST, LARGEST = 1e-15, 1e15
#: The ``DataFrame.attrs`` key under which ``io.read_table`` leaves a ``TableSource``.
SOURCE_ATTR = "zoning_rules.source"


@dataclass
class Numeric:
    """One numeric column: floats, where a value is given, and rows that need the exact path."""

    x: np.ndarray  # float64, NaN where missing
    present: np.ndarray  # bool
    odd: np.ndarray | None  # bool: decide this row with Fractions (huge ints, extreme magnitudes …)
    raw: Any  # the column as given, for the exact re-check of a few rows
    objects: bool = False  # held Python objects (strings with units, Decimals)
    half: np.ndarray | None = None  # half a step of the last written digit, when known per value
    integers: bool = False  # an integer column: every value is written without decimals

    def half_steps(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(half a unit of the last written digit, known) for the given rows, as ``check`` takes
        it (``units.exact_number``): from the text where the cell was text, ½ for an integer, and
        from ``repr`` for a float (``exact.half_steps``)."""
        if self.half is not None:
            h = self.half[rows]
            return h, np.isfinite(h)
        if self.integers:
            return np.full(len(rows), 0.5), np.ones(len(rows), dtype=bool)
        return half_steps(self.x[rows])

    def rows(self, a: int, b: int) -> "Numeric":
        """Rows ``a``..``b - 1`` as views (``raw`` stays whole: ``value`` takes a position of the
        whole column, and only the exact re-check, which works on the whole table, asks it)."""
        cut = slice(a, b)
        return replace(self, x=self.x[cut], present=self.present[cut],
                       odd=None if self.odd is None else self.odd[cut],
                       half=None if self.half is None else self.half[cut])

    def largest_half_step(self) -> float:
        """An upper bound of every row's half step (to pick the rows worth a closer look)."""
        if self.half is not None:
            with np.errstate(invalid="ignore"):
                top = np.fmax.reduce(self.half) if self.half.size else np.nan
            return float(top) if np.isfinite(top) else 0.0
        # a valid float (below 1e15) prints with a decimal or a negative exponent: h ≤ 0.05
        return 0.5 if self.integers else 0.05

    def value(self, i: int) -> Any:
        """The cell as a plain Python value for ``Design`` (None when missing)."""
        if not self.present[i]:
            return None
        v = self.raw[i]
        if isinstance(v, np.generic):
            v = v.item()
        return v


class Where:
    """Names a cell in an error message: the table, the 1-based row, the CSV line where known, and
    the design's label when the table has its own (an ``id`` column)."""

    def __init__(self, name: str, index, source: "TableSource | None" = None):
        self.name = name
        self.index = index
        self.source = source

    def at(self, row: int) -> str:
        """``designs.csv: row 2 (line 3)`` for the row at position ``row``."""
        import pandas as pd

        notes = []
        label = self.index[row]
        if self.source is not None:
            line = self.source.line_of(label)
            if line is not None:
                notes.append(f"line {line}")
        if not (isinstance(self.index, pd.RangeIndex) and self.index.start == 0 and self.index.step == 1):
            notes.append(f"design {label!r}" if isinstance(label, str) else f"design {label}")
        return f"{self.name}: row {row + 1}" + (f" ({', '.join(notes)})" if notes else "")

    def error(self, exc: InputError | str, row: int, column: str, value: Any = None,
              expected: str | None = None) -> InputError:
        at = self.at(row)
        if isinstance(exc, InputError):
            return type(exc)(exc.message, file=at, field=column, value=exc.value, expected=exc.expected)
        return InputError(exc, file=at, field=column, value=value, expected=expected)


class TableSource:
    """Where a table read by ``io.read_table`` came from, so that errors can name the file's line.

    Kept in ``DataFrame.attrs`` (pandas copies attrs along with the frame; ``__deepcopy__``
    returns the same object, so that costs nothing).  Rows are found by their index label, so a
    filtered or reordered frame still gets the right line; a label that is not unique gets none.
    """

    def __init__(self, path: str, index, csv: bool):
        self.path = path
        self.index = index
        self.csv = csv
        self._lines: list[int] | None = None

    def __deepcopy__(self, memo):
        return self

    def line_of(self, label) -> int | None:
        if not self.csv:
            return None
        try:
            pos = self.index.get_loc(label)
        except KeyError:
            return None
        if not isinstance(pos, (int, np.integer)):
            return None
        if self._lines is None:
            self._lines = _data_lines(self.path)
        return self._lines[pos] if pos < len(self._lines) else None


def _data_lines(path: str) -> list[int]:
    """The file line of each data row of a CSV as pyarrow reads it: the first non-empty line is the
    header, empty lines are skipped, a row is one line."""
    lines = []
    header = False
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.rstrip(b"\r\n"):
                continue
            if header:
                lines.append(number)
            header = True
    return lines


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(v, float) and math.isnan(v)


def factorized(series) -> tuple[np.ndarray, list]:
    """(code per row, distinct values) of a column, -1 where a cell is missing, without a Python
    object per row: a categorical (an Arrow dictionary read by pandas) gives its codes, text in
    Arrow or numpy is hashed natively.  Only the few distinct values become Python objects."""
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def numeric(series, column: str, where: Where) -> Numeric:
    """Validate and convert one numeric column (see ``NUMERIC`` for the kinds)."""
    import pandas as pd

    kind = NUMERIC[column]
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise where.error(f"{series.iloc[0]!r} is a boolean, expected a number", 0, column)
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
        if dtype == np.float64:  # the column's own array (read-only): NaN already marks a gap
            x = series.to_numpy()
        else:
            x = series.to_numpy(dtype=np.float64, na_value=np.nan)
        present = ~np.isnan(x)
        integers = pd.api.types.is_integer_dtype(dtype)
        if integers:
            raw = series.to_numpy(dtype=object if series.hasnans else None)
            odd = present & (np.abs(x) > 2.0 ** 53)
            odd = odd if odd.any() else None
        else:
            raw = x
            odd = None
        col = Numeric(x=x, present=present, odd=odd, raw=raw, integers=integers)
        lo, hi = _range(x)
        if not _plainly_valid(x, column, kind, lo, hi):
            _validate(col, column, kind, where)
        if raw is x and not _within_safe_range(lo, hi):  # see exact.py, point 3
            tiny_or_huge = outside_safe_range(x)
            col.odd = tiny_or_huge if tiny_or_huge.any() else None
        return col
    return _objects(series, column, kind, where)


def _range(x: np.ndarray) -> tuple[float, float]:
    """(smallest, largest) of a float column, ignoring NaN; NaN when every cell is missing (or
    there are none)."""
    if x.size == 0:
        return np.nan, np.nan
    with np.errstate(invalid="ignore"):
        return np.fmin.reduce(x), np.fmax.reduce(x)


def _within_safe_range(lo: float, hi: float) -> bool:
    """Whether every non-zero magnitude is one the float decisions cover (from the range)."""
    return bool(np.isnan(lo) or (lo >= SAFE_MIN and hi <= SAFE_MAX))


def _plainly_valid(x: np.ndarray, column: str, kind: str, lo: float, hi: float) -> bool:
    """Whether a float column is valid, from its range alone (no mask); when not sure,
    ``_validate`` looks cell by cell for the first offending row."""
    if np.isnan(lo):
        return True
    if not (lo >= 0 and hi < LARGEST):
        return False
    if lo < SMALLEST:  # a zero is fine, a non-zero magnitude below 1e-15 is not
        with np.errstate(invalid="ignore"):
            nonzero = np.fmin.reduce(np.where(x > 0, x, np.inf))
        if nonzero < SMALLEST:
            return False
    if kind == "ratio" and hi > 1:
        return False
    if column in DENOMINATORS and lo == 0:
        return False
    if kind == "count" and not np.array_equal(np.floor(x), x, equal_nan=True):
        return False
    return True


def _objects(series, column: str, kind: str, where: Where) -> Numeric:
    """A column of Python objects: parse each distinct value once, exactly as ``Design`` does."""
    import pandas as pd

    raw = series.array  # indexed only for the few rows ``value`` is asked for
    codes, uniques = factorized(series)
    n_u = len(uniques)
    xs = np.full(n_u, np.nan)
    halves = np.full(n_u, np.nan)
    odd_u = np.zeros(n_u, dtype=bool)
    missing_u = np.zeros(n_u, dtype=bool)
    for j, v in enumerate(uniques):
        if _is_missing(v) or (isinstance(v, str) and not v.strip()):
            missing_u[j] = True
            continue
        if isinstance(v, np.generic):
            v = v.item()
        try:
            amount = parse(v, kind, field=column)
        except InputError as exc:
            row = int(np.flatnonzero(codes == j)[0])
            raise where.error(exc, row, column) from None
        if amount.value == 0 and column in DENOMINATORS:
            row = int(np.flatnonzero(codes == j)[0])
            raise where.error(_zero(amount.written, column), row, column, amount.written)
        xs[j] = float(amount.value)
        halves[j] = float(amount.half_step) if amount.half_step is not None else 0.0
        # Decide in float only when the float reads back as the exact value (see exact.py).
        odd_u[j] = Fraction(repr(float(xs[j]))) != amount.value
    have = codes >= 0
    x = np.where(have, xs[np.maximum(codes, 0)], np.nan)
    present = have & ~missing_u[np.maximum(codes, 0)]
    x[~present] = np.nan
    odd = present & (odd_u[np.maximum(codes, 0)] | outside_safe_range(np.nan_to_num(x)))
    half = np.where(present, halves[np.maximum(codes, 0)], np.nan)
    return Numeric(x=x, present=present, odd=odd, raw=raw, objects=True, half=half)


def _validate(col: Numeric, column: str, kind: str, where: Where) -> None:
    """Reject what ``units.parse`` rejects, with its message, at the first offending row."""
    x = col.x
    bad = col.present & ~np.isfinite(x)
    bad |= col.present & (x < 0)
    bad |= col.present & ((x >= LARGEST) | ((x != 0) & (np.abs(x) < SMALLEST)))
    if kind == "ratio":
        bad |= col.present & (x > 1)
    if kind == "count":
        bad |= col.present & (x != np.floor(x))
    if column in DENOMINATORS:
        bad |= col.present & (x == 0)
    hits = np.flatnonzero(bad)
    if hits.size == 0:
        return
    row = int(hits[0])
    v = col.value(row)
    if column in DENOMINATORS and v == 0:
        raise where.error(_zero(v, column), row, column, v)
    try:
        parse(v, kind, field=column)
    except InputError as exc:
        raise where.error(exc, row, column) from None
    raise where.error(f"{v!r} is not a valid {kind}", row, column, v)  # pragma: no cover


def _zero(v: Any, column: str) -> str:
    return f"{v!r}: a {DENOMINATORS[column]} of zero leaves every ratio undefined"


def sides(value: Any) -> tuple[str, ...] | None:
    """Entrance sides from a cell: one side, several separated by commas, or a list."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        text = value
        for sep in SIDE_SEPARATORS[1:]:
            text = text.replace(sep, ",")
        items = [s for s in (p.strip() for p in text.split(",")) if s]
    elif isinstance(value, (list, tuple, np.ndarray)):
        items = [str(s) for s in value]
    else:
        raise ValueError(f"{value!r} is not a side")
    if not items:
        return None
    from ..fields import sides as design_sides

    return design_sides(items)  # as Design reads them


def flag(value: Any) -> bool | None:
    """A yes/no cell (large_commercial): booleans, 0/1, or missing."""
    if _is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "1", "0", "是", "否"):
        return value.strip().lower() in ("true", "yes", "1", "是")
    raise ValueError(f"{value!r} is not yes or no")
