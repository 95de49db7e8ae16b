"""Where a model lies on the map: its ``IfcMapConversion`` (IFC4) to a projected CRS.

A model is drawn in its own engineering coordinates; a georeferenced one says how they map to a
projected CRS (eastings, northings, the direction of its x axis, a scale).  With it, the site can be
placed among the plots of a rule book that holds plot boundaries (``locate``, and ``check`` of a
model without a plot code).  Only the rigid part is applied — turn and shift — so areas, distances
and heights stay the model's own (ground) measures; a scale that differs from 1 by more than
``MAX_SCALE_OFFSET`` is not a grid correction but a unit mistake, and is refused.  The target CRS
must name an EPSG code pyproj knows (``EPSG:4546``); anything else is an error naming it, never a
model silently left unplaced.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .model_file import ModelError, OpenModel

#: Largest |scale − 1| taken as a map projection's scale (a Gauss-Krüger zone's is under 0.1 %); a
#: larger one means the units disagree (a millimetre model written as metres).
MAX_SCALE_OFFSET = 0.01
_EPSG = re.compile(r"^\s*(?:EPSG\s*[:：]?\s*)?(\d{4,6})\s*$", re.I)


@dataclass(frozen=True)
class MapFrame:
    """Local metres → map metres: x' = e + cos·x − sin·y, y' = n + sin·x + cos·y."""

    crs: str  # "EPSG:4546"
    eastings: float
    northings: float
    cos: float
    sin: float
    scale: float
    guid: str  # the IfcMapConversion's id, for messages

    def apply(self, geom):
        import shapely

        def fn(xy):
            import numpy as np

            x, y = xy[:, 0], xy[:, 1]
            return np.column_stack([self.eastings + self.cos * x - self.sin * y,
                                    self.northings + self.sin * x + self.cos * y])

        return shapely.transform(geom, fn)


def _conversion(om: OpenModel):
    """(the conversion, how messages name it, its kind): IFC4's ``IfcMapConversion``, else IFC2X3's
    property sets ``ePSet_MapConversion``/``ePSet_ProjectedCRS`` on the project (buildingSMART's
    georeferencing guide for IFC2X3), read into the same shape; None when the model has neither."""
    try:
        conversions = om.model.by_type("IfcMapConversion")
    except RuntimeError:  # IFC2X3 has no such entity
        conversions = []
    if conversions:
        if len(conversions) > 1:
            targets = {str(getattr(c.TargetCRS, "Name", "")) for c in conversions}
            if len(targets) > 1:
                raise ModelError(f"the model has {len(conversions)} IfcMapConversion to different CRSs "
                                 f"({', '.join(sorted(targets))})", file=om.path, field="IfcMapConversion",
                                 expected="one map conversion")
        mc = conversions[0]
        return mc, f"IfcMapConversion #{mc.id()}", "IfcMapConversion"
    from types import SimpleNamespace

    from .declared import _psets

    projects = om.model.by_type("IfcProject")
    sets = {name.lower(): props for name, props in _psets(projects[0])} if projects else {}
    mc = sets.get("epset_mapconversion")
    if mc is None:
        return None
    crs = sets.get("epset_projectedcrs") or {}

    def value(props, name):
        prop = props.get(name)
        if prop is None:
            return None
        if prop.is_a("IfcPropertyReferenceValue"):
            return prop.PropertyReference
        v = getattr(prop, "NominalValue", None)
        return None if v is None else v.wrappedValue

    target = SimpleNamespace(Name=value(crs, "Name"), MapUnit=value(crs, "MapUnit"))
    view = SimpleNamespace(TargetCRS=target, **{a: value(mc, a) for a in
                                                 ("Eastings", "Northings", "XAxisAbscissa", "XAxisOrdinate", "Scale")})
    return view, "ePSet_MapConversion (IfcProject)", "ePSet_MapConversion"


def map_frame(om: OpenModel) -> MapFrame | None:
    """The model's map conversion, or None when it has none."""
    found = _conversion(om)
    if found is None:
        return None
    mc, field, kind = found
    target = mc.TargetCRS
    name = str(getattr(target, "Name", "") or "")
    m = _EPSG.match(name)
    if m is None:
        raise ModelError(f"{field}: TargetCRS.Name {name!r} is not an EPSG code", file=om.path,
                         field=f"{kind}.TargetCRS", expected="an EPSG code such as EPSG:4546")
    crs = f"EPSG:{m.group(1)}"
    from ..geometry.crs import _crs
    from ..geometry.model import GeometryError

    try:
        known = _crs(crs)
    except GeometryError:
        raise ModelError(f"{field}: TargetCRS {crs} is not a coordinate reference system pyproj knows",
                         file=om.path, field=f"{kind}.TargetCRS",
                         expected="an EPSG code such as EPSG:4546") from None
    if not known.is_projected:
        raise ModelError(f"{field}: TargetCRS {crs} is not projected (its units are not metres)", file=om.path,
                         field=f"{kind}.TargetCRS", expected="a projected CRS such as EPSG:4546")
    values = {}
    for attr, default in (("Eastings", 0.0), ("Northings", 0.0), ("XAxisAbscissa", 1.0), ("XAxisOrdinate", 0.0),
                          ("Scale", 1.0)):
        v = getattr(mc, attr, None)
        v = default if v is None else float(v)
        if not math.isfinite(v):
            raise ModelError(f"{field}: {attr} = {v!r}", file=om.path, field=f"{kind}.{attr}",
                             expected="a finite number")
        values[attr] = v
    norm = math.hypot(values["XAxisAbscissa"], values["XAxisOrdinate"])
    if norm == 0:
        raise ModelError(f"{field}: the x axis (XAxisAbscissa, XAxisOrdinate) is (0, 0)", file=om.path,
                         field=f"{kind}.XAxisAbscissa", expected="a direction")
    scale = values["Scale"]
    if not abs(scale - 1) <= MAX_SCALE_OFFSET:
        raise ModelError(f"{field}: Scale = {scale:g}; the model's lengths are already in metres "
                         f"({om.length_unit}), so a scale this far from 1 means the units disagree", file=om.path,
                         field=f"{kind}.Scale", expected=f"a scale within {MAX_SCALE_OFFSET:.0%} of 1")
    # Eastings and Northings are in the map's unit, the project's length unit when the CRS gives
    # none (IFC4 ADD2, as ifcopenshell.util.geolocation reads it).
    e, n = values["Eastings"], values["Northings"]
    unit = getattr(target, "MapUnit", None)
    if unit is None:
        e, n = e * om.length_scale, n * om.length_scale
    else:
        import ifcopenshell.util.unit as uu

        try:
            factor = float(uu.get_unit_scale(unit))
        except Exception:
            factor = float("nan")
        if not (math.isfinite(factor) and factor > 0):
            raise ModelError(f"{field}: TargetCRS.MapUnit cannot be read", file=om.path,
                             field=f"{kind}.TargetCRS.MapUnit", expected="a length unit such as metre")
        e, n = e * factor, n * factor
    if not (abs(e) <= 1e8 and abs(n) <= 1e8):
        raise ModelError(f"{field}: Eastings {e:g}, Northings {n:g} m are not on Earth", file=om.path,
                         field=f"{kind}.Eastings", expected=f"map coordinates in metres of {crs}")
    cos, sin = values["XAxisAbscissa"] / norm, values["XAxisOrdinate"] / norm
    return MapFrame(crs, e, n, cos, sin, scale, f"#{mc.id()}" if kind == "IfcMapConversion" else kind)
