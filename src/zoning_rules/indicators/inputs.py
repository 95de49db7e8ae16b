"""Design fields several indicators read (areas, the large-commercial flag), declared once.

An indicator's own field (its declared value) is declared in its module; a field shared by
several is declared here so that its name, kind and wording cannot drift between them.
"""
from __future__ import annotations

from .base import DesignField

SITE_AREA = DesignField("site_area", "area", "用地面积", "site area", "用地面积")
FLOOR_AREA = DesignField("floor_area", "area", "计容建筑面积", "counted floor area",
                         "计容建筑面积 (counted toward FAR)")
FOOTPRINT_AREA = DesignField("footprint_area", "area", "建筑基底面积", "building footprint", "建筑基底面积")
GREEN_AREA = DesignField("green_area", "area", "绿地面积", "green area", "绿地面积")
LARGE_COMMERCIAL = DesignField("large_commercial", "flag", "大型商业建筑", "large commercial building",
                               "whether a building is 大型商业建筑")
