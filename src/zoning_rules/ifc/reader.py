"""A 报建 model → the same ``SitePlan`` the GeoJSON and DXF readers build, so that the one geometry
policy, ``compute`` and the checker apply unchanged.  The rules, in the order they are applied:

- **Site.** The ``IfcSite`` body's plan projection is the boundary; its upward surface's lowest
  point is the outdoor ground (a sloping terrain then measures every height from its lowest point,
  never from higher ground).  A site without a body gives its area from
  ``Qto_SiteBaseQuantities.GrossArea`` instead; heights are then measured from the project's
  ±0.000 and whether buildings stay inside the site cannot be told (indeterminate).
- **Roof level.** Roof elements are ``IfcRoof`` (and its parts) and ``IfcSlab`` of type ROOF.  A
  flat roof element's level is its top, a pitched one's its eave (lowest point of its sloped upper
  surface); the building's main roof is the lowest of them (else the top of its highest storey's
  elements).  Storeys at or above it are roof levels (roof, parapets, stair rooms), not floors.
- **Storeys.** ``IfcBuildingStorey`` elevations (world z of their placement, else ``Elevation``)
  sorted; a floor's height runs to the next floor, the top floor's to the main roof.  A floor more
  than half below the outdoor ground is a basement (DOMAIN.md §3), not counted above ground.  A
  floor's area is the plan projection of its own elements (slab and walls: the outer wall line);
  the policy then counts a floor under 2.2 m by half.
- **Footprint.** The plan projection of all the building's elements but its basements'.
- **Height** (GB 50352-2019 §4.5.2, applied by ``compute.building_height``): parapet top (walls
  or railings of type PARAPET, or named 女儿墙 — see ``mapping.py``), else the flat roof; a pitched
  roof gives eave and ridge (mean); elements wholly above the main roof that are neither roof nor
  parapet (stair and lift rooms, tanks) are rooftop structures, left out within the policy's share.
- **Green, road red lines.** Elements the mapping marks (class + keyword), projected to plan.
- **Zones, balconies, parking** (``parts.py``, ``parking.py``): a zone's 计容系数 and a balcony's half
  area (GB/T 50353-2013 3.0.21) become parts of the floors they cover (``Level.parts``); parking
  spaces are counted and handed to the design (``ModelPlan.counted``).

Every figure records the elements it came from (``evidence``) so that reports and BCF topics can
point the architect at them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from ..geometry.model import Building, Green, Level, Road, Site, SitePlan
from . import integrity
from .declared import Declared, read_declared
from .georef import map_frame
from .mapping import DEFAULT, Mapping_
from .model_file import ModelError, OpenModel, open_model, label
from .parking import Parking, count_parking
from .parts import Balcony, FloorPart, Zone, balcony_side, factor_of, floor_parts, is_balcony
from .shapes import GRID, Shape, project, triangulate

#: Lengths from the model are snapped to this (m) before they become exact: the kernel's float
#: noise (2.9999999999999996) must not turn a 3 m storey into one a hair under a threshold.
LENGTH_GRID = Fraction(1, 10**6)
#: How far (m) an element may reach below a level and still be taken as above it.
LEVEL_TOLERANCE = 0.01


def snap(x: float) -> Fraction:
    return Fraction(round(x * 10**6), 10**6)


@dataclass(frozen=True)
class Evidence:
    """Where a computed figure came from: how, and the elements (IfcGUIDs) that decided it."""

    source_zh: str
    source_en: str
    elements: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"source": self.source_zh, "source_en": self.source_en, "elements": list(self.elements)}


@dataclass(frozen=True)
class BuildingFacts:
    """What the reader knows of a building beyond ``Building``: its elements, for evidence."""

    guid: str
    name: str
    elements: tuple[str, ...]
    height_element: str | None  # the GUID of the element that decides the height
    storeys: tuple[tuple[str, Fraction, Fraction, Fraction], ...]  # (guid, elevation, height, area)
    basement_area: Fraction
    basements: int
    rooftop_element: str | None = None
    ground_floor: Fraction = Fraction(0)  # elevation of the lowest floor above ground (±0.000)
    parts: tuple[FloorPart, ...] = ()  # zones (计容系数) and balconies on its floors


@dataclass(frozen=True)
class ModelPlan(SitePlan):
    """A ``SitePlan`` read from an IFC model, with what the model declares and where figures came from."""

    schema: str = ""
    unit: str = ""
    project_guid: str = ""
    plot: str | None = None
    land_use: str | None = None
    site_guid: str = ""
    site_area_source: str = "geometry"  # geometry | Qto_SiteBaseQuantities.GrossArea
    declared_site_area: Fraction | None = None  # when the site area comes from the quantity set
    ground: Fraction = Fraction(0)
    ground_source: str = "site"  # site | project
    facts: tuple[BuildingFacts, ...] = ()
    declared: tuple[Declared, ...] = ()
    green_guids: tuple[str, ...] = ()
    mapping_source: str = "default"
    zones: tuple[Zone, ...] = ()  # every element with a 计容系数
    parking: Parking | None = None  # None: the model holds no parking space
    map_crs: str | None = None  # the projected CRS its IfcMapConversion places it in (georef.py)

    def counted(self) -> dict[str, tuple[Fraction, str, str]]:
        """Design field → (value, as shown zh, en) for what the model counts itself (parking spaces);
        ``site_plan`` puts it in place of the design's figure and warns where the two differ."""
        if self.parking is None:
            return {}
        n = self.parking.count
        return {"parking_spaces": (Fraction(n), f"{n}（模型 IfcSpace 计数）", f"{n} (IfcSpace count in the model)")}

    def adjust(self, figs):
        """The computed figures, with the site area from the quantity set when the site has no body."""
        from .crosscheck import adjust

        return adjust(self, figs)

    def review(self, figs, policy, findings: list) -> list:
        """The findings with the model's own: its declared figures against the geometry, and how the
        outdoor ground and site area were found.  Called by ``site_plan``."""
        from .crosscheck import review

        return review(self, figs, policy, findings)

    def evidence(self, figs) -> dict[str, Evidence]:
        from .crosscheck import evidence

        return evidence(self, figs)


