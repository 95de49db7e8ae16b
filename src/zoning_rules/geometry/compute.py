"""Indicators from a ``SitePlan`` under a ``GeometryPolicy``; pure (no I/O).

Geometry is floating point by nature: areas and distances are shapely doubles, turned into
``Fraction`` at this boundary by their shortest repr (``Fraction(repr(x))``).  What a drawing can
tell is coarser than a double: every point is trusted only to ``precision`` (the policy's
``point_precision``, or the file's own if its lon/lat is written to fewer decimals), so each
computed figure comes with a band (``SiteFigures.bands``): a distance ± 2·precision, an area
± precision × its perimeter + vertices × precision² (moving every vertex by at most δ moves the
shoelace sum by at most δ × perimeter to first order, and by ½·δ² per vertex beyond it).  The
checker treats a value within its band of a limit as indeterminate and compares exactly outside it.
Lengths the user wrote (storey heights, parapets) stay exact throughout.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

from .model import Building, Entrance, GeometryError, SitePlan
from .policy import DEFAULT_GEOMETRY_POLICY, GeometryPolicy, use_category

#: A footprint reaching more than this far outside the site (m²) is outside; below it is rounding.
OUTSIDE_TOLERANCE = 1e-4


def fx(x: float) -> Fraction:
    """A float result as an exact Fraction of its shortest repr (what the float prints as)."""
    return Fraction(repr(float(x)))


@dataclass(frozen=True)
class BuildingFigures:
    building: Building
    footprint_area: Fraction
    gross_floor_area: Fraction  # GB/T 50353 above ground, no tall-storey multipliers
    floor_area: Fraction  # 计容: what counts toward FAR under the policy
    height: Fraction
    height_basis: str
    commercial_floor_area: Fraction | None  # None: the use is not given, so neither is this
    large_commercial: bool | None  # None: unknown (use not given, or within precision of the threshold)
    setback: Fraction | None
    nearest: tuple[tuple[float, float], tuple[float, float]] | None  # footprint point, road point
    outside: Any  # the part of the footprint outside the site (shapely), maybe empty
    outside_area: Fraction
    outside_band: Fraction = Fraction(0)  # the precision of outside_area
    floor_area_band: Fraction = Fraction(0)  # the precision of floor_area


@dataclass(frozen=True)
class SiteFigures:
    """Everything computed from one site plan; ``indicators()`` is what the checker uses."""

    plan: SitePlan
    policy: GeometryPolicy
    site_area: Fraction
    footprint_area: Fraction  # union of footprints
    footprint_sum: Fraction
    floor_area: Fraction
    green_area: Fraction | None  # counted; None when the plan draws no green at all
    green_drawn_area: Fraction  # drawn inside the site
    height: Fraction
    setback: Fraction | None
    buildings: tuple[BuildingFigures, ...]
    counted_green: Any
    discounted_green: Any
    entrance_sides: tuple[tuple[Entrance, str], ...]
    precision: Fraction = Fraction(0)  # m: how far any point of the plan may be from the truth
    bands: Mapping[str, Fraction] = field(default_factory=dict)  # indicator → ± its precision

    @property
    def far(self) -> Fraction:
        return self.floor_area / self.site_area

    @property
    def building_density(self) -> Fraction:
        return self.footprint_area / self.site_area

    @property
    def green_ratio(self) -> Fraction | None:
        return None if self.green_area is None else self.green_area / self.site_area

    @property
    def large_commercial(self) -> bool | None:
        """True if a building is 大型商业建筑, False if none can be, None if the plan cannot tell."""
        flags = [b.large_commercial for b in self.buildings]
        if True in flags:
            return True
        return None if None in flags else False

    @property
    def sides(self) -> tuple[str, ...]:
        out: list[str] = []
        for _, side in self.entrance_sides:
            if side not in out:
                out.append(side)
        return tuple(out)

    @property
    def least_setback(self) -> BuildingFigures | None:
        with_s = [b for b in self.buildings if b.setback is not None]
        return min(with_s, key=lambda b: b.setback) if with_s else None

    def indicators(self) -> dict[str, Fraction]:
        out = {"site_area": self.site_area, "footprint_area": self.footprint_area,
               "floor_area": self.floor_area, "green_area": self.green_area, "far": self.far,
               "building_density": self.building_density, "green_ratio": self.green_ratio,
               "height": self.height, "setback": self.setback}
        return {k: v for k, v in out.items() if v is not None}


def building_height(b: Building, footprint_area: Fraction, policy: GeometryPolicy,
                    file: str | None = None) -> tuple[Fraction, str]:
    """GB 50352-2019 §4.5.2: flat roof to the parapet top (the eave, else the roof, without one);
    pitched roof to the mean of eave and ridge; rooftop structures within the policy's share of the
    roof area left out, larger ones counted (their top height is then needed)."""
    if b.roof == "pitched":
        eave = b.eave if b.eave is not None else b.roof_level
        h, basis = (eave + b.ridge) / 2, "mean of eave and ridge"
    elif b.parapet is not None:
        h, basis = b.parapet, "parapet top"
    elif b.eave is not None:
        h, basis = b.eave, "eave"
    else:
        h, basis = b.roof_level, "roof (sum of storey heights)"
    rs = b.rooftop_structures_area
    if rs is not None and rs > policy.rooftop_share * footprint_area:
        if b.rooftop_structures_height is None:
            raise GeometryError(
                f"{b.ref}: rooftop structures of {float(rs):g} m² exceed {policy.rooftop_share} of the roof "
                f"area ({float(footprint_area):.2f} m²), so they count toward the height (GB 50352-2019 "
                f"§4.5.2), but their top height is not given", file=file,
                expected="rooftop_structures_height")
        if b.rooftop_structures_height > h:
            h, basis = b.rooftop_structures_height, "rooftop structures (over the share of the roof area)"
    return h, basis


def floor_areas(b: Building, footprint_area: Fraction, policy: GeometryPolicy) -> tuple[Fraction, Fraction]:
    """(gross above-ground area per GB/T 50353, area counted toward FAR under the policy).

    A level's parts (balconies, 计容 zones read from a model) count by their own factors; the rest
    of its area by the storey's (half under 2.2 m, the policy's tall-storey multiplier)."""
    gross = counted = Fraction(0)
    for lv in b.levels:
        area = lv.area if lv.area is not None else footprint_area
        base = Fraction(1) if lv.height >= policy.full_height else policy.low_storey_factor
        if not lv.parts:
            gross += area * base
            counted += area * policy.storey_factor(lv.height, b.use)
            continue
        times = policy.tall_multiplier(lv.height, b.use)
        rest = area - sum((p.area for p in lv.parts), Fraction(0))
        gross += rest * base
        counted += rest * base * times
        for p in lv.parts:
            g = p.area * min(base, p.gross_factor)
            gross += g
            counted += g * (p.far_factor if p.far_factor is not None else times)
    if policy.count_basements:
        counted += footprint_area * b.basement_storeys
    return gross, counted


def floor_area_bands(b: Building, footprint_band: Fraction, policy: GeometryPolicy) -> tuple[Fraction, Fraction]:
    """The precision of ``floor_areas``: storeys whose area is the footprint carry its band; a part
    whose share the model does not tell (``gross_upper``) the difference its upper share would make."""
    gross = counted = Fraction(0)
    for lv in b.levels:
        base = Fraction(1) if lv.height >= policy.full_height else policy.low_storey_factor
        if lv.area is None:
            gross += footprint_band * base
            counted += footprint_band * policy.storey_factor(lv.height, b.use)
        for p in lv.parts:
            if p.gross_upper is not None:
                extra = p.area * (min(base, p.gross_upper) - min(base, p.gross_factor))
                gross += extra
                counted += extra * (p.far_factor if p.far_factor is not None
                                    else policy.tall_multiplier(lv.height, b.use))
    if policy.count_basements:
        counted += footprint_band * b.basement_storeys
    return gross, counted


def area_band(geom, precision: Fraction) -> Fraction:
    """How far an area may be off when every point of its outline is known to ``precision``."""
    import shapely

    if geom.is_empty:
        return Fraction(0)
    return fx(geom.length) * precision + int(shapely.get_num_coordinates(geom)) * precision * precision


def above(value: Fraction, band: Fraction, threshold: Fraction) -> bool | None:
    """``value > threshold`` when its band allows an answer; None within the band."""
    if value - band > threshold:
        return True
    if value + band <= threshold:
        return False
    return None


def entrance_side(site, point) -> str:
    """The side of the site an entrance faces, seen from the site's centroid; offsets are scaled by
    the site's half extents so that a point on a long edge of a narrow site gets that edge."""
    minx, miny, maxx, maxy = site.bounds
    c = site.centroid
    nx = (point.x - c.x) / ((maxx - minx) / 2)
    ny = (point.y - c.y) / ((maxy - miny) / 2)
    if abs(nx) > abs(ny):
        return "east" if nx > 0 else "west"
    return "north" if ny >= 0 else "south"


