"""From features in the file's coordinates to a ``SitePlan`` in metres, refusing bad geometry.

Shared by the GeoJSON and DXF readers so that both apply the same checks: one site, valid
polygons (checked in the file's own coordinates, so the location reported is one the user can
find), no zero areas, coordinates where the CRS says they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .crs import Frame, check_area_of_use, projector
from .model import (Entrance, GeometryError, Road, Site, SitePlan, building_from, check_keys,
                    green_from)

POLYGONAL = {"site", "building", "green", "neighbour"}
ALLOWED_TYPES = {
    "site": ("Polygon", "MultiPolygon"),
    "neighbour": ("Polygon", "MultiPolygon"),
    "building": ("Polygon",),
    "green": ("Polygon", "MultiPolygon"),
    "road": ("LineString", "MultiLineString", "Polygon", "MultiPolygon"),
    "entrance": ("Point",),
}
ROLES = tuple(ALLOWED_TYPES)
#: Smallest area (m²) a polygon may have; below it the shape is a line drawn twice, not an area.
MIN_AREA = 1e-4


@dataclass
class RawFeature:
    role: str
    ref: str
    geom: Any  # shapely geometry in the file's coordinates
    props: dict = field(default_factory=dict)


def _validity(raw: RawFeature, file: str) -> None:
    import shapely

    if raw.geom.geom_type not in ALLOWED_TYPES[raw.role]:
        raise GeometryError(f"{raw.ref}: a {raw.role} must be "
                            f"{' or '.join(ALLOWED_TYPES[raw.role])}, not {raw.geom.geom_type}", file=file)
    if raw.geom.is_empty:
        raise GeometryError(f"{raw.ref}: empty {raw.role} geometry", file=file)
    if raw.role in POLYGONAL and raw.geom.convex_hull.area == 0:
        raise GeometryError(f"{raw.ref}: the {raw.role} has zero area (its corners are on one line)",
                            file=file, expected="an outline enclosing an area")
    if raw.geom.geom_type in ("Polygon", "MultiPolygon") and not raw.geom.is_valid:
        reason = shapely.is_valid_reason(raw.geom)
        text, _, where = reason.partition("[")
        where = where.rstrip("]").split()
        at = f" at ({float(where[0]):.8g}, {float(where[1]):.8g})" if len(where) >= 2 else ""
        what = {"Self-intersection": "self-intersecting polygon",
                "Ring Self-intersection": "a ring touches itself",
                "Too few points": "too few points for a polygon",
                "Hole lies outside shell": "a hole lies outside its outline",
                "Nested shells": "nested outlines",
                "Interior is disconnected": "holes cut the polygon in pieces",
                "Self-intersection ": "self-intersecting polygon"}.get(text.strip(), text.strip() or reason)
        raise GeometryError(f"{raw.ref}: invalid {raw.role} outline: {what}{at}", file=file,
                            expected="a simple closed outline")


def assemble(raws: list[RawFeature], fr: Frame, *, file: str,
             storey_height: Fraction | None = None, coordinate_precision: float = 0.0) -> SitePlan:
    import shapely

    from .plausibility import check_vertices

    check_vertices([r.geom for r in raws], file)  # before validity, unions and projections
    for raw in raws:
        _validity(raw, file)
        check_keys(raw.role, raw.props, raw.ref, file)
    sites = [r for r in raws if r.role == "site"]
    if not sites:
        raise GeometryError("the site plan has no site boundary (role: site / layer 用地红线)", file=file,
                            expected="exactly one site polygon")
    if len(sites) > 1:
        raise GeometryError(f"the site plan has {len(sites)} site boundaries: "
                            f"{', '.join(s.ref for s in sites)}", file=file,
                            expected="exactly one site polygon (use role: neighbour for adjacent plots)")
    site_raw = sites[0]
    if site_raw.geom.geom_type == "MultiPolygon":
        if len(site_raw.geom.geoms) != 1:
            raise GeometryError(f"{site_raw.ref}: the site is {len(site_raw.geom.geoms)} separate polygons",
                                file=file, expected="one polygon")
        site_raw.geom = site_raw.geom.geoms[0]
    centre = site_raw.geom.centroid
    fn, described = projector(fr, centre.x)
    if fn is not None:
        for raw in raws:
            raw.geom = shapely.transform(raw.geom, fn)
    site_centre = site_raw.geom.centroid
    try:
        check_area_of_use(fr, site_centre.x, site_centre.y)
    except GeometryError as exc:  # said of the site plan whose coordinates they are
        raise exc.located(file=file) from None
    for raw in raws:
        if raw.role in POLYGONAL and raw.geom.area < MIN_AREA:
            raise GeometryError(f"{raw.ref}: the {raw.role} has zero area", file=file,
                                expected="an outline enclosing an area")
    buildings, greens, roads, entrances, neighbours = [], [], [], [], []
    for raw in raws:
        name = _name(raw.props)
        if raw.role == "building":
            buildings.append(building_from(raw.ref, raw.geom, raw.props, file, storey_height=storey_height))
        elif raw.role == "green":
            greens.append(green_from(raw.ref, raw.geom, raw.props, file))
        elif raw.role == "road":
            roads.append(Road(raw.ref, raw.geom, name))
        elif raw.role == "entrance":
            entrances.append(Entrance(raw.ref, raw.geom, name))
        elif raw.role == "neighbour":
            neighbours.append(Site(raw.ref, raw.geom, name))
    if not buildings:
        raise GeometryError("the site plan has no building footprint (role: building / layer 建筑轮廓)",
                            file=file, expected="at least one building")
    return SitePlan(source=file, crs=described, site=Site(site_raw.ref, site_raw.geom, _name(site_raw.props)),
                    buildings=tuple(buildings), greens=tuple(greens), roads=tuple(roads),
                    entrances=tuple(entrances), neighbours=tuple(neighbours),
                    coordinate_precision=coordinate_precision)


def _name(props: dict) -> str | None:
    for key in ("name", "label", "id"):
        if props.get(key) is not None:
            return str(props[key])
    return None
