"""Which attribute of a plan layer is what: the field mapping, as data with a documented default.

No national standard fixes the attribute names of a 控规 layer (DOMAIN.md §9), so the mapping is
data: a YAML file (``--mapping``) or, without one, the common Chinese names and their pinyin
abbreviations.  The importer prints which attribute it took for what and names every attribute it
could not place, so a wrong guess is seen, not buried.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import InputError

#: role → attribute names recognised without a mapping, in order of preference.
DEFAULT_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "code": ("地块编码", "地块编号", "地块代码", "DKBM", "DKBH", "DKDM", "PLOT", "PLOT_CODE"),
    "land_use": ("用地代码", "用地性质代码", "YDDM", "YDXZDM", "LANDUSE"),
    "land_use_name": ("用地性质", "用地名称", "用地类型", "YDXZ", "YDMC"),
    "area": ("用地面积", "地块面积", "YDMJ", "DKMJ"),
    "far": ("容积率", "RJL", "FAR"),
    "building_density": ("建筑密度", "JZMD"),
    "green_ratio": ("绿地率", "LDL"),
    "height": ("建筑限高", "建筑高度", "限高", "JZXG", "JZGD"),
})

#: Attributes GIS software adds for its own bookkeeping: named as ignored, never as a plot value.
BOOKKEEPING = frozenset({"OBJECTID", "FID", "OID", "SHAPE_LENG", "SHAPE_LENGTH", "SHAPE_AREA", "SHAPE_LEN",
                         "GLOBALID", "ID"})

ROLE_NAMES = {"code": ("地块编码", "plot code"), "land_use": ("用地代码", "land-use code"),
              "land_use_name": ("用地性质", "land-use name"), "area": ("用地面积", "site area"),
              "far": ("容积率", "FAR"), "building_density": ("建筑密度", "building coverage"),
              "green_ratio": ("绿地率", "green ratio"), "height": ("建筑限高", "height limit")}
_UNITS_FOR = {"area", "height"}


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip().upper()


@dataclass(frozen=True)
class Mapping_:
    """role → attribute; ``units``: the unit of a bare number (area: 公顷 …); ``percent``: whether
    a ratio column's bare numbers are percentages (None: decided from the column); ``ignore``:
    attributes not to be named as unplaced."""

    fields: Mapping[str, str]
    units: Mapping[str, str] = field(default_factory=dict)
    percent: Mapping[str, bool] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    origin: str = "default"  # "default" or the mapping file

    def unplaced(self, columns) -> tuple[list[str], list[str]]:
        """(attributes nobody placed, bookkeeping attributes ignored)."""
        used = {_key(v) for v in self.fields.values()}
        ignored = {_key(v) for v in self.ignore}
        rest = [c for c in columns if _key(c) not in used]
        return ([c for c in rest if _key(c) not in ignored and _key(c) not in BOOKKEEPING],
                [c for c in rest if _key(c) in ignored or _key(c) in BOOKKEEPING])


def default_mapping(columns, cut: tuple[str, ...] = ()) -> Mapping_:
    """The first recognised attribute for each role (case and full-width forms do not matter).

    ``cut``: Shapefile field names the 10-byte limit may have cut (建筑限 for 建筑限高 in UTF-8,
    用地性质代 for 用地性质代码 in GBK); one of them is taken for a role when it starts a
    recognised name of that role and of no other role (地块编 is 地块编码 or 地块编号, both the
    plot code; 用地性 could be 用地性质 or 用地性质代码 and is left for --mapping)."""
    by_key = {_key(c): c for c in columns}
    found = {}
    for role, names in DEFAULT_NAMES.items():
        for name in names:
            if _key(name) in by_key:
                found[role] = by_key[_key(name)]
                break
    taken = set(found.values())
    units, percent = {}, {}
    for c in columns:  # 用地面积(公顷), 建筑限高（米）, 绿地率(%): the name and the unit of its bare numbers
        m = _BRACKETED.match(unicodedata.normalize("NFKC", str(c)).strip())
        if m is None or c in taken:
            continue
        base, unit = _key(m["base"]), m["unit"].strip()
        for role, names in DEFAULT_NAMES.items():
            if role in found or base not in {_key(n) for n in names}:
                continue
            if role in _UNITS_FOR and _is_unit(unit, "area" if role == "area" else "length"):
                units[role] = unit
            elif role in ("building_density", "green_ratio") and unit in ("%", "％"):
                percent[role] = True
            else:
                continue  # 容积率(上限), 用地面积(备注): not a unit — left for --mapping
            found[role] = c
            taken.add(c)
            break
    for c in cut:
        k = _key(c)
        if c in taken or len(k) < 2:
            continue
        roles = {role for role, names in DEFAULT_NAMES.items() for name in names
                 if _key(name).startswith(k) and _key(name) != k}
        if len(roles) == 1 and (role := roles.pop()) not in found:
            found[role] = c
            taken.add(c)
    return Mapping_(fields=MappingProxyType(found), units=MappingProxyType(units),
                    percent=MappingProxyType(percent))


#: An attribute name with a bracketed unit after it: 用地面积(公顷), 建筑限高【米】.
_BRACKETED = re.compile(r"^(?P<base>[^()\[\]【】]+?)\s*[(\[【]\s*(?P<unit>[^()\[\]【】]*?)\s*[)\]】]$")


def _is_unit(text: str, kind: str) -> bool:
    from ..units import parse

    if not text:
        return False
    try:
        return parse(f"1 {text}", kind).value > 0
    except InputError:
        return False


def load_mapping(path: str | Path, columns, cut: tuple[str, ...] = ()) -> Mapping_:
    """A mapping file: ``fields: {role: attribute}``, optional ``units``, ``percent``, ``ignore``.

    Roles not given fall back to the default names; an attribute the layer does not have, or an
    unknown role, is an error naming the file and the key.
    """
    from ..sourcefile import load

    doc = load(path)
    data = doc.data
    name = str(path)
    if not isinstance(data, dict):
        raise InputError("a mapping file must be a mapping with `fields`", file=name, line=1)
    unknown = set(data) - {"fields", "units", "percent", "ignore"}
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise InputError(f"unknown key {key!r}", file=name, field=key, line=doc.line_of((key,)),
                         expected="fields, units, percent or ignore")
    by_key = {_key(c): c for c in columns}
    defaults = default_mapping(columns, cut)
    base = dict(defaults.fields)
    given = data.get("fields") or {}
    if not isinstance(given, dict):
        raise InputError("`fields` must map roles to attribute names", file=name, field="fields",
                         line=doc.line_of(("fields",)))
    for role, attr in given.items():
        if role not in DEFAULT_NAMES:
            raise InputError(f"unknown role {role!r}", file=name, field=f"fields.{role}",
                             line=doc.line_of(("fields", role)), expected=", ".join(DEFAULT_NAMES))
        if attr is None:
            base.pop(role, None)  # `height: null`: the layer's 建筑高度 is not a limit
            continue
        if _key(attr) not in by_key:
            raise InputError(f"the layer has no attribute {attr!r}", file=name, field=f"fields.{role}",
                             value=attr, line=doc.line_of(("fields", role)),
                             expected="one of " + ", ".join(map(str, columns)))
        base[role] = by_key[_key(attr)]
    roles_of: dict = {}
    for role, column in base.items():  # one attribute read as two things: one of them is a mistake
        roles_of.setdefault(column, []).append(role)
    for column, roles in roles_of.items():
        if len(roles) > 1:
            said = next((r for r in roles if r in given), roles[0])
            raise InputError(f"the attribute {column!r} is given for {' and '.join(roles)} (一个字段对应了两个角色)",
                             file=name, field=f"fields.{said}", value=column, line=doc.line_of(("fields", said)),
                             expected="each attribute for one role (null leaves a role out)")
    units = dict(defaults.units)  # a unit in the attribute's name, unless the file says otherwise
    for role, unit in (data.get("units") or {}).items():
        if role not in _UNITS_FOR:
            raise InputError(f"a unit is for area or height, not {role!r}", file=name, field=f"units.{role}",
                             line=doc.line_of(("units", role)))
        from ..units import parse

        try:
            parse(f"1 {unit}", "area" if role == "area" else "length")
        except InputError as exc:
            raise InputError(exc.message, file=name, field=f"units.{role}", value=unit,
                             line=doc.line_of(("units", role))) from None
        units[role] = str(unit)
    percent = dict(defaults.percent)
    for role, v in (data.get("percent") or {}).items():
        if role not in ("building_density", "green_ratio") or not isinstance(v, bool):
            raise InputError("`percent` takes building_density / green_ratio: true or false", file=name,
                             field=f"percent.{role}", value=v, line=doc.line_of(("percent", role)))
        percent[role] = v
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list):
        raise InputError("`ignore` must be a list of attribute names", file=name, field="ignore",
                         line=doc.line_of(("ignore",)))
    return Mapping_(fields=MappingProxyType(base), units=MappingProxyType(units),
                    percent=MappingProxyType(percent), ignore=frozenset(map(str, ignore)), origin=name)
