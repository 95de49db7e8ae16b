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

import copy
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .. import landuse as landuse_mod
from ..checker import DEFAULT_POLICY, Policy, evaluate
from ..dates import parse_date
from ..errors import InputError, UnknownPlotError
from ..indicators import INDICATORS, RULE_LAND_USE, RULE_SETBACK, RULE_SIDES, describe, version
from ..status import Reason, Status
from ..report import FAIL, INDETERMINATE, PASS, WARN
from . import exact, memory
from .columns import KNOWN, NUMERIC, SOURCE_ATTR, Numeric, Where, factorized, flag, numeric, sides
from .parallel import Scratch, default_threads, run_in_parts

# --- slots: finding positions, in the order check() emits them ------------------------------
@dataclass(frozen=True)
class _Layout:
    """Where each finding goes in the result matrix, derived from the indicator declarations:
    the plot, the land use, then per indicator its declared-figure cross-check (a ratio with a
    declared field) and itself, then the site area — ``check``'s order."""

    order: tuple  # the indicators decided per slot (all but the land use), in reporting order
    slots: list  # (indicator, subject)
    slot: dict  # (indicator, subject) → slot
    width: int  # a power of two ≥ the number of slots: a flat cell splits with a shift and a mask
    shift: int
    ind_names: list
    subj_names: list
    code_names: list
    ind_of_slot: np.ndarray
    subj_of_slot: np.ndarray
    subject_of: dict  # a declared field → the indicator it declares
    land_use: str  # the land-use column


def _build_layout() -> _Layout:
    inds = [i for i in INDICATORS.values() if i.rule != RULE_LAND_USE]
    land_use = next(i.value.field.name for i in INDICATORS.values() if i.rule == RULE_LAND_USE)
    slots: list[tuple[str, str]] = [("plot", "plot"), ("land_use", "land_use")]
    for ind in inds:
        if ind.ratio is not None and ind.declared is not None:
            slots.append(("declared", ind.key))
        slots.append((ind.key, ind.key))
    slots.append(("site_area", "site_area"))
    n_slots = len(slots)
    width = 1 << (n_slots - 1).bit_length()
    ind_names = list(dict.fromkeys(s[0] for s in slots))
    subj_names = list(dict.fromkeys(s[1] for s in slots))
    pad = [-1] * (width - n_slots)
    return _Layout(
        order=tuple(inds), slots=slots, slot={s: i for i, s in enumerate(slots)}, width=width,
        shift=width.bit_length() - 1, ind_names=ind_names, subj_names=subj_names,
        code_names=[describe(i).code for i in ind_names],
        ind_of_slot=np.array([ind_names.index(s[0]) for s in slots] + pad, dtype=np.int8),
        subj_of_slot=np.array([subj_names.index(s[1]) for s in slots] + pad, dtype=np.int8),
        subject_of={i.declared.name: i.key for i in inds if i.declared is not None}, land_use=land_use)


_LAYOUT: tuple[int, _Layout] | None = None


def _layout() -> _Layout:
    """The layout for the indicators registered now (rebuilt when the registry changes)."""
    global _LAYOUT
    v = version()
    at = _LAYOUT
    if at is None or at[0] != v:
        at = _LAYOUT = (v, _build_layout())
    return at[1]


#: Every reason carries one status in ``check`` (waivers aside, which tables do not have), so the
#: result matrix holds reasons only.  Reasons are numbered status by status, which makes the status
#: of a reason code the number of status boundaries at or below it: three comparisons, no lookup.
_REASONS_BY_STATUS = tuple((st, tuple(r for r in Reason if r.status is st))
                           for st in (Status.PASS, Status.FAIL, Status.INDETERMINATE, Status.WARN))
STATUS_NAMES = [str(s) for s, _ in _REASONS_BY_STATUS]
REASONS = [""] + [str(r) for _, rs in _REASONS_BY_STATUS for r in rs]  # code 0: no finding
R = {r: i for i, r in enumerate(REASONS)}
_STATUS_STEPS = tuple(R[rs[0]] for _, rs in _REASONS_BY_STATUS[1:])

#: Columns of the result, in order (see ``check_table``).
RESULT_COLUMNS = ("design", "plot", "as_of", "indicator", "subject", "code", "status", "reason",
                  "actual", "actual_text", "limit_min", "limit_max", "source", "clause")

#: Rows decided at a time by the numeric indicators (see ``_Decider.run``).
DECIDE_BLOCK = 1 << 16

# modes of a numeric indicator slot within one group
M_ABSENT, M_NO_LIMIT, M_NO_NUMBER, M_NUMERIC, M_CROSS_ONLY = range(5)


@dataclass
class _Bound:
    t: float = np.nan  # threshold (float of the exact one)
    exact: bool = True  # threshold is repr-exact
    tie_breaks: bool = False  # X == T breaks the bound
    tie_known: bool = True  # the tie outcome is known without the exact path
    value: float = np.nan  # the limit itself, for the result table
    decimals: int = 99  # how many decimals the threshold has, written out exactly
    exact_t: Fraction | None = None  # the threshold itself where a tie is decided by the bound's rule


@dataclass
class _Plan:
    """What one resolution means for each slot."""

    res: Any
    mode: dict = field(default_factory=dict)  # indicator → M_*
    upper: dict = field(default_factory=dict)  # indicator → _Bound (max) or None
    lower: dict = field(default_factory=dict)  # indicator → _Bound (min) or None
    source: dict = field(default_factory=dict)  # slot → (document, clause)
    review: set = field(default_factory=set)  # slots whose approval still has open review items


def _bound(amount, exclusive: bool, upper: bool, policy: Policy) -> _Bound:
    """The threshold that decides a bound under the policy (see ``checker.violates``)."""
    value = amount.value
    if policy.comparison == "rounded" and amount.half_step:
        # round(a/step)·step > M ⇔ a > M + step/2 (a tie at M ± step/2 goes to the exact path)
        shift = amount.half_step if upper != exclusive else -amount.half_step
        t = value + shift
        return _Bound(float(t), exact.repr_exact(t), False, False, float(value))
    return _Bound(float(value), exact.repr_exact(value), exclusive, True, float(value), exact.decimals(value), value)


def _plan(res, policy: Policy, L: _Layout) -> _Plan:
    p = _Plan(res=res)
    if res.status == "unpublished":
        p.source[L.slot[("plot", "plot")]] = (res.unpublished_by.source.id, res.unpublished_by.clause)
    if res.land_use is not None:
        p.source[L.slot[("land_use", "land_use")]] = (res.land_use.approval.source.id,
                                                    res.land_use.approval.clause)
        if res.land_use.approval.review:
            p.review.add(L.slot[("land_use", "land_use")])
    for ind in L.order:
        key = ind.key
        inf = res.limits.get(key)
        if inf is None:
            if res.status == "in_force" and key in policy.required:
                p.mode[key] = M_NO_LIMIT
            elif ind.ratio is not None:
                p.mode[key] = M_CROSS_ONLY
            else:
                p.mode[key] = M_ABSENT
            continue
        p.source[L.slot[(key, key)]] = (inf.approval.source.id, inf.approval.clause)
        if inf.approval.review:
            p.review.add(L.slot[(key, key)])
        lim = inf.limit
        if ind.rule == RULE_SETBACK and lim.min is None and lim.min_large_commercial is None:
            p.mode[key] = M_NO_NUMBER  # e.g. 满足规划管理技术规定: for an officer
            continue
        if ind.rule in (RULE_SIDES, RULE_SETBACK):
            p.mode[key] = M_NUMERIC
        elif not lim.numeric:
            p.mode[key] = M_NO_NUMBER
            continue
        else:
            p.mode[key] = M_NUMERIC
        p.upper[key] = _bound(lim.max, lim.max_exclusive, True, policy) if lim.max is not None else None
        p.lower[key] = _bound(lim.min, lim.min_exclusive, False, policy) if lim.min is not None else None
    if res.area is not None:
        p.source[L.slot[("site_area", "site_area")]] = (res.area[1].source.id, res.area[1].clause)
    return p