def _name(el) -> str:
    return label(el)


def _keyword(el, words) -> bool:
    text = " ".join(str(getattr(el, a, None) or "") for a in ("Name", "ObjectType", "LongName")).lower()
    return any(w.lower() in text for w in words)


def _predefined(el) -> str | None:
    """The occurrence's predefined type (its ObjectType when USERDEFINED); None for a class without one."""
    try:
        value = el.PredefinedType
    except AttributeError:
        return None
    if value == "USERDEFINED":
        return el.ObjectType
    return value


class Structure:
    """Where each element sits (storey, building), from one pass over the model's relationships.

    ``ifcopenshell.util.element.get_decomposition`` walks the tree again for every call; a model of
    thousands of storeys needs the answer for every element once.
    """

    def __init__(self, model):
        self.parent: dict[int, Any] = {}
        self.container: dict[int, Any] = {}
        for rel in model.by_type("IfcRelAggregates"):
            for o in rel.RelatedObjects or ():
                self.parent[o.id()] = rel.RelatingObject
        for rel in model.by_type("IfcRelContainedInSpatialStructure"):
            for e in rel.RelatedElements or ():
                self.container[e.id()] = rel.RelatingStructure

    def place(self, el):
        """(storey or None, building or None) holding the element, through aggregates."""
        cur, storey = el, None
        for _ in range(64):  # a cycle in a hostile model must not loop forever
            nxt = self.container.get(cur.id()) or self.parent.get(cur.id())
            if nxt is None:
                return storey, None
            if storey is None and nxt.is_a("IfcBuildingStorey"):
                storey = nxt
            if nxt.is_a("IfcBuilding"):
                return storey, nxt
            cur = nxt
        return storey, None

    def roof_part(self, el) -> bool:
        p = self.parent.get(el.id())
        return p is not None and p.is_a("IfcRoof")


def _placement(pl, cache: dict):
    """The world matrix of a placement, its parents' computed once (every storey shares them)."""
    import ifcopenshell.util.placement as up

    key = pl.id()
    if key not in cache:
        if pl.is_a("IfcLocalPlacement") and pl.PlacementRelTo is not None:
            cache[key] = _placement(pl.PlacementRelTo, cache) @ up.get_axis2placement(pl.RelativePlacement)
        else:
            cache[key] = up.get_local_placement(pl)
    return cache[key]


def _elevation(storey, om: OpenModel, cache: dict | None = None) -> float:
    if storey.ObjectPlacement is not None:
        return float(_placement(storey.ObjectPlacement, {} if cache is None else cache)[2][3]) * om.length_scale
    if storey.Elevation is not None:
        return float(storey.Elevation) * om.length_scale
    raise ModelError(f"IfcBuildingStorey {storey.GlobalId} ({_name(storey)}) has neither placement nor "
                     f"elevation", file=om.path, field=storey.GlobalId)


