"""The bulk wall strip, built per building and only where a green can feel it, takes from each green
exactly what GEOS's buffer of the site's footprints takes; threads do not change a figure."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

gpd = pytest.importorskip("geopandas", reason="bulk geometry needs the batch extra (geopandas)")
shapely = pytest.importorskip("shapely")
from shapely import affinity  # noqa: E402
from shapely.geometry import LineString, Polygon, box  # noqa: E402

from zoning_rules.batch.geometry import _convex, _local_strips, site_figures  # noqa: E402

CRS = "EPSG:4546"
X0, Y0 = 512_000.0, 4_154_000.0  # projected coordinates of the size real files have


def convex_shapes():
    """Rotated rectangles, triangles (acute corners) and regular polygons, far from the origin."""
    rect = st.builds(lambda w, h, a: affinity.rotate(box(0, 0, w, h), a, origin=(0, 0)),
                     st.floats(0.5, 40), st.floats(0.5, 40), st.floats(0, 360))
    tri = st.builds(lambda a, b, c, d: Polygon([(0, 0), (a, b), (c, d)]),
                    st.floats(1, 30), st.floats(-30, 30), st.floats(-30, 30), st.floats(1, 30)) \
        .filter(lambda p: p.is_valid and p.area > 1)
    ngon = st.builds(lambda k, r, a: affinity.rotate(shapely.Point(0, 0).buffer(r, k), a, origin=(0, 0)),
                     st.integers(1, 6), st.floats(1, 20), st.floats(0, 90))
    return st.one_of(rect, tri, ngon).map(lambda p: affinity.translate(p, X0, Y0))


@settings(max_examples=150, deadline=None)
@given(poly=convex_shapes(), bx=st.tuples(st.floats(-40, 40), st.floats(-40, 40), st.floats(0.5, 30),
                                          st.floats(0.5, 30)),
       width=st.sampled_from([1.0, 1.5, 2.7]), segs=st.sampled_from([8, 64]))
def test_a_local_strip_covers_the_same_part_of_its_box_as_the_geos_buffer(poly, bx, width, segs):
    x, y, w, h = bx
    bounds = np.array([[X0 + x, Y0 + y, X0 + x + w, Y0 + y + h]])
    assert _convex(np.array([poly]))[0]
    local = _local_strips(np.array([poly]), bounds, width, segs)[0]
    full = poly.buffer(width, quad_segs=segs)
    clip = box(*bounds[0])
    assert local.is_valid
    assert local.intersection(clip).area == pytest.approx(full.intersection(clip).area, rel=1e-9, abs=1e-7)
    # the same polygon wherever the box reaches all its corners
    near = _local_strips(np.array([poly]), np.array([full.bounds]), width, segs)[0]
    assert shapely.symmetric_difference(near, full).area < 1e-7


def test_non_convex_or_holed_footprints_are_not_taken_for_convex():
    ell = Polygon([(0, 0), (20, 0), (20, 5), (5, 5), (5, 20), (0, 20)])
    holed = box(0, 0, 20, 20).difference(box(5, 5, 10, 10))
    multi = shapely.MultiPolygon([box(0, 0, 1, 1), box(3, 3, 4, 4)])
    spur = Polygon([(0, 0), (10, 0), (10, 0), (10, 10), (0, 10)])  # a repeated vertex
    assert list(_convex(np.array([ell, holed, multi, box(0, 0, 3, 4), spur]))) == [False, False, False, True, False]


def awkward_sites(n: int, seed: int):
    """Sites with rotated, L-shaped and holed buildings and rotated or L-shaped greens, some
    touching several buildings: none of the benchmark's axis-parallel boxes."""
    rng = np.random.default_rng(seed)
    rows = {"sites": [], "buildings": [], "greens": [], "roads": []}
    kinds = []
    for i in range(n):
        ox, oy = X0 + 150 * i, Y0
        key = f"P{i}"
        rows["sites"].append((key, box(ox, oy, ox + 100, oy + 100)))
        rows["roads"].append((key, LineString([(ox - 10, oy - 3), (ox + 110, oy - 3)])))
        for _ in range(rng.integers(1, 5)):
            cx, cy = ox + rng.uniform(15, 85), oy + rng.uniform(15, 85)
            shape = rng.integers(0, 3)
            if shape == 0:
                b = box(-rng.uniform(3, 12), -rng.uniform(3, 12), rng.uniform(3, 12), rng.uniform(3, 12))
            elif shape == 1:
                b = Polygon([(0, 0), (16, 0), (16, 5), (5, 5), (5, 14), (0, 14)])
            else:
                b = box(-10, -10, 10, 10).difference(box(-3, -3, 3, 3))
            b = affinity.rotate(b, rng.uniform(0, 360), origin=(0, 0))
            rows["buildings"].append((key, affinity.translate(b, cx, cy)))
        for _ in range(rng.integers(1, 4)):
            cx, cy = ox + rng.uniform(0, 100), oy + rng.uniform(0, 100)
            g = box(-rng.uniform(2, 15), -rng.uniform(2, 15), rng.uniform(2, 15), rng.uniform(2, 15))
            if rng.random() < 0.3:
                g = g.difference(box(0, 0, 20, 20))
            g = affinity.rotate(g, rng.choice([0.0, rng.uniform(0, 360)]), origin=(0, 0))
            rows["greens"].append((key, affinity.translate(g, cx, cy)))
            kinds.append("concentrated" if rng.random() < 0.3 else "ordinary")
    frames = {role: gpd.GeoDataFrame({"plot": [k for k, _ in r]}, geometry=[g for _, g in r], crs=CRS)
              for role, r in rows.items()}
    frames["greens"]["kind"] = kinds
    return frames


def reference(layers, wall=1.0, conc=1.5, segs=64):
    """One site at a time: the green less the GEOS buffer of the site's footprint union."""
    out = []
    s, b, g = (layers[k] for k in ("sites", "buildings", "greens"))
    for key, site in zip(s["plot"], s.geometry):
        fp = shapely.union_all(list(b[b["plot"] == key].geometry))
        mine = g[g["plot"] == key]
        counted = [geom.intersection(site).difference(fp.buffer(conc if kind == "concentrated" else wall,
                                                                quad_segs=segs))
                   for geom, kind in zip(mine.geometry, mine["kind"])]
        out.append((fp.area, shapely.union_all(counted).area if counted else np.nan))
    return np.array(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rotated_and_non_convex_shapes_agree_with_the_per_site_buffer(seed):
    layers = awkward_sites(40, seed)
    t = site_figures(layers["sites"], layers["buildings"], layers["greens"], layers["roads"])
    np.testing.assert_allclose(t[["footprint_area", "green_area"]].to_numpy(), reference(layers),
                               rtol=1e-9, atol=1e-6)


def test_two_threads_give_the_table_of_one():
    layers = awkward_sites(30, 7)
    args = (layers["sites"], layers["buildings"], layers["greens"], layers["roads"])
    one = site_figures(*args)
    for threads in (2, 3, 100):
        two = site_figures(*args, threads=threads)
        assert one.equals(two)
