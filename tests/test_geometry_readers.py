"""GeoJSON and DXF readers: the same plan gives the same indicators; bad geometry is refused by name."""
from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest

from geometry_plans import building, fc, figures, line, near, point, poly, rect, site
from zoning_rules.geometry import GeometryError, compute, load_site_plan
from zoning_rules.geometry.geojson import from_mapping

ezdxf = pytest.importorskip("ezdxf", reason="ezdxf comes with the geo extra")

# --- one plan, written both ways ---------------------------------------------------------------

BUILDINGS = [  # (ring, storeys, storey height, parapet, use)
    (rect(10, 10, 50, 30), 12, "3.0", "37.2", "住宅"),
    ([[60, 10], [90, 10], [90, 20], [70, 20], [70, 40], [60, 40], [60, 10]], 4, "4.5", "19.5", "商业"),
]
GREENS = [(rect(10, 35, 50, 45), "ground"), (rect(0, 50, 100, 70), "concentrated")]


def geojson_plan():
    feats = [site(0, 0, 100, 80), line([[-10, 0], [110, 0]]), point((50, 80))]
    for ring, n, h, parapet, use in BUILDINGS:
        feats.append(building(ring, storeys=n, storey_height=h, parapet=parapet, use=use))
    for ring, kind in GREENS:
        feats.append(poly(ring, "green", kind=kind))
    return fc(*feats)


def write_dxf(path, *, scale=1.0, units=6, layers=None):
    layers = layers or {"site": "用地红线", "building": "建筑轮廓", "green": "绿地", "concentrated": "集中绿地",
                        "road": "道路红线", "entrance": "出入口"}
    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = units
    msp = doc.modelspace()

    def pts(ring):
        return [(x * scale, y * scale) for x, y in ring[:-1]]

    msp.add_lwpolyline(pts(rect(0, 0, 100, 80)), close=True, dxfattribs={"layer": layers["site"]})
    msp.add_line((-10 * scale, 0), (110 * scale, 0), dxfattribs={"layer": layers["road"]})
    msp.add_point((50 * scale, 80 * scale), dxfattribs={"layer": layers["entrance"]})
    for ring, n, h, parapet, use in BUILDINGS:
        msp.add_lwpolyline(pts(ring), close=True, dxfattribs={"layer": layers["building"]})
        inside = (ring[0][0] + 2) * scale, (ring[0][1] + 2) * scale
        msp.add_text(f"{n}F 层高{h}m H={parapet}m {use}", dxfattribs={"layer": "文字"}).set_placement(inside)
    for ring, kind in GREENS:
        layer = layers["green"] if kind == "ground" else layers["concentrated"]
        msp.add_lwpolyline(pts(ring), close=True, dxfattribs={"layer": layer})
    doc.saveas(path)
    return path


def indicators(figs):
    return {**figs.indicators(), "sides": figs.sides}


def same(a, b):
    assert a.keys() == b.keys()
    for k in a:
        if k == "sides":
            assert a[k] == b[k]
        else:
            assert near(a[k], b[k]), (k, float(a[k]), float(b[k]))


def test_a_dxf_written_by_ezdxf_reads_back_to_the_indicators_of_the_same_geojson(tmp_path):
    from_json = compute(from_mapping(geojson_plan(), crs="local"))
    from_dxf = compute(load_site_plan(write_dxf(tmp_path / "plan.dxf")))
    same(indicators(from_json), indicators(from_dxf))
    assert from_dxf.floor_area == 12 * 800 + 4 * 500 and from_dxf.height == Fraction("37.2")


def test_a_dxf_drawn_in_millimetres_gives_the_same_indicators(tmp_path):
    metres = compute(load_site_plan(write_dxf(tmp_path / "m.dxf")))
    mm = compute(load_site_plan(write_dxf(tmp_path / "mm.dxf", scale=1000, units=4)))
    same(indicators(metres), indicators(mm))


