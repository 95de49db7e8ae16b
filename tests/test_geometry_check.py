"""check() with a site plan: computed values decide, declared ones are cross-checked, figures drawn."""
from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from conftest import EXAMPLES
from geometry_plans import building, fc, line, near, poly, rect, site
from zoning_rules import check

PLANS = EXAMPLES / "site-plans"
pytest.importorskip("pyproj", reason="pyproj comes with the geo extra")
COMPUTED = {"site_area", "footprint_area", "floor_area", "green_area", "far", "building_density", "green_ratio",
            "height", "setback"}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *map(str, args)], capture_output=True,
                          text=True)


def by(report, indicator):
    return [f for f in report.findings if f.indicator == indicator]


def test_the_bz_13_10_geojson_example_passes_on_figures_computed_from_the_plan():
    r = check(PLANS / "bz-13-10-geojson.yaml", as_of="2022-01-01")
    assert r.status == "pass" and COMPUTED <= set(r.computed)
    c = r.computed
    assert near(c["site_area"], 47335, rel=1e-6) and near(c["floor_area"], 105680, rel=1e-6)
    assert near(c["footprint_area"], 9080, rel=1e-6) and near(c["green_area"], 17124, rel=1e-6)
    assert c["height"] == Fraction("49.2") and near(c["setback"], 10, rel=1e-5)
    assert not [f for f in r.findings if f.status == "warn"]  # the declared table agrees with the plan
    assert by(r, "within_site")[0].status == "pass"


def test_the_dxf_of_bz_13_10_gives_the_indicators_of_its_geojson():
    a = check(PLANS / "bz-13-10-geojson.yaml", as_of="2022-01-01").computed
    b = check(PLANS / "bz-13-10-dxf.yaml", as_of="2022-01-01").computed
    assert a.keys() == b.keys()
    for k in a:  # the GeoJSON's lon/lat has 9 decimals (~0.1 mm); the DXF is in exact metres
        assert near(a[k], b[k], rel=1e-5), k


def test_the_huoyuanjie_plan_breaks_the_large_commercial_setback_by_3_m_and_its_declared_figures_are_warned():
    r = check(PLANS / "huoyuanjie-south-setback.yaml", as_of="2022-01-01")
    assert r.status == "fail"
    (s,) = by(r, "setback")
    assert (s.status, s.reason, s.actual, s.margin.excess) == ("fail", "below_min_large_commercial", 7, 3)
    warns = {f.fields[0]: f.message_zh for f in r.findings if f.status == "warn"}
    assert "135000 m2" in warns["floor_area"] and "123 600.00 m²" in warns["floor_area"]
    assert "10 m" in warns["setback"] and "7.00 m" in warns["setback"]
    assert r.computed["setback_large_commercial"] == 7


def test_the_cli_exit_codes_follow_the_computed_values():
    assert cli("check", PLANS / "bz-13-10-geojson.yaml", "--as-of", "2022-01-01").returncode == 0
    proc = cli("check", PLANS / "huoyuanjie-south-setback.yaml", "--as-of", "2022-01-01", "--format", "json")
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)["reports"]
    assert COMPUTED <= set(report["computed"]) and report["computed"]["setback"] == 7.0


def plan_design(tmp_path, features, extra=""):
    (tmp_path / "plans").mkdir(exist_ok=True)
    (tmp_path / "plans" / "p.geojson").write_text(json.dumps(fc(*features)), encoding="utf-8")
    d = tmp_path / "d.yaml"
    d.write_text("plot: 货源街南地块\nland_use: 商业、居住混合用地\nsite_plan: plans/p.geojson\ncrs: local\n" + extra,
                 encoding="utf-8")
    return d


SITE = site(0, 0, 220, 219.7)
ROAD = line([[-30, 0], [250, 0]])
GREEN = poly(rect(5, 150, 215, 215), "green", kind="concentrated")


def test_a_footprint_reaching_outside_the_site_fails_within_site(tmp_path):
    d = plan_design(tmp_path, [SITE, ROAD, GREEN, building(rect(200, 60, 230, 80), storeys=10)])
    r = check(d, as_of="2022-01-01")
    (w,) = by(r, "within_site")
    assert (w.status, w.reason, w.actual) == ("fail", "outside_site", 200)
    assert r.status == "fail" and "200.00 m²" in w.message_zh


