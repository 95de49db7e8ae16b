"""Triangulated shapes of a model's elements, in world metres, reduced to what planning needs.

IfcOpenShell's geometry iterator triangulates every body once (world coordinates, SI units); of
each element only its upward-facing triangles are kept — for a closed solid their plan projection
is the solid's projection, and they give its roof (flat or pitched) — with its lowest and highest
point.  An element that has a body but that the iterator could not triangulate is an error naming
its GUID: a missing element would silently shrink an area or a height.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .model_file import MAX_ELEMENTS, ModelError, label

#: Plan coordinates are snapped to this grid (m) when projected: float noise of the kernel below a
#: micrometre must not create slivers, and a model in metres and one in millimetres then agree.
GRID = 1e-6
#: Gaps narrower than twice this (m) between faces that meet in the model are seams, not holes.
SEAM = 1e-4
#: A triangle whose normal's vertical component is above this is facing up (horizontal or sloped).
UP = 1e-6
#: A face steeper than this (cosine of its slope) and not flat is a sloped roof face.
FLAT = 1 - 1e-9
#: Farthest a vertex may be from the model's origin (m).  Projected coordinates reach a few times
#: 10⁷ m (CGCS2000 zone-prefixed eastings are 3.7·10⁷); beyond 10⁸ m a point is not on Earth, and
#: a double can no longer tell the micrometres the plan is snapped to.
MAX_COORDINATE = 1e8


@dataclass(frozen=True)
class Shape:
    guid: str
    zmin: float
    zmax: float
    up: Any  # (n, 3, 3) float array: the upward triangles
    sloped_area: float  # plan area of the sloped upward triangles

    def plan(self):
        """The plan projection (shapely), snapped to ``GRID``."""
        return project([self.up])

    @property
    def up_zmin(self) -> float:
        return float(self.up[:, :, 2].min()) if len(self.up) else self.zmin


def project(tri_arrays: Iterable[Any]):
    import numpy as np
    import shapely

    arrays = [t for t in tri_arrays if len(t)]
    if not arrays:
        from shapely.geometry import GeometryCollection

        return GeometryCollection()
    tris = np.concatenate(arrays)[:, :, :2]
    rings = np.concatenate([tris, tris[:, :1, :]], axis=1)
    polys = shapely.polygons(rings)
    try:  # floating union first (a third of the time); snapped to the grid below either way
        merged = shapely.union_all(polys)
    except shapely.errors.GEOSException:
        merged = shapely.union_all(polys, grid_size=GRID)
    if merged.is_empty:
        return merged
    # Faces that touch in the model (a wall's outer face on a slab's edge) meet along lines the
    # kernel puts a micrometre apart once turned: close such slivers, keep every real corner.
    closed = merged.buffer(SEAM, join_style="mitre").buffer(-SEAM, join_style="mitre")
    return shapely.simplify(shapely.set_precision(closed, GRID), GRID)


def has_body(el) -> bool:
    rep = getattr(el, "Representation", None)
    if rep is None:
        return False
    return any((r.RepresentationIdentifier or "").lower() in ("body", "") or
               (r.RepresentationType or "") in ("SweptSolid", "Brep", "Tessellation", "Clipping", "CSG",
                                                 "MappedRepresentation", "AdvancedBrep", "SurfaceModel")
               for r in rep.Representations or ())


def triangulate(om, elements: list, threads: int = 1) -> dict[str, Shape]:
    """GUID → ``Shape`` for every element with a body; an element that fails is an error."""
    import ifcopenshell.geom
    import numpy as np

    wanted = [e for e in elements if has_body(e)]
    if len(wanted) > MAX_ELEMENTS:
        raise ModelError(f"the model has {len(wanted)} elements with a shape, more than the {MAX_ELEMENTS} "
                         f"triangulated", file=om.path, expected="a smaller model")
    out: dict[str, Shape] = {}
    if not wanted:
        return out
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    try:
        it = ifcopenshell.geom.iterator(settings, om.model, max(1, threads), include=wanted)
        ok = it.initialize()
    except Exception as exc:
        raise ModelError(f"the geometry cannot be triangulated: {exc}", file=om.path) from None
    while ok:
        shape = it.get()
        verts = np.asarray(shape.geometry.verts, dtype=float).reshape(-1, 3)
        faces = np.asarray(shape.geometry.faces, dtype=np.int64).reshape(-1, 3)
        if len(verts) and np.isfinite(verts).all() and np.abs(verts).max() > MAX_COORDINATE:
            el = om.model.by_guid(shape.guid)
            far = float(np.abs(verts).max())
            raise ModelError(f"{el.is_a()} {shape.guid} ({label(el, 'no name')}) has a point {far:.3g} m from "
                             f"the model's origin", file=om.path, field=shape.guid,
                             expected=f"coordinates within {MAX_COORDINATE:g} m (metres or millimetres as the "
                                      f"project's units say)")
        if len(verts) and len(faces) and np.isfinite(verts).all():
            tri = verts[faces]
            a, b = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
            cx = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
            cy = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
            cz = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
            length = np.sqrt(cx * cx + cy * cy + cz * cz)
            nz = np.divide(cz, length, out=np.zeros(len(length)), where=length > 0)
            up = tri[nz > UP]
            sloped = (nz > UP) & (nz < FLAT)
            plan_area = 0.5 * np.abs(cz[sloped]).sum()
            out[shape.guid] = Shape(shape.guid, float(verts[:, 2].min()), float(verts[:, 2].max()), up,
                                    float(plan_area))
        if not it.next():
            break
    missing = [e for e in wanted if e.GlobalId not in out]
    if missing:
        e = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise ModelError(f"the geometry of {e.is_a()} {e.GlobalId} ({label(e, 'no name')}) cannot be "
                         f"triangulated{more}", file=om.path,
                         expected="a valid body representation")
    return out
