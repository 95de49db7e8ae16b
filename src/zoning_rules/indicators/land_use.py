"""用地性质: the design's land use is the class the letter approved (GB 50137 / 2023 codes)."""
from __future__ import annotations

from .base import RULE_LAND_USE, Bounds, DesignField, Direct, Doc, Indicator

LAND_USE_FIELD = DesignField("land_use", "text", "用地性质", "land use", "GB 50137 code, 2023 code or Chinese name.")

LAND_USE_INDICATOR = Indicator(
    key="land_use", code="ZR-LANDUSE", zh="用地性质", en="land use", kind="land_use",
    value=Direct(LAND_USE_FIELD), bounds=Bounds("land_use"), rule=RULE_LAND_USE, requirable=False,
    limit_description="用地性质 (usually given as the approval's land_use)",
    envelope=(("land_use", "equals", "用地性质", "land use", True),),
    doc=Doc(
        name="LandUse",
        checks="用地性质: the design's land use is the one the letter approved.",
        computed="Codes and names are resolved through GB 50137-2011 and the 2023 用地用海分类; a pair that "
                 "cannot be matched automatically (a local code such as RB) is indeterminate.",
        standard="GB 50137-2011; 国土空间调查、规划、用途管制用地用海分类指南 (2023)."),
)