def compute(plan: SitePlan, policy: GeometryPolicy = DEFAULT_GEOMETRY_POLICY) -> SiteFigures:
    from shapely import ops
    from shapely.geometry import GeometryCollection

    site = plan.site.area
    site_area = fx(site.area)
    delta = max(policy.point_precision, fx(plan.coordinate_precision))
    roads = [r.line for r in plan.roads]
    road_union = ops.unary_union(roads) if roads else None
    figs = []
    for b in plan.buildings:
        fp_area = fx(b.footprint.area)
        gross, counted = floor_areas(b, fp_area, policy)
        gross_band, counted_band = floor_area_bands(b, area_band(b.footprint, delta), policy)
        height, basis = building_height(b, fp_area, policy, plan.source)
        if b.commercial_floor_area is not None:  # as the user wrote it: exact
            commercial = b.commercial_floor_area
            large = commercial > policy.large_commercial_area
        elif use_category(b.use) is None:  # use not given (or not known): commercial or not, unknown
            commercial = None
            # it can be 大型商业建筑 only if its whole area could be above the threshold
            large = None if above(gross, gross_band, policy.large_commercial_area) is not False else False
        elif use_category(b.use) in policy.commercial_uses:
            commercial = gross
            large = above(gross, gross_band, policy.large_commercial_area)
        else:
            commercial, large = Fraction(0), False
        setback = nearest = None
        if road_union is not None:
            setback = fx(b.footprint.distance(road_union))
            p, q = ops.nearest_points(b.footprint, road_union)
            nearest = ((p.x, p.y), (q.x, q.y))
        outside = b.footprint.difference(site)
        out_area = outside.area if outside.area > OUTSIDE_TOLERANCE else 0.0
        figs.append(BuildingFigures(
            building=b, footprint_area=fp_area, gross_floor_area=gross, floor_area=counted, height=height,
            height_basis=basis, commercial_floor_area=commercial, large_commercial=large,
            setback=setback, nearest=nearest,
            outside=outside if out_area else GeometryCollection(), outside_area=fx(out_area),
            outside_band=area_band(outside, delta) if out_area else Fraction(0),
            floor_area_band=counted_band))
    footprints = ops.unary_union([b.footprint for b in plan.buildings])
    counted_green, drawn = _green(plan, footprints, policy)
    bands = {"site_area": area_band(site, delta), "footprint_area": area_band(footprints, delta),
             "floor_area": sum((f.floor_area_band for f in figs), Fraction(0)),
             "setback": 2 * delta}
    if plan.greens:
        bands["green_area"] = area_band(counted_green, delta)
    return SiteFigures(
        plan=plan, policy=policy, site_area=site_area, footprint_area=fx(footprints.area),
        footprint_sum=sum((f.footprint_area for f in figs), Fraction(0)),
        floor_area=sum((f.floor_area for f in figs), Fraction(0)),
        green_area=fx(counted_green.area) if plan.greens else None, green_drawn_area=fx(drawn.area),
        height=max(f.height for f in figs),
        setback=min((f.setback for f in figs), default=None) if road_union is not None else None,
        buildings=tuple(figs), counted_green=counted_green,
        discounted_green=drawn.difference(counted_green),
        entrance_sides=tuple((e, entrance_side(site, e.point)) for e in plan.entrances),
        precision=delta, bands=bands)


