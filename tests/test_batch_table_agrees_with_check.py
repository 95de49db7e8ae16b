"""check_table gives, row for row, the findings check gives on the same designs, exactly decided."""
from __future__ import annotations

import datetime as dt
import functools
import math
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import Policy, check, load_rulebook  # noqa: E402
from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.errors import InputError, UnknownPlotError  # noqa: E402
from zoning_rules.indicators import INDICATORS  # noqa: E402
from plausible_designs import make_plausible  # noqa: E402

BOOK = load_rulebook()
PLOTS = list(BOOK.plot_codes())
# Limits of the embedded book, to aim values at their boundaries.
THRESHOLDS = sorted({Fraction(v) for v in ("0.1", "0.25", "0.6", "0.8", "1", "2.4", "3.5", "4.10", "5.15",
                                            "0.05", "0.2", "0.25", "0.3", "0.35", "0.4", "0.45", "0.5",
                                            "0.53", "12", "20", "24", "50", "100", "120", "58", "5", "10",
                                            "2.6", "0.32", "0.375", "2.45")})  # the last: the draft's
LAND_USES = ["RB", "G1", "公园绿地", "B1", "商业用地", "商业、居住混合用地", "R2", "S42", "社会停车场用地",
             "公共交通场站用地", "W1", "消防用地", "A33", "B41", "居住用地"]
SIDES = ["north", "south", "北", "南侧", "east", "north,south", "south、west"]
DATES = [dt.date(2020, 12, 31), dt.date(2021, 1, 11), dt.date(2021, 1, 12), dt.date(2021, 4, 12),
         dt.date(2021, 8, 16), dt.date(2021, 10, 20), dt.date(2021, 10, 21), dt.date(2024, 1, 1)]


def decimals(max_value: int, places: int = 3):
    return st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False,
                       allow_infinity=False).map(float)


def own_limits(book, plots, dates) -> dict:
    """plot → indicator → the bounds it has on any of the dates (to aim values at)."""
    out: dict = {}
    for p in plots:
        for day in dates:
            for key, inf in book.resolve(p, day).limits.items():
                lim = inf.limit
                for b in (getattr(lim, "min", None), getattr(lim, "max", None),
                          getattr(lim, "min_large_commercial", None)):
                    if b is not None and hasattr(b, "value"):
                        out.setdefault(p, {}).setdefault(key, set()).add(Fraction(b.value))
    return {p: {k: sorted(v) for k, v in keys.items()} for p, keys in out.items()}


OWN = own_limits(BOOK, PLOTS, DATES)


@st.composite
def near(draw, scale: float = 1.0, pool=None):
    """A value on, or a few ulps, digits or half digits either side of, a limit: of the design's own
    plot (``pool``) or any of the rule book."""
    t = float(draw(st.sampled_from(pool or THRESHOLDS))) * scale
    how = draw(st.sampled_from(["tie", "ulp", "digit", "half"]))
    if how == "tie":
        return t
    if how == "half":  # 0.35 − 0.05 = 0.3: a figure with fewer digits whose interval ends on the limit
        return abs(round(t + draw(st.sampled_from([-5, 5])) * 10.0 ** -draw(st.integers(1, 4)), 8))
    if how == "ulp":
        v = t
        for _ in range(draw(st.integers(1, 3))):
            v = float(np.nextafter(v, draw(st.sampled_from([0.0, math.inf]))))
        return v
    return abs(round(t + draw(st.sampled_from([-1, 1])) * 10.0 ** -draw(st.integers(1, 6)), 8))


@st.composite
def area_pair(draw):
    """(numerator area, site area) whose ratio is often exactly a limit (9000.27 on 20000.6)."""
    site = float(draw(st.decimals(min_value=1, max_value=200000, places=draw(st.integers(0, 2)))))
    assume(site > 0)
    how = draw(st.sampled_from(["tie", "near", "free"]))
    if how == "free":
        return float(draw(st.decimals(min_value=0, max_value=500000, places=2))), site
    t = draw(st.sampled_from(THRESHOLDS))
    exact = Fraction(repr(site)) * t
    if how == "tie":
        return float(exact), site  # the double of the exact product; its repr may or may not be it
    return abs(float(exact) + draw(st.sampled_from([-1, 1])) * 10.0 ** -draw(st.integers(2, 10))), site


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def written(draw, value: float, percent: bool):
    """A declared figure as text with its own number of written digits (2.4, 2.40, 2, 35.0%, 35%):
    a declared figure stands for half a unit of its last digit either side."""
    places = draw(st.integers(0, 5))
    if percent and draw(st.booleans()):
        return f"{value * 100:.{places}f}%"
    return f"{value:.{places}f}"


