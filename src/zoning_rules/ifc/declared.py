"""Figures a model declares about itself (报建 property sets, standard quantity sets), read exactly.

They are claims: ``crosscheck.py`` compares them with the geometry.  A property-set value is read
as the text it is written in the file (its shortest float repr), so ``容积率 2.5`` is exactly 5/2
and stands for anything within half a unit of its last digit, like every declared figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import InputError
from ..units import Amount, exact_number
from .model_file import ModelError, label
from .mapping import Mapping_, pset_matches

_UNIT = {"m": Fraction(1), "mm": Fraction(1, 1000), "cm": Fraction(1, 100), "m2": Fraction(1)}


@dataclass(frozen=True)
class Declared:
    """One declared figure: what it is, on which element, where it was read, its exact value."""

    key: str  # site_area, far, height, storey_height …
    level: str  # site | building | storey
    guid: str
    element: str  # the element's name, for messages
    where: str  # "场地信息属性集.容积率" or "Qto_SiteBaseQuantities.GrossArea"
    amount: Amount | None  # None for text
    text: str | None = None


def _nominal(prop) -> tuple[Any, str | None]:
    """(value, IFC measure type) of a single-value property or a quantity."""
    if prop.is_a("IfcPropertySingleValue"):
        v = prop.NominalValue
        return (None, None) if v is None else (v.wrappedValue, v.is_a())
    for attr in ("LengthValue", "AreaValue", "VolumeValue", "CountValue"):
        if hasattr(prop, attr):
            return getattr(prop, attr), attr
    return None, None


def _psets(el):
    """(name, {property name: property}) of the element's property and quantity sets."""
    for rel in getattr(el, "IsDefinedBy", None) or ():
        if not rel.is_a("IfcRelDefinesByProperties"):
            continue
        d = rel.RelatingPropertyDefinition
        if d.is_a("IfcPropertySet"):
            yield d.Name or "", {p.Name: p for p in d.HasProperties or ()}
        elif d.is_a("IfcElementQuantity"):
            yield d.Name or "", {q.Name: q for q in d.Quantities or ()}


#: Longest text (a plot code, a land use) taken from a property: anything longer is not one, and
#: would otherwise be echoed whole into messages and reports.
MAX_TEXT = 200


def _amount(raw, measure: str | None, spec, om, el=None, where: str = "") -> Amount | None:
    kind = spec["kind"]
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    try:
        value, half = exact_number(raw)
    except InputError as exc:  # out of range or not finite: name the model, the element and the property
        what = f"{el.is_a()} {el.GlobalId} ({label(el, 'no name')}) " if el is not None else ""
        raise ModelError(f"{what}{where} = {raw!r}: {exc.message}", file=om.path, field=where or None,
                         expected=exc.expected) from None
    written = repr(raw) if isinstance(raw, float) else str(raw)
    if kind == "length":
        typed = measure in ("IfcLengthMeasure", "IfcPositiveLengthMeasure", "LengthValue")
        scale = Fraction(repr(om.length_scale)) if typed else _UNIT[spec.get("unit", "m")]
        unit = "m" if scale == 1 else ("mm" if scale == Fraction(1, 1000) else f"×{float(scale):g} m")
        return Amount(value * scale, f"{written} {unit}", "length", half * scale if half else None)
    if kind == "area":
        typed = measure in ("IfcAreaMeasure", "AreaValue")
        scale = Fraction(repr(om.area_scale)) if typed else _UNIT[spec.get("unit", "m2")]
        return Amount(value * scale, f"{written} m²" if scale == 1 else f"{written} (×{float(scale):g} m²)",
                      "area", half * scale if half else None)
    if kind == "ratio" and value > 1:  # a share cannot exceed 1: written as a percentage
        return Amount(value / 100, f"{written}%", "ratio", half / 100 if half else None)
    return Amount(value, written, "ratio" if kind == "ratio" else "number", half)


def read_declared(el, level: str, mapping: Mapping_, om) -> list[Declared]:
    props_spec = mapping.properties(level)
    qto_spec = mapping.quantities(level)
    wanted_sets = mapping.psets(level)
    out: list[Declared] = []
    seen: set[str] = set()
    for set_name, props in _psets(el):
        if any(pset_matches(w, set_name) for w in wanted_sets):
            for key, spec in props_spec.items():
                for name in spec["names"]:
                    prop = props.get(name)
                    if prop is None or key in seen:
                        continue
                    raw, measure = _nominal(prop)
                    if raw is None:
                        continue
                    where = f"{set_name}.{name}"
                    if spec["kind"] == "text":
                        text = str(raw).strip()
                        if len(text) > MAX_TEXT:
                            raise ModelError(f"{el.is_a()} {el.GlobalId} {where} is {len(text)} characters long",
                                             file=om.path, field=where,
                                             expected=f"at most {MAX_TEXT} characters (a plot code, a land use)")
                        if text:
                            out.append(Declared(key, level, el.GlobalId, label(el), where, None, text))
                            seen.add(key)
                        continue
                    amount = _amount(raw, measure, spec, om, el, where)
                    if amount is not None:
                        out.append(Declared(key, level, el.GlobalId, label(el), where, amount))
                        seen.add(key)
        for qset, fields in qto_spec.items():
            if pset_matches(qset, set_name):
                for key, qname in fields.items():
                    q = props.get(qname)
                    if q is None or f"qto:{key}" in seen:
                        continue
                    raw, measure = _nominal(q)
                    kind = "area" if measure == "AreaValue" else "length" if measure == "LengthValue" else None
                    if kind is None or raw is None:
                        continue
                    amount = _amount(raw, measure, {"kind": kind}, om, el, f"{set_name}.{qname}")
                    if amount is not None:
                        out.append(Declared(key, level, el.GlobalId, label(el),
                                            f"{set_name}.{qname}", amount))
                        seen.add(f"qto:{key}")
    return out
