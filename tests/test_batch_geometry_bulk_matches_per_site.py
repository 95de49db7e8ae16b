"""Site geometry in bulk gives, site by site, the areas and distances of a plain per-site computation."""
from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

gpd = pytest.importorskip("geopandas", reason="bulk geometry needs the batch extra (geopandas)")
shapely = pytest.importorskip("shapely")
from shapely.geometry import LineString, box  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from data import site_layers  # noqa: E402

from zoning_rules.batch.geometry import BulkGeometryError, read_sites, site_figures  # noqa: E402

CRS = "EPSG:4546"


def frame(rows, **cols):
    return gpd.GeoDataFrame({"plot": [r[0] for r in rows], **cols}, geometry=[r[1] for r in rows], crs=CRS)


def test_overlapping_footprints_count_once_and_green_loses_the_one_metre_strip_along_walls():
    sites = frame([("A", box(0, 0, 100, 100))])
    buildings = frame([("A", box(10, 10, 30, 30)), ("A", box(20, 20, 40, 40))])
    greens = frame([("A", box(40, 20, 60, 30)), ("A", box(80, 80, 120, 90))])  # against a wall; half outside
    roads = frame([("A", LineString([(0, -5), (100, -5)]))])
    t = site_figures(sites, buildings, greens, roads)
    assert t.site_area[0] == 10000 and t.footprint_area[0] == 700
    # 20×10 against the wall x=40 of the second building loses the 1 m strip: 19×10;
    # the second green counts only inside the site: 20×10.
    assert t.green_area[0] == pytest.approx(190 + 200, abs=1e-6)
    assert t.setback[0] == 15


def test_concentrated_green_keeps_one_and_a_half_metres_from_walls():
    sites = frame([("A", box(0, 0, 100, 100))])
    buildings = frame([("A", box(10, 10, 30, 30))])
    greens = gpd.GeoDataFrame({"plot": ["A"], "kind": ["concentrated"]}, geometry=[box(30, 10, 50, 30)], crs=CRS)
    t = site_figures(sites, buildings, greens)
    assert t.green_area[0] == pytest.approx(18.5 * 20, abs=1e-6)
    assert np.isnan(t.setback[0])


def reference(layers, wall=1.0, conc=1.5):
    """The same policy, one site at a time with shapely's scalar operations (the strip is the union
    of the buildings' buffers, as in ``geometry.compute``)."""
    out = []
    s, b, g, r = (layers[k] for k in ("sites", "buildings", "greens", "roads"))
    for key, site in zip(s["plot"], s.geometry):
        fps = list(b[b["plot"] == key].geometry)
        fp = shapely.union_all(fps)
        counted = []
        for geom, kind in zip(g[g["plot"] == key].geometry, g[g["plot"] == key]["kind"]):
            width = conc if kind == "concentrated" else wall
            strip = shapely.union_all([f.buffer(width, quad_segs=64) for f in fps])
            counted.append(geom.intersection(site).difference(strip))
        road = shapely.union_all(list(r[r["plot"] == key].geometry))
        out.append((site.area, fp.area, shapely.union_all(counted).area, min(f.distance(road) for f in fps)))
    return np.array(out)


def test_random_sites_agree_with_the_per_site_reference():
    layers = site_layers(60, seed=5)
    t = site_figures(layers["sites"], layers["buildings"], layers["greens"], layers["roads"])
    ref = reference(layers)
    got = t[["site_area", "footprint_area", "green_area", "setback"]].to_numpy()
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-6)


def test_sites_in_degrees_are_refused_rather_than_measured():
    sites = gpd.GeoDataFrame({"plot": ["A"]}, geometry=[box(111.1, 37.5, 111.2, 37.6)], crs="EPSG:4490")
    with pytest.raises(BulkGeometryError, match="degrees"):
        site_figures(sites, sites)


