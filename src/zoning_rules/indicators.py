"""The indicators a letter can set: key, stable finding code, names, and the kind of value.

Stable codes (ZR-FAR …) are what CI systems, SARIF rules and waivers refer to; never renumber.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    code: str
    zh: str
    en: str
    kind: str  # units.Kind, or "side" / "land_use" / "plot" / "site_area"
    unit_zh: str = ""
    unit_en: str = ""


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("far", "ZR-FAR", "容积率", "floor area ratio (FAR)", "number"),
        Indicator("building_density", "ZR-DENSITY", "建筑密度", "building coverage", "ratio", "%", "%"),
        Indicator("green_ratio", "ZR-GREEN", "绿地率", "green ratio", "ratio", "%", "%"),
        Indicator("height", "ZR-HEIGHT", "建筑高度", "building height", "length", "米", "m"),
        Indicator("parking_spaces", "ZR-PARKING", "停车泊位", "parking spaces", "count", "个", "spaces"),
        Indicator("entrance_side", "ZR-ENTRANCE", "出入口方位", "entrance side", "side"),
        Indicator("setback", "ZR-SETBACK", "建筑退让道路红线", "setback from road red line", "length", "米", "m"),
        Indicator("land_use", "ZR-LANDUSE", "用地性质", "land use", "land_use"),
    )
}

#: Findings that are not limits: the plot's own status and cross-checks of the design's figures.
META: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("plot", "ZR-PLOT", "地块控规状态", "plot status", "plot"),
        Indicator("site_area", "ZR-SITE-AREA", "用地面积", "site area", "area", "平方米", "m²"),
        Indicator("declared", "ZR-DECLARED", "申报指标核对", "declared figure cross-check", "ratio"),
        Indicator("within_site", "ZR-WITHIN-SITE", "建筑在用地红线内", "buildings within the site boundary",
                  "geometry"),
        Indicator("site_plan", "ZR-SITE-PLAN", "总平面图核查", "site plan consistency", "geometry"),
    )
}

SIDES = {
    "north": "north", "n": "north", "北": "north", "北侧": "north", "北面": "north",
    "south": "south", "s": "south", "南": "south", "南侧": "south", "南面": "south",
    "east": "east", "e": "east", "东": "east", "东侧": "east", "东面": "east",
    "west": "west", "w": "west", "西": "west", "西侧": "west", "西面": "west",
}
SIDE_ZH = {"north": "北侧", "south": "南侧", "east": "东侧", "west": "西侧"}


def describe(key: str) -> Indicator:
    return INDICATORS.get(key) or META[key]
