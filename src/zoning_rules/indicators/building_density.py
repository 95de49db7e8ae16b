"""建筑密度 (building coverage): building footprint over site area, a percentage."""
from __future__ import annotations

from .base import Bounds, DesignField, Doc, Indicator, Ratio
from .inputs import FOOTPRINT_AREA, SITE_AREA

BUILDING_DENSITY = Indicator(
    key="building_density", code="ZR-DENSITY", zh="建筑密度", en="building coverage", kind="ratio",
    unit_zh="%", unit_en="%",
    value=Ratio(FOOTPRINT_AREA, SITE_AREA),
    declared=DesignField("building_density", "ratio", "建筑密度", "building coverage", "declared 建筑密度"),
    bounds=Bounds("ratio"), required=True, precision_unit=(100, "%"),
    keywords=r"建筑密度", limit_units="%",
    envelope=(("max_footprint_area", "max", "最大建筑基底面积", "largest building footprint", True),
              ("min_footprint_area", "min", "最小建筑基底面积", "least building footprint", False)),
    doc=Doc(
        name="BuildingCoverage",
        checks="建筑密度 (building coverage) against the letter's bound, e.g. 建筑密度≤30%.",
        computed="建筑基底总面积 ÷ 用地面积 (footprints unioned, not summed) from footprint_area and "
                 "site_area, otherwise the declared building_density; margin in m² of footprint.",
        standard="GB 50180-2018 (term 建筑密度); GB/T 8170-2008 全数值比较法."),
)