def _is_roof(el, st: Structure) -> bool:
    if el.is_a("IfcRoof") or st.roof_part(el):
        return True
    return el.is_a("IfcSlab") and _predefined(el) == "ROOF"


def _marked(om: OpenModel, spec: Mapping) -> list:
    out = []
    for cls in spec.get("classes", ()):
        try:
            candidates = om.model.by_type(cls)
        except RuntimeError:  # a class the schema does not have (IfcGeographicElement in IFC2X3)
            continue
        out.extend(e for e in candidates if _keyword(e, spec.get("keywords", ())))
    return out


def read_model(path: str | Path, *, mapping: Mapping_ = DEFAULT, threads: int = 1,
               max_bytes: int | None = None) -> ModelPlan:
    om = open_model(path, **({"max_bytes": max_bytes} if max_bytes else {}))
    integrity.check(om)  # cycles crash the geometry kernel: refuse them before anything follows one
    file = om.path
    model = om.model
    sites = model.by_type("IfcSite")
    if not sites:
        raise ModelError("the model has no IfcSite (用地)", file=file, expected="one IfcSite holding the buildings")
    if len(sites) > 1:
        raise ModelError(f"the model has {len(sites)} IfcSite: " + ", ".join(s.GlobalId for s in sites),
                         file=file, expected="one IfcSite (one plot per model)")
    site_el = sites[0]
    buildings = model.by_type("IfcBuilding")
    if not buildings:
        raise ModelError("the model has no IfcBuilding", file=file, expected="at least one building")
    st = Structure(model)
    cls = "IfcBuiltElement" if om.schema.startswith("IFC4X3") else "IfcBuildingElement"
    per_building: dict[str, list] = {b.GlobalId: [] for b in buildings}
    storey_of: dict[int, Any] = {}
    for e in model.by_type(cls):
        storey, bld = st.place(e)
        if bld is not None and bld.GlobalId in per_building:
            per_building[bld.GlobalId].append(e)
            if storey is not None:
                storey_of[e.id()] = storey
    storeys_of: dict[str, list] = {b.GlobalId: [] for b in buildings}
    for s in model.by_type("IfcBuildingStorey"):
        _, bld = st.place(s)
        if bld is not None and bld.GlobalId in storeys_of:
            storeys_of[bld.GlobalId].append(s)
    greens = _marked(om, mapping.data["green"])
    roads = _marked(om, mapping.data["road"])
    in_buildings = {e.GlobalId for els in per_building.values() for e in els}
    greens = [g for g in greens if g.GlobalId not in in_buildings]
    roads = [r for r in roads if r.GlobalId not in in_buildings]
    zone_els = _zone_elements(om, mapping)
    balcony_spec = mapping.data["balcony"]
    balcony_spaces = [e for e in _of_classes(om, balcony_spec["classes"])
                      if e.GlobalId not in in_buildings and is_balcony(e, balcony_spec)]
    everything = [site_el, *greens, *roads, *(e for els in per_building.values() for e in els),
                  *(m for z, _ in zone_els for m in _members(z)), *balcony_spaces]
    shapes = triangulate(om, everything, threads=threads)
    zones = _zones(om, zone_els, shapes, st)
    balconies: dict[int, list[Balcony]] = {}
    for e in [*balcony_spaces, *(e for els in per_building.values() for e in els
                                  if any(e.is_a(c) for c in balcony_spec["classes"]) and is_balcony(e, balcony_spec))]:
        storey = st.place(e)[0]
        if storey is not None and e.GlobalId in shapes:
            balconies.setdefault(storey.id(), []).append(
                Balcony(e.GlobalId, _name(e), balcony_side(e, balcony_spec), shapes[e.GlobalId].plan()))

    declared: list[Declared] = list(read_declared(site_el, "site", mapping, om))
    texts = {d.key: d.text for d in declared if d.text is not None}
    declared = [d for d in declared if d.amount is not None]

    site_shape = shapes.get(site_el.GlobalId)
    if site_shape is not None and len(site_shape.up):
        boundary = site_shape.plan()
        if boundary.geom_type == "MultiPolygon":
            raise ModelError(f"the IfcSite {site_el.GlobalId} body is {len(boundary.geoms)} separate pieces in "
                             f"plan", file=file, field=site_el.GlobalId, expected="one site polygon")
        if boundary.is_empty or boundary.area <= 0:
            raise ModelError(f"the IfcSite {site_el.GlobalId} body has no area in plan", file=file,
                             field=site_el.GlobalId)
        ground, ground_source, area_source, qto_area = snap(site_shape.up_zmin), "site", "geometry", None
    else:
        qto = [d for d in declared if d.key == "site_area" and d.where.lower().startswith("qto_")]
        if not qto:
            raise ModelError(f"the IfcSite {site_el.GlobalId} has no body geometry and no "
                             f"Qto_SiteBaseQuantities.GrossArea: the site area cannot be found", file=file,
                             field=site_el.GlobalId, expected="an IfcSite body or its GrossArea quantity")
        boundary, ground, ground_source = None, Fraction(0), "project"
        area_source, qto_area = "Qto_SiteBaseQuantities.GrossArea", qto[0].amount.value

    built, facts = [], []
    for b in buildings:
        bld, fact, decl = _building(om, b, per_building[b.GlobalId], storeys_of[b.GlobalId], storey_of, st,
                                    shapes, ground, mapping, zones, balconies)
        if bld is not None:
            built.append(bld)
            facts.append(fact)
        declared.extend(decl)
    if not built:
        raise ModelError("no IfcBuilding has any element with a shape", file=file,
                         expected="buildings of slabs, walls, roofs …")
    if boundary is None:
        from shapely import ops

        # No boundary: nothing is clipped and nothing is outside (the review says it cannot tell).
        everything_plan = ops.unary_union([x.footprint for x in built] + [shapes[g.GlobalId].plan()
                                                                          for g in greens if g.GlobalId in shapes])
        boundary = everything_plan.convex_hull.buffer(1.0)
    green_items = [Green(ref=g.GlobalId, area=shapes[g.GlobalId].plan(),
                         kind="concentrated" if _keyword(g, mapping.data["green"].get("concentrated", ())) else "ground",
                         name=_name(g))
                   for g in greens if g.GlobalId in shapes and not shapes[g.GlobalId].plan().is_empty]
    road_items = [Road(ref=r.GlobalId, line=shapes[r.GlobalId].plan(), name=_name(r))
                  for r in roads if r.GlobalId in shapes and not shapes[r.GlobalId].plan().is_empty]
    crs = f"IFC {om.schema} ({om.length_unit}) → local"  # not placed: locate says it cannot place it
    frame = map_frame(om)
    if frame is not None:  # a turn and a shift: every area, distance and height stays the model's own
        from dataclasses import replace

        boundary = frame.apply(boundary)
        built = [replace(b, footprint=frame.apply(b.footprint)) for b in built]
        green_items = [replace(g, area=frame.apply(g.area)) for g in green_items]
        road_items = [replace(r, line=frame.apply(r.line)) for r in road_items]
        via = f"IfcMapConversion {frame.guid}" if frame.guid.startswith("#") else frame.guid
        crs = f"IFC {om.schema} ({om.length_unit}) {via} → {frame.crs}"
    return ModelPlan(
        source=file, crs=crs, site=Site(site_el.GlobalId, boundary, _name(site_el)),
        buildings=tuple(built), greens=tuple(green_items), roads=tuple(road_items),
        schema=om.schema, unit=om.length_unit, project_guid=model.by_type("IfcProject")[0].GlobalId, plot=texts.get("plot"), land_use=texts.get("land_use"),
        site_guid=site_el.GlobalId, site_area_source=area_source, declared_site_area=qto_area,
        ground=ground, ground_source=ground_source, facts=tuple(facts), declared=tuple(declared),
        green_guids=tuple(g.ref for g in green_items), mapping_source=mapping.source,
        zones=tuple(zones), parking=count_parking(om, mapping), map_crs=frame.crs if frame is not None else None)


