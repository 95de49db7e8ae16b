"""Site-plan buildings that cannot exist are errors; buildings drawn twice are warnings.

A building of 40 storeys × 3 m has its roof at 120 m: a parapet (or eave, or pitched roof) labelled
45 m cannot top it, and taking the label as the height would let a 120 m tower pass a 100 m limit.
A ridge below its eave, or storeys beyond any building, are impossible as well — each an error
naming the building, the properties and their values.  Counts are checked before any work
proportional to them (a hundred million storeys is refused before a single level is made).

Two buildings on one footprint (a feature duplicated, or a tower drawn over itself) would silently
stack their floor areas: that is a warning naming both (it may be a tower over a podium drawn as
two features, whose lower storeys then count twice), never a silent sum.

Thresholds come from ``zoning_rules.plausibility.Plausibility`` (docs/plausibility.md).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..plausibility import DEFAULT_PLAUSIBILITY, Plausibility
from .model import GeometryError

#: Footprints overlapping by more than this share of the smaller one are "on one footprint".
OVERLAP_SHARE = 0.5


def check_storeys(count: Any, ref: str, file: str, rules: Plausibility = DEFAULT_PLAUSIBILITY) -> None:
    """Refuse a storey count beyond any building, before ``count`` levels are made."""
    if count is not None and count > rules.max_storeys:
        raise GeometryError(f"{ref}: storeys {int(count)} is beyond any building (at most {rules.max_storeys})",
                            file=file, expected=f"at most {rules.max_storeys} storeys above ground")


def check_building(b, file: str, rules: Plausibility = DEFAULT_PLAUSIBILITY) -> None:
    """Refuse a roof that does not top its storeys, a ridge below its eave, a height beyond any
    building (``b`` is a ``model.Building``)."""
    check_storeys(len(b.levels), b.ref, file, rules)
    roof = b.roof_level
    storeys = f"{b.storeys} storeys reaching {_g(roof)} m"
    for name in ("parapet", "eave"):
        top = getattr(b, name)
        if top is not None and top < roof:
            raise GeometryError(f"{b.ref}: {name} {_g(top)} m is below the top of its {storeys}: a {name} "
                                f"stands on the roof (不可能：{name} 低于其下各层的顶)", file=file,
                                expected=f"{name} ≥ {_g(roof)} m, or storey heights that add up to it")
    if b.ridge is not None:
        eave = b.eave if b.eave is not None else roof
        if b.ridge < eave:
            basis = "eave" if b.eave is not None else f"roof of its {storeys}"
            raise GeometryError(f"{b.ref}: ridge {_g(b.ridge)} m is below the {basis} {_g(eave)} m "
                                f"(不可能：屋脊低于檐口)", file=file)
    tops = [t for t in (roof, b.parapet, b.eave, b.ridge, b.rooftop_structures_height) if t is not None]
    if max(tops) > rules.max_height:
        raise GeometryError(f"{b.ref}: a height of {_g(max(tops))} m is beyond any building "
                            f"(at most {_g(rules.max_height)} m)", file=file)


def check_vertices(geoms, file: str) -> None:
    """Refuse a plan with more vertices than ``safeio.Bounds.max_vertices`` before any work on them."""
    import numpy as np
    import shapely

    from ..safeio import bounds

    limit = bounds().max_vertices
    n = int(np.sum(shapely.get_num_coordinates(np.asarray(list(geoms), dtype=object)))) if geoms else 0
    if n > limit:
        raise GeometryError(f"the site plan has {n} vertices, more than {limit}", file=file,
                            expected=f"at most {limit} vertices in all")


def _g(v) -> str:
    return f"{float(v):g}"


def coincident(figs) -> list[tuple[Any, Any, float]]:
    """Pairs of buildings (``BuildingFigures``) whose footprints overlap by more than
    ``OVERLAP_SHARE`` of the smaller one, with the shared area in m² (an STRtree: no n² work)."""
    import shapely

    buildings = list(figs.buildings)
    if len(buildings) < 2:
        return []
    geoms = [b.building.footprint for b in buildings]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    out = []
    for i, j in zip(left.tolist(), right.tolist()):
        if i >= j:
            continue
        shared = geoms[i].intersection(geoms[j]).area
        smaller = min(geoms[i].area, geoms[j].area)
        if smaller > 0 and shared > OVERLAP_SHARE * smaller:
            out.append((buildings[i], buildings[j], shared))
    return out


def warnings(figs) -> list:
    """One ``warn`` finding per pair of buildings drawn on one footprint, naming both."""
    from .. import fmt
    from ..report import Finding
    from ..status import Reason, Status

    out = []
    for a, b, shared in coincident(figs):
        la, lb = a.building.label, b.building.label
        same = a.building.footprint.equals(b.building.footprint)
        what_zh = "轮廓相同（同一建筑可能画了两次）" if same else f"基底重叠 {fmt.area(Fraction(repr(shared)))}"
        what_en = ("the same outline (one building drawn twice?)" if same else
                   f"footprints overlapping by {fmt.area(Fraction(repr(shared)))}")
        out.append(Finding(
            indicator="site_plan", status=Status.WARN, reason=Reason.COINCIDENT_BUILDINGS, fields=("site_plan",),
            actual=f"{la} / {lb}",
            message_zh=f"{la}（{a.building.ref}）与 {lb}（{b.building.ref}）{what_zh}：两者的建筑面积都计入了"
                       f"计容建筑面积，请核对",
            message_en=f"{la} ({a.building.ref}) and {lb} ({b.building.ref}) have {what_en}: the floor areas "
                       f"of both are counted; check the plan"))
    return out
