"""Hypothesis properties of indicators from geometry: frame invariance, unions, green never under a wall."""
from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geometry_plans import building, figures, line, near, poly, rect, site

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ("site_area", "footprint_area", "floor_area", "green_area", "far", "building_density", "green_ratio",
        "height", "setback")


@st.composite
def plans(draw):
    """A site w × h at the origin, a road red line below it, buildings and green inside (overlaps allowed)."""
    w = draw(st.integers(60, 300))
    h = draw(st.integers(60, 300))

    def box(min_size, max_size):
        x0 = draw(st.integers(0, w - min_size))
        y0 = draw(st.integers(0, h - min_size))
        x1 = draw(st.integers(x0 + min_size, min(w, x0 + max_size)))
        y1 = draw(st.integers(y0 + min_size, min(h, y0 + max_size)))
        return rect(x0, y0, x1, y1)

    feats = [site(0, 0, w, h), line([[-50, -draw(st.integers(0, 20))], [w + 50, 0]])]
    for _ in range(draw(st.integers(1, 4))):
        feats.append(building(box(5, 60), storeys=draw(st.integers(1, 30)),
                              storey_height=draw(st.sampled_from(["2.1", "3.0", "4.5"]))))
    for _ in range(draw(st.integers(0, 3))):
        feats.append(poly(box(3, 120), "green", kind=draw(st.sampled_from(["ground", "concentrated"]))))
    return feats


def moved(features, fn):
    """The same features with every position mapped by fn(x, y) -> [x', y']."""
    out = []
    for f in features:
        g = f["geometry"]
        if g["type"] == "Polygon":
            coords = [[fn(x, y) for x, y in ring] for ring in g["coordinates"]]
        elif g["type"] == "LineString":
            coords = [fn(x, y) for x, y in g["coordinates"]]
        else:
            coords = fn(*g["coordinates"])
        out.append({**f, "geometry": {"type": g["type"], "coordinates": coords}})
    return out


def assert_same(a, b, rel):
    ia, ib = a.indicators(), b.indicators()
    assert ia.keys() == ib.keys()
    for k in ia:
        assert near(ia[k], ib[k], rel=rel, abs_=1e-6 if rel < 1e-4 else 1e-3), (k, float(ia[k]), float(ib[k]))


@SETTINGS
@given(plans(), st.floats(-1e5, 1e5), st.floats(-1e5, 1e5), st.floats(0, 2 * math.pi))
def test_indicators_do_not_change_when_the_plan_is_moved_or_turned(feats, dx, dy, angle):
    c, s = math.cos(angle), math.sin(angle)
    turned = moved(feats, lambda x, y: [c * x - s * y + dx, s * x + c * y + dy])
    assert_same(figures(*feats), figures(*turned), rel=1e-7)


@SETTINGS
@given(plans())
def test_the_union_of_footprints_is_never_more_than_their_sum(feats):
    f = figures(*feats)
    assert f.footprint_area <= f.footprint_sum * (1 + Fraction(1, 10**12))
    assert f.footprint_area >= max(b.footprint_area for b in f.buildings) * (1 - Fraction(1, 10**12))


@SETTINGS
@given(plans())
def test_counted_green_never_touches_a_footprint_and_stays_inside_the_site(feats):
    from shapely import ops

    f = figures(*feats)
    footprints = ops.unary_union([b.building.footprint for b in f.buildings])
    assert f.counted_green.intersection(footprints).area < 1e-6
    assert f.counted_green.difference(f.plan.site.area).area < 1e-6
    assert (f.green_area is None) == (not f.plan.greens)  # no green drawn: the plan gives no green area
    assert f.green_area is None or f.green_area <= f.green_drawn_area + Fraction(1, 10**6)


@SETTINGS
@given(plans())
def test_a_wider_wall_strip_never_counts_more_green(feats):
    from dataclasses import replace

    from zoning_rules.geometry.policy import DEFAULT_GEOMETRY_POLICY

    wide = replace(DEFAULT_GEOMETRY_POLICY, wall_strip=Fraction(3), concentrated_wall_strip=Fraction(3))
    narrow_green = figures(*feats).green_area
    if narrow_green is not None:
        assert figures(*feats, policy=wide).green_area <= narrow_green + Fraction(1, 10**6)


pyproj = pytest.importorskip("pyproj", reason="pyproj comes with the geo extra")


def test_the_domain_test_point_projects_to_the_published_gauss_kruger_coordinates():
    from zoning_rules.geometry.crs import gk_zone_epsg

    assert gk_zone_epsg(111.14) == 4546
    t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4546", always_xy=True)
    e, n = t.transform(111.14, 37.52)
    assert round(e, 2) == 512376.26 and round(n, 2) == 4154231.10


@SETTINGS
@given(plans(), st.floats(430_000, 570_000), st.floats(4_050_000, 4_250_000))
def test_the_same_plan_in_lon_lat_and_in_epsg_4546_gives_the_same_indicators_within_0_1_percent(feats, e0, n0):
    to_lonlat = pyproj.Transformer.from_crs("EPSG:4546", "EPSG:4326", always_xy=True)
    grid = moved(feats, lambda x, y: [e0 + x, n0 + y])
    lonlat = moved(grid, lambda x, y: list(to_lonlat.transform(x, y)))
    in_metres = figures(*grid, crs="EPSG:4546")
    in_degrees = figures(*lonlat, crs=None)
    assert in_degrees.plan.crs == "EPSG:4326 → EPSG:4546"
    assert_same(in_metres, in_degrees, rel=Fraction(1, 1000))


def test_the_zone_prefixed_epsg_4525_gives_the_same_areas_as_epsg_4546():
    feats = [site(0, 0, 200, 100), building(rect(10, 10, 50, 40), storeys=6), line([[-10, 0], [210, 0]])]
    plain = figures(*moved(feats, lambda x, y: [512_000 + x, 4_154_000 + y]), crs="EPSG:4546")
    prefixed = figures(*moved(feats, lambda x, y: [37_512_000 + x, 4_154_000 + y]), crs="EPSG:4525")
    assert_same(plain, prefixed, rel=1e-9)
