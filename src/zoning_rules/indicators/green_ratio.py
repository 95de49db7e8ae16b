"""绿地率 (green ratio): green area over site area, a percentage, usually a minimum."""
from __future__ import annotations

from .base import Bounds, DesignField, Doc, Indicator, Ratio
from .inputs import GREEN_AREA, SITE_AREA

GREEN_RATIO = Indicator(
    key="green_ratio", code="ZR-GREEN", zh="绿地率", en="green ratio", kind="ratio",
    unit_zh="%", unit_en="%",
    value=Ratio(GREEN_AREA, SITE_AREA),
    declared=DesignField("green_ratio", "ratio", "绿地率", "green ratio", "declared 绿地率"),
    bounds=Bounds("ratio"), required=True, precision_unit=(100, "%"),
    keywords=r"绿地率", limit_units="%",
    envelope=(("min_green_area", "min", "最小绿地面积", "least green area", True),
              ("max_green_area", "max", "最大绿地面积", "largest green area", False)),
    doc=Doc(
        name="GreenRatio",
        checks="绿地率 (green ratio) against the letter's minimum, e.g. 绿地率≥35%.",
        computed="绿地面积 ÷ 用地面积 from green_area and site_area, otherwise the declared green_ratio; "
                 "margin in m² of green area (area − bound × site area).",
        standard="GB 50180-2018 Appendix A.0.2 (what green counts); GB/T 8170-2008 全数值比较法."),
)
