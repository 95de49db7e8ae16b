"""A table of designs → plain numpy columns, validated as ``Design`` validates one design.

Per-row Python work is confined to columns that hold Python objects (strings with units,
``Decimal``s): those are parsed once per distinct value.  Float and integer columns stay numpy.
An invalid cell is reported with the reference parser's own message (``units.parse``), located
by table, row and column, so that a table and a design file fail alike.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputError
from ..indicators import SIDES
from ..units import parse
from .exact import SAFE_MAX, SAFE_MIN, outside_safe_range

#: Numeric design fields and their kind (units.Kind); values in base units (m, m², fractions).
NUMERIC = {
    "site_area": "area", "floor_area": "area", "footprint_area": "area", "green_area": "area",
    "far": "number", "building_density": "ratio", "green_ratio": "ratio",
    "height": "length", "parking_spaces": "count", "setback": "length",
}
TEXT = ("plot", "name", "land_use", "entrance_side", "as_of", "large_commercial")
KNOWN = ("plot",) + tuple(NUMERIC) + ("land_use", "entrance_side", "large_commercial", "as_of",
                                       "name", "id")
SIDE_SEPARATORS = (",", "、", ";", "，", "；", "/")


@dataclass
class Numeric:
    """One numeric column: floats, where a value is given, and rows that need the exact path."""

    x: np.ndarray  # float64, NaN where missing
    present: np.ndarray  # bool
    odd: np.ndarray | None  # bool: decide this row with Fractions (huge ints, extreme magnitudes …)
    raw: Any  # the column as given, for the exact re-check of a few rows
    objects: bool = False  # held Python objects (strings with units, Decimals)
    half: np.ndarray | None = None  # half a step of the last written digit, when known per value

    def value(self, i: int) -> Any:
        """The cell as a plain Python value for ``Design`` (None when missing)."""
        if not self.present[i]:
            return None
        v = self.raw[i]
        if isinstance(v, np.generic):
            v = v.item()
        return v


class Where:
    """Names a cell in an error message: the table, the row label, the column."""

    def __init__(self, name: str, labels: np.ndarray):
        self.name = name
        self.labels = labels

    def error(self, exc: InputError | str, row: int, column: str, value: Any = None,
              expected: str | None = None) -> InputError:
        at = f"{self.name}: row {self.labels[row]!s}"
        if isinstance(exc, InputError):
            return InputError(exc.message, file=at, field=column, value=exc.value,
                              expected=exc.expected)
        return InputError(exc, file=at, field=column, value=value, expected=expected)


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


def numeric(series, column: str, where: Where) -> Numeric:
    """Validate and convert one numeric column (see ``NUMERIC`` for the kinds)."""
    import pandas as pd

    kind = NUMERIC[column]
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise where.error(f"{series.iloc[0]!r} is a boolean, expected a number", 0, column)
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
        x = series.to_numpy(dtype=np.float64, na_value=np.nan)
        present = ~np.isnan(x)
        if pd.api.types.is_integer_dtype(dtype):
            raw = series.to_numpy(dtype=object if series.hasnans else None)
            odd = present & (np.abs(x) > 2.0 ** 53)
            odd = odd if odd.any() else None
        else:
            raw = x
            odd = None
        col = Numeric(x=x, present=present, odd=odd, raw=raw)
        if not _plainly_valid(x, column, kind):
            _validate(col, column, kind, where)
        if raw is x and not _within_safe_range(x):  # see exact.py, point 3
            tiny_or_huge = outside_safe_range(x)
            col.odd = tiny_or_huge if tiny_or_huge.any() else None
        return col
    return _objects(series, column, kind, where)


def _within_safe_range(x: np.ndarray) -> bool:
    """Whether every non-zero magnitude is one the float decisions cover (two reductions)."""
    if x.size == 0:
        return True
    with np.errstate(invalid="ignore"):
        lo, hi = np.fmin.reduce(x), np.fmax.reduce(x)
    return bool(np.isnan(lo) or (lo >= SAFE_MIN and hi <= SAFE_MAX))


def _plainly_valid(x: np.ndarray, column: str, kind: str) -> bool:
    """Whether a float column is valid, from its range alone (a few reductions, no mask); when not
    sure, ``_validate`` looks cell by cell for the first offending row."""
    if x.size == 0:
        return True
    with np.errstate(invalid="ignore"):
        lo, hi = np.fmin.reduce(x), np.fmax.reduce(x)  # NaN only when every cell is missing
    if np.isnan(lo):
        return True
    if not (lo >= 0 and hi < np.inf):
        return False
    if kind == "ratio" and hi > 1:
        return False
    if column == "site_area" and lo == 0:
        return False
    if kind == "count" and not np.array_equal(np.floor(x), x, equal_nan=True):
        return False
    return True


def _objects(series, column: str, kind: str, where: Where) -> Numeric:
    """A column of Python objects: parse each distinct value once, exactly as ``Design`` does."""
    import pandas as pd

    raw = series.to_numpy(dtype=object)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
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
        if amount.value == 0 and column == "site_area":
            row = int(np.flatnonzero(codes == j)[0])
            raise where.error(f"{amount.written!r}: a site area of zero leaves every ratio undefined",
                              row, column, amount.written)
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
    if kind == "ratio":
        bad |= col.present & (x > 1)
    if kind == "count":
        bad |= col.present & (x != np.floor(x))
    if column == "site_area":
        bad |= col.present & (x == 0)
    hits = np.flatnonzero(bad)
    if hits.size == 0:
        return
    row = int(hits[0])
    v = col.value(row)
    if column == "site_area" and v == 0:
        raise where.error(f"{v!r}: a site area of zero leaves every ratio undefined", row, column, v)
    try:
        parse(v, kind, field=column)
    except InputError as exc:
        raise where.error(exc, row, column) from None
    raise where.error(f"{v!r} is not a valid {kind}", row, column, v)  # pragma: no cover


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
    out = []
    for item in items:
        side = SIDES.get(str(item).strip().lower())
        if side is None:
            raise ValueError(f"{item!r} is not a side (expected north/south/east/west or 北/南/东/西)")
        out.append(side)
    return tuple(out)


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
