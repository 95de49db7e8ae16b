"""Parts of a floor that count by their own rule: 计容 zones and balconies.

- **计容系数** (Wuhan's 建筑区域信息属性集 on ``IfcSpatialZone``; DOMAIN.md §8): the share of a zone's
  floor area that counts toward FAR — 0 for a refuge floor or an open ground floor (架空层), 2 for
  a tall commercial storey a local rule counts twice.  The factor applies to the floor area the
  zone's body covers in plan, on every floor whose storey the zone is referenced in or whose
  mid-height its body spans; it replaces the policy's tall-storey multiplier there (it is the
  model's statement of the local rule) and multiplies the area as GB/T 50353 counts it (a storey
  under 2.2 m is halved first).  A factor that cannot be read, is negative, not finite or above the
  mapping's ``max_factor`` is an error: a wrong factor would silently scale the FAR.  Zones of
  different factors overlapping on one floor are an error (which one counts cannot be told).
- **Balconies** (GB/T 50353-2013 3.0.21): inside the main structure full area, outside it half.
  A balcony is an ``IfcSlab``/``IfcSpace``/``IfcBuildingElementProxy`` whose Name, ObjectType or
  LongName says 阳台/balcony (a slab of USERDEFINED type carries it in ObjectType).  Which side of
  the main structure it is on is read from the same words (凹阳台/内阳台 inside; 凸阳台/挑阳台/外阳台
  outside); a balcony that does not say is counted half, with the other half as the floor area's
  precision, so a FAR within it of a limit is indeterminate — never a pass the full count would fail.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from .declared import _psets
from .mapping import pset_matches
from .model_file import ModelError, OpenModel, label

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True)
class Zone:
    """An element carrying a 计容系数, with the plan it covers and the storeys it applies to."""

    guid: str
    name: str
    cls: str
    factor: Fraction
    written: str  # the factor as the model writes it
    where: str  # "建筑区域信息属性集.计容系数"
    plan: Any  # shapely, metres
    zmin: float
    zmax: float
    storeys: frozenset[int]  # ids of the storeys it is referenced in


@dataclass(frozen=True)
class Balcony:
    guid: str
    name: str
    side: str | None  # inside | outside | None (not said)
    plan: Any


@dataclass(frozen=True)
class FloorPart:
    """One row of the evidence: a part of a floor counted by its own factor."""

    kind: str  # zone | balcony
    storey: str  # the storey's GUID
    storey_name: str
    guids: tuple[str, ...]
    name: str
    factor: Fraction  # zone: 计容系数; balcony: the share of its area counted
    area: Fraction  # m² of the floor it covers
    note: str = ""  # balcony: inside | outside | unknown


def _text(el) -> str:
    return " ".join(str(getattr(el, a, None) or "") for a in ("Name", "ObjectType", "LongName")).lower()


def _name(el) -> str:
    return label(el)


def factor_of(el, spec: Mapping, om: OpenModel) -> tuple[Fraction, str, str] | None:
    """(factor, as written, where) of an element's 计容系数; None when it has none; an error when it
    has one that is not a plausible factor."""
    for set_name, props in _psets(el):
        if not any(pset_matches(w, set_name) for w in spec.get("psets", ())):
            continue
        for pname in spec.get("factor", ()):
            prop = props.get(pname)
            if prop is None:
                continue
            where = f"{set_name}.{pname}"
            return (*_factor(prop, el, where, spec, om), where)
    return None


def _factor(prop, el, where: str, spec: Mapping, om: OpenModel) -> tuple[Fraction, str]:
    top = Fraction(str(spec.get("max_factor", 3)))
    field = f"{el.is_a()} {el.GlobalId} ({_name(el)}) {where}"

    def bad(value: str, why: str) -> ModelError:
        return ModelError(f"{field} = {value}: {why}", file=om.path, field=where,
                          expected=f"a number from 0 to {top} (the mapping's zone.max_factor)")

    v = getattr(prop, "NominalValue", None)
    if v is None:
        raise bad("nothing", "the 计容系数 has no value, so the zone's area cannot be counted")
    raw = v.wrappedValue
    if isinstance(raw, bool):
        raise bad(repr(raw), "not a number")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise bad(repr(raw), "not a finite number")
        written = repr(raw)
        value = Fraction(written) if isinstance(raw, float) else Fraction(raw)
    else:
        m = _NUMBER.match(str(raw))
        if m is None:
            raise bad(repr(str(raw)[:40]), "not a number")
        written = str(raw).strip()
        value = Fraction(m.group(1)) / (100 if m.group(2) else 1)
    if value < 0:
        raise bad(written, "a negative factor")
    if value > top:
        raise bad(written, f"above {top}, more than any local rule counts a floor")
    return value, written


def balcony_side(el, spec: Mapping) -> str | None:
    text = _text(el)
    if any(w.lower() in text for w in spec.get("inside", ())):
        return "inside"
    if any(w.lower() in text for w in spec.get("outside", ())):
        return "outside"
    return None


def is_balcony(el, spec: Mapping) -> bool:
    text = _text(el)
    return any(w.lower() in text for w in spec.get("keywords", ()))


def _area(geom) -> Fraction:
    return Fraction(repr(round(geom.area, 9))) if not geom.is_empty else Fraction(0)


def floor_parts(floor, storey, z: Fraction, height: Fraction, zones: list[Zone], balconies: list[Balcony],
                om: OpenModel) -> tuple[tuple, tuple[FloorPart, ...]]:
    """(``LevelPart``s, evidence rows) of one floor: the floor's plan cut by the zones that apply to
    it and by its balconies.  Zones of one factor are merged; zones of different factors that
    overlap are an error."""
    import shapely

    from ..geometry.model import LevelPart
    from .shapes import GRID

    mid = float(z + height / 2)
    applying = [zn for zn in zones if storey.id() in zn.storeys or zn.zmin - 1e-6 <= mid <= zn.zmax + 1e-6]
    by_factor: dict[Fraction, list[Zone]] = {}
    for zn in applying:
        by_factor.setdefault(zn.factor, []).append(zn)
    regions = []  # (factor, zones, region on this floor)
    for k, group in by_factor.items():
        region = shapely.intersection(shapely.union_all([zn.plan for zn in group], grid_size=GRID), floor,
                                      grid_size=GRID)
        if region.area > 1e-6:
            regions.append((k, group, region))
    for i, (k1, g1, r1) in enumerate(regions):
        for k2, g2, r2 in regions[i + 1:]:
            shared = r1.intersection(r2).area
            if shared > 1e-4:
                raise ModelError(
                    f"zones {g1[0].guid} ({g1[0].name}, 计容系数 {g1[0].written}) and {g2[0].guid} ({g2[0].name}, "
                    f"计容系数 {g2[0].written}) overlap by {shared:.2f} m² on storey {storey.GlobalId} "
                    f"({label(storey)}): which factor counts there cannot be told",
                    file=om.path, field=g1[0].where, expected="zones of different 计容系数 that do not overlap")
    sides = {"inside": [], "outside": [], None: []}
    for bal in balconies:
        sides[bal.side].append(bal)
    taken = None
    balcony_regions = []  # (side, balconies, region): a balcony said to be inside wins over one that does not say
    for side in ("inside", "outside", None):
        if not sides[side]:
            continue
        region = shapely.intersection(shapely.union_all([b.plan for b in sides[side]], grid_size=GRID), floor,
                                      grid_size=GRID)
        if taken is not None:
            region = shapely.difference(region, taken, grid_size=GRID)
        if region.area > 1e-6:
            balcony_regions.append((side, sides[side], region))
            taken = region if taken is None else shapely.union(taken, region, grid_size=GRID)
    parts, rows = [], []
    half = Fraction(1, 2)
    sid, sname = storey.GlobalId, label(storey)
    for side, group, region in balcony_regions:
        share = Fraction(1) if side == "inside" else half
        upper = Fraction(1) if side is None else None
        note = side or "unknown"
        for k, zgroup, zregion in regions:
            both = shapely.intersection(region, zregion, grid_size=GRID)
            a = _area(both)
            if a > 0:
                parts.append(LevelPart(a, gross_factor=share, far_factor=k, gross_upper=upper))
                rows.append(FloorPart("balcony", sid, sname, tuple(b.guid for b in group) + tuple(z.guid for z in zgroup),
                                      group[0].name, share * k, a, note + f", 计容系数 {zgroup[0].written}"))
        rest = region
        for _, _, zregion in regions:
            rest = shapely.difference(rest, zregion, grid_size=GRID)
        a = _area(rest)
        if a > 0:
            parts.append(LevelPart(a, gross_factor=share, gross_upper=upper))
            rows.append(FloorPart("balcony", sid, sname, tuple(b.guid for b in group), group[0].name, share, a, note))
    for k, zgroup, zregion in regions:
        rest = zregion if taken is None else shapely.difference(zregion, taken, grid_size=GRID)
        a = _area(rest)
        if a > 0:
            parts.append(LevelPart(a, far_factor=k))
        rows.append(FloorPart("zone", sid, sname, tuple(z.guid for z in zgroup), zgroup[0].name, k, _area(zregion),
                              f"{zgroup[0].where} = {zgroup[0].written}"))
    return tuple(parts), tuple(rows)