def _roof_level(sh: Shape) -> tuple[float, bool]:
    """(level, pitched): a flat roof's top, a pitched roof's eave."""
    if sh.sloped_area > 1e-6:
        return sh.up_zmin, True
    return sh.zmax, False


def _of_classes(om: OpenModel, classes) -> list:
    out, seen = [], set()
    for cls in classes:
        try:
            found = om.model.by_type(cls)
        except RuntimeError:  # a class the schema does not have (IfcSpatialZone in IFC2X3)
            continue
        for e in found:
            if e.id() not in seen:
                seen.add(e.id())
                out.append(e)
    return out


def _zone_elements(om: OpenModel, mapping: Mapping_) -> list:
    """(element, (factor, written, where)) of every element of the zone classes with a 计容系数."""
    spec = mapping.data["zone"]
    out = []
    for e in _of_classes(om, spec["classes"]):
        f = factor_of(e, spec, om)
        if f is not None:
            out.append((e, f))
    return out


def _members(e) -> list:
    """What a zone stands for in plan: itself, or for a group (IFC2X3's ``IfcZone``, which has no
    body of its own) the products assigned to it (its spaces)."""
    if not e.is_a("IfcGroup"):
        return [e]
    return [o for rel in getattr(e, "IsGroupedBy", None) or () for o in rel.RelatedObjects or ()
            if o.is_a("IfcProduct")]


