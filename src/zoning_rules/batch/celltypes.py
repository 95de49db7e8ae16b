"""Columns of any Arrow or pandas type are read or refused with a message, never a crash.

A design field holds one value per row: a number, a text, a date, a boolean.  Parquet can hold
anything — a list per cell, a struct, bytes, a column of nulls only — and each of those used to
reach the engine as something it could not hash or index.  Here each column is looked at once
(pandas' ``infer_dtype``, in C, no per-row Python unless a bad cell has to be named): a column with
nothing in it becomes an empty column of its kind (every value missing, as written); a column of
lists, mappings or bytes is refused, naming the table, the column, its type and the first row.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..errors import InputError
from .columns import KNOWN, NUMERIC, Where

#: What ``infer_dtype`` may say of a column of single values.
_SCALAR_KINDS = {"string", "floating", "integer", "decimal", "boolean", "empty", "mixed-integer-float",
                 "mixed-integer", "date", "datetime", "datetime64", "categorical", "unicode"}
_SCALARS = (str, int, float, Decimal, Fraction, bool, date, np.generic)


def check_arrow_schema(table, file: str) -> None:
    """Refuse nested and binary Arrow columns of a table file before converting it to pandas."""
    import pyarrow.types as t

    for fld in table.schema:
        if fld.name not in KNOWN:
            continue  # an unknown column is reported by name later, whatever its type
        typ = fld.type
        if t.is_dictionary(typ):
            typ = typ.value_type
        if (t.is_nested(typ) or t.is_binary(typ) or t.is_large_binary(typ)
                or t.is_fixed_size_binary(typ)):
            raise InputError(f"the column {fld.name!r} is of type {typ}, expected one value per cell "
                             "(a number, a text, a date or a boolean)", file=file, field=fld.name,
                             value=str(typ))


def admissible(frame, where: Where):
    """``frame`` with every known column of single values (an all-missing column made empty of its
    kind); any other column is an ``InputError`` naming its first offending row."""
    import pandas as pd

    for name in frame.columns:
        if name not in KNOWN:
            continue
        col = frame[name]
        if not isinstance(col, pd.Series):  # a duplicated name: reported by the caller
            continue
        if col.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(col, skipna=True)
        if kind == "empty":
            if name in NUMERIC and len(col):
                frame = frame.assign(**{name: np.full(len(col), np.nan)})
            continue
        if kind in _SCALAR_KINDS:
            continue
        for row, v in enumerate(col.to_numpy()):
            if v is None or isinstance(v, _SCALARS) and not isinstance(v, (bytes, bytearray)):
                continue
            raise where.error(f"{type(v).__name__} {_short(v)} in a cell, expected one value (a number, "
                              "a text, a date or a boolean)", row, str(name), value=_short(v))
    return frame


def _short(v) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "…"
