"""What each stable finding code checks, how it is computed and which standard it follows.

The single source of docs/codes.md (``python -m zoning_rules.reporters.codes > docs/codes.md``;
a test keeps the page in step) and of the SARIF rules' help texts.
"""
from __future__ import annotations

from ..indicators import INDICATORS, META

DOCS_PAGE = "docs/codes.md"

CODES: dict[str, dict[str, str]] = {
    "ZR-FAR": {
        "name": "FloorAreaRatio",
        "checks": "容积率 (floor area ratio) against the letter's bound, e.g. 容积率≤2.4.",
        "computed": "计容建筑面积 ÷ 用地面积 from the design's floor_area and site_area when both are given "
                    "(exact fractions; a declared far is then only cross-checked, see ZR-DECLARED), "
                    "otherwise the declared far. The margin is stated in m² of counted floor area: "
                    "bound × site area − floor area.",
        "standard": "GB/T 50353-2013 (floor area); GB/T 8170-2008 全数值比较法 (the unrounded value decides).",
    },
    "ZR-DENSITY": {
        "name": "BuildingCoverage",
        "checks": "建筑密度 (building coverage) against the letter's bound, e.g. 建筑密度≤30%.",
        "computed": "建筑基底总面积 ÷ 用地面积 (footprints unioned, not summed) from footprint_area and "
                    "site_area, otherwise the declared building_density; margin in m² of footprint.",
        "standard": "GB 50180-2018 (term 建筑密度); GB/T 8170-2008 全数值比较法.",
    },
    "ZR-GREEN": {
        "name": "GreenRatio",
        "checks": "绿地率 (green ratio) against the letter's minimum, e.g. 绿地率≥35%.",
        "computed": "绿地面积 ÷ 用地面积 from green_area and site_area, otherwise the declared green_ratio; "
                    "margin in m² of green area (area − bound × site area).",
        "standard": "GB 50180-2018 Appendix A.0.2 (what green counts); GB/T 8170-2008 全数值比较法.",
    },
    "ZR-HEIGHT": {
        "name": "BuildingHeight",
        "checks": "建筑高度 against the letter's limit, e.g. 建筑高度≤50米 or 建筑限高24米.",
        "computed": "The design's height in metres compared exactly with the limit; a limit without a number "
                    "(建筑限高满足机场限高) is indeterminate.",
        "standard": "GB 50352-2019 §4.5.2 (how height is measured).",
    },
    "ZR-PARKING": {
        "name": "ParkingSpaces",
        "checks": "停车泊位 against the letter's minimum, e.g. 停车泊位≥58个.",
        "computed": "The design's parking_spaces (motor-vehicle spaces above and below ground) ≥ the minimum.",
        "standard": "The approval letter; counting above + below ground is a local convention (unverified).",
    },
    "ZR-ENTRANCE": {
        "name": "EntranceSide",
        "checks": "出入口方位: every entrance on a side the letter allows, e.g. 出入口方位位于用地南侧.",
        "computed": "Each side in entrance_side (north/south/east/west or 北/南/东/西) must be among the allowed sides.",
        "standard": "The approval letter.",
    },
    "ZR-SETBACK": {
        "name": "RoadSetback",
        "checks": "建筑退让道路红线 against the letter's minimum, with a larger minimum for 大型商业建筑.",
        "computed": "The design's least distance from a building to a road red line ≥ the minimum; when it meets "
                    "only the general minimum, large_commercial decides (unknown → indeterminate).",
        "standard": "The approval letter (吕政办函〔2021〕43号: ≥5 m, ≥10 m for large commercial buildings); "
                    "JGJ 48-2014 for what is a large shop (> 20 000 m², a policy value).",
    },
    "ZR-LANDUSE": {
        "name": "LandUse",
        "checks": "用地性质: the design's land use is the one the letter approved.",
        "computed": "Codes and names are resolved through GB 50137-2011 and the 2023 用地用海分类; a pair that "
                    "cannot be matched automatically (a local code such as RB) is indeterminate.",
        "standard": "GB 50137-2011; 国土空间调查、规划、用途管制用地用海分类指南 (2023).",
    },
    "ZR-PLOT": {
        "name": "PlotStatus",
        "checks": "Whether the plot has limits in force on the as-of date at all, and — when the rule book "
                  "holds plot boundaries — whether the design's site lies in it.",
        "computed": "Indeterminate when the plot was adjusted by a letter that did not publish its values, was "
                    "split or merged, or when no approval is in force yet on that date. With plot boundaries "
                    "(docs/plan.md): a pass when the site lies inside one plot, indeterminate when it straddles "
                    "plots or reaches outside its plot, a failure when it lies in another plot than the one named.",
        "standard": "The approval letters, resolved by the date each takes effect.",
    },
    "ZR-SITE-AREA": {
        "name": "SiteAreaCrossCheck",
        "checks": "The design's 用地面积 against the area the letter states.",
        "computed": "A warning when they differ by more than the policy tolerance (default 5 %); the letter's "
                    "area is often approximate (约, or only in the title).",
        "standard": "The approval letter; tolerance is a policy value.",
    },
    "ZR-DECLARED": {
        "name": "DeclaredFigureCrossCheck",
        "checks": "A declared ratio (far, building_density, green_ratio) against the one computed from the areas.",
        "computed": "A warning when the declared figure differs from the computed ratio by more than half a unit "
                    "of its last written digit; the computed value decides.",
        "standard": "GB/T 8170-2008 (rounding of the declared figure).",
    },
    "ZR-WITHIN-SITE": {
        "name": "BuildingsWithinSite",
        "checks": "Every building footprint of the site plan lies within the site boundary (用地红线).",
        "computed": "From the site plan's geometry (projected to metres): a footprint reaching outside the "
                    "site polygon is a violation; no site plan → not checked.",
        "standard": "The approval letter (建筑不得压占相邻地块用地界线) and the plot's 用地红线.",
    },
}


