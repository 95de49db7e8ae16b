"""Small 报建 models written with ``ifcopenshell.api`` from a plain description, in metres.

The tests, the example and the benchmark describe a model (site, buildings of storeys, parapets,
a pitched roof, green) and this module writes it as IFC4 or IFC2X3 in metres or millimetres, so
that no binary fixture is needed and every expected figure can be worked out by hand from the
description.  It is not a modelling tool: outlines are simple polygons (counter-clockwise), storeys
are floor slabs with walls along the outline, a flat roof is a slab, a pitched roof a gable prism
over the outline's bounding box.  ``placement`` moves and turns the whole model (dx, dy, degrees).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

Point = tuple[float, float]


@dataclass
class ZoneSpec:
    """An ``IfcSpatialZone`` (IFC4) over ``outline`` from storey ``storey`` (0 = ground floor) up
    through ``span`` storeys, referenced in its first storey unless ``referenced`` is false."""

    name: str
    outline: Sequence[Point]
    storey: int = 0
    span: int = 1
    psets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    referenced: bool = True


@dataclass
class SpaceSpec:
    """An ``IfcSpace`` on storey ``storey`` (0 = ground floor, -1 = the first basement), as tall as
    the storey: a parking space, a balcony …"""

    name: str
    outline: Sequence[Point]
    storey: int = 0
    psets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    predefined: str | None = None
    object_type: str | None = None


@dataclass
class BalconySpec:
    """A balcony slab on storey ``storey`` (0 = ground floor), marked as Chinese exports mark it:
    by its Name, or as a USERDEFINED slab whose ObjectType says 阳台/凹阳台/凸阳台."""

    outline: Sequence[Point]
    storey: int = 0
    name: str = "阳台"
    object_type: str | None = None


@dataclass
class BuildingSpec:
    name: str
    outline: Sequence[Point]  # counter-clockwise, metres
    storeys: Sequence[float]  # storey heights above ground, from the ground floor up (m)
    basements: Sequence[float] = ()  # storey heights below ground, from the top down (m)
    ground_floor: float = 0.0  # elevation of the ground floor (±0.000) above the world origin (m)
    parapet: float | None = None  # parapet height above the roof (m)
    pitched: float | None = None  # ridge rise above the eave (m): a gable roof over the bounding box
    rooftop: tuple[Sequence[Point], float] | None = None  # (outline, height) of a stair room on the roof
    psets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    storey_psets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # on every storey
    roof_storey: bool = False  # put roof, parapets and rooftop rooms in a storey of their own
    zones: Sequence[ZoneSpec] = ()
    spaces: Sequence[SpaceSpec] = ()
    balconies: Sequence[BalconySpec] = ()
    slab: float = 0.2
    wall: float = 0.2


@dataclass
class GreenSpec:
    name: str
    outline: Sequence[Point]


@dataclass
class ModelSpec:
    site: Sequence[Point] | None
    buildings: Sequence[BuildingSpec]
    greens: Sequence[GreenSpec] = ()
    ground: float = 0.0  # outdoor ground level (top of the site's body), m
    site_psets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    site_quantities: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    schema: str = "IFC4"
    unit: str = "m"  # m | mm
    placement: tuple[float, float, float] = (0.0, 0.0, 0.0)  # dx, dy (m), rotation (degrees)


class _Writer:
    def __init__(self, spec: ModelSpec):
        import ifcopenshell.api
        import ifcopenshell.api.context
        import ifcopenshell.api.project
        import ifcopenshell.api.root
        import ifcopenshell.api.unit

        self.api = ifcopenshell.api
        self.spec = spec
        self.f = ifcopenshell.api.project.create_file(version=spec.schema)
        if spec.schema == "IFC2X3":
            self._owner()
        project = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcProject", name="报建模型")
        prefix = "MILLI" if spec.unit == "mm" else None
        length = ifcopenshell.api.unit.add_si_unit(self.f, unit_type="LENGTHUNIT", prefix=prefix)
        area = ifcopenshell.api.unit.add_si_unit(self.f, unit_type="AREAUNIT")
        ifcopenshell.api.unit.assign_unit(self.f, units=[length, area])
        model = ifcopenshell.api.context.add_context(self.f, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(
            self.f, context_type="Model", context_identifier="Body", target_view="MODEL_VIEW", parent=model)
        self.project = project
        dx, dy, deg = spec.placement
        self.cos, self.sin, self.dx, self.dy = math.cos(math.radians(deg)), math.sin(math.radians(deg)), dx, dy
        self.deg = deg

    def _owner(self):
        """IFC2X3 requires an owner history on every rooted entity: one person of one organisation."""
        import ifcopenshell.api.owner
        import ifcopenshell.api.owner.settings as owner_settings

        person = ifcopenshell.api.owner.add_person(self.f)
        org = ifcopenshell.api.owner.add_organisation(self.f)
        user = ifcopenshell.api.owner.add_person_and_organisation(self.f, person=person, organisation=org)
        app = ifcopenshell.api.owner.add_application(self.f)
        self._saved = (owner_settings.get_user, owner_settings.get_application)
        owner_settings.get_user = lambda f: user
        owner_settings.get_application = lambda f: app

    def restore(self):
        if getattr(self, "_saved", None) is not None:
            import ifcopenshell.api.owner.settings as owner_settings

            owner_settings.get_user, owner_settings.get_application = self._saved
            self._saved = None

    # --- placement -----------------------------------------------------------------------------

    def xy(self, p: Point) -> Point:
        x, y = p
        return (self.dx + self.cos * x - self.sin * y, self.dy + self.sin * x + self.cos * y)

    def matrix(self, x: float, y: float, z: float, angle: float = 0.0):
        import numpy as np

        a = math.radians(self.deg) + angle
        wx, wy = self.xy((x, y))
        m = np.eye(4)
        m[0][0], m[0][1], m[1][0], m[1][1] = math.cos(a), -math.sin(a), math.sin(a), math.cos(a)
        m[0][3], m[1][3], m[2][3] = wx, wy, z
        return m

    def place(self, product, x=0.0, y=0.0, z=0.0, angle=0.0):
        self.api.geometry.edit_object_placement(self.f, product=product, matrix=self.matrix(x, y, z, angle),
                                                is_si=True)

    # --- elements ------------------------------------------------------------------------------

    def entity(self, ifc_class: str, name: str, container, predefined: str | None = None):
        import ifcopenshell.api.root
        import ifcopenshell.api.spatial

        el = ifcopenshell.api.root.create_entity(self.f, ifc_class=ifc_class, name=name,
                                                 predefined_type=predefined)
        ifcopenshell.api.spatial.assign_container(self.f, products=[el], relating_structure=container)
        return el

    def prism(self, ifc_class: str, name: str, container, outline, z: float, depth: float,
              predefined: str | None = None, object_type: str | None = None):
        """An element extruded upwards from ``z`` by ``depth`` over ``outline`` (local metres)."""
        el = self.entity(ifc_class, name, container, predefined)
        if object_type is not None:
            el.ObjectType = object_type
        return self.extrude(el, outline, z, depth)

    def extrude(self, el, outline, z: float, depth: float):
        """Give ``el`` a body extruded upwards from ``z`` by ``depth`` over ``outline``."""
        ox, oy = outline[0]
        local = [(x - ox, y - oy) for x, y in outline]
        rep = self.api.geometry.add_slab_representation(self.f, context=self.body, depth=depth,
                                                         polyline=[*local, local[0]])
        self.api.geometry.assign_representation(self.f, product=el, representation=rep)
        self.place(el, ox, oy, z)
        return el

    def walls(self, name: str, container, outline, z: float, height: float, thickness: float,
              predefined: str | None = None, object_type: str | None = None):
        out = []
        n = len(outline)
        for i in range(n):
            (x0, y0), (x1, y1) = outline[i], outline[(i + 1) % n]
            length = math.hypot(x1 - x0, y1 - y0)
            el = self.entity("IfcWall" if self.spec.schema != "IFC2X3" else "IfcWallStandardCase",
                             f"{name}-{i + 1}", container, predefined)
            if object_type is not None:
                el.ObjectType = object_type
            rep = self.api.geometry.add_wall_representation(self.f, context=self.body, length=length,
                                                            height=height, thickness=thickness)
            self.api.geometry.assign_representation(self.f, product=el, representation=rep)
            self.place(el, x0, y0, z, math.atan2(y1 - y0, x1 - x0))
            out.append(el)
        return out

    def gable(self, name: str, container, outline, z: float, rise: float):
        """A gable roof over the outline's bounding box, ridge along its longer side."""
        import ifcopenshell.api.geometry

        xs, ys = [p[0] for p in outline], [p[1] for p in outline]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 >= y1 - y0:
            ym = (y0 + y1) / 2
            pts = [(x0, y0, 0), (x1, y0, 0), (x1, y1, 0), (x0, y1, 0), (x0, ym, rise), (x1, ym, rise)]
            faces = [(0, 3, 2, 1), (0, 1, 5, 4), (2, 3, 4, 5), (1, 2, 5), (3, 0, 4)]
        else:
            xm = (x0 + x1) / 2
            pts = [(x0, y0, 0), (x1, y0, 0), (x1, y1, 0), (x0, y1, 0), (xm, y0, rise), (xm, y1, rise)]
            faces = [(0, 3, 2, 1), (1, 2, 5, 4), (3, 0, 4, 5), (0, 1, 4), (2, 3, 5)]
        el = self.entity("IfcRoof", name, container, "GABLE_ROOF")
        rep = ifcopenshell.api.geometry.add_mesh_representation(self.f, context=self.body, vertices=[pts],
                                                               faces=[faces])
        self.api.geometry.assign_representation(self.f, product=el, representation=rep)
        self.place(el, 0, 0, z)
        return el

    def psets(self, product, psets: Mapping[str, Mapping[str, Any]], qto: bool = False):
        import ifcopenshell.api.pset

        for name, props in psets.items():
            if qto:
                q = ifcopenshell.api.pset.add_qto(self.f, product=product, name=name)
                ifcopenshell.api.pset.edit_qto(self.f, qto=q, properties=dict(props))
            else:
                p = ifcopenshell.api.pset.add_pset(self.f, product=product, name=name)
                ifcopenshell.api.pset.edit_pset(self.f, pset=p, properties=dict(props))

    # --- the model -----------------------------------------------------------------------------

    def write(self):
        import ifcopenshell.api.aggregate
        import ifcopenshell.api.root

        spec = self.spec
        site = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcSite", name="用地")
        ifcopenshell.api.aggregate.assign_object(self.f, products=[site], relating_object=self.project)
        if spec.site is not None:
            ox, oy = spec.site[0]
            local = [(x - ox, y - oy) for x, y in spec.site]
            rep = self.api.geometry.add_slab_representation(self.f, context=self.body, depth=0.1,
                                                             polyline=[*local, local[0]])
            self.api.geometry.assign_representation(self.f, product=site, representation=rep)
            self.place(site, ox, oy, spec.ground - 0.1)
        else:
            self.place(site)
        self.psets(site, spec.site_psets)
        self.psets(site, spec.site_quantities, qto=True)
        for g in spec.greens:
            cls = "IfcGeographicElement" if spec.schema != "IFC2X3" else "IfcBuildingElementProxy"
            self.prism(cls, g.name, site, g.outline, spec.ground, 0.05)
        for b in spec.buildings:
            self.building(site, b)
        return self.f

    def storey(self, building, name: str, elevation: float, psets):
        import ifcopenshell.api.aggregate
        import ifcopenshell.api.root
        import ifcopenshell.util.unit

        st = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcBuildingStorey", name=name)
        ifcopenshell.api.aggregate.assign_object(self.f, products=[st], relating_object=building)
        st.Elevation = elevation / ifcopenshell.util.unit.calculate_unit_scale(self.f)
        self.place(st, 0, 0, elevation)
        self.psets(st, psets)
        return st

    def building(self, site, b: BuildingSpec):
        import ifcopenshell.api.aggregate
        import ifcopenshell.api.root

        bld = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcBuilding", name=b.name)
        ifcopenshell.api.aggregate.assign_object(self.f, products=[bld], relating_object=site)
        self.place(bld, 0, 0, b.ground_floor)
        self.psets(bld, b.psets)
        z = b.ground_floor
        for i, h in enumerate(b.basements):
            z -= h
            st = self.storey(bld, f"B{i + 1}", z, b.storey_psets)
            self.prism("IfcSlab", f"B{i + 1} 楼板", st, b.outline, z - b.slab, b.slab, "FLOOR")
            self.walls(f"B{i + 1} 外墙", st, b.outline, z, h, b.wall)
        z = b.ground_floor
        top = None
        levels: dict[int, tuple[Any, float, float]] = {}  # index → (storey, elevation, height)
        below = b.ground_floor
        for i, h in enumerate(b.basements):
            below -= h
            levels[-(i + 1)] = (None, below, h)
        for i, h in enumerate(b.storeys):
            top = self.storey(bld, f"{i + 1}F", z, b.storey_psets)
            levels[i] = (top, z, h)
            self.prism("IfcSlab", f"{i + 1}F 楼板", top, b.outline, z - b.slab, b.slab,
                       "BASESLAB" if i == 0 and not b.basements else "FLOOR")
            self.walls(f"{i + 1}F 外墙", top, b.outline, z, h, b.wall)
            z += h
        roof_container = self.storey(bld, "屋面", z, {}) if b.roof_storey else top
        if b.pitched is not None:
            self.gable("坡屋面", roof_container, b.outline, z, b.pitched)
        else:
            self.prism("IfcSlab", "屋面板", roof_container, b.outline, z - b.slab, b.slab, "ROOF")
        if b.parapet is not None:
            ifc4 = self.spec.schema != "IFC2X3"
            self.walls("女儿墙", roof_container, b.outline, z, b.parapet, b.wall,
                       predefined="PARAPET" if ifc4 else None, object_type=None if ifc4 else "女儿墙")
        if b.rooftop is not None:
            outline, height = b.rooftop
            self.prism("IfcBuildingElementProxy", "楼梯间", roof_container, outline, z, height)
        self.parts(bld, b, levels)
        return bld

    def parts(self, bld, b: BuildingSpec, levels: dict[int, tuple[Any, float, float]]):
        import ifcopenshell.api.aggregate
        import ifcopenshell.api.root
        import ifcopenshell.api.spatial

        storeys = {i: st for i, st in ((i, self._storey_named(bld, i)) for i in levels) if st is not None}
        for bal in b.balconies:
            st, z, _ = levels[bal.storey]
            self.prism("IfcSlab", bal.name, storeys[bal.storey], bal.outline, z - b.slab, b.slab,
                       "USERDEFINED" if bal.object_type else None, bal.object_type)
        for sp in b.spaces:
            _, z, h = levels[sp.storey]
            el = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcSpace", name=sp.name,
                                                     predefined_type=sp.predefined)
            if sp.object_type is not None:
                el.ObjectType = sp.object_type
            ifcopenshell.api.aggregate.assign_object(self.f, products=[el], relating_object=storeys[sp.storey])
            self.extrude(el, sp.outline, z, h)
            self.psets(el, sp.psets)
        for zn in b.zones:
            _, z, _ = levels[zn.storey]
            depth = sum(levels[zn.storey + j][2] for j in range(zn.span))
            el = ifcopenshell.api.root.create_entity(self.f, ifc_class="IfcSpatialZone", name=zn.name)
            self.extrude(el, zn.outline, z, depth)
            if zn.referenced:
                ifcopenshell.api.spatial.reference_structure(self.f, products=[el],
                                                             relating_structure=storeys[zn.storey])
            self.psets(el, zn.psets)

    def _storey_named(self, bld, i: int):
        name = f"B{-i}" if i < 0 else f"{i + 1}F"
        for rel in bld.IsDecomposedBy or ():
            for o in rel.RelatedObjects:
                if o.is_a("IfcBuildingStorey") and o.Name == name:
                    return o
        return None


def build_model(spec: ModelSpec):
    """The ``ifcopenshell.file`` of a described model."""
    writer = _Writer(spec)
    try:
        return writer.write()
    finally:
        writer.restore()


def write_model(spec: ModelSpec, path) -> Any:
    model = build_model(spec)
    model.write(str(path))
    return path


def rectangle(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
