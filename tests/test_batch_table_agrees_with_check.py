"""check_table gives, row for row, the findings check gives on the same designs, exactly decided."""
from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import Policy, check, load_rulebook  # noqa: E402
from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.errors import InputError, UnknownPlotError  # noqa: E402

BOOK = load_rulebook()
PLOTS = list(BOOK.plot_codes())
# Limits of the embedded book, to aim values at their boundaries.
THRESHOLDS = sorted({Fraction(v) for v in ("0.1", "0.25", "0.6", "0.8", "1", "2.4", "3.5", "4.10", "5.15",
                                            "0.05", "0.2", "0.25", "0.3", "0.35", "0.4", "0.45", "0.5",
                                            "0.53", "12", "20", "24", "50", "100", "120", "58", "5", "10")})
LAND_USES = ["RB", "G1", "公园绿地", "B1", "商业用地", "商业、居住混合用地", "R2", "S42", "社会停车场用地",
             "公共交通场站用地", "W1", "消防用地", "A33", "B41", "居住用地"]
SIDES = ["north", "south", "北", "南侧", "east", "north,south", "south、west"]
DATES = [dt.date(2020, 12, 31), dt.date(2021, 1, 11), dt.date(2021, 1, 12), dt.date(2021, 4, 12),
         dt.date(2021, 8, 16), dt.date(2021, 10, 20), dt.date(2021, 10, 21), dt.date(2024, 1, 1)]


def decimals(max_value: int, places: int = 3):
    return st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False,
                       allow_infinity=False).map(float)


@st.composite
def near(draw, scale: float = 1.0):
    """A value on, or a few ulps or digits either side of, a limit of the rule book."""
    t = float(draw(st.sampled_from(THRESHOLDS))) * scale
    how = draw(st.sampled_from(["tie", "ulp", "digit"]))
    if how == "tie":
        return t
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
def design(draw):
    d: dict = {"plot": draw(st.sampled_from(PLOTS))}
    if draw(st.booleans()):
        f, s = draw(area_pair())
        d["site_area"] = s
        d[draw(st.sampled_from(["floor_area", "footprint_area", "green_area"]))] = f
        for other in ("floor_area", "footprint_area", "green_area"):
            if other not in d and draw(st.booleans()):
                d[other] = float(draw(st.decimals(min_value=0, max_value=300000, places=2)))
    elif draw(st.booleans()):
        d["site_area"] = float(draw(st.decimals(min_value=1, max_value=100000, places=1)))
    d["far"] = draw(maybe(st.one_of(near(), decimals(6))))
    d["building_density"] = draw(maybe(st.one_of(near().filter(lambda v: v <= 1), decimals(1, 4))))
    d["green_ratio"] = draw(maybe(st.one_of(near().filter(lambda v: v <= 1), decimals(1, 4))))
    d["height"] = draw(maybe(st.one_of(near(), decimals(150, 2))))
    d["parking_spaces"] = draw(maybe(st.integers(0, 120).map(float)))
    d["setback"] = draw(maybe(st.one_of(near(), decimals(20, 2))))
    d["land_use"] = draw(maybe(st.sampled_from(LAND_USES)))
    d["entrance_side"] = draw(maybe(st.sampled_from(SIDES)))
    d["large_commercial"] = draw(maybe(st.booleans()))
    return d


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
        data[c] = np.array([np.nan if v is None else v for v in data[c]], dtype=np.float64)
    data["large_commercial"] = pd.array(data["large_commercial"], dtype="boolean")
    if any("as_of" in d for d in designs):
        data["as_of"] = [d.get("as_of") for d in designs]
    return pd.DataFrame(data)


def findings_by_check(designs, as_of, policy=Policy()):
    out = []
    for i, d in enumerate(designs):
        r = check(as_check_input(d), BOOK, d.get("as_of") or as_of, policy)
        for f in r.findings:
            subject = f.fields[0] if f.indicator == "declared" else f.indicator
            actual = float(f.actual) if isinstance(f.actual, Fraction) else None
            out.append((i, r.plot, f.indicator, subject, f.code, f.status, f.reason, actual))
    return out


def findings_by_table(designs, as_of, policy=Policy()):
    t = check_table(frame_of(designs), BOOK, as_of, policy)
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


def test_declared_far_exactly_at_the_limit_passes_and_2_404_fails():
    t = table_findings({"plot": ["BZ-13-10"] * 3, "far": [2.4, 2.404, 2.3999999999999995]})
    assert [status_of(t, i, "far") for i in range(3)] == ["pass", "fail", "pass"]


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
    assert "designs.csv: row 1" in str(e.value) and column in str(e.value) and words in str(e.value)


def test_an_unknown_plot_is_an_error_naming_the_row_and_nearest_codes():
    with pytest.raises(UnknownPlotError) as e:
        check_table(pd.DataFrame({"plot": ["BZ-13-10", "BZ-13-11"]}), BOOK, name="designs.csv")
    assert "row 1" in str(e.value) and "BZ-13-10" in str(e.value)


def test_a_misspelt_column_is_an_error_not_an_unchecked_height():
    with pytest.raises(InputError) as e:
        check_table(pd.DataFrame({"plot": ["BZ-13-10"], "hieght": [60.0]}), BOOK)
    assert "hieght" in str(e.value) and "height" in str(e.value)
