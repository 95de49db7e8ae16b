"""Figures a model declares (Wuhan-style 报建 property sets, quantity sets) are cross-checked, never trusted."""
from __future__ import annotations

from ifc_models import BUILDING_PSET, HEIGHT, SITE_PSET, STOREY_PSET, building_a, building_b, standard, write
from zoning_rules import check
from zoning_rules.ifc import read_model
from zoning_rules.ifc.build import BuildingSpec, rectangle
from zoning_rules.ifc.mapping import load_mapping


def mismatches(report):
    return [f for f in report.findings if f.reason == "declared_mismatch"]


def building_c(storey_height_mm, floor_area) -> BuildingSpec:
    return BuildingSpec("C栋", rectangle(10, 35, 40, 38), [3.0, 3.0],
                        storey_psets={STOREY_PSET: {"建筑层高": storey_height_mm, "楼层面积": floor_area}})


def agreeing(prefix: str = "") -> dict:
    return dict(
        ground=-0.45,
        site_psets={prefix + SITE_PSET: {"地块编号": "BZ-13-10", "总用地面积": 6000.0, "容积率": 0.38,
                                         "建筑密度": 0.215, "绿地率": 0.3333}},
        buildings=[building_a(psets={prefix + BUILDING_PSET: {
            "建筑高度": 9.65, "建筑面积": 1500.0, "建筑占地面积": 600.0, "地上建筑层数": 3, "地下建筑层数": 0,
            "室内外高差最大值": 0.45}}), building_b(), building_c(3000, 90.0)])


def test_wuhan_property_sets_that_agree_with_the_geometry_raise_no_warning(tmp_path):
    # C栋 adds 30 × 3 m over two storeys: floor area 2 100 + 180, footprint 1 290 m² (21.5 %).
    r = check(write(tmp_path, standard(**agreeing())), as_of="2022-01-01")
    assert mismatches(r) == [], [f.message_en for f in mismatches(r)]
    plan = read_model(write(tmp_path, standard(**agreeing()), "again.ifc"))
    keys = {(d.level, d.key) for d in plan.declared}
    assert {("site", "far"), ("building", "height"), ("building", "ground_step"), ("storey", "storey_height"),
            ("storey", "floor_area")} <= keys


def test_property_sets_are_found_with_a_pset_prefix_too(tmp_path):
    r = check(write(tmp_path, standard(**agreeing("Pset_"))), as_of="2022-01-01")
    assert r.plot == "BZ-13-10" and mismatches(r) == []


def test_declared_figures_that_disagree_are_warnings_naming_both_and_the_geometry_decides(tmp_path):
    spec = standard(
        site_psets={SITE_PSET: {"地块编号": "BZ-13-10", "容积率": 2.5, "绿地率": 0.4}},
        buildings=[building_a(psets={BUILDING_PSET: {"建筑高度": 30.0, "地上建筑层数": 5}}), building_b(),
                   building_c(3300, 90.0)])
    path = write(tmp_path, spec)
    r = check(path, as_of="2022-01-01")
    text = "\n".join(f.message_zh for f in mismatches(r))
    assert "场地信息属性集.容积率 = 2.5" in text and "0.380" in text  # (2 100 + 180) / 6 000
    assert "场地信息属性集.绿地率 = 0.4" in text and "33.33%" in text
    assert "建筑技术信息属性集.建筑高度 = 30.0 m" in text and "9.200 m" in text
    assert "建筑技术信息属性集.地上建筑层数 = 5" in text
    assert "建筑楼层信息属性集.建筑层高 = 3300 mm" in text and "3.000 m" in text
    import ifcopenshell

    a = next(b for b in ifcopenshell.open(str(path)).by_type("IfcBuilding") if b.Name == "A栋")
    assert a.GlobalId in text
    height = next(f for f in r.findings if f.indicator == "height")
    assert height.actual == HEIGHT  # the computed value decides, not the declared 30 m
    green = next(f for f in r.findings if f.indicator == "green_ratio")
    assert green.status == "fail"  # declared 40 % does not rescue a 33.33 % green ratio


def test_a_quantity_set_that_disagrees_is_a_warning_too(tmp_path):
    spec = standard(site_quantities={"Qto_SiteBaseQuantities": {"GrossArea": 6500.0}})
    r = check(write(tmp_path, spec), as_of="2022-01-01")
    assert any("Qto_SiteBaseQuantities.GrossArea = 6500.0" in f.message_zh for f in mismatches(r))


def test_a_declared_figure_with_no_computed_counterpart_is_listed_as_not_checked(tmp_path):
    spec = standard(site_psets={SITE_PSET: {"地块编号": "BZ-13-10", "可建设用地面积": 5800.0}})
    r = check(write(tmp_path, spec), as_of="2022-01-01")
    assert "可建设用地面积 = 5800.0" in r.evidence["declared_unchecked"].source_zh


def test_the_mapping_is_data_a_city_can_replace(tmp_path):
    mapping_file = tmp_path / "city.yaml"
    mapping_file.write_text("site:\n  psets: [规划信息]\n  properties:\n"
                            "    plot: {names: [DKBM], kind: text}\n"
                            "    far: {names: [RJL], kind: number}\n", encoding="utf-8")
    mapping = load_mapping(mapping_file)
    spec = standard(site_psets={"规划信息": {"DKBM": "BZ-13-10", "RJL": 9.9}})
    plan = read_model(write(tmp_path, spec), mapping=mapping)
    assert plan.plot == "BZ-13-10"
    assert [(d.key, d.where) for d in plan.declared if d.level == "site"] == [("far", "规划信息.RJL")]
    assert read_model(write(tmp_path, spec, "default.ifc")).plot is None  # the default mapping does not see it


def test_the_cli_reads_a_model_with_a_citys_own_mapping(tmp_path):
    import subprocess
    import sys

    mapping_file = tmp_path / "city.yaml"
    mapping_file.write_text("site:\n  psets: [规划信息]\n  properties:\n"
                            "    plot: {names: [DKBM], kind: text}\n", encoding="utf-8")
    model = write(tmp_path, standard(site_psets={"规划信息": {"DKBM": "BZ-13-10"}}))

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(model), "--as-of",
                               "2022-01-01", *extra], capture_output=True, text=True)
    without = run()
    assert without.returncode == 2 and "地块编号" in without.stderr
    with_mapping = run("--ifc-mapping", str(mapping_file))
    assert with_mapping.returncode == 1, with_mapping.stderr  # checked: green 33.33 % < 35 %
    assert "BZ-13-10" in with_mapping.stdout