def test_the_large_commercial_minimum_binds_only_the_large_commercial_building(tmp_path):
    mall = building(rect(10, 12, 130, 62), storeys=5, storey_height=5, use="商业")  # 30 000 m², 12 m away
    shop = building(rect(150, 6, 170, 20), storeys=2, use="商业")  # small, 6 m away
    r = check(plan_design(tmp_path, [SITE, ROAD, GREEN, mall, shop]), as_of="2022-01-01")
    (s,) = by(r, "setback")
    assert s.status == "pass" and r.computed["setback"] == 6
    near_mall = building(rect(10, 8, 130, 58), storeys=5, storey_height=5, use="商业")  # 8 m away
    r = check(plan_design(tmp_path, [SITE, ROAD, GREEN, near_mall, shop]), as_of="2022-01-01")
    (s,) = by(r, "setback")
    assert (s.status, s.actual) == ("fail", 8) and r.computed["setback"] == 6


def test_a_declared_figure_within_its_written_digits_agrees_and_one_beyond_is_warned(tmp_path):
    feats = [SITE, ROAD, GREEN, building(rect(10, 30, 50, 60), storeys=10)]
    ok = check(plan_design(tmp_path, feats, "site_area: 48334 m2\nheight: 30 m\n"), as_of="2022-01-01")
    assert not [f for f in ok.findings if f.status == "warn"]
    off = check(plan_design(tmp_path, feats, "site_area: 48000 m2\n"), as_of="2022-01-01")
    (w,) = [f for f in off.findings if f.status == "warn"]
    assert w.fields == ("site_area",) and "48000 m2" in w.message_zh and "48 334.00 m²" in w.message_zh


def test_the_geometry_policy_can_be_chosen_by_name_on_the_command_line(tmp_path):
    tall = building(rect(10, 30, 50, 60), storeys=2, storey_height=5, use="住宅")  # 1 200 m² → ×2 above 4.9 m
    d = plan_design(tmp_path, [SITE, ROAD, GREEN, tall])
    plain = json.loads(cli("check", d, "--format", "json", "--as-of", "2022-01-01").stdout)
    doubled = json.loads(cli("check", d, "--format", "json", "--as-of", "2022-01-01",
                             "--geometry-policy", "tall-storeys-2x3x").stdout)
    assert plain["reports"][0]["computed"]["floor_area"] == 2400
    assert doubled["reports"][0]["computed"]["floor_area"] == 4800


def test_the_site_plan_is_found_beside_the_design_whatever_the_working_directory(tmp_path):
    d = plan_design(tmp_path, [SITE, ROAD, GREEN, building(rect(10, 30, 50, 60), storeys=10)])
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(d), "--as-of", "2022-01-01"],
                          capture_output=True, text=True, cwd="/")
    assert proc.returncode in (0, 1, 3), proc.stderr


def test_check_figure_draws_a_png_and_an_svg_with_the_setback_dimensioned(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib comes with the figure extra")
    png, svg = tmp_path / "plan.png", tmp_path / "plan.svg"
    proc = cli("check", PLANS / "huoyuanjie-south-setback.yaml", "--as-of", "2022-01-01", "--figure", png)
    assert proc.returncode == 1 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
    cli("check", PLANS / "huoyuanjie-south-setback.yaml", "--as-of", "2022-01-01", "--figure", svg, "--lang", "en")
    text = svg.read_text(encoding="utf-8")
    assert "7.00 m (large commercial)" in text and "FAIL" in text and "green counted" in text


def test_the_figure_speaks_chinese_by_default_where_a_chinese_font_is_installed(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib comes with the figure extra")
    from zoning_rules.geometry.figure import _cjk_font

    svg = tmp_path / "plan.svg"
    cli("check", PLANS / "huoyuanjie-south-setback.yaml", "--as-of", "2022-01-01", "--figure", svg)
    text = svg.read_text(encoding="utf-8")
    if _cjk_font():
        assert "7.00 m（大型商业建筑）" in text and "不通过" in text and "计入绿地" in text
    else:  # without a CJK font, English labels rather than boxes
        assert "7.00 m (large commercial)" in text


def test_a_figure_of_a_design_without_a_site_plan_or_in_an_unknown_format_is_bad_input(tmp_path):
    proc = cli("check", EXAMPLES / "bz-13-10-pass.yaml", "--figure", tmp_path / "x.png")
    assert proc.returncode == 2 and "--figure needs a design with a site_plan" in proc.stderr
    proc = cli("check", PLANS / "bz-13-10-geojson.yaml", "--figure", tmp_path / "x.jpg")
    assert proc.returncode == 2 and ".jpg" in proc.stderr