@st.composite
def declared(draw, ratio: bool, pool=None):
    """A declared 容积率/建筑密度/绿地率: on, a few ulps or digits off, or anywhere near a limit (often
    its own plot's); as a float (its repr's digits) or, now and then, as text with its own written
    digits."""
    aims = [near(pool=pool)] if pool else []
    v = draw(maybe(st.one_of(*[a.filter(lambda v: v <= 1) for a in aims + [near()]], decimals(1, 4)) if ratio
                   else st.one_of(*aims, near(), decimals(6))))
    # rarely, so that most tables keep float columns (one text cell makes the column text)
    if v is not None and draw(st.integers(0, 9)) == 0:
        return draw(written(v, ratio))
    return v


@st.composite
def design(draw, plots=None, limits=None):
    d: dict = {"plot": draw(st.sampled_from(plots or PLOTS))}
    own = (limits or OWN).get(d["plot"], {})
    if draw(st.booleans()):
        f, s = draw(area_pair())
        d["site_area"] = s
        d[draw(st.sampled_from(["floor_area", "footprint_area", "green_area"]))] = f
        for other in ("floor_area", "footprint_area", "green_area"):
            if other not in d and draw(st.booleans()):
                d[other] = float(draw(st.decimals(min_value=0, max_value=300000, places=2)))
    elif draw(st.booleans()):
        d["site_area"] = float(draw(st.decimals(min_value=1, max_value=100000, places=1)))
    d["far"] = draw(declared(False, own.get("far")))
    d["building_density"] = draw(declared(True, own.get("building_density")))
    d["green_ratio"] = draw(declared(True, own.get("green_ratio")))
    d["height"] = draw(maybe(st.one_of(near(pool=own.get("height")), near(), decimals(150, 2))))
    d["parking_spaces"] = draw(maybe(st.integers(0, 120).map(float)))
    d["setback"] = draw(maybe(st.one_of(near(pool=own.get("setback")), near(), decimals(20, 2))))
    d["land_use"] = draw(maybe(st.sampled_from(LAND_USES)))
    d["entrance_side"] = draw(maybe(st.sampled_from(SIDES)))
    d["large_commercial"] = draw(maybe(st.booleans()))
    return make_plausible(d)  # impossible designs are refused alike by both (test_trust_plausibility)


def as_check_input(d: dict) -> dict:
    out = {k: v for k, v in d.items() if v is not None and k != "as_of"}
    if "entrance_side" in out:
        out["entrance_side"] = [s.strip() for s in out["entrance_side"].replace("、", ",").split(",")]
    return out


def frame_of(designs: list[dict]) -> "pd.DataFrame":
    cols = ["plot", "site_area", "floor_area", "footprint_area", "green_area", "far", "building_density",
            "green_ratio", "height", "parking_spaces", "setback", "land_use", "entrance_side",
            "large_commercial"]
    data = {c: [d.get(c) for d in designs] for c in cols}
    for c in cols[1:11]:
        if any(isinstance(v, str) for v in data[c]):  # text as written: an object column
            data[c] = np.array(data[c], dtype=object)
        else:
            data[c] = np.array([np.nan if v is None else v for v in data[c]], dtype=np.float64)
    data["large_commercial"] = pd.array(data["large_commercial"], dtype="boolean")
    if any("as_of" in d for d in designs):
        data["as_of"] = [d.get("as_of") for d in designs]
    return pd.DataFrame(data)


def findings_by_check(designs, as_of, policy=Policy(), book=BOOK):
    out = []
    for i, d in enumerate(designs):
        r = check(as_check_input(d), book, d.get("as_of") or as_of, policy)
        for f in r.findings:
            subject = f.fields[0] if f.indicator == "declared" else f.indicator
            actual = float(f.actual) if isinstance(f.actual, Fraction) else None
            out.append((i, r.plot, f.indicator, subject, f.code, f.status, f.reason, actual))
    return out