def doc(code: str) -> dict[str, str]:
    """The entry of a code; a code added without one still renders (a test demands the entry)."""
    if code in CODES:
        return CODES[code]
    ind = next(i for i in (*INDICATORS.values(), *META.values()) if i.code == code)
    return {"name": "".join(w.capitalize() for w in ind.en.replace("(", " ").replace(")", " ").split()),
            "checks": f"{ind.zh} ({ind.en}).", "computed": "See the checker.", "standard": "—"}


def anchor(code: str) -> str:
    return code.lower()


def docs_base() -> str:
    """The codes page: the project's published URL for it when the package metadata names one."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("zoning-rules").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("codes", "finding codes"):
                return url.strip()
            if label.strip().lower() == "documentation":
                return url.strip().rstrip("/") + "/" + DOCS_PAGE.split("/", 1)[1]
    except Exception:  # noqa: BLE001 - metadata is optional (source checkout)
        pass
    return DOCS_PAGE


def help_uri(code: str | None) -> str:
    base = docs_base()
    return base if code is None else f"{base}#{anchor(code)}"


def markdown() -> str:
    """docs/codes.md."""
    out = ["# Finding codes", "",
           "Stable codes of `zoning-rules check` findings. CI systems, SARIF rules (`ruleId`), JUnit test "
           "names and design `waivers:` refer to them; they are never renumbered. Generated from "
           "`src/zoning_rules/reporters/codes.py` by `python -m zoning_rules.reporters.codes > docs/codes.md`.",
           "",
           "Statuses: `pass`; `fail` (a bound is broken); `indeterminate` (cannot be decided — a value or a "
           "limit is missing, or needs an officer's judgement; never a pass); `warn` (a cross-check; never "
           "decides); `waived` (a failure covered by an approved exception in the design's `waivers:`, "
           "reported with the document that grants it).", "",
           "| code | indicator | key |", "|---|---|---|"]
    inds = (*INDICATORS.values(), *META.values())
    for ind in inds:
        out.append(f"| [`{ind.code}`](#{anchor(ind.code)}) | {ind.zh} — {ind.en} | `{ind.key}` |")
    for ind in inds:
        d = doc(ind.code)
        out += ["", f'<a id="{anchor(ind.code)}"></a>', f"## {ind.code} — {ind.zh} ({ind.en})", "",
                f"- **Checks:** {d['checks']}", f"- **Computed:** {d['computed']}",
                f"- **Standard:** {d['standard']}"]
        if ind.key in INDICATORS:
            out.append(f"- **Waivable:** yes — `waivers: [{{indicator: {ind.code}, document: …, reason: …}}]`")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
