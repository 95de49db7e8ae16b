"""import-plan: a 控规 GIS layer becomes a rule file whose limits are exactly the layer's, and
everything the layer says that cannot be carried over is listed, never dropped or guessed."""
from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from plan_layers import code_of, far_text, frame, grid_rows, realistic, write_shapefile  # noqa: E402

from zoning_rules.cli import main  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

DOC = "吕政函〔2019〕30号"
ARGS = ["--document", DOC, "--date", "2019-06-01"]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def clean_grid(tmp_path_factory):
    """The realistic grid without the conflicting duplicate (so it imports), as a GBK Shapefile."""
    d = tmp_path_factory.mktemp("grid")
    gdf, rows = realistic(40, 50, conflicting_duplicate=False)
    return write_shapefile(gdf, d / "kg.shp", cpg=False), rows


def test_a_gbk_shapefile_without_cpg_is_read_with_its_chinese_names_and_the_choice_is_said(clean_grid, tmp_path,
                                                                                        capsys):
    shp, rows = clean_grid
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "plan.yaml", "--repair")
    assert code == 0, err
    assert "no .cpg file" in err and "GBK" in err
    for role, attr in (("plot code", "地块编码"), ("FAR", "容积率"), ("green ratio", "绿地率"),
                       ("height limit", "建筑限高"), ("land-use code", "用地代码")):
        assert f"({role}) ← {attr}" in err
    assert "not placed): 备注" in err  # an attribute nobody placed is named
    book = load_rulebook(tmp_path / "plan.yaml")
    assert len([c for c in book.plot_codes() if c.startswith("D")]) == len(rows) - 1  # one merged pair


def test_every_imported_limit_is_exactly_the_layers_value(clean_grid, tmp_path, capsys):
    shp, rows = clean_grid
    assert run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "plan.yaml", "--repair")[0] == 0
    book = load_rulebook(tmp_path / "plan.yaml", embedded=False)
    day = dt.date(2020, 1, 1)
    checked = 0
    for i in range(0, 40, 5):
        for j in range(0, 50, 3):
            row = rows[i * 50 + j]
            if row.code != code_of(i, j) or "约" in row.far or "机场" in row.height:
                continue
            res = book.resolve(row.code, day)
            far = res.limits["far"].limit
            text = far_text(i, j).replace("容积率", "")
            if "-" in text:
                lo, hi = text.split("-")
                assert (far.min.value, far.max.value) == (Fraction(lo), Fraction(hi))
            else:
                assert far.max.value == Fraction(text.lstrip("≤")) and far.min is None
            assert res.limits["building_density"].limit.max.value == Fraction(int(row.density), 100)
            assert res.limits["green_ratio"].limit.min.value == Fraction(int(row.green.strip("≥%")), 100)
            h = res.limits["height"].limit.max.value
            assert h == Fraction(int(row.height.rstrip("米")))
            assert res.land_use.limit.land_use.code == row.land_code
            assert res.land_use.approval.source.id == DOC
            checked += 1
    assert checked > 50


def test_a_value_that_cannot_be_read_is_listed_and_kept_under_review_not_dropped(clean_grid, tmp_path, capsys):
    shp, rows = clean_grid
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "plan.yaml", "--repair",
                         "--report", tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    unreadable = [i for i in report["issues"] if i["kind"] == "unreadable"]
    assert [(i["plot"], i["field"], i["value"]) for i in unreadable] == [(rows[5].code, "容积率", "约2.0")]
    assert "约2.0" in err and rows[5].code in err
    book = load_rulebook(tmp_path / "plan.yaml", embedded=False)
    res = book.resolve(rows[5].code, dt.date(2020, 1, 1))
    assert "far" not in res.limits  # not guessed
    assert any("约2.0" in r for r in res.in_force[0].review)  # and a check against the plot stays undecided
    from zoning_rules import check

    rep = check({"plot": rows[5].code, "site_area": "10000 m2", "floor_area": "1000 m2", "height": "10 m",
                 "footprint_area": "1000 m2", "green_area": "5000 m2"}, book, as_of="2020-01-01")
    assert rep.status == "indeterminate"
    text_limit = [i for i in report["issues"] if i["kind"] == "text_limit"]
    assert text_limit[0]["plot"] == rows[6].code
    assert book.resolve(rows[6].code, dt.date(2020, 1, 1)).limits["height"].limit.text == "满足机场限高"


def test_a_bow_tie_is_an_error_unless_repair_is_asked_and_then_the_repair_is_said(tmp_path, capsys):
    gdf, rows = realistic(20, 10, conflicting_duplicate=False)
    shp = write_shapefile(gdf, tmp_path / "kg.shp")
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml")
    assert code == 2
    assert rows[30].code in err and "Self-intersection" in err and "--repair" in err
    assert not (tmp_path / "p.yaml").exists()
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml", "--repair")
    assert code == 0
    assert "repaired" in err and rows[30].code in err and "5000.00 m²" in err


def test_one_code_on_two_plots_with_different_values_is_an_error_naming_both_rows(tmp_path, capsys):
    gdf, rows = realistic(20, 10, conflicting_duplicate=True)
    shp = write_shapefile(gdf, tmp_path / "kg.shp")
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml", "--repair")
    assert code == 2
    assert f"plot code {rows[20].code} is on 2 features (rows 20, 21) with different values" in err
    assert "Traceback" not in err


