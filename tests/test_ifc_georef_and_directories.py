"""A georeferenced model (IfcMapConversion to a projected CRS) is placed on the map, so that a rule book
with plot boundaries can locate it; and ``check DIR`` checks the models in a directory like its design
files, except a model a design there already takes as its site plan."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ifc_models import passing, standard, write
from zoning_rules.ifc.build import build_model
from zoning_rules.ifc.reader import read_model

ROOT = Path(__file__).resolve().parents[1]
E, N = 512376.26, 4154231.10  # 111.14°E 37.52°N in EPSG:4546 (DOMAIN.md §5)


def cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=env)


def georeferenced(tmp_path, spec=None, *, crs="EPSG:4546", scale=None, angle=(1.0, 0.0), name="geo.ifc",
                  map_unit=True, east_north=(E, N)):
    model = build_model(spec or standard())
    context = model.by_type("IfcGeometricRepresentationContext")[0]
    target = model.createIfcProjectedCRS(crs)
    if map_unit:
        target.MapUnit = next(u for u in model.by_type("IfcSIUnit") if u.UnitType == "LENGTHUNIT")
    model.createIfcMapConversion(context, target, *east_north, 0.0, angle[0], angle[1], scale)
    p = tmp_path / name
    model.write(str(p))
    return p


def test_a_georeferenced_model_lies_at_its_map_position_with_its_figures_unchanged(tmp_path):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    local = read_model(write(tmp_path, standard(), "local.ifc"))
    geo = read_model(georeferenced(tmp_path))
    assert geo.crs.endswith("→ EPSG:4546") and local.crs.endswith("→ local") and local.map_crs is None
    minx, miny, _, _ = geo.site.area.bounds
    assert (minx, miny) == pytest.approx((E, N), abs=1e-6)
    assert geo.site.area.area == pytest.approx(local.site.area.area, rel=1e-12)
    assert [b.footprint.area for b in geo.buildings] == pytest.approx([b.footprint.area for b in local.buildings],
                                                                     rel=1e-12)


def test_a_turned_map_conversion_turns_the_model_about_its_origin(tmp_path):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    geo = read_model(georeferenced(tmp_path, angle=(0.0, 1.0)))  # local x points north
    minx, miny, maxx, maxy = geo.site.area.bounds
    assert (maxx - minx, maxy - miny) == pytest.approx((60, 100), abs=1e-6)  # the 100 × 60 site, turned
    assert (maxx, miny) == pytest.approx((E, N), abs=1e-6)


@pytest.mark.parametrize("kw, words", [
    ({"crs": "CGCS2000 高斯投影"}, "not an EPSG code"),
    ({"crs": "EPSG:4326"}, "not projected"),
    ({"scale": 0.001}, "Scale"),
])
def test_a_map_conversion_that_cannot_be_trusted_is_one_error_line(tmp_path, kw, words):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    p = georeferenced(tmp_path, **kw)
    out = cli("check", p)
    assert out.returncode == 2
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and str(p) in lines[0] and "IfcMapConversion" in lines[0] and words in lines[0]


def test_locate_and_check_place_a_georeferenced_model_among_the_plan_plots(tmp_path):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    pytest.importorskip("pyogrio", reason="the plan layer needs the plan extra")
    pytest.importorskip("geopandas", reason="the plan layer needs the plan extra")
    from plan_layers import import_lvliang_plan, lvliang_square

    rules = import_lvliang_plan(tmp_path)
    x, y = lvliang_square("BZ-13-10")
    p = georeferenced(tmp_path, standard(site_psets={}), east_north=(x + 20, y + 20))
    out = cli("locate", p, "--rules", rules, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "inside" and [q["plot"] for q in data["plots"]] == ["BZ-13-10"]
    out = cli("check", p, "--rules", rules, "--as-of", "2022-01-01", "--format", "json")
    assert out.returncode in (0, 1), out.stderr  # the model has no plot code: its position gives it
    report = json.loads(out.stdout)["reports"][0]
    assert report["plot"] == "BZ-13-10"


def test_check_of_a_directory_takes_its_models_and_skips_one_a_design_there_already_uses(tmp_path):
    write(tmp_path, passing(), "a.ifc")
    write(tmp_path, passing(), "b.ifc")
    (tmp_path / "b.yaml").write_text("site_plan: b.ifc\nplot: BZ-13-10\nland_use: RB\n", encoding="utf-8")
    out = cli("check", tmp_path, "--as-of", "2022-01-01", "--format", "json")
    assert out.returncode == 0, out.stderr
    reports = json.loads(out.stdout)["reports"]
    assert sorted(Path(r["design"]).name for r in reports) == ["a.ifc", "b.yaml"]
    assert "b.ifc" in out.stderr and "site plan" in out.stderr


def test_locate_of_a_model_without_a_map_conversion_says_it_cannot_be_placed(tmp_path):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    pytest.importorskip("pyogrio", reason="the plan layer needs the plan extra")
    pytest.importorskip("geopandas", reason="the plan layer needs the plan extra")
    from plan_layers import import_lvliang_plan

    rules = import_lvliang_plan(tmp_path)
    p = write(tmp_path, standard(), "local.ifc")
    out = cli("locate", p, "--rules", rules)
    assert out.returncode == 2
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and str(p) in lines[0] and "local coordinates" in lines[0]


def test_an_ifc2x3_model_is_placed_by_its_epset_map_conversion_on_the_project(tmp_path):
    pytest.importorskip("pyproj", reason="placing a model on the map needs the geo extra")
    import ifcopenshell.guid

    model = build_model(standard(schema="IFC2X3"))
    owner = model.by_type("IfcOwnerHistory")[0]

    def rooted(cls, **kw):
        return model.create_entity(cls, GlobalId=ifcopenshell.guid.new(), OwnerHistory=owner, **kw)

    def prop(name, kind, value):
        return model.create_entity("IfcPropertySingleValue", Name=name, NominalValue=model.create_entity(kind, value))

    conversion = rooted("IfcPropertySet", Name="ePSet_MapConversion", HasProperties=[
        prop("Eastings", "IfcLengthMeasure", E), prop("Northings", "IfcLengthMeasure", N),
        prop("XAxisAbscissa", "IfcReal", 1.0), prop("XAxisOrdinate", "IfcReal", 0.0), prop("Scale", "IfcReal", 1.0)])
    crs = rooted("IfcPropertySet", Name="ePSet_ProjectedCRS", HasProperties=[prop("Name", "IfcLabel", "EPSG:4546")])
    rooted("IfcRelDefinesByProperties", RelatedObjects=[model.by_type("IfcProject")[0]],
           RelatingPropertyDefinition=conversion)
    rooted("IfcRelDefinesByProperties", RelatedObjects=[model.by_type("IfcProject")[0]], RelatingPropertyDefinition=crs)
    p = tmp_path / "geo2x3.ifc"
    model.write(str(p))
    plan = read_model(p)
    assert plan.crs.endswith("ePSet_MapConversion → EPSG:4546") and plan.map_crs == "EPSG:4546"
    assert plan.site.area.bounds[:2] == pytest.approx((E, N), abs=1e-6)
