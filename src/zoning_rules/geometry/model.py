"""A site plan in metres: the site, buildings, green, road red lines and entrances.

Readers (``geojson.py``, ``dxf.py``) build it; ``compute.py`` turns it into indicators.  Lengths the
user wrote (storey heights, parapets) stay exact ``Fraction``s; coordinates are floats, as geometry
is by nature.  ``ref`` names where a feature came from (``features[3] (id "B1")`` or ``DXF handle
2F on layer 建筑轮廓``) so that every error and figure can point at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from ..errors import InputError
from ..units import parse


class GeometryError(InputError):
    """A site plan whose geometry cannot give a trustworthy area or distance."""


#: No coordinate of a site plan is farther than this from its origin, in metres or degrees: the
#: earth is 4·10⁷ m round.  Beyond it, areas overflow to infinity and GEOS warns instead of
#: answering, so such a coordinate (1e300, or an integer of 400 digits) is refused by name.
MAX_COORDINATE = 1e9


def checked_coordinate(v: float, ref: str, file: str, written: Any = None) -> float:
    """``v`` if it is a finite coordinate within ``MAX_COORDINATE``, else a ``GeometryError``."""
    import math

    if math.isfinite(v) and abs(v) <= MAX_COORDINATE:
        return v
    text = str(v if written is None else written)
    text = text if len(text) <= 30 else f"{text[:12]}…({len(text)} characters)"
    what = "is not finite" if not math.isfinite(v) else f"is beyond {MAX_COORDINATE:.0e} in magnitude"
    raise GeometryError(f"{ref}: coordinate {text} {what} (坐标无效)", file=file,
                        expected="coordinates in metres of the plan's CRS, or lon/lat")


@dataclass(frozen=True, slots=True)
class LevelPart:
    """Part of a level's area that counts by its own rule (read from a BIM model, ``ifc/parts.py``).

    ``gross_factor``: its share of the 建筑面积 — ½ for a balcony outside the main structure (GB/T
    50353-2013 3.0.21); the storey's own halving (under 2.2 m) is not applied on top of it.
    ``far_factor``: a zone's 计容系数, replacing the policy's tall-storey multiplier; None → the policy's.
    ``gross_upper``: the largest share it may have when the model does not say (a balcony not marked
    inside or outside the main structure): the difference is the floor area's precision.
    """

    area: Fraction
    gross_factor: Fraction = Fraction(1)
    far_factor: Fraction | None = None
    gross_upper: Fraction | None = None


@dataclass(frozen=True, slots=True)
class Level:
    height: Fraction  # structural storey height, m
    area: Fraction | None = None  # m²; None → the footprint area
    parts: tuple[LevelPart, ...] = ()  # parts of ``area`` that count by their own factor


@dataclass(frozen=True)
class Building:
    ref: str
    footprint: Any  # shapely Polygon, metres
    levels: tuple[Level, ...]
    name: str | None = None
    roof: str = "flat"
    parapet: Fraction | None = None
    eave: Fraction | None = None
    ridge: Fraction | None = None
    declared_height: Fraction | None = None
    basement_storeys: int = 0
    use: str | None = None
    rooftop_structures_area: Fraction | None = None
    rooftop_structures_height: Fraction | None = None
    commercial_floor_area: Fraction | None = None

    @property
    def storeys(self) -> int:
        return len(self.levels)

    @property
    def label(self) -> str:
        return self.name or self.ref

    @property
    def roof_level(self) -> Fraction:
        return sum((lv.height for lv in self.levels), Fraction(0))


@dataclass(frozen=True)
class Green:
    ref: str
    area: Any  # shapely Polygon / MultiPolygon
    kind: str = "ground"  # ground | concentrated | roof_over_basement
    soil_depth: Fraction | None = None
    name: str | None = None


@dataclass(frozen=True)
class Road:
    ref: str
    line: Any  # LineString / MultiLineString / Polygon (the road's red-line area)
    name: str | None = None


@dataclass(frozen=True)
class Entrance:
    ref: str
    point: Any
    name: str | None = None


@dataclass(frozen=True)
class Site:
    ref: str
    area: Any  # shapely Polygon
    name: str | None = None


@dataclass(frozen=True)
class SitePlan:
    source: str
    crs: str  # what the coordinates were, e.g. "EPSG:4326 → EPSG:4546", "local"
    site: Site
    buildings: tuple[Building, ...]
    greens: tuple[Green, ...] = ()
    roads: tuple[Road, ...] = ()
    entrances: tuple[Entrance, ...] = ()
    neighbours: tuple[Site, ...] = ()
    #: How far (m) a point may be from the position the file meant, because of the digits the file
    #: writes: lon/lat to d decimals is within ½·10⁻ᵈ degree on each axis.  0 for coordinates in
    #: metres, which are taken as drawn (the policy's ``point_precision`` still applies).
    coordinate_precision: float = 0.0


# --- properties shared by every reader ------------------------------------------------------------

COMMON_KEYS = {"role", "name", "id", "label", "note", "description", "comment"}
BUILDING_KEYS = COMMON_KEYS | {
    "storeys", "storey_height", "levels", "roof", "parapet", "eave", "ridge", "height",
    "basement_storeys", "use", "rooftop_structures_area", "rooftop_structures_height",
    "commercial_floor_area",
}
GREEN_KEYS = COMMON_KEYS | {"kind", "soil_depth"}
ROLE_KEYS = {"site": COMMON_KEYS, "neighbour": COMMON_KEYS, "road": COMMON_KEYS,
             "entrance": COMMON_KEYS, "building": BUILDING_KEYS, "green": GREEN_KEYS}
ROOFS = {"flat": "flat", "平屋面": "flat", "平顶": "flat", "pitched": "pitched", "坡屋面": "pitched",
         "坡顶": "pitched"}
GREEN_KINDS = {"ground": "ground", "concentrated": "concentrated", "集中绿地": "concentrated",
               "roof_over_basement": "roof_over_basement", "地下室顶板绿地": "roof_over_basement"}


def check_keys(role: str, props: Mapping, ref: str, file: str) -> None:
    unknown = sorted(set(props) - ROLE_KEYS[role])
    if unknown:
        raise GeometryError(f"{ref}: unknown property {unknown[0]!r} for a {role}", file=file,
                            expected="one of " + ", ".join(sorted(ROLE_KEYS[role] - {"role"})))


def _qty(props: Mapping, key: str, kind: str, ref: str, file: str, *, positive: bool = False):
    raw = props.get(key)
    if raw is None:
        return None
    try:
        amount = parse(raw, kind)  # type: ignore[arg-type]
    except InputError as exc:
        raise GeometryError(f"{ref}: {key}: {exc.message}", file=file, expected=exc.expected) from None
    if positive and amount.value <= 0:
        raise GeometryError(f"{ref}: {key}: {amount.written!r} must be greater than zero", file=file)
    return amount.value


def building_from(ref: str, footprint, props: Mapping, file: str, *,
                  storey_height: Fraction | None = None) -> Building:
    """A building from its properties; the design's ``storey_height`` fills in a missing one."""
    from .plausibility import check_building, check_storeys

    check_keys("building", props, ref, file)
    storeys = _qty(props, "storeys", "count", ref, file, positive=True)
    check_storeys(storeys, ref, file)  # before one level per storey is made
    if isinstance(props.get("levels"), list):
        check_storeys(len(props["levels"]), ref, file)
    sh = _qty(props, "storey_height", "length", ref, file, positive=True)
    raw_levels = props.get("levels")
    if raw_levels is not None:
        if not isinstance(raw_levels, list) or not raw_levels:
            raise GeometryError(f"{ref}: levels: expected a non-empty list of {{height, area?}}", file=file)
        if storeys is not None and storeys != len(raw_levels):
            raise GeometryError(f"{ref}: storeys {storeys} disagrees with {len(raw_levels)} levels", file=file)
        levels = []
        for j, lv in enumerate(raw_levels):
            item = lv if isinstance(lv, dict) else {"height": lv}
            extra = set(item) - {"height", "area"}
            if extra or "height" not in item:
                raise GeometryError(f"{ref}: levels[{j}]: expected {{height, area?}}, got {dict(item)!r}",
                                    file=file)
            h = _qty(item, "height", "length", f"{ref}: levels[{j}]", file, positive=True)
            a = _qty(item, "area", "area", f"{ref}: levels[{j}]", file, positive=True)
            levels.append(Level(h, a))
    elif storeys is not None:
        height = sh if sh is not None else storey_height
        if height is None:
            raise GeometryError(f"{ref}: {int(storeys)} storeys but no storey height", file=file,
                                expected="storey_height on the building, or storey_height in the design")
        levels = [Level(height) for _ in range(int(storeys))]
    else:
        raise GeometryError(f"{ref}: a building needs storeys (with storey_height) or levels", file=file)
    roof_raw = props.get("roof", "flat")
    roof = ROOFS.get(str(roof_raw).strip().lower())
    if roof is None:
        raise GeometryError(f"{ref}: roof: {roof_raw!r} is not a roof type", file=file,
                            expected="flat or pitched")
    ridge = _qty(props, "ridge", "length", ref, file)
    if roof == "pitched" and ridge is None:
        raise GeometryError(f"{ref}: a pitched roof needs its ridge height (ridge)", file=file)
    basements = _qty(props, "basement_storeys", "count", ref, file)
    check_storeys(basements, f"{ref}: basement_storeys", file)
    use = props.get("use")
    b = Building(
        ref=ref, footprint=footprint, levels=tuple(levels), name=_name(props), roof=roof,
        parapet=_qty(props, "parapet", "length", ref, file), eave=_qty(props, "eave", "length", ref, file),
        ridge=ridge, declared_height=_qty(props, "height", "length", ref, file),
        basement_storeys=int(basements or 0), use=None if use is None else str(use),
        rooftop_structures_area=_qty(props, "rooftop_structures_area", "area", ref, file),
        rooftop_structures_height=_qty(props, "rooftop_structures_height", "length", ref, file),
        commercial_floor_area=_qty(props, "commercial_floor_area", "area", ref, file),
    )
    check_building(b, file)  # a roof below its storeys, a ridge below its eave: impossible
    return b


def green_from(ref: str, area, props: Mapping, file: str) -> Green:
    check_keys("green", props, ref, file)
    kind_raw = props.get("kind", "ground")
    kind = GREEN_KINDS.get(str(kind_raw).strip().lower())
    if kind is None:
        raise GeometryError(f"{ref}: kind: {kind_raw!r} is not a kind of green", file=file,
                            expected="ground, concentrated or roof_over_basement")
    soil = _qty(props, "soil_depth", "length", ref, file)
    if kind == "roof_over_basement" and soil is None:
        raise GeometryError(f"{ref}: green over a basement roof needs its soil depth (soil_depth)", file=file)
    return Green(ref=ref, area=area, kind=kind, soil_depth=soil, name=_name(props))


def _name(props: Mapping) -> str | None:
    for key in ("name", "label", "id"):
        if props.get(key) is not None:
            return str(props[key])
    return None
