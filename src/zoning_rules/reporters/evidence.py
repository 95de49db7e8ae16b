"""Where each computed figure came from, as the human-readable reports list it.

A model's figures name the elements (IfcGUIDs) that decided them, so an officer can find them in
the BIM tool and an architect knows what to change; a design without a model has no evidence and
these reports look as before.
"""
from __future__ import annotations

from ..indicators import INDICATORS

#: Entries that are not indicators.
_OTHER = {"model": ("模型文件", "model file"), "site_area": ("用地面积", "site area"),
          "footprint_area": ("建筑基底面积", "building footprint"), "floor_area": ("计容建筑面积", "counted floor area"),
          "green_area": ("绿地面积", "green area"), "declared_unchecked": ("未核对的申报值", "declared, not checked"),
          "within_site": ("建筑在用地红线内", "within the site")}
TITLE = {"zh": "计算来源", "en": "Where the figures come from"}
#: GUIDs listed in full up to this many; more are counted (the JSON and BCF list all of them).
SHOWN = 6


def _name(key: str, lang: str) -> str:
    if key in _OTHER:
        return _OTHER[key][0 if lang == "zh" else 1]
    ind = INDICATORS.get(key)
    if ind is not None:
        return ind.zh if lang == "zh" else ind.en
    return key


def rows(report, lang: str = "zh") -> list[tuple[str, str, str]]:
    """(what, how, elements) for each entry of the report's evidence, in its order."""
    out = []
    for key, ev in report.evidence.items():
        guids = list(ev.elements)
        shown = ", ".join(guids[:SHOWN])
        if len(guids) > SHOWN:
            shown += (f" 等 {len(guids)} 个" if lang == "zh" else f" … ({len(guids)} in all)")
        out.append((_name(key, lang), ev.source_zh if lang == "zh" else ev.source_en, shown))
    return out


def text_lines(report, lang: str = "zh") -> list[str]:
    items = rows(report, lang)
    if not items:
        return []
    colon = "：" if lang == "zh" else ": "
    lines = [f"  {TITLE[lang]}{colon}".rstrip()]
    for what, how, guids in items:
        lines.append(f"  - {what}{colon}{how}" + (f" [{guids}]" if guids else ""))
    return lines