def test_one_code_on_two_features_with_equal_values_is_merged_into_one_plot_and_said(clean_grid, tmp_path, capsys):
    shp, rows = clean_grid
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml", "--repair")
    assert code == 0 and f"plot code {rows[10].code} is on 2 features with equal values" in err
    import geopandas as gpd

    g = gpd.read_file(tmp_path / "p.gpkg")
    merged = g[g["plot"] == rows[10].code]
    assert len(merged) == 1 and merged.area.iloc[0] == pytest.approx(20000.0)


def test_a_layer_without_crs_is_an_error_unless_crs_says_what_it_is(tmp_path, capsys):
    gdf, _ = realistic(10, 5, conflicting_duplicate=False, bowtie=False, crs=None)
    path = tmp_path / "nocrs.geojson"
    gdf.to_file(path, driver="GeoJSON")
    # GeoJSON without crs member is lon/lat by definition, so write a Shapefile without .prj instead
    shp = write_shapefile(gdf, tmp_path / "nocrs.shp")
    assert not shp.with_suffix(".prj").exists()
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml")
    assert code == 2 and "no coordinate reference system" in err and "--crs" in err
    code, out, err = run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "p.yaml", "--crs", "EPSG:4546")
    assert code == 0 and "taken as EPSG:4546" in err


def test_filegdb_or_geopackage_gives_the_same_rule_file_as_the_shapefile(clean_grid, tmp_path, capsys):
    import pyogrio

    gdf, _ = realistic(40, 50, conflicting_duplicate=False)
    can_gdb = "w" in pyogrio.list_drivers().get("OpenFileGDB", "")
    target = tmp_path / ("kg.gdb" if can_gdb else "kg.gpkg")
    gdf.to_file(target, driver="OpenFileGDB" if can_gdb else "GPKG", layer="控规地块", engine="pyogrio")
    shp, _ = clean_grid
    assert run(capsys, "import-plan", shp, *ARGS, "--out", tmp_path / "a.yaml", "--repair")[0] == 0
    code, _, err = run(capsys, "import-plan", target, *ARGS, "--out", tmp_path / "b.yaml", "--repair")
    assert code == 0, err
    a = load_rulebook(tmp_path / "a.yaml", embedded=False)
    b = load_rulebook(tmp_path / "b.yaml", embedded=False)
    day = dt.date(2020, 1, 1)
    assert a.plot_codes() == b.plot_codes()
    for c in a.plot_codes()[::97]:
        ra, rb = a.resolve(c, day), b.resolve(c, day)
        assert {k: v.limit for k, v in ra.limits.items()} == {k: v.limit for k, v in rb.limits.items()}


def test_pinyin_attribute_names_are_recognised_and_a_mapping_file_can_rename(tmp_path, capsys):
    rows = grid_rows(6, 4)
    names = {"code": "DKBM", "land_code": "YDDM", "land_name": "YDXZ", "area": "YDMJ", "far": "RJL",
             "density": "JZMD", "green": "LDL", "height": "JZXG", "note": "BZ"}
    gdf = frame(rows, names=names)
    path = tmp_path / "py.gpkg"
    gdf.to_file(path, driver="GPKG")
    code, out, err = run(capsys, "import-plan", path, *ARGS, "--out", tmp_path / "p.yaml")
    assert code == 0 and "(FAR) ← RJL" in err and "(plot code) ← DKBM" in err and "not placed): BZ" in err
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields: {height: null}\nignore: [BZ]\n", encoding="utf-8")
    code, out, err = run(capsys, "import-plan", path, *ARGS, "--out", tmp_path / "q.yaml", "--mapping", mapping)
    assert code == 0 and "(height limit) ← —" in err
    assert "not placed): JZXG" in err and "ignored bookkeeping): BZ" in err
    book = load_rulebook(tmp_path / "q.yaml", embedded=False)
    assert "height" not in book.resolve(rows[0].code, dt.date(2020, 1, 1)).limits
    bad = tmp_path / "bad.yaml"
    bad.write_text("fields: {far: 容积率X}\n", encoding="utf-8")
    code, out, err = run(capsys, "import-plan", path, *ARGS, "--out", tmp_path / "r.yaml", "--mapping", bad)
    assert code == 2 and "bad.yaml" in err and "fields.far" in err and "容积率X" in err


def test_overlapping_plots_and_a_plot_without_boundary_are_listed_and_still_imported(tmp_path, capsys):
    from dataclasses import replace

    from shapely import Polygon

    rows = grid_rows(4, 3)
    x, y = rows[0].ring[0]
    rows[1] = replace(rows[1], ring=((x, y + 60), (x + 100, y + 60), (x + 100, y + 200), (x, y + 200), (x, y + 60)))
    gdf = frame(rows)
    gdf.loc[5, "geometry"] = Polygon()
    path = tmp_path / "ov.gpkg"
    gdf.to_file(path, driver="GPKG")
    code, out, err = run(capsys, "import-plan", path, *ARGS, "--out", tmp_path / "p.yaml", "--report", tmp_path / "r.json")
    assert code == 0, err
    issues = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["issues"]
    overlap = [i for i in issues if i["kind"] == "overlap"]
    assert [(i["plot"], i["value"]) for i in overlap] == [(rows[0].code, rows[1].code)]
    assert "4000.00 m²" in overlap[0]["message_en"]  # 100 m × 40 m
    assert [i["plot"] for i in issues if i["kind"] == "no_boundary"] == [rows[5].code]
    book = load_rulebook(tmp_path / "p.yaml", embedded=False)
    assert len(book.plot_codes()) == len(rows)  # nothing dropped
