"""Small site plans for the geometry tests, written as GeoJSON mappings in local metres."""
from __future__ import annotations

from fractions import Fraction

from zoning_rules.geometry import compute
from zoning_rules.geometry.geojson import from_mapping
from zoning_rules.geometry.policy import DEFAULT_GEOMETRY_POLICY


def rect(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def poly(ring, role, holes=(), **props):
    return {"type": "Feature", "properties": {"role": role, **props},
            "geometry": {"type": "Polygon", "coordinates": [ring, *holes]}}


def line(coords, role="road", **props):
    return {"type": "Feature", "properties": {"role": role, **props},
            "geometry": {"type": "LineString", "coordinates": coords}}


def point(xy, role="entrance", **props):
    return {"type": "Feature", "properties": {"role": role, **props},
            "geometry": {"type": "Point", "coordinates": list(xy)}}


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def site(x0=0, y0=0, x1=100, y1=50, **props):
    return poly(rect(x0, y0, x1, y1), "site", **props)


def building(ring, storeys=1, storey_height=3, **props):
    return poly(ring, "building", storeys=storeys, storey_height=storey_height, **props)


def figures(*features, crs="local", policy=DEFAULT_GEOMETRY_POLICY, storey_height=None):
    plan = from_mapping(fc(*features), "<test>", crs=crs, storey_height=storey_height)
    return compute(plan, policy)


def near(a, b, rel=1e-9, abs_=1e-6) -> bool:
    a, b = Fraction(a), Fraction(b)
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))