def _zones(om: OpenModel, zone_els: list, shapes: dict[str, Shape], st: Structure) -> list[Zone]:
    """Each zone with its plan, height range and the storeys it is referenced in; a zone with a
    计容系数 but no body (nor, for a group, any member with one) is an error (the area its factor
    applies to cannot be found)."""
    if not zone_els:
        return []
    refs: dict[int, set[int]] = {}
    for rel in om.model.by_type("IfcRelReferencedInSpatialStructure"):
        rs = rel.RelatingStructure
        if rs is not None and rs.is_a("IfcBuildingStorey"):
            for e in rel.RelatedElements or ():
                refs.setdefault(e.id(), set()).add(rs.id())
    import shapely

    out = []
    for e, (k, written, where) in zone_els:
        members = [m for m in _members(e) if m.GlobalId in shapes and len(shapes[m.GlobalId].up)]
        if not members:
            raise ModelError(f"{e.is_a()} {e.GlobalId} ({_name(e)}) has {where} = {written} but no body, so the "
                             f"floor area it applies to cannot be found", file=om.path, field=e.GlobalId,
                             expected="a body (the zone's extent) on the zone, or spaces with one in its group")
        storeys = set()
        for m in [e, *members]:
            storeys |= refs.get(m.id(), set())
            placed = st.place(m)[0]
            if placed is not None:
                storeys.add(placed.id())
        sh = [shapes[m.GlobalId] for m in members]
        plan = sh[0].plan() if len(sh) == 1 else shapely.union_all([x.plan() for x in sh], grid_size=GRID)
        out.append(Zone(e.GlobalId, _name(e), e.is_a(), k, written, where, plan, min(x.zmin for x in sh),
                        max(x.zmax for x in sh), frozenset(storeys)))
    return out


