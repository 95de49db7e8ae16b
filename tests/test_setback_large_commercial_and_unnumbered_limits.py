"""退让红线 decisions: a minimum for large commercial buildings only, a limit without a number, and a
site plan that does not say what a building is used for — none of them passes by default.

(Moved from the review reproducers: each test was a bug once.)
"""
from __future__ import annotations

import json

import pytest

from zoning_rules import check
from zoning_rules.rulebook import load_rulebook

SOURCE = 'sources:\n  "吕政函〔2022〕9号": {date: 2022-03-01}\n'


def rules_with_setback(write, setback: str):
    return write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                                    '      - source: "吕政函〔2022〕9号"\n        replaces: amends\n'
                                    f'        limits:\n          setback: {setback}\n')


def status(report, indicator):
    (f,) = [f for f in report.findings if f.indicator == indicator]
    return f.status, f.reason


def test_a_setback_limit_for_large_commercial_buildings_only_passes_an_ordinary_building(write):
    book = load_rulebook(rules_with_setback(write, "{min_large_commercial: 10 m}"))
    r = check({"plot": "BZ-13-10", "setback": "6 m", "large_commercial": False}, book, "2022-06-01")
    assert status(r, "setback")[0] == "pass"


def test_a_setback_limit_without_a_number_is_for_an_officer_to_judge(write):
    book = load_rulebook(rules_with_setback(write, "{text: 满足规划管理技术规定}"))
    r = check({"plot": "BZ-13-10", "setback": "3 m"}, book, "2022-06-01")
    assert status(r, "setback")[0] == "indeterminate"


def test_check_table_does_not_pass_a_setback_limit_without_a_minimum(write):
    pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
    from zoning_rules.batch import check_table

    book = load_rulebook(rules_with_setback(write, "{text: 满足规划管理技术规定}"))
    t = check_table(pd.DataFrame({"plot": ["BZ-13-10"], "setback": [3.0]}), book, "2022-06-01")
    row = t[t.indicator == "setback"]
    expected = status(check({"plot": "BZ-13-10", "setback": 3.0}, book, "2022-06-01"), "setback")
    assert (row.status.item(), row.reason.item()) == expected
    assert row.status.item() != "pass"


def test_a_site_plan_that_does_not_say_what_a_building_is_used_for_cannot_pass_the_large_commercial_setback(
        write):
    site = {"type": "Feature", "properties": {"role": "site"},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [220, 0], [220, 220], [0, 220], [0, 0]]]}}
    road = {"type": "Feature", "properties": {"role": "road"},
            "geometry": {"type": "LineString", "coordinates": [[-30, 0], [250, 0]]}}
    # 120 m × 50 m × 5 storeys = 30 000 m², 7 m from the road; its use is not given
    mall = {"type": "Feature", "properties": {"role": "building", "storeys": 5, "storey_height": 5.0},
            "geometry": {"type": "Polygon", "coordinates": [[[7, 7], [127, 7], [127, 57], [7, 57], [7, 7]]]}}
    write("plan.geojson", json.dumps({"type": "FeatureCollection", "features": [site, road, mall]}))
    for flag in ("", "large_commercial: true\n"):
        d = write("d.yaml", "plot: 货源街南地块\nsite_plan: plan.geojson\ncrs: local\n" + flag)
        r = check(d, as_of="2022-01-01")
        assert status(r, "setback")[0] != "pass", flag
