"""0 and -1 in a plan layer's limit fields are how GIS attribute tables say "not filled in": they
become review items naming the plot and value (a maximum 容积率 of 0 would fail every design, no
limit at all would drop what the cell says), never a limit.  Blank cells and the marks plans use for
"no such limit" (/, —, 无) are no limit, and counted in the output — never silently."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from zoning_rules import check  # noqa: E402
from zoning_rules.cli import main  # noqa: E402
from zoning_rules.plan.importer import import_layer  # noqa: E402
from zoning_rules.plan.values import NOT_GIVEN, read_value  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

DAY = dt.date(2019, 6, 1)
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}
ROLES = {"容积率": "far", "建筑密度": "building_density", "绿地率": "green_ratio", "建筑限高": "height",
         "用地面积": "area"}


def layer(tmp_path: Path, props: list[dict]) -> Path:
    feats = []
    for i, p in enumerate(props):
        x, y = 500_000.0 + 100 * i, 4_150_000.0
        ring = [[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]
        feats.append({"type": "Feature", "properties": p, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path = tmp_path / "plan.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": CRS, "features": feats}, ensure_ascii=False),
                    encoding="utf-8")
    return path


ZEROS = [0, 0.0, "0", "0.00", -1, -1.0, "-1", "-9999", "≤0"]
CASES = [(role, v) for role in ("far", "building_density", "green_ratio", "height", "area") for v in ZEROS] + \
    [("building_density", "0%"), ("green_ratio", "≥0%"), ("height", "0米"), ("area", "0公顷")]


@pytest.mark.parametrize("role, value", CASES)
def test_zero_or_a_negative_number_is_never_a_limit_or_an_area(role, value):
    read = read_value(value, role, percent=True)
    assert read.spec is None and not read.absent
    assert read.error is not None


@pytest.mark.parametrize("value", [0, "0", -1, "-1"])
def test_the_reason_says_what_zero_and_minus_one_usually_mean(value):
    assert NOT_GIVEN in read_value(value, "far").error


@pytest.mark.parametrize("value", [None, "", "  ", "/", "—", "——", "-", "无"])
def test_blank_and_the_no_value_marks_are_no_value(value):
    assert read_value(value, "far").absent


def test_a_range_from_zero_is_still_a_range():
    assert read_value("0-2.0", "far").spec == {"min": "0", "max": "2.0"}


def test_zero_in_each_field_is_a_review_item_and_the_plot_checks_indeterminate_not_failed(tmp_path):
    props = [{"地块编码": "Z-1", "容积率": 0, "建筑密度": 0, "绿地率": 0, "建筑限高": 0, "用地面积": 0},
             {"地块编码": "M-1", "容积率": -1, "建筑密度": -1, "绿地率": "-1", "建筑限高": -1, "用地面积": -1},
             {"地块编码": "OK", "容积率": 2.4, "建筑密度": 30, "绿地率": 35, "建筑限高": 24, "用地面积": 10000}]
    result = import_layer(str(layer(tmp_path, props)), document="D", date=DAY)
    for code in ("Z-1", "M-1"):
        approval = result.rules["plots"][code]["approvals"][0]
        assert "limits" not in approval and "area" not in approval
        assert {r.split(":")[0] for r in approval["review"]} == set(ROLES)
        named = [i for i in result.issues if i.plot == code and i.kind == "unreadable"]
        assert {i.field for i in named} == set(ROLES)
    assert result.rules["plots"]["OK"]["approvals"][0]["limits"]["far"] == {"max": "2.4"}

    from zoning_rules.plan.storage import write_plan

    rules, _ = write_plan(result, tmp_path / "rules.yaml")
    book = load_rulebook(rules, embedded=False)
    design = {"plot": "Z-1", "site_area": "10000 平方米", "floor_area": "20000 平方米", "height": "20 米",
              "footprint_area": "3000 平方米", "green_area": "3500 平方米"}
    report = check(design, book, as_of=DAY)
    assert report.status == "indeterminate"  # a FAR ≤ 0 would have failed it
    assert not any(f.status == "fail" for f in report.findings)


def test_blank_and_slash_cells_are_counted_in_the_output_not_dropped_silently(tmp_path, capsys):
    props = [{"地块编码": "B-1", "容积率": "/", "建筑限高": ""}, {"地块编码": "B-2", "容积率": "—", "建筑限高": None},
             {"地块编码": "B-3", "容积率": "无", "建筑限高": "24米"}]
    out = tmp_path / "rules.yaml"
    assert main(["import-plan", str(layer(tmp_path, props)), "--document", "D", "--date", "2019-06-01",
                 "--out", str(out), "--report", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert "容积率: 3 个要素未给出数值" in err and "建筑限高: 2 个要素未给出数值" in err
    notes = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["notes"]
    assert any(n.startswith("容积率: 3 ") and "B-1" in n and "B-3" in n for n in notes)
    book = load_rulebook(out, embedded=False)
    assert book.approvals and all(not a.review for a in book.history("B-1"))
