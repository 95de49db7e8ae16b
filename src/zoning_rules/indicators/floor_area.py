"""计容建筑面积 as a limit: notices cap the floor area in m² (总计容建筑面积：7148平方米) instead of a FAR."""
from __future__ import annotations

from .base import Bounds, Direct, Doc, Indicator
from .inputs import FLOOR_AREA

FLOOR_AREA_CAP = Indicator(
    key="floor_area", code="ZR-FLOOR-AREA", zh="计容建筑面积", en="counted floor area", kind="area",
    unit_zh="平方米", unit_en="m²",
    value=Direct(FLOOR_AREA), bounds=Bounds("area"),
    keywords=r"(?:总)?计容(?:总)?建筑面积", limit_units=r"(?:万平方米|平方米|平米|万m2|m2|m²|㎡)",
    doc=Doc(
        name="CountedFloorArea",
        checks="计容建筑面积 against a cap stated in m², e.g. 总计容建筑面积：7148平方米 (规划条件变更 notices).",
        computed="The design's floor_area (计容建筑面积) compared exactly with the cap; the FAR it implies on "
                 "the site area is not a limit (the extractor keeps it as a note).",
        standard="GB/T 50353-2013 (what counts toward floor area); the notice or planning conditions."),
)
