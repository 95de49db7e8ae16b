"""Motor-vehicle parking spaces (停车泊位) counted in a model.

A parking space is an ``IfcSpace`` with Wuhan's 停车位信息属性集 (names in the mapping's
``parking`` entry) or of predefined type PARKING (IFC4's ``IfcSpaceTypeEnum``).  Each counts one
space unless a count property (停车位数量 …, a mechanical stacker holding several cars) says how
many; a space whose type property or name names a non-motor vehicle (非机动车, 自行车 …) is left
out, as 停车泊位 counts motor vehicles.  Spaces above and below ground all count (DOMAIN.md §2).

The count is what the model holds: ``site_plan`` hands it to the design in place of a declared
``parking_spaces`` and warns when the two differ.  A model with no parking space at all gives no
count (the spaces may be in another model): the design's figure, if any, stays.  A count property
that is not a whole number from 0 to the mapping's ``max_count`` is an error.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from .declared import _psets
from .mapping import Mapping_, pset_matches
from .model_file import ModelError, OpenModel, label


@dataclass(frozen=True)
class Parking:
    count: int
    spaces: tuple[str, ...]  # GUIDs of the spaces counted
    left_out: tuple[str, ...]  # GUIDs of non-motor-vehicle spaces
    stacked: int  # spaces whose count property gave more (or fewer) than one


def _props(el, spec: Mapping):
    """The element's properties in the parking property sets, by name (first set first)."""
    out: dict = {}
    found = False
    for set_name, props in _psets(el):
        if any(pset_matches(w, set_name) for w in spec.get("psets", ())):
            found = True
            for k, v in props.items():
                out.setdefault(k, v)
    return found, out


def _value(prop):
    if prop.is_a("IfcPropertyEnumeratedValue"):  # a type picked from a list (机动车 / 非机动车)
        return " ".join(str(v.wrappedValue) for v in prop.EnumerationValues or ())
    v = getattr(prop, "NominalValue", None)
    return None if v is None else v.wrappedValue


def _count(prop, el, name: str, spec: Mapping, om: OpenModel) -> int:
    top = spec.get("max_count", 1000)
    raw = _value(prop)
    field = f"IfcSpace {el.GlobalId} ({label(el, 'no name')}) {name}"
    if isinstance(raw, str):
        try:
            raw = Fraction(raw.strip())
        except (ValueError, ZeroDivisionError):
            raw = None
    if isinstance(raw, float) and math.isfinite(raw):
        raw = Fraction(repr(raw))
    if isinstance(raw, bool) or not isinstance(raw, (int, Fraction)) or raw != int(raw) or not 0 <= raw <= top:
        raise ModelError(f"{field} = {_value(prop)!r}: not a count of parking spaces", file=om.path, field=name,
                         expected=f"a whole number from 0 to {top} (the mapping's parking.max_count)")
    return int(raw)


def count_parking(om: OpenModel, mapping: Mapping_) -> Parking | None:
    spec = mapping.data["parking"]
    predefined = {p.upper() for p in spec.get("predefined", ())}
    exclude = [w.lower() for w in spec.get("exclude", ())]
    total, spaces, left_out, stacked = 0, [], [], 0
    seen: set[int] = set()
    for cls in spec.get("classes", ()):
        try:
            candidates = om.model.by_type(cls)
        except RuntimeError:  # a class the schema does not have
            continue
        for el in candidates:
            if el.id() in seen:
                continue
            seen.add(el.id())
            in_set, props = _props(el, spec)
            typed = str(getattr(el, "PredefinedType", "") or "").upper() in predefined
            if not (in_set or typed):
                continue
            words = " ".join(str(x or "") for x in (el.Name, getattr(el, "ObjectType", None), getattr(el, "LongName", None)))
            for name in spec.get("type", ()):
                if name in props:
                    words += " " + str(_value(props[name]) or "")
            if any(w in words.lower() for w in exclude):
                left_out.append(el.GlobalId)
                continue
            n = 1
            for name in spec.get("count", ()):
                if name in props:
                    n = _count(props[name], el, name, spec, om)
                    stacked += n != 1
                    break
            total += n
            spaces.append(el.GlobalId)
    if not spaces and not left_out:
        return None
    return Parking(total, tuple(spaces), tuple(left_out), stacked)
