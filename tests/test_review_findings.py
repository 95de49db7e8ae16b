"""Reproducers of bugs found in review; each is xfail(strict) until fixed, then the mark comes off.

Each test states the behaviour the guide requires (DEVELOPERS.md rules 2 and 3), not what the code
does today.
"""
from __future__ import annotations

import json

import pytest

from zoning_rules import check
from zoning_rules.cli import main
from zoning_rules.rulebook import load_rulebook

SOURCE = 'sources:\n  "吕政函〔2022〕9号": {date: 2022-03-01}\n'


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_file_area_with_a_length_unit_is_a_one_line_error_with_exit_2(write, capsys):
    rules = write("r.yaml", SOURCE + 'plots:\n  X-1:\n    approvals:\n'
                                     '      - source: "吕政函〔2022〕9号"\n        area: 50 m\n')
    code, _, err = run(capsys, "validate", rules)
    assert code == 2 and "area" in err and "50 m" in err


def test_a_setback_limit_for_large_commercial_buildings_only_passes_an_ordinary_building(write):
    rules = write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                                     '      - source: "吕政函〔2022〕9号"\n        replaces: amends\n'
                                     '        limits:\n          setback: {min_large_commercial: 10 m}\n')
    book = load_rulebook(rules)
    r = check({"plot": "BZ-13-10", "setback": "6 m", "large_commercial": False}, book, "2022-06-01")
    assert {f.indicator: f.status for f in r.findings}["setback"] == "pass"


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
        assert {f.indicator: f.status for f in r.findings}["setback"] != "pass", flag


def test_an_approval_with_open_review_items_does_not_let_its_indicators_pass(write):
    rules = write("draft.yaml", SOURCE + 'plots:\n  AB-01-01:\n    approvals:\n'
                  '      - source: "吕政函〔2022〕9号"\n        clause: 二\n'
                  '        limits:\n          far: {min: "1.0", min_exclusive: true}\n'
                  '        review: ["“容积率2.4”：没有比较符，未录入。"]\n')
    r = check({"plot": "AB-01-01", "far": 9.5}, load_rulebook(rules), "2022-06-01")
    assert {f.indicator: f.status for f in r.findings}["far"] != "pass"


def test_a_design_land_use_given_only_as_the_parent_class_is_not_a_failure(book):
    r = check({"plot": "HZ-19-03", "land_use": "B"}, book, "2021-06-01")
    assert {f.indicator: f.status for f in r.findings}["land_use"] == "indeterminate"


def test_an_absurdly_large_number_is_refused_or_reported_without_a_traceback(write, capsys):
    d = write("d.yaml", "plot: BZ-13-10\nheight: 1e400\n")
    code, out, err = run(capsys, "check", d, "--format", "json", "--as-of", "2021-06-01")
    assert code == 2 and "out of range" in err and "Traceback" not in err


def test_the_same_letter_for_one_plot_twice_with_different_limits_is_an_error(write, capsys):
    rules = write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                  '      - source: "吕政函〔2022〕9号"\n        limits: {far: {max: 3.0}}\n'
                  '      - source: "吕政函〔2022〕9号"\n        clause: 二\n        limits: {far: {max: 2.0}}\n')
    code, _, err = run(capsys, "validate", rules)
    assert code == 2 and "twice" in err


def test_a_setback_limit_without_a_number_is_for_an_officer_to_judge(write):
    rules = write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                                     '      - source: "吕政函〔2022〕9号"\n        replaces: amends\n'
                                     '        limits:\n          setback: {text: 满足规划管理技术规定}\n')
    r = check({"plot": "BZ-13-10", "setback": "3 m"}, load_rulebook(rules), "2022-06-01")
    assert {f.indicator: f.status for f in r.findings}["setback"] == "indeterminate"
