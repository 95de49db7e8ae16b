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
from .parallel import run_in_parts

#: relative slack of the float screen: far above the rounding of a double, far below any real margin
_SLACK = 1e-9


#: rows screened at a time: the screen's dozen temporaries stay a few hundred kilobytes each
#: (in the cache, and not fresh pages on a process's first call) whatever the table's length
SCREEN_BLOCK = 1 << 15


def suspect_rows(cols: Mapping[str, Numeric], n: int, rules: Plausibility = DEFAULT_PLAUSIBILITY,
                 threads: int = 1) -> np.ndarray:
    """Positions of rows some rule may refuse (a superset of those it does refuse), in order."""
    starts = range(0, n, SCREEN_BLOCK)
    found: list = [None] * len(starts)

    def screen(first: int, last: int, scratch) -> None:
        for j in range(first, last):
            a = starts[j]
            found[j] = a + _suspect_block(cols, a, min(a + SCREEN_BLOCK, n), rules)

    run_in_parts(screen, len(starts), threads)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)


def _suspect_block(cols: Mapping[str, Numeric], a: int, b: int, rules: Plausibility) -> np.ndarray:
    """Rows ``a``..``b - 1`` some rule may refuse.  A rule with a column the table does not have
    compares NaN, which is never true: it is left out rather than computed on NaN."""
    def x(key: str) -> np.ndarray | None:
        col = cols.get(key)
        return col.x[a:b] if col is not None else None

    site, foot, green = x("site_area"), x("footprint_area"), x("green_area")
    floor, far, dens, gratio, h = x("floor_area"), x("far"), x("building_density"), x("green_ratio"), x("height")
    low = 1 - _SLACK
    bad = np.zeros(b - a, dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):
        if site is not None:
            limit = site * low
            if foot is not None:
                bad |= foot > limit
            if green is not None:
                bad |= green > limit
            if rules.green_apart_from_footprint and foot is not None and green is not None:
                bad |= foot + green > limit
        if rules.green_apart_from_footprint and dens is not None and gratio is not None:
            bad |= dens + gratio > low
        if h is not None:
            bad |= h > float(rules.max_height) * low
            built = [v > 0 for v in (floor, far, foot, dens) if v is not None]
            if built:
                bad |= (h == 0) & np.logical_or.reduce(built)
        # no height, no storey count: the floor-area rules need one (as in ``problems``)
        if (floor is not None and foot is not None) or (far is not None and dens is not None):
            if h is None:
                storeys = np.inf
            else:
                storeys = np.where(np.isnan(h), np.inf, np.fmax(1.0, h / float(rules.min_storey_height)) / low)
            if floor is not None and foot is not None:
                bad |= floor > foot * storeys
            if far is not None and dens is not None:
                bad |= far > dens * storeys
        if floor is not None and foot is not None:
            bad |= (floor == 0) & (foot > 0)
        if far is not None and dens is not None:
            bad |= (far == 0) & (dens > 0)
    return np.flatnonzero(bad)


def check_rows(cols: Mapping[str, Numeric], n: int, where: Where,
               rules: Plausibility | None = None, *, frame=None, threads: int = 1) -> None:
    """Raise ``ImplausibleDesign`` for the first row whose figures cannot all be true.

    A suspect row is decided on its cells as given (``frame``): a declared ratio written ``'0'``
    stands for [0, 0.5), which the column's floats no longer say.  Rows with the same cells are
    decided once (a table of designs drawn to the same bound is many rows of few kinds)."""
    rules = rules or DEFAULT_PLAUSIBILITY
    rows = suspect_rows(cols, n, rules, threads)
    if rows.size == 0:
        return
    cells = {key: _cells(frame, key, rows) if frame is not None else [col.value(int(r)) for r in rows]
             for key, col in cols.items()}
    decided: dict[tuple, list] = {}
    for j, row in enumerate(rows):
        given = tuple((key, type(v).__name__, v) for key, vs in cells.items() if (v := vs[j]) is not None)
        found = decided.get(given)
        if found is None:
            values = {key: parse(v, NUMERIC[key], field=key) for key, _, v in given}  # type: ignore[arg-type]
            found = decided[given] = problems(values, rules)
        if found:
            p = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise ImplausibleDesign(f"{p.message_en}{more} (不可能的设计：{p.message_zh})",
                                    file=where.at(int(row)), field=", ".join(p.fields))


def _cells(frame, key: str, rows: np.ndarray) -> list:
    """The cells as ``check`` would get them: None when missing, plain Python values otherwise
    (the rows taken at once: a positional lookup per cell costs more than the decision)."""
    import pandas as pd

    out = []
    for v in frame[key].take(rows).to_numpy(dtype=object):
        if isinstance(v, np.generic):
            v = v.item()
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            v = None
        out.append(v)
    return out