def _green(plan: SitePlan, footprints, policy: GeometryPolicy):
    """GB 50180-2018 A.0.2: green inside the site, less the strip along walls (wider for 集中绿地),
    roof green only over a basement with enough soil; nothing under a building ever counts."""
    from shapely import ops

    site = plan.site.area
    seg = policy.buffer_segments
    strips = {}

    def strip(width: Fraction):
        # The union of each building's buffer, not the buffer of the union: GEOS simplifies a
        # buffer's input by 1 % of the distance, so a notch of a few mm where two footprints
        # almost line up would widen the strip beyond the walls (counting too little green).
        if width not in strips:
            strips[width] = ops.unary_union([b.footprint.buffer(float(width), quad_segs=seg)
                                             for b in plan.buildings]) if width > 0 else footprints
        return strips[width]

    counted, drawn = [], []
    for g in plan.greens:
        inside = g.area.intersection(site)
        drawn.append(inside)
        if g.kind == "roof_over_basement" and g.soil_depth < policy.roof_green_min_soil:
            continue
        width = policy.concentrated_wall_strip if g.kind == "concentrated" else policy.wall_strip
        counted.append(inside.difference(strip(width)))
    return ops.unary_union(counted) if counted else _empty(), ops.unary_union(drawn) if drawn else _empty()


def _empty():
    from shapely.geometry import GeometryCollection

    return GeometryCollection()
