"""建筑高度: the design's height in metres (GB 50352-2019 §4.5.2), usually a maximum."""
from __future__ import annotations

from .base import Bounds, DesignField, Direct, Doc, Indicator

HEIGHT_FIELD = DesignField("height", "length", "建筑高度", "building height", "建筑高度 (GB 50352-2019 §4.5.2)")

HEIGHT = Indicator(
    key="height", code="ZR-HEIGHT", zh="建筑高度", en="building height", kind="length",
    unit_zh="米", unit_en="m",
    value=Direct(HEIGHT_FIELD), bounds=Bounds("length"), required=True, precision_unit=(1000, " mm"),
    keywords=r"(?:建筑)?(?:高度|限高)", limit_units="LEN",
    envelope=(("height", "max", "建筑高度上限", "height limit", True),),
    doc=Doc(
        name="BuildingHeight",
        checks="建筑高度 against the letter's limit, e.g. 建筑高度≤50米 or 建筑限高24米.",
        computed="The design's height in metres compared exactly with the limit; a limit without a number "
                 "(建筑限高满足机场限高) is indeterminate.",
        standard="GB 50352-2019 §4.5.2 (how height is measured)."),
)
