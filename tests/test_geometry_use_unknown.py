"""A building whose use the site plan does not give has an unknown category: between the two
setback minimums of 货源街南地块 (≥5 m, 大型商业建筑 ≥10 m) that is indeterminate, never a pass —
unless the design's own ``large_commercial`` says which it is.  When the plan knows (use given), it
decides, and a design saying otherwise is warned about by name."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from geometry_plans import building, fc, line, rect, site
from zoning_rules import check

SITE = site(0, 0, 220, 219.7)
ROAD = line([[-30, 0], [250, 0]])


def mall(gap, storeys=5, **props):
    """120 m × 50 m, ``gap`` m from the road: 6 000 m² a storey (5 storeys: 30 000 m²)."""
    return building(rect(7, gap, 127, gap + 50), storeys=storeys, storey_height=5, **props)


def run(tmp_path, *buildings, design=""):
    (tmp_path / "plan.geojson").write_text(json.dumps(fc(SITE, ROAD, *buildings)), encoding="utf-8")
    d = tmp_path / "d.yaml"
    d.write_text("plot: 货源街南地块\nsite_plan: plan.geojson\ncrs: local\n" + design, encoding="utf-8")
    return check(d, as_of="2022-01-01")


def setback(report):
    (f,) = [f for f in report.findings if f.indicator == "setback"]
    return f


def warnings(report, reason):
    return [f for f in report.findings if f.status == "warn" and f.reason == reason]


def test_a_30000_m2_building_without_use_7_m_from_the_road_is_indeterminate_and_named(tmp_path):
    r = run(tmp_path, mall(7, name="M1#"))
    s = setback(r)
    assert (s.status, s.reason, s.actual) == ("indeterminate", "large_commercial_unknown", 7)
    (w,) = warnings(r, "use_not_given")
    assert "M1#" in w.message_zh and "30 000.00 m²" in w.message_zh and "7.00 m" in w.message_zh
    assert r.status == "indeterminate"


def test_the_designs_large_commercial_true_is_not_overwritten_by_an_unknown_use(tmp_path):
    r = run(tmp_path, mall(7, name="M1#"), design="large_commercial: true\n")
    s = setback(r)
    assert (s.status, s.reason, s.margin.excess) == ("fail", "below_min_large_commercial", 3)
    assert not warnings(r, "declared_mismatch") and not warnings(r, "use_not_given")


def test_the_designs_large_commercial_false_lets_an_unknown_use_pass_the_general_minimum(tmp_path):
    s = setback(run(tmp_path, mall(7, name="M1#"), design="large_commercial: false\n"))
    assert (s.status, s.reason) == ("pass", "within_limit") and "非大型商业建筑" in s.message_zh


def test_a_plan_that_knows_the_use_decides_over_the_design_and_the_warning_names_both(tmp_path):
    r = run(tmp_path, mall(7, name="M1#", use="商业"), design="large_commercial: false\n")
    assert setback(r).status == "fail"
    (w,) = warnings(r, "declared_mismatch")
    assert w.fields == ("large_commercial",) and "不是大型商业建筑" in w.message_zh
    assert "M1#" in w.message_zh and "30 000.00 m²" in w.message_zh
    r = run(tmp_path, mall(7, name="R1#", use="住宅"), design="large_commercial: true\n")
    assert setback(r).status == "pass"
    (w,) = warnings(r, "declared_mismatch")
    assert "是大型商业建筑" in w.message_zh


def test_a_building_without_use_too_small_to_be_large_commercial_needs_only_the_general_minimum(tmp_path):
    r = run(tmp_path, mall(7, storeys=3, name="M1#"))  # 18 000 m² even if every floor were shops
    assert (setback(r).status, setback(r).actual) == ("pass", 7)
    assert not warnings(r, "use_not_given")


def test_a_design_calling_a_building_too_small_to_be_large_commercial_one_is_warned(tmp_path):
    r = run(tmp_path, mall(7, storeys=3, name="M1#"), design="large_commercial: true\n")
    assert setback(r).status == "pass"
    (w,) = warnings(r, "declared_mismatch")
    assert "M1#" in w.message_zh and "18 000.00 m²" in w.message_zh and "20 000.00 m²" in w.message_zh


def test_a_building_without_use_that_keeps_both_minimums_passes(tmp_path):
    assert setback(run(tmp_path, mall(12))).status == "pass"


def test_a_use_the_policy_does_not_know_is_an_unknown_category_not_a_non_commercial_one(tmp_path):
    assert setback(run(tmp_path, mall(7, use="综合体"))).status == "indeterminate"


def test_a_commercial_area_within_the_plans_precision_of_20000_m2_is_not_known_to_be_large(tmp_path):
    at_threshold = building(rect(7, 7, 107, 47), storeys=5, storey_height=5, use="商业", name="M2#")  # 20 000 m²
    assert setback(run(tmp_path, at_threshold)).status == "indeterminate"
    given = building(rect(7, 7, 107, 47), storeys=5, storey_height=5, use="商业",
                     commercial_floor_area="20000 m2")  # as written: exact, not above 20 000
    assert setback(run(tmp_path, given)).status == "pass"


def test_with_several_buildings_of_unknown_use_the_designs_true_does_not_say_which_is_large(tmp_path):
    east = building(rect(150, 12, 210, 112), storeys=5, storey_height=5, name="E1#")  # 30 000 m², 12 m
    r = run(tmp_path, mall(7, name="M1#"), east, design="large_commercial: true\n")
    assert setback(r).status == "indeterminate"
    near_east = building(rect(150, 8, 210, 108), storeys=5, storey_height=5, name="E1#")  # 8 m
    r = run(tmp_path, mall(7, name="M1#"), near_east, design="large_commercial: true\n")
    assert setback(r).status == "fail"  # whichever of the two it is, it keeps less than 10 m


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 30), st.integers(1, 8))
def test_an_unknown_use_gives_the_answer_both_uses_agree_on_or_none(tmp_path_factory, half_metres, storeys):
    gap = half_metres / 2
    tmp = tmp_path_factory.mktemp("use")
    unknown = setback(run(tmp, mall(gap, storeys=storeys))).status
    shops = setback(run(tmp, mall(gap, storeys=storeys, use="商业"))).status
    homes = setback(run(tmp, mall(gap, storeys=storeys, use="住宅"))).status
    assert unknown == (shops if shops == homes else "indeterminate"), (gap, storeys, shops, homes)


def test_a_large_commercial_building_within_precision_of_the_general_minimum_still_fails_the_larger_one(tmp_path):
    s = setback(run(tmp_path, mall(5, name="M1#", use="商业")))  # 5 m: ±1 mm of ≥5 m, but far short of 10 m
    assert (s.status, s.reason) == ("fail", "below_min_large_commercial")
    s = setback(run(tmp_path, mall(5, name="R1#", use="住宅")))
    assert (s.status, s.reason) == ("indeterminate", "within_geometric_precision")


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(8, 24), st.integers(1, 20), st.sampled_from([None, "商业", "住宅"])),
                min_size=2, max_size=4))
def test_the_setback_of_a_plan_is_the_worst_of_its_buildings_checked_one_at_a_time(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("many")
    towers = []
    for i, (half_metres, storeys, use) in enumerate(rows):  # 30 m × 50 m each, side by side
        x0, gap = 5 + 42 * i, half_metres / 2
        props = {"use": use} if use else {}
        towers.append(building(rect(x0, gap, x0 + 30, gap + 50), storeys=storeys, storey_height=5,
                               name=f"B{i}#", **props))
    order = {"pass": 0, "indeterminate": 1, "fail": 2}
    alone = [setback(run(tmp, t)).status for t in towers]
    assert setback(run(tmp, *towers)).status == max(alone, key=order.get), alone
