"""A site plan that draws no green does not give the green area (missing → indeterminate), unless
the design declares it; green that is drawn but all discounted is a real 0."""
from __future__ import annotations

import json

from geometry_plans import building, fc, line, poly, rect, site
from zoning_rules import check

SITE = site(0, 0, 100, 100)  # 10 000 m²; 货源街南地块 wants 绿地率 ≥ 20 %
ROAD = line([[-10, 0], [110, 0]])
TOWER = building(rect(20, 20, 50, 50), storeys=10)


def run(tmp_path, *features, design=""):
    (tmp_path / "p.geojson").write_text(json.dumps(fc(SITE, ROAD, TOWER, *features)), encoding="utf-8")
    d = tmp_path / "d.yaml"
    d.write_text("plot: 货源街南地块\nsite_plan: p.geojson\ncrs: local\n" + design, encoding="utf-8")
    return check(d, as_of="2022-01-01")


def green(report):
    (f,) = [f for f in report.findings if f.indicator == "green_ratio"]
    return f


def note(report):
    (f,) = [f for f in report.findings if f.reason == "not_on_site_plan"]
    return f


def test_a_plan_without_green_leaves_the_green_ratio_indeterminate_not_failed(tmp_path):
    r = run(tmp_path)
    assert (green(r).status, green(r).reason) == ("indeterminate", "value_missing")
    assert "green_area" not in r.computed and "green_ratio" not in r.computed
    assert note(r).status == "warn" and "未绘制绿地" in note(r).message_zh
    assert r.status == "indeterminate"


def test_a_plan_without_green_uses_the_declared_green_area_and_says_so(tmp_path):
    r = run(tmp_path, design="green_area: 2500 m2\n")
    g = green(r)
    assert (g.status, g.actual) == ("pass", 0.25) and g.margin.actual == 2500
    assert "2500 m2" in note(r).message_zh and "declared green area 2500 m2" in note(r).message_en
    assert not [f for f in r.findings if f.reason == "declared_mismatch"]
    assert green(run(tmp_path, design="green_area: 1500 m2\n")).status == "fail"


def test_a_plan_without_green_uses_a_declared_green_ratio_exactly(tmp_path):
    r = run(tmp_path, design="green_ratio: 20.5%\n")  # declared: no geometric band, only its own rounding
    assert green(r).status == "pass" and "20.5%" in note(r).message_zh
    at_limit = green(run(tmp_path, design="green_ratio: 20%\n"))  # stands for 19.5 %–20.5 %: undecided
    assert (at_limit.status, at_limit.reason) == ("indeterminate", "declared_rounded_at_limit")


def test_green_that_is_drawn_but_all_discounted_counts_as_zero_and_fails(tmp_path):
    under_the_tower = poly(rect(25, 25, 45, 45), "green")
    along_the_wall = poly(rect(50, 20, 51, 50), "green")  # inside the 1 m strip
    r = run(tmp_path, under_the_tower, along_the_wall)
    assert r.computed["green_area"] == 0
    assert (green(r).status, green(r).actual) == ("fail", 0)
    assert not [f for f in r.findings if f.reason == "not_on_site_plan"]