def _building(om: OpenModel, b, elements: list, storeys: list, storey_of: dict[int, Any], st: Structure,
              shapes: dict[str, Shape], ground: Fraction, mapping: Mapping_, zones: list[Zone] = (),
              balconies: dict[int, list[Balcony]] | None = None):
    import shapely

    file = om.path
    declared = list(read_declared(b, "building", mapping, om))
    with_shape = [e for e in elements if e.GlobalId in shapes]
    if not with_shape:
        return None, None, declared
    parapet_spec = mapping.data["parapet"]

    def is_parapet(e) -> bool:
        return (_predefined(e) or "").upper() in parapet_spec.get("predefined", ()) or \
            _keyword(e, parapet_spec.get("keywords", ()))

    roofs = [e for e in with_shape if _is_roof(e, st)]
    parapets = [e for e in with_shape if e not in roofs and is_parapet(e)]
    parapet_ids = {e.id() for e in parapets}
    by_storey: dict[int, list] = {}
    for e in with_shape:
        s = storey_of.get(e.id())
        by_storey.setdefault(s.id() if s is not None else 0, []).append(e)
    placements: dict = {}
    levels = sorted(((snap(_elevation(s, om, placements)), s) for s in storeys), key=lambda t: t[0])
    if roofs:
        main = min((_roof_level(shapes[e.GlobalId]) + (e,) for e in roofs), key=lambda t: t[0])
        roof_z, main_pitched = snap(main[0]), main[1]
    else:
        top_storey = levels[-1][1] if levels else None
        top_els = [e for e in by_storey.get(top_storey.id() if top_storey is not None else 0, ())
                   if e.id() not in parapet_ids] or [e for e in with_shape if e.id() not in parapet_ids] or with_shape
        roof_z, main_pitched = snap(max(shapes[e.GlobalId].zmax for e in top_els)), False
    floors = [(z, s) for z, s in levels if z < roof_z - Fraction(1, 100)]
    storey_rows, level_objs, basements, basement_area = [], [], 0, Fraction(0)
    basement_storeys: set[int] = set()
    floor_plans = []
    part_rows: list[FloorPart] = []
    for i, (z, s) in enumerate(floors):
        height = (floors[i + 1][0] if i + 1 < len(floors) else roof_z) - z
        own = [shapes[e.GlobalId] for e in by_storey.get(s.id(), ())]
        area_geom = project([sh.up for sh in own])
        area = Fraction(repr(round(area_geom.area, 9))) if not area_geom.is_empty else Fraction(0)
        if z + height / 2 <= ground:
            basements += 1
            basement_area += area
            basement_storeys.add(s.id())
            continue
        floor_plans.append(area_geom)
        if area == 0:
            raise ModelError(f"IfcBuildingStorey {s.GlobalId} ({_name(s)}) of {_name(b)} holds no element "
                             f"with a shape, so its floor area cannot be found", file=file, field=s.GlobalId,
                             expected="the storey's slabs and walls")
        parts, rows = floor_parts(area_geom, s, z, height, list(zones), (balconies or {}).get(s.id(), []), om)
        part_rows.extend(rows)
        level_objs.append(Level(height=height, area=area, parts=parts))
        storey_rows.append((s.GlobalId, z, height, area))
    floor_ids = {s.id() for _, s in floors}
    above = [e for e in with_shape if storey_of.get(e.id()) is None
             or storey_of[e.id()].id() not in basement_storeys]
    others = [e for e in above if storey_of.get(e.id()) is None or storey_of[e.id()].id() not in floor_ids]
    if not level_objs:
        raise ModelError(f"IfcBuilding {b.GlobalId} ({_name(b)}) has no storey above ground below its roof "
                         f"(storeys from IfcBuildingStorey elevations)", file=file, field=b.GlobalId,
                         expected="IfcBuildingStorey elements holding the floors")
    # the floors' plans are projected already: the footprint adds what no floor holds (roof, parapets)
    footprint = shapely.union_all([*floor_plans, project([shapes[e.GlobalId].up for e in others])],
                                  grid_size=GRID)
    if footprint.is_empty:
        raise ModelError(f"IfcBuilding {b.GlobalId} ({_name(b)}) has no area in plan", file=file,
                         field=b.GlobalId)
    # height elements
    top_roof = [e for e in roofs if shapes[e.GlobalId].zmin < float(roof_z) + LEVEL_TOLERANCE]
    top_ids = {e.id() for e in top_roof}
    rooftop = [e for e in above if e.id() not in parapet_ids and e.id() not in top_ids
               and shapes[e.GlobalId].zmin >= float(roof_z) - LEVEL_TOLERANCE]
    kw: dict[str, Any] = {}
    height_el = None
    pitched = [e for e in top_roof if _roof_level(shapes[e.GlobalId])[1]]
    if main_pitched and pitched:
        ridge_el = max(pitched, key=lambda e: shapes[e.GlobalId].zmax)
        kw.update(roof="pitched", eave=roof_z - ground, ridge=snap(shapes[ridge_el.GlobalId].zmax) - ground)
        height_el = ridge_el.GlobalId
    else:
        kw.update(eave=roof_z - ground)
        height_el = top_roof[0].GlobalId if top_roof else None
    if parapets:
        par = max(parapets, key=lambda e: shapes[e.GlobalId].zmax)
        kw["parapet"] = snap(shapes[par.GlobalId].zmax) - ground
        if kw.get("roof") != "pitched":
            height_el = par.GlobalId
    if rooftop:
        plan = project([shapes[e.GlobalId].up for e in rooftop])
        top = max(rooftop, key=lambda e: shapes[e.GlobalId].zmax)
        kw["rooftop_structures_area"] = Fraction(repr(round(plan.area, 9)))
        kw["rooftop_structures_height"] = snap(shapes[top.GlobalId].zmax) - ground
        kw["_rooftop_el"] = top.GlobalId
    rooftop_el = kw.pop("_rooftop_el", None)
    building = Building(ref=b.GlobalId, footprint=footprint, levels=tuple(level_objs), name=_name(b),
                        basement_storeys=basements, **kw)
    from ..geometry.plausibility import check_building

    check_building(building, file)  # a model is held to what any building can be, as a site plan is
    for _, s in floors:
        declared.extend(read_declared(s, "storey", mapping, om))
    fact = BuildingFacts(guid=b.GlobalId, name=_name(b), elements=tuple(e.GlobalId for e in above),
                         height_element=height_el, storeys=tuple(storey_rows),
                         basement_area=basement_area, basements=basements, rooftop_element=rooftop_el,
                         ground_floor=storey_rows[0][1], parts=tuple(part_rows))
    return building, fact, declared
