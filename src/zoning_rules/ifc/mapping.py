"""Where a 报建 model keeps the plot code and its declared figures: data, not code.

Cities name their property sets differently (Wuhan's 规划报建 extension: 场地信息属性集 on ``IfcSite``,
建筑技术信息属性集 on ``IfcBuilding``, 建筑楼层信息属性集 on ``IfcBuildingStorey``; others prefix
``Pset_``), so the names live in a mapping a bureau can replace: ``load_mapping(path)`` reads a YAML
file of the same shape as ``DEFAULT_MAPPING`` (keys left out keep their defaults).  A property-set
name matches with or without the ``Pset_`` prefix.

Everything read through ``declared`` is a claim the model makes about itself: it is cross-checked
against the geometry and warned about when it disagrees, never used in place of a computed value.
Each declared property has a kind and, for a value that carries no IFC measure type (an ``IfcReal``
or ``IfcLabel``), the unit the city's rules write it in: 建筑高度 in m, 建筑层高 in mm.  A value typed
as ``IfcLengthMeasure``/``IfcAreaMeasure`` is in the project's units, read from the model.

``green`` / ``road`` / ``parapet``: how the model marks green areas, road red lines and parapets —
by class and by a keyword in the element's Name, ObjectType or LongName (or its predefined type).
``zone`` / ``balcony`` / ``parking``: where 计容系数 is read, how balconies are told (and which side
of the main structure they are on), which spaces are parking spaces (``parts.py``, ``parking.py``).
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError

#: A property: (key, kind, unit when untyped).  kind: text | length | area | ratio | number | count.
DEFAULT_MAPPING: dict[str, Any] = {
    "site": {
        "psets": ["场地信息属性集", "SiteInformation"],
        "properties": {
            "plot": {"names": ["地块编号", "地块编码", "PlotCode"], "kind": "text"},
            "land_use": {"names": ["城市用地分类和使用", "用地性质", "LandUse"], "kind": "text"},
            "site_area": {"names": ["总用地面积"], "kind": "area", "unit": "m2"},
            "buildable_area": {"names": ["可建设用地面积"], "kind": "area", "unit": "m2"},
            "far": {"names": ["容积率"], "kind": "number"},
            "building_density": {"names": ["建筑密度"], "kind": "ratio"},
            "green_ratio": {"names": ["绿地率"], "kind": "ratio"},
        },
        "quantities": {"Qto_SiteBaseQuantities": {"site_area": "GrossArea"}},
    },
    "building": {
        "psets": ["建筑技术信息属性集", "BuildingInformation"],
        "properties": {
            "height": {"names": ["建筑高度"], "kind": "length", "unit": "m"},
            "gross_area": {"names": ["建筑面积"], "kind": "area", "unit": "m2"},
            "footprint_area": {"names": ["建筑占地面积", "建筑基底面积"], "kind": "area", "unit": "m2"},
            "storeys_above": {"names": ["地上建筑层数"], "kind": "count"},
            "storeys_below": {"names": ["地下建筑层数"], "kind": "count"},
            "ground_step": {"names": ["室内外高差最大值"], "kind": "length", "unit": "m"},
        },
        "quantities": {"Qto_BuildingBaseQuantities": {"height": "Height", "footprint_area": "FootprintArea",
                                                      "gross_area": "GrossFloorArea"}},
    },
    "storey": {
        "psets": ["建筑楼层信息属性集", "StoreyInformation"],
        "properties": {
            "elevation": {"names": ["底标高"], "kind": "length", "unit": "m"},
            "storey_height": {"names": ["建筑层高"], "kind": "length", "unit": "mm"},
            "floor_area": {"names": ["楼层面积"], "kind": "area", "unit": "m2"},
        },
        "quantities": {},
    },
    "green": {
        "classes": ["IfcGeographicElement", "IfcSpace", "IfcSpatialZone", "IfcBuildingElementProxy"],
        "keywords": ["绿地", "绿化", "green"],
        "concentrated": ["集中绿地", "concentrated"],
    },
    "road": {
        "classes": ["IfcGeographicElement", "IfcAnnotation", "IfcBuildingElementProxy", "IfcCivilElement"],
        "keywords": ["道路红线", "road red line"],
    },
    "parapet": {"predefined": ["PARAPET"], "keywords": ["女儿墙", "parapet"]},
    # 计容系数: the share of a zone's floor area counted toward FAR (ifc/parts.py); a factor above
    # max_factor is refused (the largest tall-storey multiplier in DOMAIN.md §3 is ×3).
    # IfcZone (a group, IFC2X3's only zone) counts by its spaces; IfcSpace where a tool puts the set there.
    "zone": {"classes": ["IfcSpatialZone", "IfcZone", "IfcSpace"], "psets": ["建筑区域信息属性集", "ZoneInformation"],
             "factor": ["计容系数", "FARFactor"], "max_factor": 3},
    # GB/T 50353-2013 3.0.21: a balcony outside the main structure counts half, inside it in full.
    "balcony": {"classes": ["IfcSlab", "IfcSpace", "IfcBuildingElementProxy"], "keywords": ["阳台", "balcony"],
                "inside": ["凹阳台", "内阳台", "主体结构内", "recessed", "inside"],
                "outside": ["凸阳台", "挑阳台", "外阳台", "主体结构外", "projecting", "cantilever", "outside"]},
    # Motor-vehicle parking spaces (ifc/parking.py): IfcSpace with 停车位信息属性集 or of type PARKING;
    # one space each unless a count property says more; spaces whose type names a non-motor vehicle
    # are left out.
    "parking": {"classes": ["IfcSpace"], "psets": ["停车位信息属性集", "ParkingSpaceInformation"],
                "predefined": ["PARKING"], "count": ["停车位数量", "车位数量", "车位数", "泊位数", "Count"],
                "type": ["停车位类型", "车位类型", "类型", "ParkingType"],
                "exclude": ["非机动车", "自行车", "电动车", "摩托车", "bicycle", "motorcycle"], "max_count": 1000},
}

UNITS = {"m": 1, "mm": "1/1000", "cm": "1/100", "m2": 1}
KINDS = ("text", "length", "area", "ratio", "number", "count")


@dataclass(frozen=True, eq=False)  # hashed by identity: the reader's cache keys on it
class Mapping_:
    """The mapping in use and where it came from (``default`` or a file)."""

    data: Mapping[str, Any]
    source: str = "default"

    def psets(self, level: str) -> list[str]:
        return list(self.data[level]["psets"])

    def properties(self, level: str) -> Mapping[str, Mapping[str, Any]]:
        return self.data[level]["properties"]

    def quantities(self, level: str) -> Mapping[str, Mapping[str, str]]:
        return self.data[level].get("quantities") or {}

    def where(self, level: str, key: str) -> str:
        """Where a property is looked for, as a user reads it (for the 'no plot code' error)."""
        names = self.properties(level)[key]["names"]
        sets = self.psets(level)
        return (" / ".join(f"{s}.{n}" for s in sets for n in names) +
                " (property sets matched with or without a Pset_ prefix)")


def pset_matches(wanted: str, actual: str) -> bool:
    def bare(name: str) -> str:
        return name[5:] if name.lower().startswith("pset_") else name

    return bare(wanted).strip().lower() == bare(actual).strip().lower()


def _merge(base: dict, override: Mapping, where: str, file: str) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if key not in out:
            raise InputError(f"{where}{key}: not a mapping key", file=file,
                             expected="one of " + ", ".join(sorted(out)))
        if isinstance(out[key], dict) and key not in ("properties", "quantities"):
            if not isinstance(value, Mapping):
                raise InputError(f"{where}{key}: expected a mapping", file=file)
            out[key] = _merge(out[key], value, f"{where}{key}.", file)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _validate(data: Mapping, file: str) -> None:
    for level in ("site", "building", "storey"):
        props = data[level]["properties"]
        if not isinstance(props, Mapping):
            raise InputError(f"{level}.properties: expected a mapping", file=file)
        for key, spec in props.items():
            if not isinstance(spec, Mapping) or not isinstance(spec.get("names"), list) or not spec["names"]:
                raise InputError(f"{level}.properties.{key}: expected {{names: [...], kind: ...}}", file=file)
            if spec.get("kind") not in KINDS:
                raise InputError(f"{level}.properties.{key}.kind: {spec.get('kind')!r}", file=file,
                                 expected=" / ".join(KINDS))
            if "unit" in spec and spec["unit"] not in UNITS:
                raise InputError(f"{level}.properties.{key}.unit: {spec['unit']!r}", file=file,
                                 expected=" / ".join(UNITS))
        if not isinstance(data[level]["psets"], list):
            raise InputError(f"{level}.psets: expected a list of property-set names", file=file)
    for level, key in (("zone", "max_factor"), ("parking", "max_count")):
        v = data[level][key]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0 or v != v or v == float("inf"):
            raise InputError(f"{level}.{key}: {v!r}", file=file, expected="a finite number, 0 or more")
    for level, keys in (("zone", ("classes", "psets", "factor")), ("balcony", ("classes", "keywords", "inside", "outside")),
                        ("parking", ("classes", "psets", "predefined", "count", "type", "exclude"))):
        for key in keys:
            v = data[level][key]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise InputError(f"{level}.{key}: {v!r}", file=file, expected="a list of names")
    if "plot" not in data["site"]["properties"]:
        raise InputError("site.properties.plot: the mapping must say where the plot code is", file=file)


DEFAULT = Mapping_(DEFAULT_MAPPING)
_CURRENT: ContextVar[Mapping_ | None] = ContextVar("zoning_rules_ifc_mapping", default=None)


def current() -> Mapping_:
    """The mapping a model is read with when none is passed: the default, or ``using``'s."""
    return _CURRENT.get() or DEFAULT


@contextmanager
def using(mapping: Mapping_):
    """Read models with ``mapping`` inside the block (the CLI's ``--ifc-mapping``): the checker, the
    figure and the reporters then all see the same names without threading it through each."""
    token = _CURRENT.set(mapping)
    try:
        yield mapping
    finally:
        _CURRENT.reset(token)


def load_mapping(path: str | Path | None) -> Mapping_:
    """The default mapping, or the default overridden by a YAML/JSON file."""
    if path is None:
        return DEFAULT
    from ..sourcefile import load

    doc = load(path)
    if not isinstance(doc.data, Mapping):
        raise InputError("an IFC mapping must be a mapping (site:, building:, storey: …)", file=str(path))
    data = _merge(DEFAULT_MAPPING, doc.data, "", str(path))
    _validate(data, str(path))
    return Mapping_(data, source=str(path))
