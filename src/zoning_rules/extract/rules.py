"""A letter → its sources entry and plot approvals, in the rule-book file format (plain dicts).

Plot statements start at a group of plot codes followed by 地块 (``N-10-05、N-11-02地块…``) and run
to the next group or the end of the clause; a sub-clause headed …地块 with no code
(``（一）南地块``) is a plot named after the area in the title (货源街片区 → 货源街南地块).  Plots
that the approving clause (原则同意……方案) names but no clause gives values for are recorded as
adjusted without published values (``published: false``).
"""
from __future__ import annotations

import re

from . import limits as L
from .clauses import Unit, clauses, items
from .letters import Letter, planning_related

GROUP = re.compile(rf"{L.CODE}(?:(?:、|,|和|及|与){L.CODE})*(?:号?地块|:|(?=用地性质|容积率))")
APPROVING = re.compile(r"同意.*(?:方案|调整)")
SEVERAL = re.compile(rf"(?P<grp>{L.CODE}(?:(?:、|,|和|及|与){L.CODE})*)等(?P<n>\d+|[一二三四五六七八九十]+)个地块")
SET_ASIDE = re.compile(r"留白|不考虑已批复")
AREA_NAME = re.compile(r"([^市区县省镇,()]{2,8}?)片区")
CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return CN[a] * 10 + (CN[b] if b else 0)
    return CN[s]


def quote(letter: Letter, start: int, end: int) -> str:
    """The statement as printed, one space before each numbered item (as an officer would fold it)."""
    flat = letter.flat
    marks = [m.start() for m in items(flat.norm, start, end) if m.start() > start]
    parts, last = [], start
    for p in marks:
        parts.append(flat.text[last:p])
        last = p
    parts.append(flat.text[last:end])
    return " ".join(parts)


def extract_letter(letter: Letter) -> tuple[dict | None, list[tuple[str, dict]]]:
    """(sources entry or None, [(plot key, approval), …]) for one letter."""
    flat = letter.flat
    norm = flat.norm
    units = clauses(letter)
    approvals: list[tuple[str, dict]] = []
    source_notes: list[str] = []
    approving: tuple[Unit, list[str]] | None = None

    def statement(key_codes: list[str], unit: Unit, s: int, e: int) -> None:
        marks = [(m.start(), m.end()) for m in items(norm, s, e)]
        parsed = L.parse(norm, flat.text, s, e, marks)
        _validate(parsed)
        if not parsed.has_values:
            return
        body: dict = {"source": letter.doc, "clause": unit.label}
        if parsed.land_use is not None:
            body["land_use"] = parsed.land_use
        if parsed.area is not None:
            body["area"] = parsed.area
        if parsed.limits:
            body["limits"] = parsed.limits
        if parsed.planned:
            body["planned"] = parsed.planned
        if parsed.notes:
            body["notes"] = parsed.notes
        body["quote"] = quote(letter, s, e)
        body["lines"] = flat.lines(s, e)
        if parsed.review:
            body["review"] = parsed.review
        for code in key_codes:
            approvals.append((code, dict(body)))

    area_name = AREA_NAME.search(letter.subject)
    for unit in units:
        pieces = [(unit, unit.start, unit.subs[0].marker_start if unit.subs else unit.end)]
        pieces += [(sub, sub.start, sub.end) for sub in unit.subs]
        if approving is None and APPROVING.search(norm, unit.start, unit.end):
            named = [m.group() for m in L.CODE_RE.finditer(norm, unit.start, unit.end)]
            if named:
                approving = (unit, named)
                several = SEVERAL.search(norm, unit.start, unit.end)
                if several:
                    source_notes.append(("several", several))
        plot_subs = []
        for piece, s, e in pieces:
            groups = list(GROUP.finditer(norm, s, e))
            for i, g in enumerate(groups):
                ge = groups[i + 1].start() if i + 1 < len(groups) else e
                codes = L.CODE_RE.findall(norm, g.start(), g.end())
                statement(codes, piece, g.start(), ge)
            if piece is not unit and not groups and piece.heading.endswith("地块"):
                before = len(approvals)
                name = (area_name.group(1) if area_name else "") + piece.heading
                statement([name], piece, piece.heading_end, e)
                if len(approvals) > before:
                    plot_subs.append(piece)
        if plot_subs:
            for sub in unit.subs:
                if sub not in plot_subs:
                    rest = sub.heading_end if sub.heading_end is not None else sub.start
                    source_notes.append(f"（{sub.label.split('（')[1]}{flat.text[rest:sub.end]}")
        for m in re.finditer(r"[^。:;]*(?:留白|不考虑已批复)[^。;]*。", norm[unit.start:unit.end]):
            s = unit.start + m.start()
            source_notes.insert(0, flat.text[s:unit.start + m.end()])

    published = {code for code, _ in approvals}
    if approving is not None:
        unit, named = approving
        first_valued = approvals[0][1]["clause"] if approvals else None
        for code in dict.fromkeys(named):
            if code in published:
                continue
            body = {"source": letter.doc, "clause": unit.label, "published": False,
                    "quote": flat.text[unit.start:unit.end],
                    "lines": flat.lines(unit.start, unit.end)}
            if first_valued:
                body["notes"] = [f"第{first_valued}条未列出{code}地块调整后的用地性质和控制指标。"]
            approvals.append((code, body))
    _title_areas(letter, approvals)

    if not approvals and not planning_related(letter):
        return None, []
    source: dict = {"title": letter.title, "issuer": letter.issuer, "date": letter.date,
                    "addressee": letter.addressee}
    if letter.request:
        source["request"] = letter.request
    if not approvals:
        source["plot_limits"] = False
    notes = []
    for n in source_notes:
        if isinstance(n, tuple):
            m = n[1]
            total = _cn_int(m["n"])
            k = len(L.CODE_RE.findall(norm, m.start("grp"), m.end("grp")))
            phrase = flat.text[m.start():m.end()]
            tail = "" if published else "，亦未公布调整后的指标"
            if total > k:
                notes.append(f"批复同意“{phrase}”的控规调整方案，未列出其余{total - k}个地块的编号{tail}。")
        else:
            notes.append(n)
    if notes:
        source["notes"] = notes
    return source, approvals


