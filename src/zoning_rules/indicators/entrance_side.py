"""出入口方位: every entrance on a side the letter allows."""
from __future__ import annotations

from .base import RULE_SIDES, Bounds, DesignField, Direct, Doc, Indicator

ENTRANCE_FIELD = DesignField(
    "entrance_side", "sides", "出入口方位", "entrance side",
    "north/south/east/west or 北/南/东/西; a list when there are several entrances.")

ENTRANCE_SIDE = Indicator(
    key="entrance_side", code="ZR-ENTRANCE", zh="出入口方位", en="entrance side", kind="side",
    value=Direct(ENTRANCE_FIELD), bounds=Bounds("side"), rule=RULE_SIDES,
    envelope=(("entrance_side", "equals", "出入口方位", "entrance side", True),),
    doc=Doc(
        name="EntranceSide",
        checks="出入口方位: every entrance on a side the letter allows, e.g. 出入口方位位于用地南侧.",
        computed="Each side in entrance_side (north/south/east/west or 北/南/东/西) must be among the allowed sides.",
        standard="The approval letter."),
)
