"""``plausibility.problems`` over a whole table: a design that cannot exist is an error, row named.

Every rule of ``zoning_rules.plausibility`` has the form "a > b" on exact values, where each side is
monotone in the figures; the float columns give a screen that never misses: a row is *suspect* when
its floats break the rule by even a relative 1e-9 (so float rounding cannot hide a breach).  Each
suspect row — almost always none — is then decided by the same pure ``problems`` that ``check``
uses, on the same exact ``Amount``s ``check`` would parse from the cells, so the two engines refuse
exactly the same designs.  ``check_table`` raises ``ImplausibleDesign`` for the first such row (its
1-based number, the CSV line, the fields and their values), as for any other bad cell.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ..plausibility import DEFAULT_PLAUSIBILITY, ImplausibleDesign, Plausibility, problems
from ..units import parse
from .columns import NUMERIC, Numeric, Where

#: relative slack of the float screen: far above the rounding of a double, far below any real margin
_SLACK = 1e-9


#: rows screened at a time: the screen's dozen temporaries stay a few hundred kilobytes each
#: (in the cache, and not fresh pages on a process's first call) whatever the table's length
SCREEN_BLOCK = 1 << 15


def suspect_rows(cols: Mapping[str, Numeric], n: int, rules: Plausibility = DEFAULT_PLAUSIBILITY) -> np.ndarray:
    """Positions of rows some rule may refuse (a superset of those it does refuse)."""
    found = [a + _suspect_block(cols, a, min(a + SCREEN_BLOCK, n), rules) for a in range(0, n, SCREEN_BLOCK)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)


def _suspect_block(cols: Mapping[str, Numeric], a: int, b: int, rules: Plausibility) -> np.ndarray:
    nan = np.full(b - a, np.nan)

    def x(key: str) -> np.ndarray:
        col = cols.get(key)
        return col.x[a:b] if col is not None else nan

    site, foot, green = x("site_area"), x("footprint_area"), x("green_area")
    floor, far, dens, gratio, h = x("floor_area"), x("far"), x("building_density"), x("green_ratio"), x("height")
    low = 1 - _SLACK
    with np.errstate(invalid="ignore", over="ignore"):
        bad = (foot > site * low) | (green > site * low)
        if rules.green_apart_from_footprint:
            bad |= (foot + green > site * low) | (dens + gratio > low)
        bad |= h > float(rules.max_height) * low
        built = (floor > 0) | (far > 0) | (foot > 0) | (dens > 0)
        bad |= (h == 0) & built
        storeys = np.fmax(1.0, h / float(rules.min_storey_height)) / low
        bad |= (floor > foot * storeys) | (far > dens * storeys)
        bad |= ((floor == 0) & (foot > 0)) | ((far == 0) & (dens > 0))
    return np.flatnonzero(bad)


def check_rows(cols: Mapping[str, Numeric], n: int, where: Where,
               rules: Plausibility | None = None, *, frame=None) -> None:
    """Raise ``ImplausibleDesign`` for the first row whose figures cannot all be true.

    A suspect row is decided on its cells as given (``frame``): a declared ratio written ``'0'``
    stands for [0, 0.5), which the column's floats no longer say."""
    rules = rules or DEFAULT_PLAUSIBILITY
    for row in suspect_rows(cols, n, rules):
        values = {}
        for key, col in cols.items():
            v = _cell(frame, key, int(row)) if frame is not None else col.value(int(row))
            if v is not None:
                values[key] = parse(v, NUMERIC[key], field=key)  # type: ignore[arg-type]
        found = problems(values, rules)
        if found:
            p = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise ImplausibleDesign(f"{p.message_en}{more} (不可能的设计：{p.message_zh})",
                                    file=where.at(int(row)), field=", ".join(p.fields))


def _cell(frame, key: str, row: int):
    """The cell as ``check`` would get it: None when missing, a plain Python value otherwise."""
    v = frame[key].iloc[row]
    if isinstance(v, np.generic):
        v = v.item()
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover - check_table needs pandas anyway
        pass
    return v
