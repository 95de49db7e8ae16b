"""A plan layer's values that are not numbers (NaN, infinity) or are beyond any building (1e308,
a 容积率 of 1e10, a height of 5000 m) become review items naming the plot, the feature, the field and
the value — never silently dropped, never a limit — and the line quoting them stays short."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from zoning_rules.plan.importer import import_layer  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2019, 6, 1)
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}


def square(i: int) -> dict:
    x, y = 500_000.0 + 100 * i, 4_150_000.0
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]]}


def geojson_text(props: list[dict]) -> str:
    """GeoJSON written by hand: json.dumps spells float('nan') as NaN, which GDAL reads as NaN."""
    feats = [{"type": "Feature", "properties": p, "geometry": square(i)} for i, p in enumerate(props)]
    return json.dumps({"type": "FeatureCollection", "crs": CRS, "features": feats}, ensure_ascii=False)


def layer(tmp_path: Path, props: list[dict]) -> Path:
    path = tmp_path / "plan.geojson"
    path.write_text(geojson_text(props), encoding="utf-8")
    return path


def reviews(result, code: str) -> list[str]:
    return result.rules["plots"][code]["approvals"][0].get("review", [])


def limits(result, code: str) -> dict:
    return result.rules["plots"][code]["approvals"][0].get("limits", {})


def test_a_nan_far_in_geojson_is_a_review_item_naming_plot_feature_field_and_value(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": float("nan")}, {"地块编码": "A-2", "容积率": 2.5},
                            {"地块编码": "A-3", "容积率": None}])
    result = import_layer(str(path), document="D", date=DAY)
    assert "far" not in limits(result, "A-1")
    assert any("容积率" in r and "nan" in r for r in reviews(result, "A-1"))
    issue = next(i for i in result.issues if i.plot == "A-1")
    assert issue.kind == "unreadable" and issue.field == "容积率"
    assert "feature 0" in issue.message_en and "nan" in issue.message_en
    assert limits(result, "A-2") == {"far": {"max": "2.5"}}
    # the NULL cell is not a NaN: nothing to review, but counted (not silent)
    assert reviews(result, "A-3") == [] and "far" not in limits(result, "A-3")
    assert any(n.startswith("容积率: 1 ") and "A-3" in n for n in result.notes)


def test_infinity_and_nan_written_as_text_are_review_items_too(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": "NaN", "建筑限高": "inf"},
                            {"地块编码": "A-2", "容积率": float("inf"), "建筑限高": "24米"}])
    result = import_layer(str(path), document="D", date=DAY)
    assert limits(result, "A-1") == {} and len(reviews(result, "A-1")) == 2
    assert limits(result, "A-2") == {"height": {"max": "24 米"}}
    assert any("inf" in r for r in reviews(result, "A-2"))


def test_a_nan_in_a_shapefile_dbf_is_a_review_item_and_a_blank_one_is_no_value(tmp_path):
    import geopandas as gpd
    from shapely import box

    shp = tmp_path / "n.shp"
    gpd.GeoDataFrame({"DKBM": ["A-1", "A-2", "A-3"], "RJL": [2.5, 1.5, None]},
                     geometry=[box(500000 + i * 100, 4150000, 500100 + i * 100, 4150100) for i in range(3)],
                     crs="EPSG:4546").to_file(shp, driver="ESRI Shapefile")
    dbf = shp.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    header, record = int.from_bytes(data[8:10], "little"), int.from_bytes(data[10:12], "little")
    second = bytes(data[header + record: header + 2 * record])
    m = re.search(rb" *1\.50*", second)
    data[header + record + m.start(): header + record + m.end()] = b"nan".rjust(m.end() - m.start())
    dbf.write_bytes(bytes(data))  # what a tool that writes float('nan') with %f leaves in the DBF
    result = import_layer(str(shp), document="D", date=DAY)
    assert limits(result, "A-1") == {"far": {"max": "2.5"}}
    assert limits(result, "A-2") == {} and any("RJL" in r and "nan" in r for r in reviews(result, "A-2"))
    assert reviews(result, "A-3") == [] and limits(result, "A-3") == {}


def test_a_nan_plot_code_is_a_plot_without_a_code_an_error(tmp_path):
    from zoning_rules.errors import InputError

    path = layer(tmp_path, [{"地块编码": float("nan"), "容积率": 2.0}])
    with pytest.raises(InputError, match="no plot code"):
        import_layer(str(path), document="D", date=DAY)


def test_a_1e308_value_is_implausible_and_its_review_line_is_short(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": 1e308, "用地面积": 1e300},
                            {"地块编码": "A-2", "容积率": "≤" + "9" * 400}])
    result = import_layer(str(path), document="D", date=DAY)
    for code in ("A-1", "A-2"):
        assert limits(result, code) == {} and result.rules["plots"][code]["approvals"][0].get("area") is None
        lines = reviews(result, code)
        assert lines and all(len(line) < 400 for line in lines), lines
    assert any("1e+308" in r for r in reviews(result, "A-1"))
    assert all(len(i.message_en) < 600 for i in result.issues)


@pytest.mark.parametrize("field, value, why", [("容积率", 1e10, "beyond any building"),
                                               ("容积率", "≤301", "beyond any building"),
                                               ("建筑限高", "5000米", "beyond any building"),
                                               ("建筑限高", 1001, "beyond any building")])
def test_a_limit_no_building_can_reach_is_a_review_item_not_a_limit(tmp_path, field, value, why):
    path = layer(tmp_path, [{"地块编码": "A-1", field: value}])
    result = import_layer(str(path), document="D", date=DAY)
    assert limits(result, "A-1") == {}
    assert any(why in r for r in reviews(result, "A-1"))


def test_a_plausible_large_limit_is_still_read_exactly(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": 12.5, "建筑限高": "528米"}])
    result = import_layer(str(path), document="D", date=DAY)
    assert limits(result, "A-1") == {"far": {"max": "12.5"}, "height": {"max": "528 米"}}


def test_a_plot_with_a_nan_value_is_indeterminate_when_checked(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": float("nan"), "建筑限高": "24米"}])
    result = import_layer(str(path), document="D", date=DAY)
    from zoning_rules.plan.storage import write_plan
    from zoning_rules import check

    rules, _ = write_plan(result, tmp_path / "rules.yaml")
    book = load_rulebook(rules, embedded=False)
    report = check({"plot": "A-1", "site_area": "10000 平方米", "floor_area": "1 平方米", "height": "3 米"},
                   book, as_of=DAY)
    assert report.status == "indeterminate"


def test_import_plan_lists_a_nan_on_stderr_and_exits_0_without_a_traceback(tmp_path):
    path = layer(tmp_path, [{"地块编码": "A-1", "容积率": float("nan")}, {"地块编码": "A-2", "容积率": 1e308}])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "import-plan", str(path), "--document", "D",
                           "--date", "2019-06-01", "--out", str(tmp_path / "out.yaml")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr
    assert "A-1" in proc.stderr and "nan" in proc.stderr and "1e+308" in proc.stderr
    assert max(len(line) for line in proc.stderr.splitlines()) < 600
