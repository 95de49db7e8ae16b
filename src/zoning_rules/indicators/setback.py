"""建筑退让道路红线: a minimum distance to road red lines, larger for 大型商业建筑."""
from __future__ import annotations

from .base import RULE_SETBACK, Bounds, DesignField, Direct, Doc, Indicator
from .inputs import LARGE_COMMERCIAL

SETBACK_FIELD = DesignField("setback", "length", "建筑退让道路红线距离", "setback from the road red line",
                            "least distance from a building to a road red line")

SETBACK_INDICATOR = Indicator(
    key="setback", code="ZR-SETBACK", zh="建筑退让道路红线", en="setback from road red line", kind="length",
    unit_zh="米", unit_en="m",
    value=Direct(SETBACK_FIELD), reads=(LARGE_COMMERCIAL,), rule=RULE_SETBACK,
    bounds=Bounds("length", max=False, large_commercial=True), precision_unit=(1000, " mm"),
    keywords=r"退让(?:城市)?(?:道路)?红线(?:距离)?|退让距离|退线距离|退线", limit_units="LEN",
    envelope=(("setback", "min", "建筑退让道路红线", "setback from road red line", True),),
    doc=Doc(
        name="RoadSetback",
        checks="建筑退让道路红线 against the letter's minimum, with a larger minimum for 大型商业建筑.",
        computed="The design's least distance from a building to a road red line ≥ the minimum; when it meets "
                 "only the general minimum, large_commercial decides (unknown → indeterminate).",
        standard="The approval letter (吕政办函〔2021〕43号: ≥5 m, ≥10 m for large commercial buildings); "
                 "JGJ 48-2014 for what is a large shop (> 20 000 m², a policy value)."),
)
