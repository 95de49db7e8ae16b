"""Indicators: one module, one declaration each; registered in ``registry`` (the one place).

Stable codes (ZR-FAR …) are what CI systems, SARIF rules and waivers refer to; never renumber.
To add an indicator, declare an ``Indicator`` and ``register`` it (see DEVELOPERS.md, "Adding an
indicator").
"""
from __future__ import annotations

from .base import RULE_BOUNDS, RULE_LAND_USE, RULE_SETBACK, RULE_SIDES, RULES, Bounds, DesignField, Direct, Doc, Indicator, Ratio
from .registry import (BUILTIN, INDICATORS, META, describe, design_field, design_fields, register,
                       unregister, version)
from .sides import SIDE_ZH, SIDES

__all__ = ["BUILTIN", "Bounds", "DesignField", "Direct", "Doc", "INDICATORS", "Indicator", "META", "RULES",
           "RULE_BOUNDS", "RULE_LAND_USE", "RULE_SETBACK", "RULE_SIDES", "Ratio", "SIDES", "SIDE_ZH", "describe", "design_field", "design_fields",
           "register", "unregister", "version"]