def findings_by_table(designs, as_of, policy=Policy(), book=BOOK):
    t = check_table(frame_of(designs), book, as_of, policy)
    out = []
    for row in t.itertuples(index=False):
        actual = None if math.isnan(row.actual) else row.actual
        out.append((row.design, row.plot, row.indicator, row.subject, row.code, row.status, row.reason,
                    actual))
    return out


def same(a, b):
    assert len(a) == len(b), (a, b)
    for x, y in zip(a, b):
        assert x[:7] == y[:7], (x, y)
        if x[7] is None or y[7] is None:
            assert x[7] is None and y[7] is None, (x, y)
        else:
            assert math.isclose(x[7], y[7], rel_tol=1e-12), (x, y)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(), min_size=1, max_size=12), st.sampled_from(DATES))
def test_check_table_gives_the_findings_of_check_row_for_row(designs, as_of):
    same(findings_by_table(designs, as_of), findings_by_check(designs, as_of))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(design(), st.sampled_from(DATES)), min_size=1, max_size=10),
       st.sampled_from(DATES))
def test_a_per_row_as_of_column_resolves_each_design_on_its_own_date(pairs, default):
    designs = [{**d, "as_of": day} for d, day in pairs]
    same(findings_by_table(designs, default), findings_by_check(designs, default))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(), min_size=1, max_size=8), st.sampled_from(DATES))
def test_rounded_comparison_policy_agrees_with_check_too(designs, as_of):
    p = Policy(comparison="rounded")
    same(findings_by_table(designs, as_of, p), findings_by_check(designs, as_of, p))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(), min_size=1, max_size=8), st.sampled_from(DATES))
def test_a_policy_requiring_every_indicator_agrees_with_check_too(designs, as_of):
    """Setback, entrance and parking without a limit on record are then indeterminate as well."""
    p = Policy(required=tuple(k for k in INDICATORS if k != "land_use"))
    same(findings_by_table(designs, as_of, p), findings_by_check(designs, as_of, p))


# A draft layered over the embedded book, as `extract` writes one: approvals with open review items
# (whose passes and fails are indeterminate, under_review) beside one without.
DRAFT = """\
format: 1
sources:
  "测试函〔2022〕1号":
    title: 核对用草稿
    date: 2022-03-01
plots:
  BZ-13-10:
    approvals:
      - source: "测试函〔2022〕1号"
        clause: 一
        replaces: amends
        limits:
          far: {max: 2.6}
          green_ratio: {min: 32%}
        review: ["容积率为2.6（无比较符号）"]
  HZ-19-03:
    approvals:
      - source: "测试函〔2022〕1号"
        clause: 二
        land_use: {code: B1, name: 商业用地}
        limits:
          far: {min: 2.45, max: 3.5}
          building_density: {max: 37.5%}
          height: {max: 58 m}
          setback: {min: 5 m, min_large_commercial: 10 m}
          entrance_side: {equals: [south, east]}
        review: ["建筑高度约58米"]
  BZ-13-13:
    approvals:
      - source: "测试函〔2022〕1号"
        clause: 三
        limits:
          far: {max: 2.45}
          building_density: {max: 32%}
"""
DRAFT_PLOTS = ["BZ-13-10", "HZ-19-03", "BZ-13-13", "N-08-03"]
DRAFT_DATES = [dt.date(2022, 2, 28), dt.date(2022, 3, 1), dt.date(2023, 1, 1)]


