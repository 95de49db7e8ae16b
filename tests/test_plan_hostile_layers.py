"""Hostile plan layers end in an import that lists what it could not use, or in one clear error (exit 2)
— never a traceback, a silent drop or a boundary nobody can have: GeoJSON arrays and objects as
values, points, degenerate boundaries, degrees under a metric CRS, coordinates beyond the Earth,
projected coordinates in a GeoJSON without a crs, codes that are no codes, and Shapefiles whose
field names the 10-byte limit cut in the middle of a UTF-8 character or whose .cpg lies."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from zoning_rules.errors import InputError  # noqa: E402
from zoning_rules.plan.importer import import_layer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2019, 6, 1)
GK = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}
X, Y = 500_000.0, 4_150_000.0


def ring(x: float, y: float, d: float = 100.0) -> list:
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


def polygon(r: list) -> dict:
    return {"type": "Polygon", "coordinates": [r]}


def layer(tmp_path: Path, features: list[tuple[dict, dict | None]], crs: dict | None = GK,
          name: str = "plan.geojson") -> Path:
    feats = [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]
    doc = {"type": "FeatureCollection", "features": feats}
    if crs is not None:
        doc["crs"] = crs
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def import_cli(path: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("import-plan", str(path), "--document", "D", "--date", "2019-06-01",
                   "--out", str(tmp_path / "out.yaml"), *extra)


def error_lines(proc: subprocess.CompletedProcess) -> list[str]:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    return [line for line in proc.stderr.splitlines() if line.strip()]


def test_geojson_arrays_objects_and_booleans_as_values_are_review_items_not_a_crash(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1", "容积率": True, "建筑限高": {"a": 1}, "绿地率": [1, 2],
                              "用地性质": [1]}, polygon(ring(X, Y)))])
    proc = import_cli(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    result = import_layer(str(path), document="D", date=DAY)
    review = result.rules["plots"]["A-1"]["approvals"][0]["review"]
    assert {line.split(":")[0] for line in review} == {"容积率", "建筑限高", "绿地率", "用地性质"}
    assert "limits" not in result.rules["plots"]["A-1"]["approvals"][0]


def test_a_point_is_named_as_a_point_not_a_polygon(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1"}, {"type": "Point", "coordinates": [X, Y]})])
    (line,) = error_lines(import_cli(path, tmp_path))
    assert "A-1 is a Point, not a polygon" in line


def test_a_zero_area_boundary_is_an_error_and_under_repair_a_plot_without_a_boundary(tmp_path):
    flat = polygon([[X, Y], [X + 100, Y], [X + 200, Y], [X, Y]])
    sliver = polygon([[X, Y + 500], [X + 100, Y + 500], [X + 100, Y + 500.001], [X, Y + 500]])  # 0.05 m²
    path = layer(tmp_path, [({"地块编码": "A-1", "容积率": 2.0}, flat), ({"地块编码": "A-2", "容积率": 2.0}, sliver),
                            ({"地块编码": "A-3", "容积率": 2.0}, polygon(ring(X, Y + 1000)))])
    lines = error_lines(import_cli(path, tmp_path))
    assert any("A-1" in line for line in lines) and any("A-2" in line and "no plot is that small" in line
                                                        for line in lines)
    result = import_layer(str(path), document="D", date=DAY, repair=True)
    dropped = {i.plot for i in result.issues if i.kind == "no_boundary"}
    assert dropped == {"A-1", "A-2"}
    assert result.rules["plots"]["A-1"]["approvals"][0]["limits"] == {"far": {"max": "2.0"}}
    kept = dict(zip(result.codes, result.geometries))
    assert kept["A-1"] is None and kept["A-2"] is None and kept["A-3"].area == pytest.approx(10_000)


def test_degrees_under_a_metric_crs_are_an_error_that_says_so(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1"}, polygon(ring(111.14, 37.52, 0.001))),
                            ({"地块编码": "A-2"}, polygon(ring(111.142, 37.52, 0.001)))])
    lines = error_lines(import_cli(path, tmp_path))
    assert len(lines) == 2 and all("look like lon/lat degrees" in line for line in lines)


def test_coordinates_beyond_the_earth_are_an_error(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1"}, polygon(ring(1e300, 1e300, 1e299)))])
    (line,) = error_lines(import_cli(path, tmp_path))
    assert "beyond any place on Earth" in line


def test_a_geojson_without_crs_holding_metres_asks_for_crs_and_takes_it(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1", "容积率": 2.0}, polygon(ring(X, Y)))], crs=None)
    (line,) = error_lines(import_cli(path, tmp_path))
    assert "not degrees" in line and "--crs" in line
    result = import_layer(str(path), document="D", date=DAY, crs="EPSG:4546")
    assert result.crs == "EPSG:4546" and result.geometries[0].area == pytest.approx(10_000)
    assert any("--crs" in n for n in result.notes)


def test_a_lon_lat_layer_wider_than_a_zone_is_imported_with_a_note(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1"}, polygon(ring(108.0, 37.0, 0.001))),
                            ({"地块编码": "A-2"}, polygon(ring(114.0, 37.0, 0.001)))], crs=None)
    result = import_layer(str(path), document="D", date=DAY)
    assert any("more than one 3-degree zone" in n for n in result.notes)


@pytest.mark.parametrize("code, why", [("A" * 101, "characters"), ("B\x1b[2J-1", "control characters"),
                                       (["A", "B"], "not text or a number")])
def test_a_plot_code_that_is_no_code_is_an_error_shown_escaped(tmp_path, code, why):
    path = layer(tmp_path, [({"地块编码": code}, polygon(ring(X, Y)))])
    (line,) = error_lines(import_cli(path, tmp_path))
    assert why in line and "\x1b" not in line


def test_a_whole_number_code_in_a_real_column_is_that_number(tmp_path):
    path = layer(tmp_path, [({"地块编码": 101.0, "容积率": 2.0}, polygon(ring(X, Y))),
                            ({"地块编码": 102.5, "容积率": 2.0}, polygon(ring(X + 100, Y)))])
    result = import_layer(str(path), document="D", date=DAY)
    assert set(result.codes) == {"101", "102.5"}


def test_control_characters_in_values_are_escaped_in_the_import_summary(tmp_path):
    path = layer(tmp_path, [({"地块编码": "A-1", "用地代码": "R2\x1b[31m", "容积率": "约\x1b]0;x\x072"},
                             polygon(ring(X, Y)))])
    proc = import_cli(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stderr and "\\x1b" in proc.stderr


def _utf8_shapefile(tmp_path: Path, *, cpg: bool) -> Path:
    import geopandas as gpd
    from shapely import box

    shp = tmp_path / "utf8.shp"
    frame = gpd.GeoDataFrame({"地块编码": ["A-1", "A-2"], "用地面积": [10000.0, 10000.0], "容积率": ["2.0", "≤1.5"],
                              "建筑限高": ["24米", "36米"]},
                             geometry=[box(X, Y, X + 100, Y + 100), box(X + 100, Y, X + 200, Y + 100)],
                             crs="EPSG:4546")
    import warnings

    with warnings.catch_warnings():  # GDAL says it cuts the names: that is the point
        warnings.simplefilter("ignore")
        frame.to_file(shp, driver="ESRI Shapefile", encoding="UTF-8")
    names = shp.with_suffix(".dbf").read_bytes()[32:32 * 5]
    assert b"\xe5\x9c\xb0\xe5\x9d\x97\xe7\xbc\x96\xe7\x00" in names  # 地块编 + the first byte of 码
    if not cpg:
        shp.with_suffix(".cpg").unlink()
    return shp


@pytest.mark.parametrize("cpg", [True, False])
def test_a_utf8_shapefile_whose_names_were_cut_mid_character_is_read_and_mapped(tmp_path, cpg):
    shp = _utf8_shapefile(tmp_path, cpg=cpg)
    result = import_layer(str(shp), document="D", date=DAY)
    assert result.mapping.fields["code"] == "地块编" and result.mapping.fields["height"] == "建筑限"
    assert result.mapping.fields["area"] == "用地面"
    assert result.rules["plots"]["A-2"]["approvals"][0]["limits"] == {"far": {"max": "1.5"},
                                                                      "height": {"max": "36 米"}}
    assert any("cut at 10 bytes" in n for n in result.notes)


def test_a_cut_name_that_could_be_two_roles_is_left_for_the_mapping():
    from zoning_rules.plan.mapping import default_mapping

    mp = default_mapping(["地块编", "用地性"], cut=("地块编", "用地性"))  # 用地性质 or 用地性质代码?
    assert mp.fields == {"code": "地块编"}
    assert default_mapping(["用地性"]).fields == {}  # not cut: never matched by its start


def test_a_gbk_shapefile_whose_cpg_says_utf8_asks_for_encoding_and_reads_with_it(tmp_path):
    import geopandas as gpd
    from shapely import box

    shp = tmp_path / "gbk.shp"
    gpd.GeoDataFrame({"DKBM": ["A-1"], "YDXZ": ["二类居住用地"], "RJL": ["≤2.4"]},
                     geometry=[box(X, Y, X + 100, Y + 100)], crs="EPSG:4546").to_file(
        shp, driver="ESRI Shapefile", encoding="GBK")
    shp.with_suffix(".cpg").write_text("UTF-8")
    (line,) = error_lines(import_cli(shp, tmp_path))
    assert "not UTF-8" in line and "--encoding GBK" in line
    result = import_layer(str(shp), document="D", date=DAY, encoding="GBK")
    assert result.rules["plots"]["A-1"]["approvals"][0]["land_use"] == {"name": "二类居住用地"}


def test_a_boundary_of_many_vertices_imports_and_draws_in_bounded_time(tmp_path):
    import math

    pytest.importorskip("matplotlib")
    n = 100_000
    big = [[X + 100 * math.cos(2 * math.pi * k / n), Y + 100 * math.sin(2 * math.pi * k / n)] for k in range(n)]
    path = layer(tmp_path, [({"地块编码": "A-1", "容积率": 2.0}, polygon(big + [big[0]]))])
    assert import_cli(path, tmp_path).returncode == 0
    svg = tmp_path / "m.svg"
    proc = run_cli("map", "A-1", "--rules", str(tmp_path / "out.yaml"), "-o", str(svg))
    assert proc.returncode == 0, proc.stderr
    assert svg.stat().st_size < 200_000  # drawn simplified to the pixel, not 10⁵ points of text


@pytest.mark.parametrize("name, says", [("attrs.csv", "no geometry"), ("table.gpkg", "no geometry"),
                                        ("none.geojson", "no features")])
def test_a_table_without_geometry_or_a_layer_without_features_is_one_error(tmp_path, name, says):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("地块编码,容积率\nA-1,2.0\n", encoding="utf-8")
    elif name.endswith(".gpkg"):
        import pandas as pd
        import pyogrio

        pyogrio.write_dataframe(pd.DataFrame({"地块编码": ["A-1"], "容积率": [2.0]}), path, layer="t", driver="GPKG")
    else:
        path = layer(tmp_path, [], name=name)
    (line,) = error_lines(import_cli(path, tmp_path))
    assert says in line


@pytest.mark.parametrize("args, says", [(["--encoding", "NOPE"], "unknown encoding 'NOPE'"),
                                        (["--crs", "garbage"], "unknown coordinate reference system"),
                                        (["--crs", "EPSG:2000000"], "unknown coordinate reference system"),
                                        (["--crs", "EPSG:4326"], "are not degrees")])
def test_a_bad_encoding_or_crs_option_is_one_error_line_not_an_internal_error(tmp_path, args, says):
    path = layer(tmp_path, [({"地块编码": "A-1"}, polygon(ring(X, Y)))], crs=None)
    (line,) = error_lines(import_cli(path, tmp_path, *args))
    assert says in line


def test_a_web_mercator_layer_is_reprojected_so_its_areas_are_true(tmp_path):
    import geopandas as gpd
    from shapely import box

    true = gpd.GeoDataFrame({"地块编码": ["A-1"], "用地面积": [40000.0]},
                            geometry=[box(512000, 4154000, 512200, 4154200)], crs="EPSG:4546")
    path = tmp_path / "mercator.gpkg"
    true.to_crs("EPSG:3857").to_file(path, driver="GPKG")
    assert true.to_crs("EPSG:3857").area.iloc[0] > 1.5 * 40000  # what Mercator metres would have said
    result = import_layer(str(path), document="D", date=DAY)
    assert result.crs == "EPSG:4546" and result.geometries[0].area == pytest.approx(40000, rel=1e-6)
    assert any("Mercator" in n for n in result.notes)
    assert not any(i.kind == "area_differs" for i in result.issues)


def test_a_cut_name_shapefile_still_tells_a_null_cell_from_a_nan_one(tmp_path):
    import warnings

    import geopandas as gpd
    from shapely import box

    shp = tmp_path / "cut.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gpd.GeoDataFrame({"地块编码": ["A-1", "A-2"], "容积率": [2.0, 1.5], "建筑限高": [24.0, None]},
                         geometry=[box(X, Y, X + 100, Y + 100), box(X + 100, Y, X + 200, Y + 100)],
                         crs="EPSG:4546").to_file(shp, driver="ESRI Shapefile", encoding="UTF-8")
    dbf = shp.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    header, record = int.from_bytes(data[8:10], "little"), int.from_bytes(data[10:12], "little")
    second = bytes(data[header + record: header + 2 * record])
    at = second.index(b"1.5")
    end = at + second[at:].index(b"*")  # 容积率 = 1.5…, then 建筑限高 NULL (asterisks)
    start = len(second[:at].rstrip(b" "))
    data[header + record + start: header + record + end] = b"nan".rjust(end - start)
    dbf.write_bytes(bytes(data))
    result = import_layer(str(shp), document="D", date=DAY)
    review = result.rules["plots"]["A-2"]["approvals"][0].get("review", [])
    assert len(review) == 1 and review[0].startswith("容积率: nan")  # the NaN: listed
    assert any(n.startswith("建筑限: 1 ") and "A-2" in n for n in result.notes)  # the NULL: no value, counted


@pytest.mark.parametrize("cpg", [True, False])
def test_a_gbk_name_cut_at_10_bytes_is_taken_for_its_only_role_and_said(tmp_path, cpg):
    import warnings

    import geopandas as gpd
    from shapely import box

    shp = tmp_path / "gbk.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gpd.GeoDataFrame({"地块编码": ["A-1"], "用地性质代码": ["R2"], "容积率": ["2.0"]},
                         geometry=[box(X, Y, X + 100, Y + 100)], crs="EPSG:4546").to_file(
            shp, driver="ESRI Shapefile", encoding="GBK")
    if not cpg:
        shp.with_suffix(".cpg").unlink()
    result = import_layer(str(shp), document="D", date=DAY)
    assert result.mapping.fields["land_use"] == "用地性质代"
    assert result.rules["plots"]["A-1"]["approvals"][0]["land_use"] == {"code": "R2"}
    assert any(n.startswith("用地性质代: a Shapefile field name cut at 10 bytes") for n in result.notes)
