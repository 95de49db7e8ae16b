"""locate and check without plot: a site is matched to the plan's plots by its boundary, with the
share in each; straddling or reaching outside is said, never a silent choice."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from hypothesis import given, settings, strategies as st  # noqa: E402
from plan_layers import LVLIANG_CELL, LVLIANG_PLAN, import_lvliang_plan, lvliang_square  # noqa: E402

from zoning_rules import check, load_rulebook  # noqa: E402
from zoning_rules.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def plan_rules(tmp_path_factory):
    return import_lvliang_plan(tmp_path_factory.mktemp("lvliang"))


def site_plan(path, x0, y0, x1, y1):
    """A site plan in EPSG:4546 metres: the site and one building in its middle."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ring = lambda a, b, c, d: [[a, b], [c, b], [c, d], [a, d], [a, b]]  # noqa: E731
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"role": "site"},
         "geometry": {"type": "Polygon", "coordinates": [ring(x0, y0, x1, y1)]}},
        {"type": "Feature", "properties": {"role": "building", "storeys": 6, "storey_height": 3},
         "geometry": {"type": "Polygon", "coordinates": [ring(cx - 5, cy - 5, cx + 5, cy + 5)]}}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def design(tmp_path, name, box, plot=None):
    plan = site_plan(tmp_path / f"{name}.geojson", *box)
    lines = [f"site_plan: {plan.name}", "crs: EPSG:4546", "land_use: R2"]
    if plot:
        lines.insert(0, f"plot: {plot}")
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_locate_a_site_inside_one_plot_straddling_two_and_outside_all(plan_rules, tmp_path, capsys):
    x, y = lvliang_square("BZ-13-10")
    inside = site_plan(tmp_path / "in.geojson", x + 20, y + 20, x + 120, y + 120)
    straddle = site_plan(tmp_path / "st.geojson", x + 150, y + 20, x + 250, y + 120)  # 50 m each side
    outside = site_plan(tmp_path / "out.geojson", x - 5000, y - 5000, x - 4900, y - 4900)
    code = main(["locate", str(inside), "--rules", str(plan_rules), "--crs", "EPSG:4546", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["verdict"] == "inside"
    assert [(p["plot"], p["share"]) for p in data["plots"]] == [("BZ-13-10", 1.0)]
    code = main(["locate", str(straddle), "--rules", str(plan_rules), "--crs", "EPSG:4546", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 3 and data["verdict"] == "straddles"
    assert sorted(p["share"] for p in data["plots"]) == [0.5, 0.5]
    assert "BZ-13-10" in [p["plot"] for p in data["plots"]]
    code = main(["locate", str(outside), "--rules", str(plan_rules), "--crs", "EPSG:4546", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 3 and data["verdict"] == "outside" and data["plots"] == [] and data["outside_share"] == 1.0


def test_locate_a_point_in_the_plans_crs_and_in_lon_lat(plan_rules, capsys):
    x, y = lvliang_square("HZ-19-03")
    assert main(["locate", f"{x + 10},{y + 10}", "--rules", str(plan_rules)]) == 0
    assert "HZ-19-03" in capsys.readouterr().out
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:4546", "EPSG:4490", always_xy=True).transform(x + 100, y + 100)
    assert main(["locate", f"{lon:.8f},{lat:.8f}", "--rules", str(plan_rules), "--crs", "EPSG:4490"]) == 0
    assert "HZ-19-03" in capsys.readouterr().out


def test_locate_without_boundaries_in_the_rule_book_is_bad_input(capsys):
    assert main(["locate", "512000,4154000"]) == 2
    assert "no plot boundaries" in capsys.readouterr().err


def test_check_without_plot_finds_the_plot_from_the_site_plan(plan_rules, tmp_path):
    x, y = lvliang_square("BZ-13-10")
    book = load_rulebook(plan_rules)
    report = check(design(tmp_path, "in", (x + 20, y + 20, x + 120, y + 120)), book, as_of="2021-06-01")
    assert report.plot == "BZ-13-10"
    located = [f for f in report.findings if f.reason == "located"]
    assert located and located[0].status == "pass"
    far = next(f for f in report.findings if f.indicator == "far")
    assert far.approval.source.id == "吕政函〔2021〕2号"  # the letter's limit, the plan's before it
    before = check(design(tmp_path, "in2", (x + 20, y + 20, x + 120, y + 120)), book, as_of="2020-06-01")
    assert next(f for f in before.findings if f.indicator == "far").approval.source.id == LVLIANG_PLAN["doc"]


def test_check_without_plot_of_a_straddling_site_is_indeterminate_and_names_every_share(plan_rules, tmp_path):
    x, y = lvliang_square("BZ-13-10")
    book = load_rulebook(plan_rules)
    report = check(design(tmp_path, "st", (x + 120, y + 20, x + 260, y + 120)), book, as_of="2021-06-01")
    finding = next(f for f in report.findings if f.reason == "site_straddles_plots")
    assert finding.status == "indeterminate" and report.status != "pass"
    assert report.plot == "BZ-13-10"  # 80 m of 140 m: the largest share, and said so
    assert "57.14%" in finding.message_zh and "42.86%" in finding.message_zh


def test_check_without_plot_outside_every_plot_is_bad_input(plan_rules, tmp_path, capsys):
    x, y = lvliang_square("BZ-13-10")
    path = design(tmp_path, "out", (x - 5000, y - 5000, x - 4900, y - 4900))
    assert main(["check", str(path), "--rules", str(plan_rules), "--as-of", "2021-06-01"]) == 2
    assert "outside every plot" in capsys.readouterr().err


def test_a_design_naming_a_plot_its_site_is_not_in_fails_the_location_check(plan_rules, tmp_path):
    x, y = lvliang_square("BZ-13-10")
    book = load_rulebook(plan_rules)
    report = check(design(tmp_path, "wrong", (x + 20, y + 20, x + 120, y + 120), plot="HZ-19-03"), book,
                   as_of="2021-06-01")
    wrong = next(f for f in report.findings if f.reason == "site_not_in_plot")
    assert wrong.status == "fail" and "BZ-13-10" in wrong.message_zh and report.status == "fail"


def test_a_design_without_plot_and_without_site_plan_is_bad_input(tmp_path, capsys):
    path = tmp_path / "d.yaml"
    path.write_text("far: 2.0\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "plot is required" in capsys.readouterr().err


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(range(12))), st.floats(0, 300), st.floats(0, 200), st.floats(1, 150))
def test_locate_gives_the_same_shares_whatever_the_order_of_the_plots(order, x, y, size):
    import numpy as np
    from shapely import box

    from zoning_rules.plan.locate import PlotIndex
    from zoning_rules.plan.storage import Boundaries

    cells = [(i % 4 * 100.0, i // 4 * 100.0) for i in range(12)]
    codes = [f"P-{i:02d}" for i in range(12)]
    geoms = [box(cx, cy, cx + 100, cy + 100) for cx, cy in cells]
    site = box(x, y, x + size, y + size)

    def shares(idx):
        b = Boundaries(tuple(codes[i] for i in idx), tuple(codes[i] for i in idx),
                       np.asarray([geoms[i] for i in idx], dtype=object), "EPSG:4546")
        loc = PlotIndex(b).locate([site])[0]
        return {s.plot: round(s.area, 6) for s in loc.shares}, round(loc.outside, 6), loc.verdict

    a, b = shares(range(12)), shares(order)
    assert a == b
    assert sum(a[0].values()) + a[1] == pytest.approx(size * size)
