"""容积率 (FAR): counted floor area over site area, a plain number (2.4)."""
from __future__ import annotations

from .base import Bounds, DesignField, Doc, Indicator, Ratio
from .inputs import FLOOR_AREA, SITE_AREA

FAR = Indicator(
    key="far", code="ZR-FAR", zh="容积率", en="floor area ratio (FAR)", kind="number",
    value=Ratio(FLOOR_AREA, SITE_AREA),
    declared=DesignField("far", "number", "容积率", "floor area ratio", "declared 容积率"),
    bounds=Bounds("number"), required=True, limit_description="容积率 (plain number)",
    keywords=r"容积率", limit_units="",
    envelope=(("max_floor_area", "max", "最大计容建筑面积", "largest counted floor area", True),
              ("min_floor_area", "min", "最小计容建筑面积", "least counted floor area", False)),
    doc=Doc(
        name="FloorAreaRatio",
        checks="容积率 (floor area ratio) against the letter's bound, e.g. 容积率≤2.4.",
        computed="计容建筑面积 ÷ 用地面积 from the design's floor_area and site_area when both are given "
                 "(exact fractions; a declared far is then only cross-checked, see ZR-DECLARED), "
                 "otherwise the declared far. The margin is stated in m² of counted floor area: "
                 "bound × site area − floor area.",
        standard="GB/T 50353-2013 (floor area); GB/T 8170-2008 全数值比较法 (the unrounded value decides)."),
)
