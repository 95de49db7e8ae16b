"""Findings that are not limits: the plot's own status and cross-checks of the design's figures."""
from __future__ import annotations

from .base import Doc, Indicator

PLOT = Indicator(
    key="plot", code="ZR-PLOT", zh="地块控规状态", en="plot status", kind="plot", meta=True,
    doc=Doc(
        name="PlotStatus",
        checks="Whether the plot has limits in force on the as-of date at all, and — when the rule book holds "
               "plot boundaries — whether the design's site lies in it.",
        computed="Indeterminate when the plot was adjusted by a letter that did not publish its values, was split "
                 "or merged, or when no approval is in force yet on that date. With plot boundaries (docs/plan.md): "
                 "a pass when the site lies inside one plot, indeterminate when it straddles plots or reaches "
                 "outside its plot, a failure when it lies in another plot than the one named.",
        standard="The approval letters, resolved by the date each takes effect."))

SITE_AREA_CHECK = Indicator(
    key="site_area", code="ZR-SITE-AREA", zh="用地面积", en="site area", kind="area",
    unit_zh="平方米", unit_en="m²", meta=True,
    doc=Doc(
        name="SiteAreaCrossCheck",
        checks="The design's 用地面积 against the area the letter states.",
        computed="A warning when they differ by more than the policy tolerance (default 5 %); the letter's "
                 "area is often approximate (约, or only in the title).",
        standard="The approval letter; tolerance is a policy value."))

DECLARED = Indicator(
    key="declared", code="ZR-DECLARED", zh="申报指标核对", en="declared figure cross-check", kind="ratio",
    meta=True,
    doc=Doc(
        name="DeclaredFigureCrossCheck",
        checks="A declared ratio (far, building_density, green_ratio) against the one computed from the areas.",
        computed="A warning when the declared figure differs from the computed ratio by more than half a unit "
                 "of its last written digit; the computed value decides.",
        standard="GB/T 8170-2008 (rounding of the declared figure)."))

WITHIN_SITE = Indicator(
    key="within_site", code="ZR-WITHIN-SITE", zh="建筑在用地红线内", en="buildings within the site boundary",
    kind="geometry", meta=True,
    doc=Doc(
        name="BuildingsWithinSite",
        checks="Every building footprint of the site plan lies within the site boundary (用地红线).",
        computed="From the site plan's geometry (projected to metres): a footprint reaching outside the "
                 "site polygon is a violation; no site plan → not checked.",
        standard="The approval letter (建筑不得压占相邻地块用地界线) and the plot's 用地红线."))
