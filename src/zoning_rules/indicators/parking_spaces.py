"""停车泊位: motor-vehicle parking spaces, a count, usually a minimum."""
from __future__ import annotations

from .base import Bounds, DesignField, Direct, Doc, Indicator

PARKING_FIELD = DesignField("parking_spaces", "count", "停车泊位", "parking spaces",
                            "停车泊位 (motor-vehicle spaces)")

PARKING_SPACES = Indicator(
    key="parking_spaces", code="ZR-PARKING", zh="停车泊位", en="parking spaces", kind="count",
    unit_zh="个", unit_en="spaces",
    value=Direct(PARKING_FIELD), bounds=Bounds("count"),
    keywords=r"(?:机动车)?(?:停车泊位|停车位|泊位)数?", limit_units=r"(?:个|辆|泊位)",
    envelope=(("parking_spaces", "min", "停车泊位下限", "parking minimum", True),),
    doc=Doc(
        name="ParkingSpaces",
        checks="停车泊位 against the letter's minimum, e.g. 停车泊位≥58个.",
        computed="The design's parking_spaces (motor-vehicle spaces above and below ground) ≥ the minimum.",
        standard="The approval letter; counting above + below ground is a local convention (unverified)."),
)