def _validate(parsed) -> None:
    """Values the rule-book loader would refuse (35 as a ratio, 0.5个) go to review, not to the draft."""
    from ..errors import InputError
    from ..indicators import INDICATORS
    from ..units import parse

    for key in list(parsed.limits):
        spec = parsed.limits[key]
        kind = INDICATORS[key].kind
        if kind not in ("number", "ratio", "length", "area", "count"):
            continue
        try:
            values = {b: parse(spec[b], kind).value for b in ("min", "max", "min_large_commercial") if b in spec}
            if "min" in values and "max" in values and values["min"] > values["max"]:
                raise InputError(f"下限 {spec['min']} 大于上限 {spec['max']}")
        except InputError as exc:
            del parsed.limits[key]
            parsed.review.append(f"{key}: {exc.message}，未录入。")
    for name, stated in [("area", parsed.area)] + list(parsed.planned.items()):
        if stated is None:
            continue
        try:
            if parse(stated["value"], "area").value == 0:
                raise InputError("an area of zero")
        except InputError as exc:
            parsed.review.append(f"{name}: {exc.message}，未录入。")
            if name == "area":
                parsed.area = None
            else:
                del parsed.planned[name]


def _title_areas(letter: Letter, approvals: list[tuple[str, dict]]) -> None:
    """An area given only in the title (BZ-13-10地块（北部综合组团71亩）) is kept as approximate."""
    norm = letter.flat.norm
    subject = letter.flat.norm[letter.start:letter.body_start]
    for code, body in approvals:
        if "area" in body or body.get("published") is False:
            continue
        m = re.search(rf"{re.escape(code)}地块\([^()]*?(?P<num>{L.NUM})(?P<unit>{L.AREA_UNIT})\)", subject)
        if m:
            body["area"] = {"value": m["num"] + L._area_unit(m["unit"]), "approx": True, "note": "仅见于标题"}
    del norm
