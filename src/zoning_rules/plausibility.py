"""Figures that cannot all be true are refused before any limit is looked at.

A limit check answers "is this design within the limits?" — it presumes the design could exist.
Green area larger than the site, 100 000 m² of floor area under a height of 0 m, 113 000 m² on a
1 000 m² footprint under 6 m: each passes a lazy check (a green ratio of 126 % passes ≥ 35 %), so a
signed report could say 通过 for a building nobody can build.  Here such figures are an error
(``ImplausibleDesign``, exit 2), naming the fields, their values and why they cannot all hold.

Pure: a mapping of field → exact ``Amount`` in, problems out.  ``check`` calls ``check_design`` once
before deciding; ``check_table`` runs the vectorised twin (``batch/plausibility.py``), which screens
rows with floats and decides each suspect row here, exactly, so both engines agree row for row.
Site-plan rules (parapets below the storeys they top, duplicate buildings) live in
``geometry/plausibility.py``.  The thresholds are one frozen ``Plausibility`` a bureau may replace
(docs/plausibility.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from .errors import InputError, ValidationFailed
from .units import Amount


class ImplausibleDesign(InputError):
    """Figures of one design that cannot all be true (each named with its value)."""


@dataclass(frozen=True)
class Plausibility:
    """What no building can be.  Defaults are deliberately loose: only the impossible is refused."""

    #: the lowest storey (层高) any building has, m: a height of H holds at most H / this storeys
    #: (GB 50096 asks ≥ 2.8 m for dwellings; 2.2 m leaves room for every other use)
    min_storey_height: Fraction = Fraction(22, 10)
    #: above any building ever built (828 m) with a wide margin, m
    max_height: Fraction = Fraction(1000)
    #: above-ground storeys of any building (the tallest has 163)
    max_storeys: int = 300
    #: green and building footprints both lie inside the site and do not overlap (绿地 is ground
    #: not covered by buildings, GB 50180 A.0.2); a bureau that counts roof greening as 绿地 turns
    #: this off
    green_apart_from_footprint: bool = True


DEFAULT_PLAUSIBILITY = Plausibility()


@dataclass(frozen=True)
class Problem:
    """One impossibility: the fields involved and a sentence in Chinese and English."""

    fields: tuple[str, ...]
    message_zh: str
    message_en: str


def _v(values: Mapping[str, Any], key: str) -> Amount | None:
    a = values.get(key)
    return a if isinstance(a, Amount) else None


def _w(a: Amount) -> str:
    return repr(a.written)


def _low(a: Amount) -> Fraction:
    """The least value a declared (rounded) figure may stand for."""
    return a.value - (a.half_step or 0) if a.kind in ("number", "ratio") else a.value


def _high(a: Amount) -> Fraction:
    return a.value + (a.half_step or 0) if a.kind in ("number", "ratio") else a.value


def problems(values: Mapping[str, Any], rules: Plausibility = DEFAULT_PLAUSIBILITY) -> list[Problem]:
    """Every impossibility among a design's figures (field → ``Amount``; other values ignored).

    Declared ratios are rounded figures (2.40 stands for [2.395, 2.405]); they are taken at the
    most favourable end of their interval, so a figure is refused only if no reading makes it true.
    """
    out: list[Problem] = []
    site, floor = _v(values, "site_area"), _v(values, "floor_area")
    foot, green = _v(values, "footprint_area"), _v(values, "green_area")
    far, density, gratio = _v(values, "far"), _v(values, "building_density"), _v(values, "green_ratio")
    height = _v(values, "height")

    # parts larger than the whole
    for part, zh in ((foot, "建筑基底面积"), (green, "绿地面积")):
        if part is not None and site is not None and part.value > site.value:
            name = "footprint_area" if part is foot else "green_area"
            out.append(Problem((name, "site_area"),
                               f"{zh} {part.written} 大于用地面积 {site.written}：部分不能大于整体",
                               f"{name} {_w(part)} is larger than site_area {_w(site)}: a part of the site "
                               f"cannot be larger than the site"))
    if rules.green_apart_from_footprint:
        if foot is not None and green is not None and site is not None and \
                foot.value <= site.value and green.value <= site.value and foot.value + green.value > site.value:
            out.append(Problem(("footprint_area", "green_area", "site_area"),
                               f"建筑基底面积 {foot.written} 与绿地面积 {green.written} 之和大于用地面积 "
                               f"{site.written}：两者都在用地内且互不重叠",
                               f"footprint_area {_w(foot)} and green_area {_w(green)} add up to more than "
                               f"site_area {_w(site)}: both lie inside the site and do not overlap"))
        if density is not None and gratio is not None and _low(density) + _low(gratio) > 1:
            out.append(Problem(("building_density", "green_ratio"),
                               f"建筑密度 {density.written} 与绿地率 {gratio.written} 之和超过 100%",
                               f"building_density {_w(density)} and green_ratio {_w(gratio)} add up to more "
                               f"than 100 % of the site"))

    # heights no building has
    if height is not None and height.value > rules.max_height:
        out.append(Problem(("height",), f"建筑高度 {height.written} 超过任何建筑（上限 {rules.max_height} m）",
                           f"height {_w(height)} is beyond any building (more than {rules.max_height} m)"))

    # floor area, footprint and height of the same buildings
    built = [(name, a) for name, a in (("floor_area", floor), ("far", far), ("footprint_area", foot),
                                       ("building_density", density)) if a is not None and _low(a) > 0]
    if height is not None and height.value == 0 and built:
        name, a = built[0]
        out.append(Problem(("height", name),
                           f"建筑高度为 {height.written}，但 {name} 为 {a.written}：没有高度的建筑不能有面积"
                           f"（高度未知请留空，结论为无法判定）",
                           f"height {_w(height)} under {name} {_w(a)}: a building of no height has no area "
                           f"(leave the height out if it is not known: the finding is then indeterminate)"))
    elif height is not None:
        storeys = max(Fraction(1), height.value / rules.min_storey_height)
        for f_name, f_amt, b_name, b_amt in (("floor_area", floor, "footprint_area", foot),
                                             ("far", far, "building_density", density)):
            if f_amt is None or b_amt is None:
                continue
            if _low(f_amt) > _high(b_amt) * storeys:
                out.append(Problem(
                    (f_name, b_name, "height"),
                    f"{f_name} {f_amt.written} 大于 {b_name} {b_amt.written} 在建筑高度 {height.written} 内"
                    f"所能容纳的（层高至少 {rules.min_storey_height} m，至多 {float(storeys):.1f} 层）",
                    f"{f_name} {_w(f_amt)} is more than {b_name} {_w(b_amt)} can hold under a height of "
                    f"{_w(height)} (storeys of at least {float(rules.min_storey_height):g} m: at most "
                    f"{float(storeys):.1f} storeys)"))
    for f_name, f_amt, b_name, b_amt in (("floor_area", floor, "footprint_area", foot),
                                         ("far", far, "building_density", density)):
        if f_amt is not None and b_amt is not None and _high(f_amt) == 0 and _low(b_amt) > 0:
            out.append(Problem((f_name, b_name),
                               f"{b_name} 为 {b_amt.written}，但 {f_name} 为 {f_amt.written}：有基底的建筑至少有一层",
                               f"{f_name} {_w(f_amt)} over {b_name} {_w(b_amt)}: a building standing on the "
                               f"ground has at least one storey of floor area"))
    return out


def check_design(loaded, rules: Plausibility | None = None) -> None:
    """Raise ``ImplausibleDesign`` (several: ``ValidationFailed``) for a design that cannot exist."""
    design = loaded.design
    found = problems({name: getattr(design, name) for name in type(design).model_fields},
                     rules or DEFAULT_PLAUSIBILITY)
    if not found:
        return
    raise_problems(found, file=loaded.path, line_of=loaded.line_of)


def raise_problems(found: list[Problem], *, file: str | None, line_of=None) -> None:
    errors = [ImplausibleDesign(f"{p.message_en} (不可能的设计：{p.message_zh})", file=file,
                                field=", ".join(p.fields),
                                line=line_of(p.fields[0]) if line_of else None)
              for p in found]
    raise errors[0] if len(errors) == 1 else ValidationFailed(errors)