class _Out:
    """The result matrix: one reason code per design and slot (0: no finding there), row-major, so
    that its non-zero cells in memory order are the result rows in ``check``'s order; and, for the
    slots that have them, the actual values (NaN where a finding has none) and text codes."""

    def __init__(self, n: int, layout: _Layout, threads: int, pages: memory.Pages):
        self.n = n
        self.L = layout
        # zeroed block by block in the threads: on a first call these are fresh pages, and the
        # first whole-column write (the plot's status) would otherwise fault them all in one thread
        self.reason = pages.empty((n, layout.width), np.int8)
        run_in_parts(lambda first, last, _: self.reason[first * DECIDE_BLOCK:last * DECIDE_BLOCK].fill(0),
                     -(-n // DECIDE_BLOCK), threads)
        # actual values, slot-major; a row is filled (NaN first) when its slot is first given one.
        # One NaN cell after them: the assembly reads a value-less slot's cells there (``clip``).
        self.flat_values = pages.empty(layout.width * n + 1, np.float64, fault_in=False)  # slots touched: a few
        self.flat_values[-1] = np.nan
        self.values = self.flat_values[:-1].reshape(layout.width, n)
        self.actual: dict[int, np.ndarray] = {}  # slot → its row of ``values``
        self.text: dict[int, tuple[np.ndarray, list[str]]] = {}  # slot → (codes per row, labels)
        self.unsure = np.zeros(n, dtype=bool)
        self.touched: set[int] = set()  # slots written to (a superset of those with findings)
        self.filled: dict[int, list] = {}  # slot → the row ranges blocks have given values to

    def finish_blocks(self) -> None:
        """NaN in the rows of a slot with values that no block gave values to (their findings,
        if any, have none)."""
        for slot, ranges in self.filled.items():
            row = self.values[slot]
            at = 0
            for a, b in sorted(ranges):
                row[at:a] = np.nan
                at = b
            row[at:] = np.nan
        self.filled.clear()

    def column(self, slot: int) -> np.ndarray:
        """The slot's reasons for all rows, to write into."""
        self.touched.add(slot)
        return self.reason[:, slot]

    def actual_of(self, slot: int, fill: bool = True) -> np.ndarray:
        """The slot's actual values for all rows, to write into (NaN unless ``fill`` is False,
        for a caller that writes every row)."""
        a = self.actual.get(slot)
        if a is None:
            a = self.actual[slot] = self.values[slot]
            if fill:
                a.fill(np.nan)
        return a

    def put(self, slot: int, rows, reason, actual=None) -> None:
        """Write the rows selected by ``rows``: a full-length mask (values full-length or scalar)
        or row indices (values per index or scalar)."""
        col = self.column(slot)
        if isinstance(rows, np.ndarray) and rows.dtype == bool:
            np.copyto(col, reason, where=rows, casting="unsafe")
            if actual is not None:
                np.copyto(self.actual_of(slot), actual, where=rows)
            return
        col[rows] = reason
        if actual is not None:
            self.actual_of(slot)[rows] = actual


class _OutRows:
    """Rows ``a``..``b - 1`` of an ``_Out``, for deciding a block of rows: the same interface on
    views of the parent's arrays.  A slot first given values here is NaN-filled here only; the
    parent NaN-fills the blocks that never gave it any (``_Out.finish_blocks``)."""

    def __init__(self, parent: _Out, a: int, b: int):
        self.parent, self.a, self.b = parent, a, b
        self.n = b - a
        self.L = parent.L
        self.reason = parent.reason[a:b]
        self.values = parent.values[:, a:b]
        self.unsure = parent.unsure[a:b]
        self.actual: dict[int, np.ndarray] = {}

    def column(self, slot: int) -> np.ndarray:
        self.parent.touched.add(slot)
        return self.reason[:, slot]

    def actual_of(self, slot: int, fill: bool = True) -> np.ndarray:
        a = self.actual.get(slot)
        if a is None:
            a = self.actual[slot] = self.values[slot]
            self.parent.actual.setdefault(slot, self.parent.values[slot])
            self.parent.filled.setdefault(slot, []).append((self.a, self.b))
            if fill:
                a.fill(np.nan)
        return a

    put = _Out.put


def _as_frame(table):
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    if isinstance(table, pd.Series):  # one column (pandas Series also speak Arrow's stream)
        raise InputError(f"a Series ({table.name!r}) is one column, not a table of designs",
                         field="table", expected="a DataFrame with a plot column (Series.to_frame())")
    if hasattr(table, "to_pandas"):  # Arrow, polars …
        return table.to_pandas()
    if hasattr(table, "__arrow_c_stream__"):
        import pyarrow as pa

        return pa.table(table).to_pandas()
    if isinstance(table, dict):
        try:
            return pd.DataFrame(table)
        except (ValueError, TypeError) as exc:  # scalars (one design), columns of other lengths
            raise InputError(f"the mapping is not a table of designs: {exc}", field="table",
                             expected="a mapping of columns of equal length, one value per design "
                                      "(for one design, zoning_rules.check)") from None
    raise InputError(f"cannot read a table of designs from {type(table).__name__}",
                     expected="a pandas DataFrame, an Arrow table or a mapping of columns")


def _own_labels(index, where: Where) -> None:
    """Every design its own label: the result names designs by their index labels, so a label
    shared by two rows would make two designs one."""
    import pandas as pd

    if isinstance(index, pd.RangeIndex) or index.is_unique:
        return
    first = int(np.flatnonzero(index.duplicated(keep=False))[0])  # NaN labels too (NaN == NaN is False)
    twice = index[first]
    raise InputError(f"the index label {str(twice)!r} names more than one design (rows {first + 1} and more)",
                     file=where.name, field="index", value=twice,
                     expected="each design its own index label (frame.reset_index(drop=True) numbers them)")


def _check_columns(frame, where: Where) -> None:
    import difflib

    twice = frame.columns[frame.columns.duplicated()]
    if len(twice):
        raise InputError(f"the column {twice[0]!r} appears more than once", file=where.name,
                         field=str(twice[0]), expected="each design field in one column")
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
    codes, uniques = factorized(frame["as_of"])
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
            raise UnknownPlotError(exc.plot, exc.suggestions, file=where.at(row)) from None
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
    # each plot its own group (one date, every code distinct): the codes are the groups
    same = len(pair_group) == len(pair_uniq) and np.array_equal(pair_group, np.arange(len(pair_group)))
    group = pair_codes if same else pair_group.take(pair_codes)
    row_day = dcodes
    return group, resolutions, row_day, days


def check_table(table, rulebook=None, as_of: dt.date | str | None = None,
                policy: Policy = DEFAULT_POLICY, *, name: str = "<table>",
                columns: Sequence[str] | None = None, threads: int | None = None):
    """Check every design of a table; one result row per design and finding, as ``check`` finds.

    ``table``: a pandas DataFrame (or an Arrow table, or a mapping of columns) with one design per
    row: ``plot``; numeric fields in base units (``site_area``, ``floor_area``,
    ``footprint_area``, ``green_area`` in m²; ``far``; ``building_density``, ``green_ratio`` as
    fractions; ``height``, ``setback`` in m; ``parking_spaces``); ``land_use``,
    ``entrance_side`` (a side, several separated by commas, or a list), ``large_commercial``;
    optionally ``as_of`` per row (else ``as_of``, else today) and ``name``/``id``.  A missing cell
    is a value the design does not give (→ indeterminate where a limit needs it).  A float cell
    means the decimal its ``repr`` shows, as in ``check``; a declared ratio also stands for half a
    unit of its last digit either side (``declared_rounded_at_limit`` where that reaches across a
    limit): of ``repr``'s last digit for a float, ½ for an integer column, the written last digit
    for text (``'2.40'``, ``'35%'``).  Errors name the 1-based row (and the file's line for a CSV
    read by ``io.read_table``).

    Returns a pandas DataFrame with ``RESULT_COLUMNS``: the design (the input row's index label),
    the plot as the rule book writes it, the date, the indicator, the subject (the indicator a
    declared-figure cross-check is about), the stable code, status, reason, the actual value
    (float, for display; decisions were exact), ``actual_text`` (land use, entrance sides), the
    limit's min/max and the source document and clause.  Text columns are categoricals.  With one
    date for every row, ``as_of`` is a read-only view of that date (no copy per row); pandas cannot
    assign into such a column in place (pandas-dev/pandas#62144): replace it first,
    ``result["as_of"] = result["as_of"].copy()``, to edit dates in the result.

    ``columns``: only these result columns, in this order (the rows are the same).  Every column
    costs a pass over the result; a caller that only needs, say, design, indicator, status and
    reason saves most of the time spent building the table (see docs/benchmarks.md).

    ``threads``: how many threads screen and decide the rows and build the result table, block
    by block (default ``default_threads()``: the CPUs this process may use, at most 4; 1 for
    none).  The decisions are the same whatever the number; a caller that already runs tables in
    parallel (``check_dask``) passes 1.
    """
    import pandas as pd

    from ..checker import given

    given(rulebook, policy)  # a path where a RuleBook belongs is bad input, not an AttributeError
    wanted = _wanted(columns)
    threads = _threads(threads)
    frame = _as_frame(table)
    index = frame.index
    where = Where(name, index, frame.attrs.get(SOURCE_ATTR))
    _check_columns(frame, where)
    _own_labels(index, where)
    from .celltypes import admissible

    frame = admissible(frame, where)  # lists, mappings, bytes in a cell: refused by name
    if rulebook is None:
        from ..rulebook import load_rulebook

        rulebook = load_rulebook()
    default = parse_date(as_of)
    n = len(frame)
    group, resolutions, row_day, days = _groups(frame, rulebook, default, where) if n else \
        (np.zeros(0, dtype=np.intp), [], np.zeros(0, dtype=np.intp), [default])
    group = group.astype(np.intp, copy=False)  # gathered into intp scratch by the assembly
    layout = _layout()
    plans = [_plan(r, policy, layout) for r in resolutions]
    cols = {c: numeric(frame[c], c, where) for c in NUMERIC if c in frame.columns}
    from .plausibility import check_rows

    # a row that cannot exist is an error, as in check
    check_rows(cols, n, where, policy.plausibility, frame=frame, threads=threads)
    pages = memory.Pages()  # huge pages or not, decided on the first large array (memory.py)
    out = _Out(n, layout, threads, pages)
    _Decider(frame, cols, group, plans, out, where, policy, threads).run()
    _recheck(frame, cols, out, resolutions, group, policy, where, rulebook, row_day, days)
    data = _assemble(out, index, group, plans, row_day, days, wanted, threads, pages)
    return pd.DataFrame(data, columns=list(wanted), copy=False)


def _threads(threads) -> int:
    if threads is None:
        return default_threads()
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise InputError(f"threads must be a whole number of at least 1, not {threads!r}", field="threads",
                         value=threads, expected="1, 2, … (or None for the default)")
    return int(threads)


def _wanted(columns) -> tuple[str, ...]:
    if columns is None:
        return RESULT_COLUMNS
    if isinstance(columns, str):
        columns = (columns,)
    try:
        wanted = tuple(columns)
    except TypeError:
        raise InputError(f"columns={columns!r} is not a list of result columns", field="columns",
                         value=repr(columns)[:60], expected="some of " + ", ".join(RESULT_COLUMNS)) from None
    for c in wanted:
        if c not in RESULT_COLUMNS:
            raise InputError(f"unknown result column {c!r}", field="columns", value=c,
                             expected="some of " + ", ".join(RESULT_COLUMNS))
    if len(set(wanted)) != len(wanted):
        raise InputError("a result column is asked for twice", field="columns", value=",".join(wanted),
                         expected="each column once")
    return wanted


class _Decider:
    """Decides every slot for all rows.  Per-group facts (modes, thresholds, the reason each case
    gives) are small arrays indexed by group code; a slot's reasons for all rows are one lookup
    in a (group, case) table, so the per-row work is a few comparisons and one gather."""

    def __init__(self, frame, cols: dict[str, Numeric], group: np.ndarray, plans: list[_Plan],
                 out: _Out, where: Where, policy: Policy, threads: int = 1):
        self.frame = frame
        self.threads = threads
        self.policy = policy
        self.cols = cols
        self.group = group
        self.plans = plans
        self.out = out
        self.L = out.L
        self.where = where
        self.n = len(group)
        self.n_groups = len(plans)
        self._case_base: np.ndarray | None = None
        self._thresholds: dict = {}  # (indicator, upper) → per-row threshold
        self._side_cache = None
        self._shared: dict = {}  # per-group facts, shared with the blocks (``_per_call``)
        self._flag_cache = None

    def block(self, a: int, b: int) -> "_Decider":
        """A decider of rows ``a``..``b - 1`` alone (views; its own per-row caches)."""
        if a == 0 and b == self.n:
            return self
        part = copy.copy(self)
        part.cols = {k: c.rows(a, b) for k, c in self.cols.items()}
        part.group = self.group[a:b]
        part.out = _OutRows(self.out, a, b)
        part.n = b - a
        part._case_base = None
        part._thresholds = {}
        return part

    def col(self, key: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        c = self.cols.get(key)
        if c is None:
            return None, None
        return c.x, c.present

    def per_group(self, values) -> np.ndarray:
        arr = np.asarray(values)
        return arr.take(self.group) if len(arr) != 1 else np.broadcast_to(arr, (self.n,))

    def case_index(self, case: np.ndarray) -> np.ndarray:
        """Index into a (group, case) table with 8 cases per group."""
        if self.n_groups == 1:
            return case.astype(np.intp)
        if self._case_base is None:
            self._case_base = self.group << 3
            self._case_idx = np.empty(self.n, dtype=np.intp)  # reused: one slot's index at a time
        return np.bitwise_or(self._case_base, case, out=self._case_idx)

    def run(self) -> None:
        if self.n == 0:
            return
        for c in self.cols.values():
            if c.odd is not None:
                self.out.unsure |= c.odd
        # every cell is validated as Design validates it, whether or not its plot has a limit for it
        self._side_codes()
        self._flags()
        self._land_use_values()
        self._plot()
        self._land_use()
        numeric = []
        for ind in self.L.order:
            modes = np.array([p.mode[ind.key] for p in self.plans], dtype=np.int8)
            if not modes.any():
                continue
            if ind.rule == RULE_SIDES:
                self._entrance(ind, self.per_group(modes))
            elif ind.rule == RULE_SETBACK:
                self._setback(ind, self.per_group(modes))
            else:
                numeric.append((ind, modes))
        if numeric:
            # block by block, every numeric indicator of a block at once: the dozen row-length
            # temporaries of a decision stay in the cache (and are not fresh pages on a first call).
            # Blocks write only their own rows, so threads may take them in any order.
            starts = range(0, self.n, DECIDE_BLOCK)

            def decide(first: int, last: int, scratch) -> None:
                for j in range(first, last):
                    rows = self.block(starts[j], min(starts[j] + DECIDE_BLOCK, self.n))
                    for ind, modes in numeric:
                        rows._numeric(ind, modes)

            run_in_parts(decide, len(starts), self.threads)
            self.out.finish_blocks()
        self._site_area()
        self._under_review()

    def _under_review(self) -> None:
        """A pass or fail from an approval with open review items is indeterminate (``under_review``)."""
        first_indeterminate = _STATUS_STEPS[1]
        for slot in sorted(set().union(*(p.review for p in self.plans))):
            in_review = self.per_group(np.array([slot in p.review for p in self.plans]))
            col = self.out.reason[:, slot]
            hit = in_review & (col > 0) & (col < first_indeterminate)
            col[hit] = R[Reason.UNDER_REVIEW]

    # --- plot status and land use ------------------------------------------------------------
    def _plot(self) -> None:
        st = np.array([{"unpublished": R[Reason.UNPUBLISHED], "none": R[Reason.NO_APPROVAL_IN_FORCE]}
                       .get(p.res.status, 0) for p in self.plans], dtype=np.int8)
        if not st.any():
            return
        self.out.column(self.L.slot[("plot", "plot")])[:] = self.per_group(st)

    def _land_use(self) -> None:
        import pandas as pd

        has = np.array([p.res.land_use is not None for p in self.plans])
        if not has.any():
            return
        slot = self.L.slot[("land_use", "land_use")]
        if "land_use" not in self.frame.columns:
            self.out.column(slot)[:] = self.per_group(np.where(has, R[Reason.VALUE_MISSING], 0).astype(np.int8))
            return
        rows = np.flatnonzero(self.per_group(has))
        codes, uniq = self._land_use_values()
        resolved = []
        for v in uniq:
            text = str(v).strip()
            resolved.append(landuse_mod.resolve(text) if text else None)
        missing_u = np.array([r is None for r in resolved] + [True])  # last: NA sentinel
        c = codes[rows]
        miss = missing_u[c]
        self.out.put(slot, rows[miss], R[Reason.VALUE_MISSING])
        rows, c = rows[~miss], c[~miss]
        g = self.group[rows]
        pair = c.astype(np.int64) * len(self.plans) + g
        pcodes, puniq = pd.factorize(pair)
        reason = np.empty(len(puniq), dtype=np.int8)
        for j, pv in enumerate(puniq):
            lu, gi = divmod(int(pv), len(self.plans))
            same = landuse_mod.same(resolved[lu], self.plans[gi].res.land_use.limit.land_use)
            reason[j] = (R[Reason.WITHIN_LIMIT] if same is True else R[Reason.WRONG_LAND_USE] if same is False
                         else R[Reason.LAND_USE_UNDECIDABLE])
        self.out.put(slot, rows, reason[pcodes])
        labels = [r.label if r is not None else "" for r in resolved]
        text_codes = np.full(self.n, -1, dtype=np.int32)
        text_codes[rows] = c
        self.out.text[slot] = (text_codes, labels)

    def _land_use_values(self):
        """(codes, distinct values) of the land_use column; a value that is not text is an error."""
        import pandas as pd

        if "land_use" not in self.frame.columns:
            return None
        if getattr(self, "_land_use_cache", None) is None:
            codes, uniq = factorized(self.frame["land_use"])
            for j, v in enumerate(uniq):
                if not isinstance(v, str):
                    raise self.where.error(f"{v!r} is not a land use (expected a code or a name as text)",
                                           int(np.flatnonzero(codes == j)[0]), "land_use", v)
            self._land_use_cache = (codes, uniq)
        return self._land_use_cache

    # --- numeric indicators ------------------------------------------------------------------
    def _per_call(self, what: tuple, make):
        """A per-group fact computed once per call and shared by every block (a block's decider
        shares this dict with the whole's; computing it twice in two threads is harmless)."""
        got = self._shared.get(what)
        if got is None:
            got = self._shared[what] = make()
        return got

    def _bounds(self, key: str, upper: bool):
        """Per group: has the bound, threshold, tie decidable in float, tie breaks the bound."""
        def make():
            bounds = [(p.upper if upper else p.lower).get(key) for p in self.plans]
            has = np.array([b is not None for b in bounds])
            t = np.array([b.t if b else np.nan for b in bounds])
            ex = np.array([b.exact and b.tie_known if b else True for b in bounds])
            tie = np.array([b.tie_breaks if b else False for b in bounds])
            return has, t, ex, tie

        return self._per_call(("bounds", key, upper), make)

    def _cases(self, modes: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Reason and actual-multiplier per (group, given, min broken, max broken)."""
        def make():
            live_g, no_limit_g = modes == M_NUMERIC, modes == M_NO_LIMIT
            table = np.zeros((self.n_groups, 2, 2, 2), dtype=np.int8)
            table[no_limit_g] = R[Reason.NO_LIMIT_ON_RECORD]
            table[modes == M_NO_NUMBER] = R[Reason.LIMIT_WITHOUT_NUMBER]
            table[live_g, 0] = R[Reason.VALUE_MISSING]
            table[live_g, 1] = ((R[Reason.WITHIN_LIMIT], R[Reason.EXCEEDS_MAX]),
                                (R[Reason.BELOW_MIN], R[Reason.EXCEEDS_MAX]))  # check() reports the maximum first
            keep = np.full((self.n_groups, 2, 2, 2), np.nan)
            keep[live_g, 1] = 1.0
            keep[no_limit_g, 1] = 1.0  # no limit on record still shows the design's value
            return table.ravel(), keep.ravel()

        return self._per_call(("cases", key), make)

    def _numeric(self, ind, modes: np.ndarray) -> None:
        """One numeric indicator for all rows (``checker._numeric`` and ``_ratio_actual``).

        Each row falls into a case — value given or not, maximum broken, minimum broken — and the
        row's group turns the case into a reason: ``no_limit_on_record`` whatever the case where
        the group has no limit, ``value_missing``/``within_limit``/``exceeds_max``/``below_min``
        where it has one.
        """
        out = self.out
        key, ratio = ind.key, ind.ratio
        slot = self.L.slot[(key, key)]
        live_g = modes == M_NUMERIC
        no_limit_g = modes == M_NO_LIMIT
        checked_g = live_g | no_limit_g | (modes == M_CROSS_ONLY)  # declared figures cross-checked
        table, keep = self._cases(modes, key)
        d, d_has = self.col(key)
        areas = f = s = None
        if ratio is not None and checked_g.any():
            f, f_has = self.col(ratio.numerator.name)
            s, s_has = self.col(ratio.denominator.name)
            if f is not None and s is not None:
                if ratio.per != 1:  # N / D · per is N / (D / per): one more rounding, well inside the band
                    s = s / float(ratio.per)
                areas = f_has & s_has
                if d is not None:
                    self._declared(key, self.per_group(checked_g) & areas & d_has, d, f, s)
                if not areas.any():
                    areas = None
        if areas is None:
            given, by_decl, actual = d_has, d_has, d
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = f / s
            if d is None:
                given, by_decl, actual = areas, None, ratio
            else:
                given = areas | d_has
                by_decl = d_has & ~areas
                actual = np.where(areas, ratio, d)
        broken = {}
        if live_g.any() and given is not None:
            for upper in (True, False):
                broken[upper] = self._broken(key, upper, d, by_decl, areas, f, s)
        if given is None:  # the column is absent: the case is "not given" for every row
            out.column(slot)[:] = self.per_group(table[::8])  # (group, 0, 0, 0)
            return
        case = given.view(np.int8) << np.int8(2)
        b_max, b_min = broken.get(True), broken.get(False)
        if b_max is not None:
            case |= b_max.view(np.int8)
        if b_min is not None:
            case |= b_min.view(np.int8) << np.int8(1)
        idx = self.case_index(case)
        # mode="clip": the indices are valid, and "raise" with out= gathers into a copy first
        np.take(table, idx, out=out.column(slot), mode="clip")
        # ×1 keeps the value exactly, ×NaN drops it where the finding has none
        dst = np.take(keep, idx, out=out.actual_of(slot, fill=False), mode="clip")
        np.multiply(actual, dst, out=dst)
        if ratio is not None and d is not None and live_g.any():
            if self.policy.comparison == "full":
                self._rounded_at_limit(key, slot, d, by_decl if areas is not None else None)
            else:  # 修约值比较法: rare, so the candidates near a bound are decided by the reference
                self._near_bound_recheck(key, d, by_decl if areas is not None else None)

    def _threshold(self, key: str, upper: bool, t_g: np.ndarray) -> np.ndarray:
        """Each row's threshold for the bound (NaN where its group has none), gathered once."""
        t = self._thresholds.get((key, upper))
        if t is None:
            t = self._thresholds[(key, upper)] = self.per_group(t_g)
        return t

    def _near_bound_recheck(self, key: str, d: np.ndarray, by_decl: np.ndarray | None) -> None:
        """Under rounded comparison a declared ratio coarser than its limit may round either way:
        every row within the column's largest half step of a bound is re-decided exactly."""
        col = self.cols[key]
        reach = col.largest_half_step() * (1 + 2.0 ** -20)
        for upper in (True, False):
            bs = [(p.upper if upper else p.lower).get(key) for p in self.plans]
            if all(b is None for b in bs):
                continue
            t = self._threshold(key, upper, np.array([b.t if b else np.nan for b in bs]))
            near = exact.within(d, np.broadcast_to(t, d.shape), reach)
            if by_decl is not None:
                near &= by_decl
            self.out.unsure |= near

    def _rounded_at_limit(self, key: str, slot: int, d: np.ndarray, by_decl: np.ndarray | None) -> None:
        """A declared ratio decides and its rounding interval reaches across a bound: indeterminate
        (``checker._rounded_at_limit``).  Only a few rows can be such, found in two cheap passes,
        and only those are decided exactly (``exact.straddles``).

        A float ``d`` stands for ``repr(d)``, of ``k ≥ 1`` decimals (an integer column: ``k = 0``),
        so ``H = 5·10**-(k+1)``.  When ``k`` is at least the number of decimals of ``T``, ``D − T``
        is a multiple of ``10**-k`` and so ``|D − T| ≤ H`` only at ``D == T``: rows near a threshold
        other than on it matter only when they have fewer decimals than it.  Text cells carry
        their own ``H``: every row within the column's largest one is looked at.
        """
        col = self.cols[key]
        least_k = None if col.half is not None else 0 if col.integers else 1
        bounds = self._per_call(("bound objects", key), lambda: {
            upper: [(p.upper if upper else p.lower).get(key) for p in self.plans] for upper in (True, False)})
        near = None
        for upper, bs in bounds.items():
            if all(b is None for b in bs):
                continue
            t = self._threshold(key, upper, self._bounds(key, upper)[1])
            most = max(b.decimals for b in bs if b is not None)
            if least_k is not None and most <= least_k:
                hit = d == t
            else:
                hit = exact.within(d, np.broadcast_to(t, d.shape), col.largest_half_step() * (1 + 2.0 ** -20))
            near = hit if near is None else near | hit
        if near is None:
            return
        if by_decl is not None:
            near &= by_decl
        rows = np.flatnonzero(near)
        if least_k == 1 and rows.size:  # keep rows on a threshold or with fewer decimals than one
            dv = d[rows]
            keep = np.zeros(rows.size, dtype=bool)
            for upper, bs in bounds.items():
                if all(b is None for b in bs):
                    continue
                keep |= dv == self._thresholds[(key, upper)][rows]  # on a limit: always within its interval
                most = max(b.decimals for b in bs if b is not None)
                if most > 1:
                    keep |= exact.at_most_decimals(dv, min(most - 1, 17))
            rows = rows[keep]
        if rows.size == 0:
            return
        g = self.group[rows]
        dv = d[rows]
        per_bound = {}
        for upper, bs in bounds.items():
            if all(b is None for b in bs):
                continue
            t = np.array([b.t if b else np.nan for b in bs]).take(g)
            dec = np.array([b.decimals if b else 99 for b in bs]).take(g)
            # an inclusive maximum or an exclusive minimum: D − T == +H reaches across
            tie_high = np.array([bool(b and (upper != b.tie_breaks)) for b in bs]).take(g)
            per_bound[upper] = (t, dec, tie_high)
        h, known = col.half_steps(rows)
        across = np.zeros(rows.size, dtype=bool)
        unsure = ~known
        for t, dec, tie_high in per_bound.values():
            has = ~np.isnan(t)
            a, u = exact.straddles(dv, np.where(known, h, 0.0), t, dec, tie_high)
            across |= a & has & known
            unsure |= u & has
        unsure &= ~across
        self.out.unsure[rows[unsure]] = True
        self.out.column(slot)[rows[across]] = R[Reason.DECLARED_ROUNDED_AT_LIMIT]

    def _broken(self, key: str, upper: bool, d, by_decl, areas, f, s) -> np.ndarray | None:
        """Rows whose value breaks the bound (None when no group has it); undecided rows are marked
        for the exact re-check (see exact.py)."""
        has_g, t_g, ex_g, tie_g = self._bounds(key, upper)
        if not has_g.any():
            return None
        t = self._threshold(key, upper, t_g)  # NaN where the row's group has no such bound: never broken
        broken = None
        if d is not None:
            broken = d > t if upper else d < t
            if tie_g.any() or not ex_g[has_g].all():
                tie = d == t
                if tie.any():
                    broken |= tie & self.per_group(ex_g & tie_g)
                    unsure = tie & ~self.per_group(ex_g)
                    if areas is not None:
                        unsure &= by_decl
                    self.out.unsure |= unsure
            if areas is not None:
                broken &= by_decl
        if areas is not None:
            with np.errstate(invalid="ignore", over="ignore"):
                ts = t * s
                q = (f - ts) if upper else (ts - f)
                pos, unsure = exact.banded(q, np.abs(f) + np.abs(ts))
            pos &= areas
            unsure &= areas & self.per_group(has_g)
            if unsure.any():  # ties inside the band: in integers where they can be, else by the exact path
                self._ratio_ties(key, upper, unsure, pos)
            broken = pos if broken is None else broken | pos
            self.out.unsure |= unsure
        return broken

    def _ratio_ties(self, key: str, upper: bool, unsure: np.ndarray, pos: np.ndarray) -> None:
        """Decide the band's rows of a ratio of two float or integer columns with integers
        (``exact.ratio_sign``): ``pos`` gets their verdict and ``unsure`` loses them."""
        ratio = INDICATORS[key].ratio
        num, den = self.cols.get(ratio.numerator.name), self.cols.get(ratio.denominator.name)
        if num is None or den is None or num.objects or den.objects:
            return
        bounds = [(p.upper if upper else p.lower).get(key) for p in self.plans]
        limit = 2 ** 62
        left_g = np.zeros(len(bounds), dtype=np.int64)
        right_g = np.zeros(len(bounds), dtype=np.int64)
        usable = np.zeros(len(bounds), dtype=bool)
        tie_g = np.zeros(len(bounds), dtype=bool)
        a, b = ratio.per.numerator, ratio.per.denominator
        for gi, bd in enumerate(bounds):
            if bd is None or bd.exact_t is None:
                continue
            left, right = a * bd.exact_t.denominator, bd.exact_t.numerator * b  # F·per/S vs P/Q
            if abs(left) < limit and abs(right) < limit:
                left_g[gi], right_g[gi], usable[gi], tie_g[gi] = left, right, True, bd.tie_breaks
        rows = np.flatnonzero(unsure)
        g = self.group[rows]
        keep = usable[g] & (den.x[rows] > 0)
        rows, g = rows[keep], g[keep]
        if rows.size == 0:
            return
        sign, ok = exact.ratio_sign(num.x[rows], den.x[rows], left_g[g], right_g[g])
        beyond = sign > 0 if upper else sign < 0
        verdict = beyond | ((sign == 0) & tie_g[g])
        rows, verdict = rows[ok], verdict[ok]
        pos[rows] = verdict
        unsure[rows] = False

    def _declared(self, key: str, both: np.ndarray, d, f, s) -> None:
        """Declared ratio against the one computed from the areas: warn beyond half a digit."""
        rows = np.flatnonzero(both)
        if rows.size == 0:
            return
        h, found = self.cols[key].half_steps(rows)
        dv, fv, sv = d[rows], f[rows], s[rows]
        with np.errstate(invalid="ignore", over="ignore"):
            ds, hs = dv * sv, h * sv
            q = np.abs(ds - fv) - hs
            warn, unsure = exact.banded(q, np.abs(ds) + np.abs(fv) + np.abs(hs))
        self.out.unsure[rows[unsure | ~found]] = True
        hit = rows[warn & found]
        with np.errstate(invalid="ignore", divide="ignore"):
            self.out.put(self.L.slot[("declared", key)], hit, R[Reason.DECLARED_MISMATCH], f[hit] / s[hit])

    def _side_codes(self):
        """(code per row, parsed sides per code; the last is the NA sentinel's None) of the
        entrance_side column, every distinct cell validated; None without the column."""
        import pandas as pd

        if "entrance_side" not in self.frame.columns:
            return None
        if self._side_cache is None:
            column = self.frame["entrance_side"]
            try:
                codes, uniq = factorized(column)
            except TypeError:  # cells that are lists of sides: hashable as tuples
                raw = column.to_numpy(dtype=object)
                cells = np.empty(len(raw), dtype=object)
                for i, v in enumerate(raw):
                    cells[i] = tuple(v) if isinstance(v, (list, np.ndarray)) else v
                codes, uniq = factorized(cells)
            parsed = []
            for j, v in enumerate(uniq):
                try:
                    parsed.append(sides(v))
                except ValueError as exc:
                    raise self.where.error(str(exc), int(np.flatnonzero(codes == j)[0]), "entrance_side",
                                           v) from None
            parsed.append(None)  # NA sentinel
            self._side_cache = (codes, parsed)
        return self._side_cache

    def _entrance(self, ind, mode: np.ndarray) -> None:
        key = ind.key
        slot = self.L.slot[(key, key)]
        self.out.put(slot, np.flatnonzero(mode == M_NO_LIMIT), R[Reason.NO_LIMIT_ON_RECORD])
        live = np.flatnonzero(mode == M_NUMERIC)
        if live.size == 0:
            return
        side_codes = self._side_codes()
        if side_codes is None:
            self.out.put(slot, live, R[Reason.VALUE_MISSING])
            return
        codes, parsed = side_codes
        c = codes[live]
        miss = np.array([p is None for p in parsed])[c]
        self.out.put(slot, live[miss], R[Reason.VALUE_MISSING])
        live, c = live[~miss], c[~miss]
        g = self.group[live]
        allowed = [set(p.res.limits[key].limit.equals or ())
                   if key in p.res.limits else set() for p in self.plans]
        ok = np.array([[all(s in a for s in (p or ())) for a in allowed] for p in parsed], dtype=bool)
        good = ok[c, g]
        self.out.put(slot, live, np.where(good, R[Reason.WITHIN_LIMIT], R[Reason.WRONG_SIDE]).astype(np.int8))
        text_codes = np.full(self.n, -1, dtype=np.int32)
        text_codes[live] = c
        self.out.text[slot] = (text_codes, [",".join(p) if p else "" for p in parsed])

    def _setback(self, ind, mode: np.ndarray) -> None:
        key = ind.key
        slot = self.L.slot[(key, key)]
        live = mode == M_NUMERIC
        x, has_x = self.col(key)
        no_limit = np.flatnonzero(mode == M_NO_LIMIT)  # a policy that requires a setback limit
        self.out.put(slot, no_limit, R[Reason.NO_LIMIT_ON_RECORD], x[no_limit] if x is not None else None)
        self.out.put(slot, np.flatnonzero(mode == M_NO_NUMBER), R[Reason.LIMIT_WITHOUT_NUMBER])
        if not live.any():
            return
        if x is None:
            self.out.put(slot, live, R[Reason.VALUE_MISSING])
            return
        self.out.put(slot, np.flatnonzero(live & ~has_x), R[Reason.VALUE_MISSING])
        rows = live & has_x
        if not rows.any():
            return
        has_g, t_g, ex_g, tie_g = self._bounds(key, False)
        has_min, t = self.per_group(has_g), self.per_group(t_g)
        base_broken, u1 = exact.direct(x, t, self.per_group(ex_g), self.per_group(tie_g), False)
        base_broken &= has_min
        u1 &= has_min
        large = [p.res.limits[key].limit.min_large_commercial
                 if key in p.res.limits else None for p in self.plans]
        has_large = self.per_group(np.array([v is not None for v in large]))
        lt = self.per_group(np.array([float(v.value) if v is not None else np.nan for v in large]))
        lex = self.per_group(np.array([exact.repr_exact(v.value) if v is not None else True
                                       for v in large]))
        # check() asks ``actual >= large``: a tie reaches it
        below_large, u2 = exact.direct(x, lt, lex, np.zeros(self.n, dtype=bool), False)
        u2 &= has_large
        below_large &= has_large
        fl = self._flags()
        reason = np.full(self.n, R[Reason.WITHIN_LIMIT], dtype=np.int8)
        need_flag = ~base_broken & below_large
        reason[need_flag & (fl == -1)] = R[Reason.LARGE_COMMERCIAL_UNKNOWN]
        reason[need_flag & (fl == 1)] = R[Reason.BELOW_MIN_LARGE_COMMERCIAL]
        reason[base_broken] = R[Reason.BELOW_MIN]
        self.out.unsure |= rows & (u1 | (~base_broken & u2))
        idx = np.flatnonzero(rows)
        self.out.put(slot, idx, reason[idx], x[idx])

    def _flags(self) -> np.ndarray:
        """large_commercial per row: 1 yes, 0 no, -1 not given."""
        if self._flag_cache is None:
            self._flag_cache = self._read_flags()
        return self._flag_cache

    def _read_flags(self) -> np.ndarray:
        import pandas as pd

        if "large_commercial" not in self.frame.columns:
            return np.full(self.n, -1, dtype=np.int8)
        codes, uniq = factorized(self.frame["large_commercial"])
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
        s, s_has = self.col("site_area")
        if s is None or all(a is None for a in areas):
            return
        has = self.per_group(np.array([a is not None for a in areas]))
        rows = np.flatnonzero(has & s_has)
        if rows.size == 0:
            return
        tol = float(self.policy.site_area_tolerance)
        r = np.array([float(a) if a is not None else np.nan for a in areas]).take(self.group[rows])
        sv = s[rows]
        with np.errstate(invalid="ignore", over="ignore"):
            tr = tol * r
            q = np.abs(sv - r) - tr
            warn, unsure = exact.banded(q, np.abs(sv) + np.abs(r) + np.abs(tr))
        self.out.unsure[rows[unsure]] = True
        hit = rows[warn]
        self.out.put(self.L.slot[("site_area", "site_area")], hit, R[Reason.SITE_AREA_DIFFERS], s[hit])


def _recheck(frame, cols, out: _Out, resolutions, group, policy, where, book, row_day, days) -> None:
    """Re-decide the few undecided rows with the reference ``evaluate`` on exact values."""
    rows = np.flatnonzero(out.unsure)
    if rows.size == 0:
        return
    from pydantic import ValidationError  # only now: building the design model is most of a cold start

    from ..design import design_model

    # only these rows become Python objects (a categorical column is not converted as a whole)
    plot = dict(zip(rows, frame["plot"].take(rows).to_numpy(dtype=object)))
    extra = {}
    for c in ("land_use", "entrance_side", "large_commercial"):
        if c in frame.columns:
            extra[c] = dict(zip(rows, frame[c].take(rows).to_numpy(dtype=object)))
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
            design = design_model().model_validate(data)
        except ValidationError as exc:
            e = exc.errors()[0]
            raise where.error(e["msg"], int(i), ".".join(map(str, e["loc"])), e.get("input")) from None
        res = resolutions[group[i]]
        if res.as_of != days[row_day[i]]:
            res = book.resolve(res.plot, days[row_day[i]])
        findings, _ = evaluate(design, res, policy)
        out.reason[i, :] = 0
        for a in out.actual.values():
            a[i] = np.nan
        for f in findings:
            subject = out.L.subject_of.get(f.fields[0], f.fields[0]) if f.indicator == "declared" else f.indicator
            slot = out.L.slot[(f.indicator, subject)]
            if Reason(f.reason).status != f.status:  # pragma: no cover - a reason's status is its own
                raise AssertionError(f"check reports {f.reason} as {f.status}; the batch table "
                                     f"expects {Reason(f.reason).status}")
            out.column(slot)[i] = R[f.reason]
            if isinstance(f.actual, Fraction):
                out.actual_of(slot)[i] = float(f.actual)


#: Rows of the result matrix assembled at a time: every temporary is a block's size (reused from
#: one block to the next and warm in the cache), and the only memory as large as the result is
#: the result's own columns.  On a fresh process, memory the process has never touched costs a page
#: fault per page, which made whole-size temporaries most of a first call.
ASSEMBLY_BLOCK = 1 << 14
#: Blocks a thread takes from the queue at a time (see ``parallel.run_in_parts``).
ASSEMBLY_TASK = 2


def _assemble(out: _Out, index, group, plans: list[_Plan], row_day, days, wanted, threads: int,
              pages: memory.Pages) -> dict:
    """The non-zero cells of the result matrix in memory order: design by design, in check()'s
    order.  Every column is a gather through the cells' positions (their row, slot, or (group,
    slot) pair) from a small per-slot or per-group table, written block by block straight into
    the result's own arrays: no Python object per row and no whole-size temporary."""
    import pandas as pd

    L = out.L
    n, k = out.n, L.width
    want = set(wanted)
    reason_rows = out.reason
    starts = range(0, n, ASSEMBLY_BLOCK)
    # where each block's cells go: counted first, so that blocks can be filled in any order
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    for j, a in enumerate(starts):
        offsets[j + 1] = offsets[j] + np.count_nonzero(reason_rows[a:a + ASSEMBLY_BLOCK])
    total = int(offsets[-1])
    n_g = max(len(plans), 1)
    cols: dict[str, np.ndarray] = {}
    cats: dict[str, list] = {}

    def column(name, dtype, names=None):
        """The result's array for ``name``: codes of the smallest dtype pandas keeps for ``names``."""
        if names is not None:
            cats[name] = names
            dtype = _code_dtype(len(names))
        cols[name] = pages.empty(total, dtype)
        return cols[name]

    # small tables: per slot, per group, per (group, slot); categories deduplicated beforehand
    ind_names, ind_of = _dedup(L.ind_names, L.ind_of_slot)
    code_names, code_of = _dedup(L.code_names, L.ind_of_slot)
    subj_names, subj_of = _dedup(L.subj_names, L.subj_of_slot)
    # one code per indicator (as declared): the code column is a copy of the indicator column's codes
    code_is_ind = code_of.dtype == ind_of.dtype and np.array_equal(code_of, ind_of)
    plot_names, plot_of_group = _dedup([p.res.plot for p in plans], np.arange(len(plans)))
    range_index = isinstance(index, pd.RangeIndex)
    labels = None if range_index else np.asarray(index)
    if "design" in want:
        column("design", np.int64 if range_index else labels.dtype)
    for c, names in (("status", STATUS_NAMES), ("reason", REASONS[1:]), ("indicator", ind_names),
                     ("code", code_names), ("subject", subj_names), ("plot", plot_names)):
        if c in want:
            column(c, None, names)
    tables = {}
    if want & {"limit_min", "limit_max", "source", "clause", "plot"}:
        tables = _group_slot_tables(plans, n_g, L)
        tables["plot"] = np.repeat(plot_of_group, k) if len(plans) else np.zeros(k, plot_of_group.dtype)
        for c in ("limit_min", "limit_max"):
            if c in want:
                column(c, np.float64)
        for c in ("source", "clause"):
            if c in want:
                codes, names = tables[c]
                names, remap = _dedup(names, codes)
                tables[c] = remap
                column(c, None, names)
    gs_columns = [c for c in ("plot", "limit_min", "limit_max", "source", "clause") if c in want]
    one_day = len(days) == 1
    day_arr = np.array([np.datetime64(d, "D") for d in days], dtype="datetime64[s]")
    if "as_of" in want:
        if one_day:  # one date for every row: a read-only view of it, not a copy per row
            cols["as_of"] = np.broadcast_to(day_arr[:1], (total,))
        else:
            column("as_of", "datetime64[s]")
    used = sorted(out.touched)  # the other slots have no cell to read
    if "actual" in want:
        column("actual", np.float64)
        # where a slot's cell starts in the slot-major values; a slot none of whose findings has a
        # value was never written: its cells are sent past the end, which ``clip`` reads as the
        # one NaN kept there
        value_base = np.full(k, out.flat_values.size + n, dtype=np.intp)
        for s in out.actual:
            value_base[s] = s * n
    text_slots: list[tuple[int, np.ndarray, int]] = []  # (slot, codes per row, offset into names)
    if "actual_text" in want:
        names: list[str] = []
        for s in used:
            t = out.text.get(int(s))
            if t is not None:
                text_slots.append((s, t[0], len(names)))
                names.extend(t[1])
        # position len(names) is the -1 ``_dedup`` keeps for "no text"
        text_names, text_remap = _dedup(names, np.arange(len(names) + 1))
        column("actual_text", None, text_names)
    own_rows = range_index and index.start == 0 and index.step == 1 and "design" in want

    def fill(first: int, last: int, scratch: Scratch) -> None:
        """Blocks ``first``..``last - 1`` into their places, with the caller's (thread's) scratch."""
        # Every gather below is ``mode="clip"``: its indices are valid by construction, and with the
        # default ``mode="raise"`` numpy gathers into a buffer of its own and copies it into ``out``:
        # fresh memory every block, a page fault per page, half of a first call's faults.
        for j in range(first, last):
            a = starts[j]
            b = min(a + ASSEMBLY_BLOCK, n)
            block = reason_rows[a:b].ravel()
            # the nonzero cells of a bool mask: numpy finds them ~3× faster than those of int8
            flat = np.flatnonzero(np.not_equal(block, 0, out=scratch.get("found", block.size, np.bool_)))
            m = flat.size
            if m == 0:
                continue
            dst = slice(int(offsets[j]), int(offsets[j + 1]))
            row = np.right_shift(flat, L.shift, out=scratch.get("row", m))  # within the block
            slot = np.bitwise_and(flat, k - 1, out=scratch.get("slot", m))
            if own_rows:  # the design is the row: its column is the rows' positions
                row_abs = np.add(row, a, out=cols["design"][dst])
            else:
                row_abs = np.add(row, a, out=scratch.get("row_abs", m))
                if "design" in want:
                    if range_index:
                        np.multiply(row_abs, index.step, out=cols["design"][dst])
                        np.add(cols["design"][dst], index.start, out=cols["design"][dst])
                    else:
                        np.take(labels, row_abs, out=cols["design"][dst], mode="clip")
            if want & {"status", "reason"}:
                reason = np.take(block, flat, out=scratch.get("reason", m, np.int8), mode="clip")
                if "status" in want:  # the status boundaries at or below the reason, in int8
                    status = cols["status"][dst]
                    np.greater_equal(reason, _STATUS_STEPS[0], out=status.view(np.bool_))
                    above = scratch.get("above", m, np.bool_)
                    for step in _STATUS_STEPS[1:]:
                        np.greater_equal(reason, step, out=above)
                        np.add(status, above, out=status, casting="unsafe")
                if "reason" in want:
                    np.subtract(reason, 1, out=cols["reason"][dst], casting="unsafe")
            if "indicator" in want:
                np.take(ind_of, slot, out=cols["indicator"][dst], mode="clip")
            if "code" in want:
                if code_is_ind and "indicator" in want:
                    np.copyto(cols["code"][dst], cols["indicator"][dst])
                else:
                    np.take(code_of, slot, out=cols["code"][dst], mode="clip")
            if "subject" in want:
                np.take(subj_of, slot, out=cols["subject"][dst], mode="clip")
            if gs_columns:
                # the (group, slot) pair: group·L.width + slot (the shift once per row, not per cell)
                shifted = np.left_shift(group[a:b], L.shift, out=scratch.get("shifted", b - a))
                gs = np.take(shifted, row, out=scratch.get("gs", m), mode="clip")
                gs |= slot
                for c in gs_columns:
                    np.take(tables[c], gs, out=cols[c][dst], mode="clip")
            if "as_of" in want and not one_day:
                np.take(day_arr, row_day.take(row_abs), out=cols["as_of"][dst], mode="clip")
            if "actual" in want:
                at = np.take(value_base, slot, out=scratch.get("at", m), mode="clip")
                at += row_abs  # the cell in the slot-major (slots × rows) matrix of values
                np.take(out.flat_values, at, out=cols["actual"][dst], mode="clip")
            if "actual_text" in want:
                text = cols["actual_text"][dst]
                text.fill(-1)
                for s, codes, offset in text_slots:
                    here = np.flatnonzero(slot == s)
                    if here.size:
                        c = codes.take(row_abs.take(here))
                        text[here] = text_remap.take(np.where(c >= 0, c + offset, len(text_remap) - 1))

    run_in_parts(fill, len(starts), threads, task=ASSEMBLY_TASK)
    data: dict[str, Any] = {}
    for c in wanted:
        data[c] = _cat(cols[c], cats[c]) if c in cats else cols[c]
    return data


def _code_dtype(n_names: int):
    """The dtype pandas keeps a categorical's codes in for ``n_names`` categories (so that it keeps
    ours rather than converting them: ``coerce_indexer_dtype``)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_names < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _dedup(names: list, codes: np.ndarray) -> tuple[list, np.ndarray]:
    """(distinct names, ``codes`` into them): a small table's codes remapped before they are
    gathered for every row, in the dtype of the result's codes; -1 stays missing."""
    uniq = list(dict.fromkeys(names))
    remap = np.array([uniq.index(v) for v in names] + [-1], dtype=np.int64)
    codes = np.asarray(codes)
    return uniq, remap.take(codes).astype(_code_dtype(len(uniq)))


def _group_slot_tables(plans: list[_Plan], n_g: int, L: _Layout) -> dict:
    """Limits and sources per (group, slot), flattened as group·L.width + slot."""
    lmin = np.full((n_g, L.width), np.nan)
    lmax = np.full((n_g, L.width), np.nan)
    src_names: dict[str, int] = {}
    clause_names: dict[str, int] = {}
    src = np.full((n_g, L.width), -1, dtype=np.int32)
    cla = np.full((n_g, L.width), -1, dtype=np.int32)
    for gi, p in enumerate(plans):
        for ind in L.order:
            key = ind.key
            inf = p.res.limits.get(key)
            if inf is not None:
                lim = inf.limit
                s = L.slot[(key, key)]
                if lim.min is not None:
                    lmin[gi, s] = float(lim.min.value)
                if lim.max is not None:
                    lmax[gi, s] = float(lim.max.value)
        for s, (doc, clause) in p.source.items():
            src[gi, s] = src_names.setdefault(doc, len(src_names))
            if clause is not None:
                cla[gi, s] = clause_names.setdefault(clause, len(clause_names))
    small = np.int8 if max(len(src_names), len(clause_names)) < 127 else np.int32
    return {"limit_min": lmin.ravel(), "limit_max": lmax.ravel(),
            "source": (src.ravel().astype(small), list(src_names)),
            "clause": (cla.ravel().astype(small), list(clause_names))}


def _cat(codes: np.ndarray, names: list[str]):
    """A categorical from codes into the distinct ``names``; -1 is missing.  The codes are used as
    they are (no validation pass, no copy when their dtype is the one pandas keeps)."""
    import pandas as pd

    return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object), validate=False)
