"""GeoJSON FeatureCollection → ``SitePlan``; each feature says what it is in ``properties.role``.

Coordinates are lon/lat (RFC 7946) unless the design gives ``crs``.  Rings must be closed as
RFC 7946 requires: an open ring is refused rather than silently closed, since a missing vertex
changes the area.
"""
from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .assemble import ROLES, RawFeature, assemble
from .crs import frame
from .model import GeometryError, checked_coordinate


def read_geojson(path: str | Path, *, crs: str | None = None,
                 storey_height: Fraction | None = None) -> "SitePlan":  # noqa: F821
    from ..safeio import read_text

    file = str(path)
    text = read_text(path, what="site plan", cls=GeometryError)  # bounded, regular files only
    return loads_geojson(text, file, crs=crs, storey_height=storey_height)


def _pairs(file):
    def hook(items):
        out = {}
        for k, v in items:
            if k in out:
                raise GeometryError(f"duplicate key {k!r}", file=file)
            out[k] = v
        return out
    return hook


def loads_geojson(text: str, file: str = "<geojson>", *, crs: str | None = None,
                  storey_height: Fraction | None = None):
    from ..sourcefile import json_loads

    try:
        data = json_loads(text, file, GeometryError, parse_float=Decimal, object_pairs_hook=_pairs(file))
    except json.JSONDecodeError as exc:
        raise GeometryError(f"not valid JSON: {exc.msg} (line {exc.lineno})", file=file) from None
    return from_mapping(data, file, crs=crs, storey_height=storey_height)


def from_mapping(data: Any, file: str = "<geojson>", *, crs: str | None = None,
                 storey_height: Fraction | None = None):
    fr = frame(crs, "EPSG:4326")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeometryError("a site plan must be a GeoJSON FeatureCollection", file=file)
    features = data.get("features")
    if not isinstance(features, list):
        raise GeometryError("features: expected a list", file=file)
    raws = []
    for i, feat in enumerate(features):
        ref = f"features[{i}]"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise GeometryError(f"{ref}: expected a GeoJSON Feature", file=file)
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise GeometryError(f"{ref}: properties: expected an object", file=file)
        ident = feat.get("id", props.get("id", props.get("name")))
        if ident is not None:
            ref += f" ({ident})"
        role = props.get("role")
        if role not in ROLES:
            raise GeometryError(f"{ref}: properties.role is {role!r}", file=file,
                                expected="one of " + ", ".join(ROLES))
        geom = _geometry(feat.get("geometry"), ref, file, fr.geographic)
        raws.append(RawFeature(role=role, ref=ref, geom=geom, props=props))
    precision = lonlat_precision(features) if fr.geographic else 0.0
    return assemble(raws, fr, file=file, storey_height=storey_height, coordinate_precision=precision)


#: Metres in a degree, at most (of latitude, near the poles; a degree of longitude is shorter).
M_PER_DEGREE = 111_700.0


def _decimals(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return 0
    d = v if isinstance(v, Decimal) else Decimal(repr(v))
    exp = d.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def lonlat_precision(features: list) -> float:
    """How far (m) a point may be from where it was meant when lon/lat is written to the finest
    number of decimals the file uses: half a unit of that digit on each axis.

    9 decimals (what the examples write) is about 0.08 mm, below the policy's ``point_precision``;
    6 decimals (RFC 7946's suggestion) is about 8 cm, and then that decides.
    """
    finest = 0
    stack = [f.get("geometry", {}).get("coordinates") for f in features
             if isinstance(f, dict) and isinstance(f.get("geometry"), dict)]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            finest = max(finest, _decimals(item))
    return math.hypot(0.5, 0.5) * 10.0 ** -finest * M_PER_DEGREE


def _num(v: Any, ref: str, file: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        raise GeometryError(f"{ref}: coordinate {v!r} is not a number", file=file)
    return checked_coordinate(float(v), ref, file, v)  # float() of a huge Decimal is inf


def _position(p: Any, ref: str, file: str, geographic: bool) -> tuple[float, float]:
    if not isinstance(p, list) or len(p) not in (2, 3):
        raise GeometryError(f"{ref}: position {p!r} is not [x, y] or [x, y, z]", file=file)
    x, y = _num(p[0], ref, file), _num(p[1], ref, file)
    if geographic and not (-180 <= x <= 180 and -90 <= y <= 90):
        raise GeometryError(f"{ref}: [{p[0]}, {p[1]}] is out of range for lon/lat", file=file,
                            expected="longitude −180…180, latitude −90…90 (or set crs: in the design "
                                     "for coordinates in metres)")
    return x, y


def _ring(coords: Any, ref: str, file: str, geographic: bool) -> list[tuple[float, float]]:
    if not isinstance(coords, list):
        raise GeometryError(f"{ref}: a ring must be a list of positions", file=file)
    pts = [_position(p, ref, file, geographic) for p in coords]
    if len(pts) < 4:
        raise GeometryError(f"{ref}: a polygon ring needs at least 4 positions (3 corners and the "
                            f"first repeated), got {len(pts)}", file=file)
    if pts[0] != pts[-1]:
        raise GeometryError(f"{ref}: polygon ring is not closed (first {list(pts[0])} ≠ last "
                            f"{list(pts[-1])})", file=file, expected="the last position equal to the first")
    return pts


def _polygon(coords: Any, ref: str, file: str, geographic: bool):
    from shapely.geometry import Polygon

    if not isinstance(coords, list) or not coords:
        raise GeometryError(f"{ref}: a Polygon needs at least one ring", file=file)
    rings = [_ring(r, ref, file, geographic) for r in coords]
    return Polygon(rings[0], rings[1:])


def _geometry(g: Any, ref: str, file: str, geographic: bool):
    from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point

    if not isinstance(g, dict) or "type" not in g:
        raise GeometryError(f"{ref}: missing geometry", file=file)
    kind, coords = g["type"], g.get("coordinates")
    if kind == "Point":
        return Point(_position(coords, ref, file, geographic))
    if kind == "LineString":
        pts = [_position(p, ref, file, geographic) for p in (coords or [])]
        if len(pts) < 2:
            raise GeometryError(f"{ref}: a LineString needs at least 2 positions", file=file)
        return LineString(pts)
    if kind == "MultiLineString":
        lines = []
        for part in coords or []:
            pts = [_position(p, ref, file, geographic) for p in part]
            if len(pts) < 2:
                raise GeometryError(f"{ref}: a LineString needs at least 2 positions", file=file)
            lines.append(pts)
        return MultiLineString(lines)
    if kind == "Polygon":
        return _polygon(coords, ref, file, geographic)
    if kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            raise GeometryError(f"{ref}: an empty MultiPolygon", file=file)
        return MultiPolygon([_polygon(c, ref, file, geographic) for c in coords])
    raise GeometryError(f"{ref}: unsupported geometry type {kind!r}", file=file,
                        expected="Point, LineString, MultiLineString, Polygon or MultiPolygon")