def test_the_layer_mapping_can_be_replaced_by_the_design(tmp_path):
    names = {"site": "A-SITE", "building": "A-BLDG", "green": "A-GREEN", "concentrated": "A-GREEN-C",
             "road": "A-ROAD", "entrance": "A-DOOR"}
    path = write_dxf(tmp_path / "custom.dxf", layers=names)
    with pytest.raises(GeometryError, match="none of the expected layers.*A-BLDG"):
        load_site_plan(path)
    mapping = {"site": "A-SITE", "building": ["A-BLDG"], "green": "A-GREEN", "green_concentrated": "A-GREEN-C",
               "road": "A-ROAD", "entrance": "A-DOOR"}
    custom = compute(load_site_plan(path, layers=mapping))
    same(indicators(custom), indicators(compute(load_site_plan(write_dxf(tmp_path / "d.dxf")))))


def test_bulge_arcs_are_followed_on_the_true_circle_within_a_millimetre(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(-50, -50), (150, -50), (150, 150), (-50, 150)], close=True, dxfattribs={"layer": "用地红线"})
    # a 10 × 10 square whose east side (10,10)→(10,20) is a half circle of radius 5 bulging outward
    msp.add_lwpolyline([(0, 10, 0), (10, 10, 1), (10, 20, 0), (0, 20, 0)], format="xyb", close=True,
                       dxfattribs={"layer": "建筑轮廓"})
    msp.add_text("1F", dxfattribs={"layer": "文字"}).set_placement((2, 12))
    doc.saveas(tmp_path / "arc.dxf")
    f = compute(load_site_plan(tmp_path / "arc.dxf", storey_height=3))
    exact = 100 + math.pi * 25 / 2
    chords_inside = float(f.footprint_area)
    # chords lie inside the arc, at most 1 mm from it along its 15.7 m length
    assert exact - 0.001 * 5 * math.pi <= chords_inside <= exact


def test_a_storey_label_inside_the_outline_gives_the_storeys_and_basements(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 100), (0, 100)], close=True, dxfattribs={"layer": "ZR-SITE"})
    msp.add_lwpolyline([(10, 10), (30, 10), (30, 20), (10, 20)], close=True, dxfattribs={"layer": "ZR-BUILDING"})
    msp.add_mtext("3#\\P11层/地下2层", dxfattribs={"layer": "0"}).set_location((15, 15))
    doc.saveas(tmp_path / "label.dxf")
    plan = load_site_plan(tmp_path / "label.dxf", storey_height=3)
    (b,) = plan.buildings
    assert (b.storeys, b.basement_storeys, b.name) == (11, 2, "3#")


def test_a_building_without_a_storey_label_is_refused_with_its_handle(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 100), (0, 100)], close=True, dxfattribs={"layer": "用地红线"})
    e = msp.add_lwpolyline([(10, 10), (30, 10), (30, 20), (10, 20)], close=True, dxfattribs={"layer": "建筑轮廓"})
    doc.saveas(tmp_path / "nolabel.dxf")
    with pytest.raises(GeometryError, match=f"DXF handle {e.dxf.handle} on layer 建筑轮廓: no storey label"):
        load_site_plan(tmp_path / "nolabel.dxf", storey_height=3)


def test_an_open_polyline_on_the_building_layer_is_refused_with_its_handle_and_layer(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 100), (0, 100)], close=True, dxfattribs={"layer": "用地红线"})
    e = msp.add_lwpolyline([(10, 10), (30, 10), (30, 20), (10, 20)], dxfattribs={"layer": "建筑轮廓"})
    doc.saveas(tmp_path / "open.dxf")
    with pytest.raises(GeometryError, match=f"DXF handle {e.dxf.handle} on layer 建筑轮廓: polyline is not closed"):
        load_site_plan(tmp_path / "open.dxf")


def test_a_dxf_without_the_expected_layers_names_the_layers_it_has(tmp_path):
    doc = ezdxf.new("R2018")
    doc.modelspace().add_lwpolyline([(0, 0), (1, 0), (1, 1)], close=True, dxfattribs={"layer": "WALLS"})
    doc.saveas(tmp_path / "odd.dxf")
    with pytest.raises(GeometryError, match="none of the expected layers.*WALLS"):
        load_site_plan(tmp_path / "odd.dxf")


