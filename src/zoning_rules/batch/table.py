"""``check_table``: ``check`` over a table of designs, vectorised, with the same verdicts.

How it is organised
-------------------
* Rows are grouped by what they are checked against: the plot and which of its approvals are in
  force on the row's date.  Each group is resolved once (``RuleBook.resolve``) and becomes a
  small plan: for every *slot* (a finding position in ``check``'s order) what happens there.
* Every slot is then decided for all rows at once with numpy, using the limits of each row's
  group (gathered by group code) and the exact float arguments of ``exact.py``.
* Results go into an (rows × slots) matrix; the output table is the matrix's non-empty cells in
  row-major order, i.e. design by design in ``check``'s finding order.
* Rows whose float decision is not provably exact (ties against a threshold that is not a short
  decimal, ratios within a few units of the 16th digit of their limit, odd inputs) are re-checked
  one by one with the reference ``checker.evaluate``, so they agree with ``check`` by construction.

The function is pure over a partition of rows, which is what ``dask.map_partitions`` needs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .. import landuse as landuse_mod
from ..checker import DEFAULT_POLICY, Policy, _RATIO_OF, evaluate, parse_date
from ..errors import InputError, UnknownPlotError
from ..indicators import INDICATORS, META
from ..plotcodes import normalize
from ..report import FAIL, INDETERMINATE, PASS, WARN
from . import exact
from .columns import KNOWN, NUMERIC, Numeric, Where, flag, numeric, sides

# --- slots: finding positions, in the order check() emits them ------------------------------
_ORDER = ("far", "building_density", "green_ratio", "height", "parking_spaces", "entrance_side",
          "setback")
SLOTS: list[tuple[str, str]] = [("plot", "plot"), ("land_use", "land_use")]  # (indicator, subject)
for _k in _ORDER:
    if _k in _RATIO_OF:
        SLOTS.append(("declared", _k))
    SLOTS.append((_k, _k))
SLOTS.append(("site_area", "site_area"))
SLOT = {s: i for i, s in enumerate(SLOTS)}
N_SLOTS = len(SLOTS)

STATUS_NAMES = ["", PASS, FAIL, INDETERMINATE, WARN]
S_NONE, S_PASS, S_FAIL, S_IND, S_WARN = range(5)
REASONS = ["", "within_limit", "exceeds_max", "below_min", "value_missing", "no_limit_on_record",
           "limit_without_number", "declared_mismatch", "site_area_differs", "unpublished",
           "no_approval_in_force", "wrong_land_use", "land_use_undecidable", "wrong_side",
           "below_min_large_commercial", "large_commercial_unknown"]
R = {r: i for i, r in enumerate(REASONS)}

#: Columns of the result, in order (see ``check_table``).
RESULT_COLUMNS = ("design", "plot", "as_of", "indicator", "subject", "code", "status", "reason",
                  "actual", "actual_text", "limit_min", "limit_max", "source", "clause")

# modes of a numeric indicator slot within one group
M_ABSENT, M_NO_LIMIT, M_NO_NUMBER, M_NUMERIC, M_CROSS_ONLY = range(5)


@dataclass
class _Bound:
    t: float = np.nan  # threshold (float of the exact one)
    exact: bool = True  # threshold is repr-exact
    tie_breaks: bool = False  # X == T breaks the bound
    tie_known: bool = True  # the tie outcome is known without the exact path
    value: float = np.nan  # the limit itself, for the result table


@dataclass
class _Plan:
    """What one resolution means for each slot."""

    res: Any
    mode: dict = field(default_factory=dict)  # indicator → M_*
    upper: dict = field(default_factory=dict)  # indicator → _Bound (max) or None
    lower: dict = field(default_factory=dict)  # indicator → _Bound (min) or None
    source: dict = field(default_factory=dict)  # slot → (document, clause)


def _bound(amount, exclusive: bool, upper: bool, policy: Policy) -> _Bound:
    """The threshold that decides a bound under the policy (see ``checker.violates``)."""
    value = amount.value
    if policy.comparison == "rounded" and amount.half_step:
        # round(a/step)·step > M ⇔ a > M + step/2 (a tie at M ± step/2 goes to the exact path)
        shift = amount.half_step if upper != exclusive else -amount.half_step
        t = value + shift
        return _Bound(float(t), exact.repr_exact(t), False, False, float(value))
    return _Bound(float(value), exact.repr_exact(value), exclusive, True, float(value))


def _plan(res, policy: Policy) -> _Plan:
    p = _Plan(res=res)
    if res.status == "unpublished":
        p.source[SLOT[("plot", "plot")]] = (res.unpublished_by.source.id, res.unpublished_by.clause)
    if res.land_use is not None:
        p.source[SLOT[("land_use", "land_use")]] = (res.land_use.approval.source.id,
                                                    res.land_use.approval.clause)
    for key in _ORDER:
        inf = res.limits.get(key)
        if inf is None:
            if res.status == "in_force" and key in policy.required:
                p.mode[key] = M_NO_LIMIT
            elif key in _RATIO_OF:
                p.mode[key] = M_CROSS_ONLY
            else:
                p.mode[key] = M_ABSENT
            continue
        p.source[SLOT[(key, key)]] = (inf.approval.source.id, inf.approval.clause)
        lim = inf.limit
        if key in ("entrance_side", "setback"):
            p.mode[key] = M_NUMERIC
        elif not lim.numeric:
            p.mode[key] = M_NO_NUMBER
            continue
        else:
            p.mode[key] = M_NUMERIC
        p.upper[key] = _bound(lim.max, lim.max_exclusive, True, policy) if lim.max is not None else None
        p.lower[key] = _bound(lim.min, lim.min_exclusive, False, policy) if lim.min is not None else None
    if res.area is not None:
        p.source[SLOT[("site_area", "site_area")]] = (res.area[1].source.id, res.area[1].clause)
    return p


class _Out:
    """The result matrix, slot-major (slots × rows) so that a slot is written contiguously."""

    def __init__(self, n: int):
        self.n = n
        self.status = np.zeros((N_SLOTS, n), dtype=np.int8)
        self.reason = np.zeros((N_SLOTS, n), dtype=np.int8)
        self.actual = np.full((N_SLOTS, n), np.nan)
        self.text: dict[int, tuple[np.ndarray, list[str]]] = {}  # slot → (codes per row, labels)
        self.unsure = np.zeros(n, dtype=bool)

    def put(self, slot: int, rows, status, reason, actual=None) -> None:
        """Write the rows selected by ``rows``: a full-length mask (values full-length or scalar)
        or row indices (values per index or scalar)."""
        if isinstance(rows, np.ndarray) and rows.dtype == bool:
            np.copyto(self.status[slot], status, where=rows, casting="unsafe")
            np.copyto(self.reason[slot], reason, where=rows, casting="unsafe")
            if actual is not None:
                np.copyto(self.actual[slot], actual, where=rows)
            return
        self.status[slot, rows] = status
        self.reason[slot, rows] = reason
        if actual is not None:
            self.actual[slot, rows] = actual


def _as_frame(table):
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    if hasattr(table, "to_pandas") and not isinstance(table, pd.Series):  # Arrow, polars …
        return table.to_pandas()
    if hasattr(table, "__arrow_c_stream__"):
        import pyarrow as pa

        return pa.table(table).to_pandas()
    if isinstance(table, dict):
        return pd.DataFrame(table)
    raise InputError(f"cannot read a table of designs from {type(table).__name__}",
                     expected="a pandas DataFrame, an Arrow table or a mapping of columns")


def _check_columns(frame, where: Where) -> None:
    import difflib

    unknown = [c for c in frame.columns if c not in KNOWN]
    if unknown:
        c = unknown[0]
        near = difflib.get_close_matches(str(c), KNOWN, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise InputError(f"unknown column {c!r}{hint}", file=where.name, field=str(c),
                         expected="design fields: " + ", ".join(KNOWN))
    if "plot" not in frame.columns:
        raise InputError("the table has no plot column", file=where.name, field="plot",
                         expected="a column of plot codes such as BZ-13-10")


def _dates(frame, default: dt.date, where: Where) -> tuple[np.ndarray, list[dt.date]]:
    """Per-row date codes and the distinct dates (missing cells take the default)."""
    import pandas as pd

    if "as_of" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), [default]
    codes, uniques = pd.factorize(frame["as_of"].to_numpy(dtype=object), use_na_sentinel=True)
    days = []
    for j, v in enumerate(uniques):
        if isinstance(v, pd.Timestamp):
            v = v.date()
        elif isinstance(v, np.datetime64):
            v = pd.Timestamp(v).date()
        try:
            days.append(parse_date(v))
        except InputError as exc:
            raise where.error(exc, int(np.flatnonzero(codes == j)[0]), "as_of") from None
    days.append(default)
    codes = np.where(codes < 0, len(days) - 1, codes)
    return codes.astype(np.int64), days


def _groups(frame, book, default: dt.date, where: Where):
    """Group code per row, the resolution of each group, and the day of each row."""
    import pandas as pd

    pcodes, puniq = frame["plot"].factorize(use_na_sentinel=True)
    puniq = list(puniq)
    if (pcodes < 0).any():
        raise where.error("the plot code is missing", int(np.flatnonzero(pcodes < 0)[0]), "plot")
    keys = []
    for j, p in enumerate(puniq):
        if not str(p).strip():
            raise where.error("the plot code is empty", int(np.flatnonzero(pcodes == j)[0]), "plot")
        try:
            keys.append(book.key(str(p)))
        except UnknownPlotError as exc:
            row = int(np.flatnonzero(pcodes == j)[0])
            raise UnknownPlotError(exc.plot, exc.suggestions,
                                   file=f"{where.name}: row {where.labels[row]!s}") from None
    dcodes, days = _dates(frame, default, where)
    if len(days) == 1:
        pair_codes, pair_uniq = pcodes, np.arange(len(puniq))
    else:
        pair_codes, pair_uniq = pd.factorize(pcodes.astype(np.int64) * len(days) + dcodes)
    # Pairs with the same approvals in force share one group (the date only picks the epoch).
    group_of_key: dict[tuple, int] = {}
    pair_group = np.empty(len(pair_uniq), dtype=np.int64)
    resolutions = []
    for j, pv in enumerate(pair_uniq):
        pc, dc = divmod(int(pv), len(days))
        k, day = keys[pc], days[dc]
        eff = [a.effective for a in book.approvals[k]]
        epoch = sum(1 for e in eff if e <= day)
        gk = (k, epoch) if epoch else (k, 0, day)  # "none in force" names the date in check
        g = group_of_key.get(gk)
        if g is None:
            g = group_of_key[gk] = len(resolutions)
            resolutions.append(book.resolve(str(puniq[pc]), day))
        pair_group[j] = g
    group = pair_group[pair_codes]
    row_day = dcodes
    return group, resolutions, row_day, days


def check_table(table, rulebook=None, as_of: dt.date | str | None = None,
                policy: Policy = DEFAULT_POLICY, *, name: str = "<table>"):
    """Check every design of a table; one result row per design and finding, as ``check`` finds.

    ``table``: a pandas DataFrame (or an Arrow table, or a mapping of columns) with one design per
    row: ``plot``; numeric fields in base units (``site_area``, ``floor_area``,
    ``footprint_area``, ``green_area`` in m²; ``far``; ``building_density``, ``green_ratio`` as
    fractions; ``height``, ``setback`` in m; ``parking_spaces``); ``land_use``,
    ``entrance_side`` (a side, several separated by commas, or a list), ``large_commercial``;
    optionally ``as_of`` per row (else ``as_of``, else today) and ``name``/``id``.  A missing cell
    is a value the design does not give (→ indeterminate where a limit needs it).  A float cell
    means the decimal its ``repr`` shows, as in ``check``.

    Returns a pandas DataFrame with ``RESULT_COLUMNS``: the design (the input row's index label),
    the plot as the rule book writes it, the date, the indicator, the subject (the indicator a
    declared-figure cross-check is about), the stable code, status, reason, the actual value
    (float, for display; decisions were exact), ``actual_text`` (land use, entrance sides), the
    limit's min/max and the source document and clause.
    """
    import pandas as pd

    frame = _as_frame(table)
    labels = frame.index.to_numpy()
    where = Where(name, labels)
    _check_columns(frame, where)
    if rulebook is None:
        from ..rulebook import load_rulebook

        rulebook = load_rulebook()
    default = parse_date(as_of)
    n = len(frame)
    group, resolutions, row_day, days = _groups(frame, rulebook, default, where) if n else \
        (np.zeros(0, dtype=np.int64), [], np.zeros(0, dtype=np.int64), [default])
    plans = [_plan(r, policy) for r in resolutions]
    cols = {c: numeric(frame[c], c, where) for c in NUMERIC if c in frame.columns}
    out = _Out(n)
    _Decider(frame, cols, group, plans, out, where, policy).run()
    _recheck(frame, cols, out, resolutions, group, policy, where, rulebook, row_day, days)
    return _assemble(out, labels, group, plans, row_day, days)


class _Decider:
    def __init__(self, frame, cols: dict[str, Numeric], group: np.ndarray, plans: list[_Plan],
                 out: _Out, where: Where, policy: Policy):
        self.frame = frame
        self.policy = policy
        self.cols = cols
        self.group = group
        self.plans = plans
        self.out = out
        self.where = where
        self.n = len(group)
        self._nan = np.full(self.n, np.nan)
        self._no = np.zeros(self.n, dtype=bool)

    def col(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        c = self.cols.get(key)
        if c is None:
            return self._nan, self._no
        return c.x, c.present

    def per_group(self, values) -> np.ndarray:
        arr = np.asarray(values)
        return arr[self.group] if len(arr) != 1 else np.broadcast_to(arr, (self.n,))

    def run(self) -> None:
        if self.n == 0:
            return
        for c in self.cols.values():
            self.out.unsure |= c.odd
        self._plot()
        self._land_use()
        for key in _ORDER:
            modes = np.array([p.mode[key] for p in self.plans], dtype=np.int8)
            if not modes.any():
                continue
            mode = self.per_group(modes)
            if key == "entrance_side":
                self._entrance(mode)
            elif key == "setback":
                self._setback(mode)
            else:
                self._numeric(key, mode)
        self._site_area()

    # --- plot status and land use ------------------------------------------------------------
    def _plot(self) -> None:
        st = np.array([{"unpublished": R["unpublished"], "none": R["no_approval_in_force"]}
                       .get(p.res.status, 0) for p in self.plans], dtype=np.int8)
        if not st.any():
            return
        reason = self.per_group(st)
        rows = np.flatnonzero(reason)
        self.out.put(SLOT[("plot", "plot")], rows, S_IND, reason[rows])

    def _land_use(self) -> None:
        import pandas as pd

        has = np.array([p.res.land_use is not None for p in self.plans])
        if not has.any():
            return
        slot = SLOT[("land_use", "land_use")]
        mask = np.ascontiguousarray(self.per_group(has))
        if "land_use" not in self.frame.columns:
            self.out.put(slot, mask, S_IND, R["value_missing"])
            return
        rows = np.flatnonzero(mask)
        given = self.frame["land_use"].to_numpy(dtype=object)
        codes, uniq = pd.factorize(given, use_na_sentinel=True)
        resolved = []
        for v in uniq:
            text = str(v).strip()
            resolved.append(landuse_mod.resolve(text) if text else None)
        missing_u = np.array([r is None for r in resolved] + [True])  # last: NA sentinel
        c = codes[rows]
        miss = missing_u[c]
        self.out.put(slot, rows[miss], S_IND, R["value_missing"])
        rows, c = rows[~miss], c[~miss]
        g = self.group[rows]
        pair = c.astype(np.int64) * len(self.plans) + g
        pcodes, puniq = pd.factorize(pair)
        status = np.empty(len(puniq), dtype=np.int8)
        reason = np.empty(len(puniq), dtype=np.int8)
        for j, pv in enumerate(puniq):
            lu, gi = divmod(int(pv), len(self.plans))
            same = landuse_mod.same(resolved[lu], self.plans[gi].res.land_use.limit.land_use)
            status[j], reason[j] = ((S_PASS, R["within_limit"]) if same is True else
                                    (S_FAIL, R["wrong_land_use"]) if same is False else
                                    (S_IND, R["land_use_undecidable"]))
        self.out.put(slot, rows, status[pcodes], reason[pcodes])
        labels = [r.label if r is not None else "" for r in resolved]
        text_codes = np.full(self.n, -1, dtype=np.int32)
        text_codes[rows] = c
        self.out.text[slot] = (text_codes, labels)

    # --- numeric indicators ------------------------------------------------------------------
    def _thresholds(self, key: str, upper: bool):
        bounds = [(p.upper if upper else p.lower).get(key) for p in self.plans]
        has = np.array([b is not None for b in bounds])
        t = np.array([b.t if b else np.nan for b in bounds])
        ex = np.array([b.exact if b else True for b in bounds])
        tie = np.array([b.tie_breaks if b else False for b in bounds])
        known = np.array([b.tie_known if b else True for b in bounds])
        return (self.per_group(has), self.per_group(t), self.per_group(ex & known),
                self.per_group(tie))

    def _numeric(self, key: str, mode: np.ndarray) -> None:
        out = self.out
        slot = SLOT[(key, key)]
        out.put(slot, mode == M_NO_LIMIT, S_IND, R["no_limit_on_record"])
        out.put(slot, mode == M_NO_NUMBER, S_IND, R["limit_without_number"])
        checked = (mode == M_NUMERIC) | (mode == M_CROSS_ONLY)
        if not checked.any():
            return
        d, d_has = self.col(key)
        ratio = key in _RATIO_OF
        if ratio:
            f, f_has = self.col(_RATIO_OF[key][0])
            s, s_has = self.col("site_area")
            areas = f_has & s_has
            with np.errstate(invalid="ignore", divide="ignore"):
                actual = np.where(areas, f / s, d)
            self._declared(key, checked, areas & d_has, d, f, s)
            by_decl = ~areas & d_has
        else:
            areas = self._no
            actual = d
            by_decl = d_has
        live = mode == M_NUMERIC
        given = live & (areas | by_decl)
        out.put(slot, live & ~given, S_IND, R["value_missing"])
        broken_max = np.zeros(self.n, dtype=bool)
        broken_min = np.zeros(self.n, dtype=bool)
        for upper in (True, False):
            has, t, t_exact, tie = self._thresholds(key, upper)
            if not has.any():
                continue
            b1, u1 = exact.direct(d, t, t_exact, tie, upper)
            broken = by_decl & b1
            unsure = by_decl & u1
            if ratio and areas.any():
                with np.errstate(invalid="ignore", over="ignore"):
                    ts = t * s
                    q = (f - ts) if upper else (ts - f)
                    pos, u2 = exact.banded(q, np.abs(f) + np.abs(ts))
                # a tie inside the band is resolved by the exact path
                broken |= areas & pos
                unsure |= areas & u2
            sel = given & has
            out.unsure |= sel & unsure
            (broken_max if upper else broken_min)[:] = sel & broken
        broken_min &= ~broken_max  # check() reports the maximum first
        status = np.where(broken_max | broken_min, S_FAIL, S_PASS).astype(np.int8)
        reason = np.where(broken_max, R["exceeds_max"],
                          np.where(broken_min, R["below_min"], R["within_limit"])).astype(np.int8)
        out.put(slot, given, status, reason, actual)

    def _declared(self, key: str, checked: np.ndarray, both: np.ndarray, d, f, s) -> None:
        """Declared ratio against the one computed from the areas: warn beyond half a digit."""
        rows = np.flatnonzero(checked & both)
        if rows.size == 0:
            return
        col = self.cols[key]
        if col.half is not None:
            h, found = col.half[rows], np.isfinite(col.half[rows])
        else:
            h, found = exact.half_steps(d[rows])
        dv, fv, sv = d[rows], f[rows], s[rows]
        with np.errstate(invalid="ignore", over="ignore"):
            ds, hs = dv * sv, h * sv
            q = np.abs(ds - fv) - hs
            warn, unsure = exact.banded(q, np.abs(ds) + np.abs(fv) + np.abs(hs))
        self.out.unsure[rows[unsure | ~found]] = True
        hit = rows[warn & found]
        with np.errstate(invalid="ignore", divide="ignore"):
            self.out.put(SLOT[("declared", key)], hit, S_WARN, R["declared_mismatch"], f[hit] / s[hit])

    def _entrance(self, mode: np.ndarray) -> None:
        import pandas as pd

        slot = SLOT[("entrance_side", "entrance_side")]
        live = np.flatnonzero(mode == M_NUMERIC)
        if "entrance_side" not in self.frame.columns:
            self.out.put(slot, live, S_IND, R["value_missing"])
            return
        raw = self.frame["entrance_side"].to_numpy(dtype=object)
        raw = np.array([tuple(v) if isinstance(v, (list, np.ndarray)) else v for v in raw]
                       if raw.size and any(isinstance(v, (list, np.ndarray)) for v in raw) else raw,
                       dtype=object)
        codes, uniq = pd.factorize(raw, use_na_sentinel=True)
        parsed = []
        for j, v in enumerate(uniq):
            try:
                parsed.append(sides(v))
            except ValueError as exc:
                raise self.where.error(str(exc), int(np.flatnonzero(codes == j)[0]), "entrance_side",
                                       v) from None
        parsed.append(None)  # NA sentinel
        c = codes[live]
        miss = np.array([p is None for p in parsed])[c]
        self.out.put(slot, live[miss], S_IND, R["value_missing"])
        live, c = live[~miss], c[~miss]
        g = self.group[live]
        allowed = [set(p.res.limits["entrance_side"].limit.equals or ())
                   if "entrance_side" in p.res.limits else set() for p in self.plans]
        ok = np.array([[all(s in a for s in (p or ())) for a in allowed] for p in parsed], dtype=bool)
        good = ok[c, g]
        self.out.put(slot, live, np.where(good, S_PASS, S_FAIL).astype(np.int8),
                     np.where(good, R["within_limit"], R["wrong_side"]).astype(np.int8))
        text_codes = np.full(self.n, -1, dtype=np.int32)
        text_codes[live] = c
        self.out.text[slot] = (text_codes, [",".join(p) if p else "" for p in parsed])

    def _setback(self, mode: np.ndarray) -> None:
        slot = SLOT[("setback", "setback")]
        live = mode == M_NUMERIC
        x, has_x = self.col("setback")
        self.out.put(slot, np.flatnonzero(live & ~has_x), S_IND, R["value_missing"])
        rows = live & has_x
        if not rows.any():
            return
        has_min, t, t_exact, tie = self._thresholds("setback", False)
        base_broken, u1 = exact.direct(x, t, t_exact, tie, False)
        base_broken &= has_min
        u1 &= has_min
        large = [p.res.limits["setback"].limit.min_large_commercial
                 if "setback" in p.res.limits else None for p in self.plans]
        has_large = self.per_group(np.array([v is not None for v in large]))
        lt = self.per_group(np.array([float(v.value) if v is not None else np.nan for v in large]))
        lex = self.per_group(np.array([exact.repr_exact(v.value) if v is not None else True
                                       for v in large]))
        # check() asks ``actual >= large``: a tie reaches it
        below_large, u2 = exact.direct(x, lt, lex, np.zeros(self.n, dtype=bool), False)
        u2 &= has_large
        below_large &= has_large
        fl = self._flags()
        status = np.full(self.n, S_PASS, dtype=np.int8)
        reason = np.full(self.n, R["within_limit"], dtype=np.int8)
        need_flag = ~base_broken & below_large
        status[need_flag & (fl == -1)] = S_IND
        reason[need_flag & (fl == -1)] = R["large_commercial_unknown"]
        status[need_flag & (fl == 1)] = S_FAIL
        reason[need_flag & (fl == 1)] = R["below_min_large_commercial"]
        status[base_broken] = S_FAIL
        reason[base_broken] = R["below_min"]
        self.out.unsure |= rows & (u1 | (~base_broken & u2))
        idx = np.flatnonzero(rows)
        self.out.put(slot, idx, status[idx], reason[idx], x[idx])

    def _flags(self) -> np.ndarray:
        """large_commercial per row: 1 yes, 0 no, -1 not given."""
        import pandas as pd

        if "large_commercial" not in self.frame.columns:
            return np.full(self.n, -1, dtype=np.int8)
        raw = self.frame["large_commercial"].to_numpy(dtype=object)
        codes, uniq = pd.factorize(raw, use_na_sentinel=True)
        vals = []
        for j, v in enumerate(uniq):
            try:
                b = flag(v)
            except ValueError as exc:
                raise self.where.error(str(exc), int(np.flatnonzero(codes == j)[0]),
                                       "large_commercial", v) from None
            vals.append(-1 if b is None else int(b))
        vals.append(-1)
        return np.array(vals, dtype=np.int8)[codes]

    # --- site area against the letter ----------------------------------------------------------
    def _site_area(self) -> None:
        areas = [p.res.area[0].amount.value if p.res.area is not None else None for p in self.plans]
        has = self.per_group(np.array([a is not None for a in areas]))
        s, s_has = self.col("site_area")
        rows = np.flatnonzero(has & s_has)
        if rows.size == 0:
            return
        tol = float(self.policy.site_area_tolerance)
        r = self.per_group(np.array([float(a) if a is not None else np.nan for a in areas]))[rows]
        sv = s[rows]
        with np.errstate(invalid="ignore", over="ignore"):
            tr = tol * r
            q = np.abs(sv - r) - tr
            warn, unsure = exact.banded(q, np.abs(sv) + np.abs(r) + np.abs(tr))
        self.out.unsure[rows[unsure]] = True
        hit = rows[warn]
        self.out.put(SLOT[("site_area", "site_area")], hit, S_WARN, R["site_area_differs"], s[hit])


def _recheck(frame, cols, out: _Out, resolutions, group, policy, where, book, row_day, days) -> None:
    """Re-decide the few undecided rows with the reference ``evaluate`` on exact values."""
    from ..design import Design
    from pydantic import ValidationError

    rows = np.flatnonzero(out.unsure)
    if rows.size == 0:
        return
    plot = frame["plot"].to_numpy(dtype=object)
    extra = {}
    for c in ("land_use", "entrance_side", "large_commercial"):
        if c in frame.columns:
            extra[c] = frame[c].to_numpy(dtype=object)
    for i in rows:
        data: dict[str, Any] = {"plot": str(plot[i])}
        for c, col in cols.items():
            v = col.value(int(i))
            if v is not None:
                data[c] = v
        if "land_use" in extra:
            v = extra["land_use"][i]
            if isinstance(v, str) and v.strip():
                data["land_use"] = v
        if "entrance_side" in extra:
            v = sides(extra["entrance_side"][i])
            if v is not None:
                data["entrance_side"] = list(v)
        if "large_commercial" in extra:
            v = flag(extra["large_commercial"][i])
            if v is not None:
                data["large_commercial"] = v
        try:
            design = Design.model_validate(data)
        except ValidationError as exc:
            e = exc.errors()[0]
            raise where.error(e["msg"], int(i), ".".join(map(str, e["loc"])), e.get("input")) from None
        res = resolutions[group[i]]
        if res.as_of != days[row_day[i]]:
            res = book.resolve(res.plot, days[row_day[i]])
        findings, _ = evaluate(design, res, policy)
        out.status[:, i] = 0
        out.reason[:, i] = 0
        out.actual[:, i] = np.nan
        for f in findings:
            subject = f.fields[0] if f.indicator == "declared" else f.indicator
            slot = SLOT[(f.indicator, subject)]
            out.status[slot, i] = STATUS_NAMES.index(f.status)
            out.reason[slot, i] = R[f.reason]
            if isinstance(f.actual, Fraction):
                out.actual[slot, i] = float(f.actual)


def _assemble(out: _Out, labels, group, plans: list[_Plan], row_day, days):
    """The non-empty cells of the result matrix, row-major: design by design, in check()'s order."""
    import pandas as pd

    present = np.ascontiguousarray((out.status != 0).T)  # rows × slots: design-major order
    flat = np.flatnonzero(present.ravel())
    row, slot = np.divmod(flat, N_SLOTS)
    at = slot * out.n + row  # the same cells in the slot-major matrices
    g = group[row]
    n_g = max(len(plans), 1)
    # per (group, slot) tables: limits and sources, gathered once through gs = g·N_SLOTS + slot
    lmin = np.full((n_g, N_SLOTS), np.nan)
    lmax = np.full((n_g, N_SLOTS), np.nan)
    src_names: list[str] = []
    clause_names: list[str] = []
    src = np.full((n_g, N_SLOTS), -1, dtype=np.int32)
    cla = np.full((n_g, N_SLOTS), -1, dtype=np.int32)
    for gi, p in enumerate(plans):
        for key in _ORDER:
            inf = p.res.limits.get(key)
            if inf is not None:
                lim = inf.limit
                s = SLOT[(key, key)]
                if lim.min is not None:
                    lmin[gi, s] = float(lim.min.value)
                if lim.max is not None:
                    lmax[gi, s] = float(lim.max.value)
        for s, (doc, clause) in p.source.items():
            if doc not in src_names:
                src_names.append(doc)
            src[gi, s] = src_names.index(doc)
            if clause is not None:
                if clause not in clause_names:
                    clause_names.append(clause)
                cla[gi, s] = clause_names.index(clause)
    gs = g * N_SLOTS + slot
    text = np.full(len(flat), -1, dtype=np.int32)
    text_names: list[str] = []
    for s, (codes, names) in out.text.items():
        sel = np.flatnonzero(slot == s)
        base = len(text_names)
        text_names.extend(names)
        c = codes[row[sel]]
        text[sel] = np.where(c >= 0, c + base, -1)
    plot_names = [p.res.plot for p in plans]
    ind_names = [s[0] for s in SLOTS]
    ind_cat = sorted(set(ind_names))
    slot_ind = np.array([ind_cat.index(i) for i in ind_names], dtype=np.int8)
    subj_cat = sorted(set(s[1] for s in SLOTS))
    slot_subj = np.array([subj_cat.index(s[1]) for s in SLOTS], dtype=np.int8)
    code_names = [(INDICATORS.get(i) or META[i]).code for i in ind_cat]
    if len(days) == 1:
        as_of = np.full(len(flat), np.datetime64(days[0], "D"), dtype="datetime64[s]")
    else:
        day_arr = np.array([np.datetime64(d, "D") for d in days], dtype="datetime64[s]")
        as_of = day_arr[row_day[row]]
    if isinstance(labels, np.ndarray) and labels.dtype.kind == "i" and \
            np.array_equal(labels[[0, -1]] if len(labels) else labels, [0, len(labels) - 1][:len(labels)]) \
            and (len(labels) < 3 or (np.diff(labels) == 1).all()):
        design = row.astype(labels.dtype)  # a RangeIndex: the label is the position
    else:
        design = labels[row]
    ind_codes = slot_ind[slot]
    data = {
        "design": design,
        "plot": _cat(g, plot_names),
        "as_of": as_of,
        "indicator": _cat(ind_codes, ind_cat),
        "subject": _cat(slot_subj[slot], subj_cat),
        "code": _cat(ind_codes, code_names),
        "status": _cat(out.status.ravel()[at] - 1, STATUS_NAMES[1:]),
        "reason": _cat(out.reason.ravel()[at] - 1, REASONS[1:]),
        "actual": out.actual.ravel()[at],
        "actual_text": _cat(text, text_names),
        "limit_min": lmin.ravel()[gs],
        "limit_max": lmax.ravel()[gs],
        "source": _cat(src.ravel()[gs], src_names),
        "clause": _cat(cla.ravel()[gs], clause_names),
    }
    return pd.DataFrame(data, columns=list(RESULT_COLUMNS), copy=False)


def _cat(codes: np.ndarray, names: list[str]):
    """A categorical from codes into ``names`` (which may repeat); -1 is missing."""
    import pandas as pd

    uniq = list(dict.fromkeys(names))
    if len(uniq) != len(names):
        remap = np.array([uniq.index(v) for v in names] + [-1], dtype=np.int32)
        codes = remap[codes]
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniq, dtype=object), validate=False)
