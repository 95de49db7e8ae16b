"""A plot that surrounds another (a park round a pavilion's plot: a polygon with a hole) is drawn with
its hole, so the plot inside stays visible whichever is drawn first — on the map, the web page and
the HTML report alike (one drawing, ``plan.mapdraw.draw``)."""
from __future__ import annotations

import datetime as dt
import io

import pytest

pytest.importorskip("matplotlib")
gpd = pytest.importorskip("geopandas")

from shapely import Polygon, box  # noqa: E402

from zoning_rules.plan.mapdraw import COLOURS, PlotMap, draw, ring_path  # noqa: E402

X, Y = 500_000.0, 4_150_000.0
# the hole turns the same way as the shell (as some layers have it): the drawing must not care
OUTER = Polygon(box(X, Y, X + 300, Y + 300).exterior.coords, [box(X + 100, Y + 100, X + 200, Y + 200).exterior.coords])
INNER = box(X + 100, Y + 100, X + 200, Y + 200)


def test_the_path_of_a_polygon_keeps_its_hole():
    path = ring_path(OUTER)  # matplotlib fills by winding: the hole must turn against the shell
    assert len(path.vertices) == len(OUTER.exterior.coords) + len(OUTER.interiors[0].coords)
    rings = [r for r in path.to_polygons(closed_only=True)]

    def signed_area(r):
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r[:-1], r[1:])) / 2

    assert [signed_area(r) > 0 for r in rings] == [True, False]  # shell anticlockwise, hole clockwise


@pytest.mark.parametrize("inner_first", [True, False])
def test_the_plot_inside_a_hole_is_seen_whichever_is_drawn_first(inner_first):
    import matplotlib.image as mpimg

    rows = [{"plot": "OUT-1", "status": "in_force", "land_use_code": "G1", "far_max": 0.1, "far_min": None,
             "height_max": None, "green_ratio_min": None, "under_review": False, "geometry": OUTER},
            {"plot": "IN-1", "status": "in_force", "land_use_code": "B1", "far_max": 2.0, "far_min": None,
             "height_max": None, "green_ratio_min": None, "under_review": False, "geometry": INNER}]
    if inner_first:
        rows.reverse()
    layer = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4546")
    buffer = io.BytesIO()
    draw(PlotMap(layer=layer, as_of=dt.date(2021, 6, 1)), buffer, fmt="png", lang="en")
    buffer.seek(0)
    image = mpimg.imread(buffer)
    h, w = image.shape[:2]
    r, g, b = image[h // 2 + h // 20, w // 2 + w // 20][:3]  # inside IN-1, off its label
    red = tuple(int(COLOURS["B"][i:i + 2], 16) / 255 for i in (1, 3, 5))
    assert (r, g, b) == pytest.approx(red, abs=0.03)