def test_a_courtyard_drawn_as_a_nested_outline_is_a_hole(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(-10, -10), (60, -10), (60, 60), (-10, 60)], close=True, dxfattribs={"layer": "用地红线"})
    msp.add_lwpolyline([(0, 0), (30, 0), (30, 30), (0, 30)], close=True, dxfattribs={"layer": "建筑轮廓"})
    msp.add_lwpolyline([(10, 10), (20, 10), (20, 20), (10, 20)], close=True, dxfattribs={"layer": "建筑轮廓"})
    msp.add_text("2F", dxfattribs={"layer": "文字"}).set_placement((5, 5))
    doc.saveas(tmp_path / "court.dxf")
    f = compute(load_site_plan(tmp_path / "court.dxf", storey_height=3))
    assert f.footprint_area == 800 and f.floor_area == 1600


# --- bad GeoJSON ----------------------------------------------------------------------------------

def refuse(*features, crs="local", match):
    with pytest.raises(GeometryError, match=match):
        from_mapping(fc(*features), "plan.geojson", crs=crs)


def test_a_self_intersecting_footprint_is_refused_naming_the_feature_and_where():
    bowtie = [[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]
    refuse(site(), building(bowtie, id="B7"), match=r"features\[1\] \(B7\): invalid building outline: "
                                                     r"self-intersecting polygon at \(5, 5\)")


def test_an_unclosed_ring_is_refused_not_closed_silently():
    refuse(site(), building(rect(0, 0, 10, 10)[:-1]), match=r"features\[1\]: polygon ring is not closed")


def test_a_zero_area_footprint_is_refused():
    refuse(site(), building([[0, 0], [10, 0], [20, 0], [0, 0]]), match="zero area")


def test_a_plan_without_a_site_or_with_two_is_refused():
    refuse(building(rect(0, 0, 10, 10)), match="no site boundary")
    refuse(site(), site(200, 0, 300, 50), building(rect(0, 0, 10, 10)),
           match=r"2 site boundaries: features\[0\], features\[1\]")


def test_lon_lat_out_of_range_is_refused_with_a_hint_about_crs():
    e, n = 512_376.26, 4_154_231.10  # metres, but the design gives no crs
    refuse(site(e, n, e + 100, n + 50), building(rect(e + 10, n + 10, e + 20, n + 20)), crs=None,
           match=r"features\[0\]: \[512376.26, 4154231.1\] is out of range for lon/lat")


def test_coordinates_outside_the_epsg_zone_are_refused_as_probably_swapped():
    pytest.importorskip("pyproj", reason="pyproj comes with the geo extra")
    n, e = 4_154_231.10, 512_376.26  # northing first: the EPSG axis order, not x/y
    refuse(site(n, e, n + 100, e + 50), building(rect(n + 10, e + 10, n + 20, e + 20)), crs="EPSG:4546",
           match="swapped")


def test_unknown_roles_and_properties_are_refused_not_ignored():
    refuse(site(), poly(rect(0, 0, 1, 1), "tree"), match=r"features\[1\]: properties.role is 'tree'")
    refuse(site(), building(rect(0, 0, 10, 10), parapett=20), match="unknown property 'parapett'")


def test_a_pitched_roof_without_a_ridge_and_roof_green_without_soil_depth_are_refused():
    refuse(site(), building(rect(0, 0, 10, 10), roof="pitched"), match="needs its ridge")
    refuse(site(), building(rect(0, 0, 10, 10)), poly(rect(20, 0, 30, 10), "green", kind="roof_over_basement"),
           match="soil depth")


def test_the_cli_turns_bad_geometry_into_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    bowtie = [[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]
    (tmp_path / "plan.geojson").write_text(json.dumps(fc(site(), building(bowtie))), encoding="utf-8")
    (tmp_path / "d.yaml").write_text("plot: BZ-13-10\nsite_plan: plan.geojson\ncrs: local\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(tmp_path / "d.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "plan.geojson: features[1]: invalid building outline: self-intersecting" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