def test_a_building_of_no_known_site_and_an_invalid_outline_are_errors():
    sites = frame([("A", box(0, 0, 10, 10))])
    with pytest.raises(BulkGeometryError, match="has no site"):
        site_figures(sites, frame([("B", box(1, 1, 2, 2))]))
    bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    with pytest.raises(BulkGeometryError, match="not a valid outline"):
        site_figures(sites, frame([("A", bowtie)]))


def test_a_geopackage_with_layers_reads_back_to_the_same_figures(tmp_path):
    pytest.importorskip("pyogrio")
    layers = site_layers(20, seed=1)
    path = tmp_path / "district.gpkg"
    for role, f in layers.items():
        f.to_file(path, layer=role, engine="pyogrio")
    back = read_sites(str(path))
    a = site_figures(layers["sites"], layers["buildings"], layers["greens"], layers["roads"])
    b = site_figures(back["sites"], back["buildings"], back["greens"], back["roads"])
    np.testing.assert_allclose(a.drop(columns="plot").to_numpy(float), b.drop(columns="plot").to_numpy(float))


def test_a_site_with_no_green_drawn_has_no_green_area_while_green_all_discounted_is_zero():
    # As a per-design site plan: no green drawn is a missing figure (→ indeterminate), not 0 (→ fail).
    sites = frame([("A", box(0, 0, 100, 100)), ("B", box(200, 0, 300, 100)), ("C", box(400, 0, 500, 100))])
    buildings = frame([("A", box(10, 10, 30, 30)), ("B", box(210, 10, 230, 30)), ("C", box(410, 10, 430, 30))])
    greens = gpd.GeoDataFrame({"plot": ["B", "C"], "kind": ["roof_over_basement", "ordinary"],
                               "soil_depth": [0.3, None]},
                              geometry=[box(210, 10, 230, 30), box(440, 40, 460, 60)], crs=CRS)
    t = site_figures(sites, buildings, greens)
    assert np.isnan(t.green_area[0])  # A: none drawn
    assert t.green_area[1] == 0  # B: roof green on too little soil, drawn but not counted
    assert t.green_area[2] == pytest.approx(400)
    assert np.isnan(site_figures(sites, buildings).green_area).all()  # no green layer at all

    from zoning_rules import load_rulebook
    from zoning_rules.batch import check_table

    figures = t.drop(columns=["setback", "buildings"]).assign(plot="BZ-13-10")
    r = check_table(figures, load_rulebook(), "2021-06-01")
    green = r[r.indicator == "green_ratio"]
    assert list(zip(green.status, green.reason)) == [("indeterminate", "value_missing"), ("fail", "below_min"),
                                                     ("fail", "below_min")]


def test_two_footprints_two_millimetres_out_of_line_keep_the_strip_at_the_walls():
    # GEOS's buffer of the union simplifies the 2 mm step away (1 % of the distance) and would
    # discount green beyond 1 m of any wall; the strip is the union of the buildings' buffers, in
    # bulk as per design (this benchmark met 2 such sites in 10 000).
    from zoning_rules.geometry.compute import compute
    from zoning_rules.geometry.model import Building, Green, Level, Site, SitePlan

    a, b = box(0, 0.002, 10, 10), box(5, 0, 20, 10)  # the left one 2 mm higher
    green = box(1, -5, 19, -0.5)
    exact = green.difference(shapely.union_all([a.buffer(1, quad_segs=1024), b.buffer(1, quad_segs=1024)])).area
    simplified = green.difference(shapely.union_all([a, b]).buffer(1, quad_segs=64)).area
    assert exact - simplified > 1e-3  # the step matters
    t = site_figures(frame([("A", box(-50, -50, 50, 50))]), frame([("A", a), ("A", b)]), frame([("A", green)]))
    assert t.green_area[0] == pytest.approx(exact, abs=1e-4)
    storey = (Level(height=Fraction(3)),)
    plan = SitePlan(source="<test>", crs="local", site=Site("S", box(-50, -50, 50, 50)),
                    buildings=(Building("a", a, storey), Building("b", b, storey)), greens=(Green("g", green),))
    assert float(compute(plan).green_area) == pytest.approx(t.green_area[0], abs=1e-9)