@functools.cache
def draft_book():
    folder = Path(tempfile.mkdtemp(prefix="zoning-draft-"))
    (folder / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    return load_rulebook(folder / "draft.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(DRAFT_PLOTS, own_limits(draft_book(), DRAFT_PLOTS, DRAFT_DATES)), min_size=1, max_size=10),
       st.sampled_from(DRAFT_DATES))
def test_a_layered_draft_with_review_items_agrees_with_check(designs, as_of):
    book = draft_book()
    same(findings_by_table(designs, as_of, book=book), findings_by_check(designs, as_of, book=book))


@settings(max_examples=30, deadline=None)
@given(st.lists(design(), min_size=2, max_size=10), st.randoms(use_true_random=False))
def test_row_order_does_not_change_any_designs_findings(designs, rnd):
    t = check_table(frame_of(designs), BOOK, "2021-06-01")
    order = list(range(len(designs)))
    rnd.shuffle(order)
    shuffled = frame_of([designs[i] for i in order])
    shuffled.index = order  # the design label travels with the row
    u = check_table(shuffled, BOOK, "2021-06-01")
    key = ["design", "indicator", "subject"]
    a = t.sort_values(key, kind="stable").reset_index(drop=True)
    b = u.sort_values(key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a.astype(str), b.astype(str))


# --- named boundary cases ------------------------------------------------------------------------

def table_findings(rows, as_of="2021-06-01"):
    return check_table(pd.DataFrame(rows), BOOK, as_of)


def status_of(t, design, indicator):
    (s,) = t[(t.design == design) & (t.indicator == indicator)].status
    return s


def test_9000_27_on_20000_6_is_exactly_45_percent_and_passes_while_one_ulp_more_fails():
    assert 9000.27 / 20000.6 > 0.45  # float64 division alone would fail it
    over = float(np.nextafter(9000.27, math.inf))
    t = table_findings({"plot": ["N-10-05", "N-10-05", "N-10-05"], "site_area": [20000.6] * 3,
                        "footprint_area": [9000.27, over, 9000.270001]})
    assert [status_of(t, i, "building_density") for i in range(3)] == ["pass", "fail", "fail"]
    assert t[(t.design == 0) & (t.indicator == "building_density")].actual.item() == pytest.approx(0.45)


def test_a_declared_far_on_the_limit_is_indeterminate_while_2_404_fails_and_2_39_passes():
    # 2.4 stands for [2.35, 2.45]: the unrounded value decides, and it is not given
    t = table_findings({"plot": ["BZ-13-10"] * 4, "far": [2.4, 2.404, 2.3999999999999995, 2.39]})
    assert [status_of(t, i, "far") for i in range(4)] == ["indeterminate", "fail", "pass", "pass"]
    assert t[(t.design == 0) & (t.indicator == "far")].reason.item() == "declared_rounded_at_limit"
    assert t[(t.design == 0) & (t.indicator == "far")].actual.item() == 2.4


def test_a_declared_figure_on_a_whole_number_limit_is_indeterminate_whatever_the_other_plots_limits():
    # N-10-05: far ≤ 1 (no decimals) beside BZ-13-10's 2.4 in the same table
    t = table_findings({"plot": ["BZ-13-10", "N-10-05"], "far": [2.0, 1.0]})
    assert [status_of(t, i, "far") for i in range(2)] == ["pass", "indeterminate"]
    assert status_of_check({"plot": "N-10-05", "far": 1.0}, "far") == "indeterminate"


def test_written_digits_decide_whether_a_declared_figure_reaches_across_the_limit():
    # HZ-19-03: far ≤ 3.5, building density ≤ 40 %.  '3.6' stands for [3.55, 3.65] (fails); '3.5' and
    # '3.50' hold the limit itself; '3' is [2.5, 3.5] (within), '4' is [3.5, 4.5] (reaches across).
    far = ["3.6", "3.50", "3.5", "3.45", "3", "4"]
    t = check_table(pd.DataFrame({"plot": ["HZ-19-03"] * 6, "far": far}), BOOK, "2021-06-01")
    got = [status_of(t, i, "far") for i in range(6)]
    assert got == ["fail", "indeterminate", "indeterminate", "pass", "pass", "indeterminate"]
    assert got == [status_of_check({"plot": "HZ-19-03", "far": v}, "far") for v in far]
    t = check_table(pd.DataFrame({"plot": ["HZ-19-03"] * 3, "building_density": ["40%", "40.1%", "39.95%"]}),
                    BOOK, "2021-06-01")
    assert [status_of(t, i, "building_density") for i in range(3)] == ["indeterminate", "fail", "pass"]


def test_an_integer_column_stands_for_whole_numbers_as_check_takes_an_int():
    # far 4 (an int) stands for [3.5, 4.5], which reaches HZ-19-03's 3.5; 4.0 (a float: [3.95, 4.05]) fails.
    t = check_table(pd.DataFrame({"plot": ["HZ-19-03"] * 2, "far": [4, 2]}), BOOK, "2021-06-01")
    assert [status_of(t, i, "far") for i in range(2)] == ["indeterminate", "pass"]
    assert status_of_check({"plot": "HZ-19-03", "far": 4}, "far") == "indeterminate"
    t = check_table(pd.DataFrame({"plot": ["HZ-19-03"], "far": [4.0]}), BOOK, "2021-06-01")
    assert status_of(t, 0, "far") == "fail" == status_of_check({"plot": "HZ-19-03", "far": 4.0}, "far")


def test_the_rounded_comparison_policy_keeps_deciding_a_figure_on_the_limit():
    t = check_table(pd.DataFrame({"plot": ["BZ-13-10"], "far": [2.4]}), BOOK, "2021-06-01",
                    Policy(comparison="rounded"))
    assert status_of(t, 0, "far") == "pass"


def test_no_limit_on_record_still_shows_the_designs_value_and_cross_checks_the_declared_one():
    # N-08-03 limits only the height; its far comes from the areas, and a declared 0.5 disagrees
    t = table_findings({"plot": ["N-08-03"], "site_area": [3000.0], "floor_area": [900.0], "far": [0.5],
                        "green_ratio": [0.35]})
    rows = {(r.indicator, r.subject): r for r in t.itertuples()}
    assert rows[("far", "far")].reason == "no_limit_on_record" and rows[("far", "far")].actual == pytest.approx(0.3)
    assert rows[("declared", "far")].reason == "declared_mismatch"
    assert rows[("green_ratio", "green_ratio")].actual == 0.35
    assert math.isnan(rows[("building_density", "building_density")].actual)


def test_passes_and_fails_of_an_approval_under_review_are_indeterminate_and_others_are_not():
    book = draft_book()
    t = check_table(pd.DataFrame({"plot": ["BZ-13-10", "BZ-13-13", "BZ-13-13"], "far": [2.7, 2.3, 2.6],
                                  "height": [60.0, 10.0, 10.0]}), book, "2022-06-01")
    rows = {(r.design, r.indicator): r for r in t.itertuples()}
    # BZ-13-10's far comes from the draft's clause with review items; its height from 2号 (no review)
    assert (rows[(0, "far")].status, rows[(0, "far")].reason) == ("indeterminate", "under_review")
    assert rows[(0, "far")].actual == 2.7 and rows[(0, "far")].source == "测试函〔2022〕1号"
    assert (rows[(0, "height")].status, rows[(0, "height")].reason) == ("fail", "exceeds_max")
    assert (rows[(1, "far")].status, rows[(2, "far")].status) == ("pass", "fail")


def status_of_check(design, indicator, as_of="2021-06-01"):
    (f,) = [f for f in check(design, BOOK, as_of).findings if f.indicator == indicator]
    return f.status


def test_unpublished_plots_and_missing_values_are_indeterminate_never_pass():
    t = table_findings({"plot": ["BF-06-06", "JR-12-20", "BZ-13-10"], "height": [10.0, 10.0, None]},
                       as_of="2021-09-01")
    assert list(t[t.design == 0].reason) == ["unpublished"]
    assert list(t[t.design == 1].reason) == ["unpublished"]
    assert set(t[t.design == 2].status) == {"indeterminate"}
    assert "pass" not in set(t[t.design.isin([0, 1])].status)


def test_a_park_with_only_a_land_use_reports_every_required_indicator_as_not_on_record():
    t = table_findings({"plot": ["N-08-01"], "land_use": ["公园绿地"], "far": [0.1]})
    assert list(zip(t.indicator, t.status, t.reason)) == [
        ("land_use", "pass", "within_limit"),
        ("far", "indeterminate", "no_limit_on_record"),
        ("building_density", "indeterminate", "no_limit_on_record"),
        ("green_ratio", "indeterminate", "no_limit_on_record"),
        ("height", "indeterminate", "no_limit_on_record")]


def test_a_design_dated_before_any_approval_has_none_in_force():
    t = table_findings({"plot": ["BZ-13-10"], "far": [1.0]}, as_of="2020-12-31")
    assert list(zip(t.indicator, t.status, t.reason)) == [("plot", "indeterminate", "no_approval_in_force")]


def test_every_result_row_names_its_source_document_and_limit():
    t = table_findings({"plot": ["BZ-13-10"], "far": [2.5]})
    row = t[t.indicator == "far"].iloc[0]
    assert (row.status, row.reason, row.limit_max, row.source, row.clause) == (
        "fail", "exceeds_max", 2.4, "吕政函〔2021〕2号", "二")
    assert row.code == "ZR-FAR"


def test_an_arrow_table_is_checked_like_the_same_dataframe():
    pa = pytest.importorskip("pyarrow")
    df = pd.DataFrame({"plot": ["BZ-13-10", "HZ-19-03"], "far": [2.4, 3.6], "height": [50.0, None]})
    a = check_table(df, BOOK, "2021-06-01")
    b = check_table(pa.Table.from_pandas(df), BOOK, "2021-06-01")
    pd.testing.assert_frame_equal(a, b)


def test_strings_with_units_in_an_object_column_are_read_as_check_reads_them():
    # 71 亩 × 2.4 = 113 600 m² exactly: on the limit passes, a centimetre² over fails.
    df = pd.DataFrame({"plot": ["BZ-13-10"] * 2, "site_area": ["71 亩"] * 2,
                       "floor_area": ["113600 m2", "113600.01 m2"]})
    t = check_table(df, BOOK, "2021-06-01")
    assert [status_of(t, i, "far") for i in (0, 1)] == ["pass", "fail"]


# --- bad input: one clear error naming the table, row and column ------------------------------

@pytest.mark.parametrize("column,value,words", [
    ("height", -1.0, "negative"),
    ("building_density", 35.0, "ambiguous for a ratio"),
    ("parking_spaces", 2.5, "not a whole number"),
    ("site_area", 0.0, "site area of zero"),
    ("far", math.inf, "finite"),
])
def test_an_impossible_value_is_an_error_naming_row_and_column(column, value, words):
    df = pd.DataFrame({"plot": ["BZ-13-10", "BZ-13-10"], column: [1.0 if column != "parking_spaces" else 3.0,
                                                                 value]})
    with pytest.raises(InputError) as e:
        check_table(df, BOOK, "2021-06-01", name="designs.csv")
    # rows count from 1, as a reader counts them; a float is shown as its repr
    assert "designs.csv: row 2:" in str(e.value) and column in str(e.value) and words in str(e.value)


def test_an_unknown_plot_is_an_error_naming_the_row_and_nearest_codes():
    with pytest.raises(UnknownPlotError) as e:
        check_table(pd.DataFrame({"plot": ["BZ-13-10", "BZ-13-11"]}), BOOK, name="designs.csv")
    assert "row 2" in str(e.value) and "BZ-13-10" in str(e.value)


def test_a_misspelt_column_is_an_error_not_an_unchecked_height():
    with pytest.raises(InputError) as e:
        check_table(pd.DataFrame({"plot": ["BZ-13-10"], "hieght": [60.0]}), BOOK)
    assert "hieght" in str(e.value) and "height" in str(e.value)


def test_a_column_given_twice_is_an_error_not_a_guess_between_them():
    df = pd.DataFrame([["BZ-13-10", 3.0, 4.0]], columns=["plot", "height", "height"])
    with pytest.raises(InputError, match="'height' appears more than once"):
        check_table(df, BOOK, name="designs.csv")


@pytest.mark.parametrize("column,value,words", [
    ("entrance_side", "up", "'up' is not a side"),
    ("large_commercial", "maybe", "'maybe' is not yes or no"),
    ("land_use", 1401, "not a land use"),
])
def test_every_cell_is_validated_even_where_the_plot_has_no_limit_for_it(column, value, words):
    # N-08-01 (a park) limits neither entrances nor setbacks: the bad cell must still not pass silently
    df = pd.DataFrame({"plot": ["N-08-01", "N-08-01"], column: [None, value]})
    with pytest.raises(InputError) as e:
        check_table(df, BOOK, "2021-06-01", name="designs.csv")
    assert "designs.csv: row 2" in str(e.value) and column in str(e.value) and words in str(e.value)


def test_magnitudes_check_refuses_are_refused_in_a_float_column_too():
    for v in (1e-16, 1e15):
        with pytest.raises(InputError, match="out of range"):
            check({"plot": "BZ-13-10", "height": v}, BOOK)
        with pytest.raises(InputError, match="out of range"):
            check_table(pd.DataFrame({"plot": ["BZ-13-10"], "height": [v]}), BOOK)
