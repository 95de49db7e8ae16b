"""One plot statement → land use, site area, planned floor areas and limits, as the letter writes them.

Each indicator is found by its name (容积率, 建筑密度, 绿地率, 建筑高度/建筑限高, 停车泊位, 退让…红线,
出入口) followed by a comparison (≤ < 不大于 不超过 ≥ > 不小于 不低于 …), a range (2.0-3.5) or, for
限高 only, a bare value.  Values are kept as written (``2.4``, ``30%``, ``50m``, ``71亩``) for the
rule-book loader to make exact; the extractor never does arithmetic on them.

What cannot be decided goes to ``review`` instead of being guessed: a value with no comparison
(容积率为2.0), an approximate limit (建筑高度约50米), a limit per building type, a figure no pattern
explains.  Sentences that set nothing (四至范围…) become ``notes``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..indicators import INDICATORS, SIDES, version

# A number ends where its digits end: "1e400" or "12.5e3" is not the number 1 or 12.5 (nor "1", "12"
# by backtracking) — it is left unread and goes under review, never a limit the text does not state.
NUM = r"[0-9]+(?:\.[0-9]+)?(?![0-9]|\.[0-9]|[eE][+-]?[0-9])"   # ASCII only: item numbers are not (clean.py)
LEN_UNIT = r"(?:米|公尺|m(?![2²])|M(?![2²]))"
AREA_UNIT = r"(?:万平方米|平方米|平米|万m2|m2|m²|㎡|公顷|hm2|ha|亩|平方公里|km2)"
CODE = r"(?<![A-Za-z0-9/-])[A-Z]{1,4}(?:-[A-Z]{1,3})?(?:-\d+){2,3}(?:/\d+)?(?![A-Za-z0-9/-])"
CODE_RE = re.compile(CODE)
# Any code a notice marks as a plot (…地块, 地块编号…): letters and digits in any order, joined by
# - or /, with at least one letter and two separate runs of digits (E02-03, 1A03-12, LP-B-7-2/03);
# E-29 or N-08 (one run of digits) are blocks, not plots.
LOOSE = (r"(?<![A-Za-z0-9/-])(?=[A-Z0-9/-]*[A-Z])(?=[A-Z0-9/-]*\d+[A-Z/-]+\d)"
         r"[A-Z0-9]+(?:[-/][A-Z0-9]+)*(?![A-Za-z0-9/-])")
LOOSE_RE = re.compile(LOOSE)
# Codes other cities write that only count as plots when 地块 follows their list (rules.groups):
# one letter run and one digit run (A-01, unless the letter also has A-01-… — then it is a block),
# digits only (03-12, 3-12-05), and a place with a number (西街街道12号).
SHORT = r"(?<![A-Za-z0-9/.-])[A-Z]{1,4}-\d{1,3}(?![A-Za-z0-9/.-])"
DIGITS = r"(?<![A-Za-z0-9/.%-])\d{1,3}(?:-\d{1,3}){1,2}(?![A-Za-z0-9/.%-])"
PLACE = r"[\u4e00-\u9fff]{1,10}?(?:街道|社区|镇|乡|村|片区|园区|街区)\d{1,4}号(?=地块|[、,和及与])"
EXTRA_RE = re.compile(f"(?P<loose>{LOOSE})|(?P<short>{SHORT})|(?P<digits>{DIGITS})|(?P<place>{PLACE})")
# Words before a place name that are not part of it (同意西街街道12号地块 → 西街街道12号).
PLACE_LEAD = re.compile(r"关于|同意|位于|对|将|的|区|县|市|和|及|与|为|在|、")
_PLACE_REST = re.compile(r"[\u4e00-\u9fff]+?(?:街道|社区|镇|乡|村|片区|园区|街区)\d")


def place_start(found: str) -> int | None:
    """Where the place name of a PLACE match begins: after the last word that cannot be part of it
    (同意 in 同意西街街道12号, 城区 in 城区西街街道12号) such that a name still stands before the
    suffix (城北社区1号 keeps its 区); None when no name is left."""
    cuts = [0] + [m.end() for m in PLACE_LEAD.finditer(found)]
    for cut in reversed(cuts):
        if _PLACE_REST.match(found, cut):
            return cut
    return None

# (spelling, bound, exclusive); longest first so that 小于等于 wins over 小于.
_OPS = [
    ("≤", "max", False), ("<=", "max", False), ("≦", "max", False), ("不大于", "max", False),
    ("不超过", "max", False), ("不高于", "max", False), ("不得大于", "max", False),
    ("不得超过", "max", False), ("不得高于", "max", False), ("不应大于", "max", False),
    ("不应超过", "max", False), ("不宜大于", "max", False), ("小于等于", "max", False),
    ("小于或等于", "max", False), ("最大为", "max", False), ("最高为", "max", False),
    ("上限为", "max", False), ("上限值为", "max", False), ("最大值为", "max", False), ("不超出", "max", False),
    ("≯", "max", False), ("下限为", "min", False), ("下限值为", "min", False), ("最小值为", "min", False),
    ("≮", "min", False),
    ("<", "max", True), ("小于", "max", True), ("低于", "max", True),
    ("≥", "min", False), (">=", "min", False), ("≧", "min", False), ("不小于", "min", False),
    ("不低于", "min", False), ("不少于", "min", False), ("不得小于", "min", False),
    ("不得低于", "min", False), ("不得少于", "min", False), ("不应小于", "min", False),
    ("不应低于", "min", False), ("不宜小于", "min", False), ("大于等于", "min", False),
    ("大于或等于", "min", False), ("最小为", "min", False), ("最低为", "min", False),
    (">", "min", True), ("大于", "min", True), ("高于", "min", True), ("多于", "min", True),
]
OPS = {s: (b, x) for s, b, x in _OPS}
OP = "|".join(re.escape(s) for s in sorted(OPS, key=len, reverse=True))
FILLER = r"(?:[:]|在(?=\d)|\(?(?:H|h|FAR)\)?(?=[<≤≦=≥>]|不)|调整为|变更为|修改为|调整至|为|应|须|需|宜|且|均|控制在|原则上){0,3}"
# 容积率由1.5调整为≤2.5: the figure between 由 and 调整为 is the old one, a note and never a limit.
FROM_TO = re.compile(r":?由(?P<old>[^,;。:]{1,30}?)(?:调整|变更|修改|提高|降低|增加|减少)(?:为|至|到)")
RANGE_SEP = r"(?:-|~|～|至|到|—|–)"
# A comparison written before the indicator's name (2.0≤容积率, 1.0<容积率): the bound it sets.
MIRRORED = {"<": ("min", True), "≤": ("min", False), "<=": ("min", False), "≦": ("min", False),
            ">": ("max", True), "≥": ("max", False), ">=": ("max", False), "≧": ("max", False)}
MIRROR = "|".join(re.escape(s) for s in sorted(MIRRORED, key=len, reverse=True))
# A building type named after the value: 建筑高度≤80米（住宅）.
TYPE_AFTER = re.compile(r"\((?P<q>[\u4e00-\u9fff]{1,10})\)")
# What joins the second bound of one indicator to the first: ≤3.5且≥2.0, 大于等于1.2小于等于2.0.
SECOND = r"(?:且|并且|同时|但|,且|、且|,|、)?"
# Whether the number itself is allowed, said after it: 不大于2.5（含）, ≤2.5（不含本数）.
INCLUSION = re.compile(r"\((?P<w>含|不含|包含|不包含)(?:本数)?\)")

def _keyword_table() -> tuple[dict, dict, dict, "re.Pattern"]:
    """(names, units, Chinese names, pattern) of every indicator that declares extractor keywords
    (``Indicator.keywords``/``limit_units``), rebuilt when the registry changes."""
    global _TABLE
    v = version()
    if _TABLE is None or _TABLE[0] != v:
        inds = [i for i in INDICATORS.values() if i.keywords]
        names = {i.key: i.keywords for i in inds}
        units = {i.key: LEN_UNIT if i.limit_units == "LEN" else i.limit_units for i in inds}
        zh = {i.key: i.zh for i in inds}
        pattern = re.compile("|".join(f"(?P<{k}>{v})" for k, v in names.items()))
        _TABLE = (v, (names, units, zh, pattern))
    return _TABLE[1]


_TABLE = None


_FILLER = re.compile(FILLER)
# Words that may stand before an indicator without making it a limit of one building type only.
GENERIC = re.compile(r"建筑物|建构筑物|新建|拟建|(?:规划区|地块|用地|场地|基地|区|范围|红线)内|本项目|该项目|项目|整体|所有|全部|各类|该|本|规划|控制|指标|主要|其中|控规|调整后|调整|变更后|变更|修改后|条件|要求|地块编号|编号|宗地|地块|最大|"
                     r"最高|建筑|且|并|的|用地|其|总|现|拟|新|为|[()《》\[\]<>]|" + LOOSE + "|" + CODE)

# Where a value ends when a list is broken only by lines (用地性质：一类工业用地（M1）⏎用地面积：…).
NEXT_FIELD = (r"(?:用地面积|占地面积|出让面积|用地规模|容积率|建筑密度|绿地率|建筑高度|建筑限高|限高|总?计容建筑面积)"
              r"(?=[:≤≥<>=\d]|不|为|约)")
LAND_USE = re.compile(r"用地性质(?:及用地面积)?(?:由[^,;。]{1,30}?)?(?:调整为|变更为|均为|为|:|是)"
                      rf"(?P<lu>[^,;。:]+?)(?=[,;。]|$|{NEXT_FIELD}|[\u0660-\u0669])")
LU_CODE = r"[A-Z]{1,2}\d{0,3}[a-z]?"
# (R2居住用地), (二类居住用地R2), 规划为消防用地(U31): a land use named without 用地性质.
LAND_USE_NAMED = re.compile(
    rf"(?:\((?P<p>(?:{LU_CODE})?[\u4e00-\u9fff]{{1,14}}?用地(?:{LU_CODE})?)\)"
    rf"|(?P<r>\({LU_CODE}\)[\u4e00-\u9fff]{{1,14}}?用地)"
    rf"|(?P<s>[\u4e00-\u9fff]{{1,14}}?用地\({LU_CODE}\))"
    rf"|(?:规划为|调整为|变更为|用途为|用途:)(?P<q>(?:{LU_CODE})?[\u4e00-\u9fff]{{1,14}}?用地(?:\({LU_CODE}\))?)(?=[,;。:]|$))")
LAND_CODE = re.compile(r"\((?P<code>[A-Z]{1,2}\d{0,3}[a-z]?)\)$")
AREA = re.compile(rf"(?:(?:用地|占地|出让|宗地|土地|地块)面积|用地规模)(?:分别)?(?:为|:)?(?P<a1>约)?(?:为)?(?P<a2>约)?(?P<num>{NUM})(?P<unit>{AREA_UNIT})")
PLANNED = re.compile(rf"(?P<what>[\u4e00-\u9fff]{{0,12}}?)建筑面积(?:为|:)?(?P<a1>约)?(?:为)?(?P<a2>约)?(?P<op>{OP})?(?P<num>{NUM})(?P<unit>{AREA_UNIT})")
ENTRANCE = re.compile(r"出入口(?:方位)?(?:应|须)?(?:位于|设于|设在|设置在|开向|朝向|开设在|开设于)?(?:用地)?(?P<sides>[东南西北](?:[、和及与][东南西北])*)(?:侧|面|向)?")
TEXT_LIMIT = re.compile(r"(?:满足|符合|按照|按|执行|服从|遵循|遵守)[^,;。]*")
NUMBER = re.compile(NUM)
# Numbers that are never figures of a plot: a 文号 (吕政函〔2022〕33号), a land certificate
# (晋（2021）晋中市不动产权第0023456号), a date (2022年3月15日).
NOT_FIGURES = re.compile(r"[\u4e00-\u9fff]{1,10}(?:〔\d{4}〕|\[\d{4}\]|【\d{4}】|\(\d{4}\))\d{1,4}号"
                         r"|[\u4e00-\u9fff]{0,2}\(\d{4}\)[\u4e00-\u9fff]{0,20}第\d{1,12}号"
                         r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?")
# Words that name an indicator: a sentence holding one and yielding no limit is never silent.
MENTION = re.compile(r"容积率|建筑密度|绿地率|(?:建筑|房屋|楼|檐口)高度|限高|高度(?=[:≤<≥>=]|不|控制|为|约|\d)|"
                     r"停车(?:泊位|位|配建)|泊位|退线|退让|建筑间距|计容")
# Before/after notices: the old figures (原出让合同指标…, 调整前) up to the new ones (变更后, 调整为…).
OLD_START = re.compile(r"(?:原(?:国有)?(?:土地)?(?:出让合同|控规|控制性详细规划|规划(?:设计)?条件|规划|批复|审批|指标)"
                       r"|(?:调整|变更|修改)前)(?:的)?(?:约定)?(?:的)?(?:规划)?(?:控制)?(?:指标|条件|要求|内容)?"
                       r"(?:为|是|:|(?=容积率|建筑密度|绿地率|用地性质|建筑高度|建筑限高|限高))")
NEW_START = re.compile(r"(?:调整|变更|修改)(?:后|为|至)|现(?:申请)?(?:调整|变更)|拟(?:调整|变更)|新指标")
BOUNDARY = re.compile(r"[。;]")


MANY_NAMES = 200


def old_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a statement quotes the figures being replaced: from an old-figures marker to the
    new-figures marker (or, failing one, the sentence end), cut back to the last sentence end
    before the new marker (原出让合同指标：容积率≤1.5。现申请将容积率变更为… keeps the second
    sentence new).  Linear: one forward scan."""
    spans = []
    pos = start
    while True:
        m = OLD_START.search(norm, pos, end)
        if m is None:
            return spans
        n = NEW_START.search(norm, m.end(), end)
        stop = n.start() if n else end
        last = None
        for b in BOUNDARY.finditer(norm, m.end(), stop):
            last = b
            if n is None:
                break
        if last is not None:
            stop = last.end()
        spans.append((m.start(), stop))
        pos = max(stop, m.end())


@dataclass
class Parsed:
    land_use: str | dict | None = None
    area: dict | None = None
    planned: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    review: list = field(default_factory=list)
    typed: dict = field(default_factory=dict)  # indicator → [(qualifier, spec, phrase), …] per building type
    hits: list = field(default_factory=list)   # (offset of an indicator's name, "limit"|"review"|"old")

    @property
    def has_values(self) -> bool:
        return bool(self.land_use or self.area or self.planned or self.limits or self.typed)


def _phrase_start(norm: str, i: int, lo: int) -> int:
    """Start of the phrase holding offset i, looked for at most 200 characters back (C-level
    ``rfind``), so that a text without punctuation (one 10 MB line) costs linear time."""
    lo = max(lo, i - 200)
    return max([lo] + [norm.rfind(c, lo, i) + 1 for c in ",;:。、"])


def _phrase_end(norm: str, i: int, hi: int) -> int:
    hi = min(hi, i + 200)
    found = [j for j in (norm.find(c, i, hi) for c in ",;。") if j >= 0]
    return min(found) if found else hi


_TYPE_RUN = re.compile(r"[\u4e00-\u9fff]{1,20}$")
_UNIT_LEFT = re.compile(r"^(?:万平方米|平方米|公顷|以下|以上|以内|米|个|辆|亩|层)")


def _qualifier(norm: str, start: int, kw_start: int) -> str:
    """The building type a limit is for (生产性 in 生产性建筑高度≤50米): the Chinese words right
    before the indicator's name, less generic words and a unit left from a previous value (indicator
    lists broken only by lines read ``…≤54米建筑密度≤30%``)."""
    lo = max(_phrase_start(norm, kw_start, start), kw_start - 20)
    run = _TYPE_RUN.search(norm, lo, kw_start)
    q = run.group() if run else ""
    q = _UNIT_LEFT.sub("", q)
    return GENERIC.sub("", q)


def _land_use(norm: str, text: str) -> str | dict:
    """商业用地(B1), R2居住用地, 二类居住用地R2 → {code, name}; a name alone stays a string.

    ``norm`` is matched, ``text`` (same offsets) is what is written out."""
    m = re.fullmatch(rf"\(?(?P<c1>{LU_CODE})\)?(?P<name>[^()]+?)|(?P<name2>[^()]+?)\(?(?P<c2>{LU_CODE})\)?", norm)
    if m and (m["c1"] or m["c2"]) and re.search(r"[\u4e00-\u9fff]", m["name"] or m["name2"] or ""):
        g = "name" if m["c1"] else "name2"
        return {"code": m["c1"] or m["c2"], "name": text[m.start(g):m.end(g)]}
    return text


def parse(norm: str, text: str, start: int, end: int, item_marks: list[tuple[int, int]] = (),
          codes=()) -> Parsed:
    """Read one statement (``norm[start:end]``); ``text`` is the same string as printed; ``codes``
    are the plots it is about (their digits are never an unread figure)."""
    out = Parsed()
    used: list[tuple[int, int]] = []
    old = old_spans(norm, start, end)

    def take(s: int, e: int) -> None:
        used.append((s, e))

    def in_old(i: int) -> bool:
        return any(a <= i < b for a, b in old)

    for a, b in old:
        take(a, b)
        out.notes.append(f"调整前的指标（仅作记录，不是限值）：{text[a:b].rstrip('。;；,，')}")
        for m in _keyword_table()[3].finditer(norm, a, b):
            out.hits.append((m.start(), "old"))

    def has(word: str) -> bool:  # a C-level find before a regex that tries every position
        return norm.find(word, start, end) >= 0

    for m in (LAND_USE.finditer(norm, start, end) if has("用地性质") else ()):
        if in_old(m.start("lu")):
            continue
        out.land_use = _land_use(norm[m.start("lu"):m.end("lu")], text[m.start("lu"):m.end("lu")])
        take(m.start(), m.end("lu"))
        was = re.match(r"用地性质(?:及用地面积)?由(?P<old>[^,;。]{1,30}?)(?:调整为|变更为)", norm[m.start():m.end()])
        if was:
            out.notes.append(f"用地性质调整前为{text[m.start() + was.start('old'):m.start() + was.end('old')]}"
                             f"（仅作记录）。")
        break
    if out.land_use is None and has("用地"):
        for m in LAND_USE_NAMED.finditer(norm, start, end):
            g = next(k for k in "pqrs" if m[k])
            if in_old(m.start(g)):
                continue
            a = m.start(g)
            lead = re.match(r"(?:地块|规划|性质|均为|为)+", norm[a:m.end(g)])
            if lead and g == "s":
                a += lead.end()
            out.land_use = _land_use(norm[a:m.end(g)], text[a:m.end(g)])
            take(m.start(g), m.end(g))
            break
    if out.land_use is None and has("用地性质"):
        for m in re.finditer("用地性质", norm[start:end]):
            i = start + m.start()
            if not in_old(i):
                a, b = _phrase_start(norm, i, start), _phrase_end(norm, i, end)
                out.review.append(f"“{text[a:b]}”提到用地性质，但未能读出，未录入，需人工核定。")
                take(i, i + 4)
                break
    for m in (AREA.finditer(norm, start, end) if has("面积") or has("用地规模") else ()):
        if in_old(m.start()):
            continue
        out.area = {"value": f"{m['num']}{_area_unit(m['unit'])}", "approx": bool(m["a1"] or m["a2"])}
        take(m.start(), m.end())
        break
    for m in (PLANNED.finditer(norm, start, end) if has("建筑面积") else ()):
        if in_old(m.start()):
            continue
        what = re.sub(r"^其中", "", m["what"])
        if "计容" in what:
            continue  # 计容建筑面积 is an indicator of its own (a cap), read with the others
        written = f"{m['num']}{_area_unit(m['unit'])}"
        phrase = text[m.start():m.end()]
        take(m.start(), m.end())
        if m["op"]:
            out.review.append(f"“{phrase}”是对建筑面积的限值，但不是计容建筑面积，规则书没有这一指标，未录入。")
            out.hits.append((m.start(), "review"))
            continue
        key = _planned_key(what)
        if key is None or key in out.planned:
            out.review.append(f"“{phrase}”：无法归入 floor_area / residential_floor_area / "
                              f"commercial_floor_area，未录入。")
            continue
        out.planned[key] = {"value": written, "approx": bool(m["a1"] or m["a2"])}
    for m in (ENTRANCE.finditer(norm, start, end) if has("出入口") else ()):
        if in_old(m.start()):
            continue
        sides = [SIDES[s] for s in re.findall(r"[东南西北]", m["sides"])]
        out.limits["entrance_side"] = {"equals": sides[0] if len(sides) == 1 else sides}
        take(m.start(), m.end())
        break
    read = 0
    keywords = _keyword_table()[3]
    for m in keywords.finditer(norm, start, end):
        if in_old(m.start()):
            continue
        read += 1
        if read > MANY_NAMES:  # no statement names 200 indicators: say so once, do not read each
            out.review.append(f"本条自“{text[m.start():m.start() + 40]}…”起指标名称超过{MANY_NAMES}处，"
                              f"其余未逐一读取，需人工核定。")
            out.hits.extend([(k.start(), "review") for k in keywords.finditer(norm, m.start(), end)])
            take(m.start(), end)
            break
        before = (len(out.limits), len(out.review), sum(map(len, out.typed.values())), dict(out.limits))
        _indicator(out, m.lastgroup, m, norm, text, start, end, take, used)
        after = (len(out.limits), len(out.review), sum(map(len, out.typed.values())), out.limits)
        if after[0] != before[0] or after[2] != before[2] or after[3] != before[3]:
            out.hits.append((m.start(), "limit"))
        elif after[1] != before[1]:
            out.hits.append((m.start(), "review"))
    for key, typed in out.typed.items():
        joined = "，".join(phrase for _, _, phrase in typed)
        by_type = {}
        for qualifier, spec, _ in typed:
            by_type.setdefault(qualifier, spec)
        if key not in out.limits:
            out.limits[key] = {"text": joined, "by_type": by_type}
        out.review.append(f"{INDICATORS[key].zh}按建筑类型分别控制（{joined}）：已按建筑类型记为 by_type，"
                          f"核验时为“待定”，需人工按建筑类型核定。")
    _controls(out, norm, text, start, end, take)
    _implied_far(out)
    _leftovers(out, norm, text, start, end, used, item_marks, codes)
    return out


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MANY_CONTROLS = 20


def _controls(out: Parsed, norm: str, text: str, start: int, end: int, take) -> None:
    """A phrase that names an indicator once its control characters are left out (容\\x1b积率≤2.0)
    cannot be read, and must not vanish: a review item quoting it with each control character
    escaped (textsafe.shown), so that the officer sees what is there and nothing in it acts."""
    from ..textsafe import shown

    done = start
    found = 0
    for c in CONTROL.finditer(norm, start, end):
        if c.start() < done:
            continue
        a, b = _phrase_start(norm, c.start(), start), _phrase_end(norm, c.start(), end)
        done = max(b, c.end())
        bare = CONTROL.sub("", norm[a:b])
        if not (MENTION.search(bare) or _keyword_table()[3].search(bare)):
            continue
        found += 1
        if found > MANY_CONTROLS:
            out.review.append(f"本条还有更多含控制字符的指标文字（自“{shown(text[a:a + 40])}…”起），"
                              f"未逐一列出，未录入，需人工核定。")
            out.hits.append((a, "review"))
            take(a, end)
            return
        chars = "、".join(dict.fromkeys(shown(ch) for ch in CONTROL.findall(norm, a, b)))
        out.review.append(f"“{shown(text[a:b])}”：指标文字中夹有控制字符（{chars}），不能确定原意，未录入，"
                          f"需人工核定。")
        out.hits.append((a, "review"))
        take(a, b)


def _implied_far(out: Parsed) -> None:
    """A floor-area cap on a stated site area implies a FAR: kept as a note, never as a limit."""
    cap = out.limits.get("floor_area", {}).get("max")
    if not cap or not out.area or "far" in out.limits:
        return
    from ..errors import InputError
    from ..units import parse as parse_amount

    try:
        far = parse_amount(cap, "area").value / parse_amount(out.area["value"], "area").value
    except (InputError, ZeroDivisionError):
        return
    out.notes.append(f"总计容建筑面积{cap}÷用地面积{out.area['value']}，折合容积率约{float(far):.2f}"
                     f"（仅作参考，不是限值）。")


def _indicator(out: Parsed, key: str, m: re.Match, norm: str, text: str, start: int, end: int, take,
               used=()) -> None:
    unit = _keyword_table()[1][key]
    after = m.end()
    ft = FROM_TO.match(norm, after, end)
    if ft:
        take(ft.start(), ft.end())
        out.notes.append(f"{INDICATORS[key].zh}调整前为{text[ft.start('old'):ft.end('old')]}（仅作记录，不是限值）。")
        after = ft.end()
    f = _FILLER.match(norm, after, end)
    pos = f.end() if f else after
    phrase_end = _phrase_end(norm, m.start(), end)
    phrase = text[_phrase_start(norm, m.start(), start):phrase_end]
    # Words another pattern already read (the land use 二类居住用地 of 用地性质：二类居住用地⏎容积率…,
    # fields apart only by a line break or a space) are not a building type.
    read_to = max((b for a, b in used if a < m.start() <= b), default=start)
    qualifier = _qualifier(norm, max(start, read_to), m.start())
    large = key == "setback" and "大型商业" in qualifier
    unit_re = f"(?P<unit>{unit})" if unit else "(?P<unit>)"
    spec: dict | None = None
    rng = re.compile(rf"(?P<lo>{NUM})(?:{unit})?{RANGE_SEP}(?P<hi>{NUM}){unit_re}").match(norm, pos, end)
    op = re.compile(rf"(?P<op>{OP})(?P<approx>约)?(?P<num>{NUM}){unit_re}(?P<suffix>以下|以内|以上)?").match(norm, pos, end)
    bare = re.compile(rf"(?P<approx>约)?(?P<num>{NUM}){unit_re}(?P<suffix>以下|以内|以上)?").match(norm, pos, end)
    textual = TEXT_LIMIT.match(norm, pos, end)
    before = re.compile(rf"(?<![\d.])(?P<num>{NUM}){unit_re}(?P<op>{MIRROR})").search(norm, max(start, m.start() - 24),
                                                                                  m.start())
    if before and (before.end() != m.start() or (unit and not before["unit"])):
        before = None
    words = PERCENT_WORDS.match(norm, pos, end) if unit == "%" else None
    if words and _cn_decimal(words["cn"]) is not None:
        written = _cn_decimal(words["cn"]) + "%"
        if words["op"] and words["suffix"] or not (words["op"] or words["suffix"]):
            out.review.append(f"“{phrase}”：{'比较符与“' + words['suffix'] + '”同时出现' if words['op'] else '没有比较符'}，"
                              f"未录入。")
            take(m.start(), words.end())
            return
        if words["op"]:
            bound, exclusive = OPS[words["op"]]
        else:
            bound, exclusive = ("min" if words["suffix"] == "以上" else "max"), False
        spec = {bound: written}
        if exclusive:
            spec[f"{bound}_exclusive"] = True
        out.notes.append(f"{INDICATORS[key].zh}“{text[words.start('cn') - 3:words.end('cn')]}”按{written}录入。")
        stop = words.end()
    elif rng and (rng["unit"] or not unit):
        u = _unit_text(text, rng, "unit")
        spec = {"min": rng["lo"] + u, "max": rng["hi"] + u}
        stop = rng.end()
    elif op and (op["unit"] or not unit or key == "far"):
        bound, exclusive = OPS[op["op"]]
        if op["suffix"]:
            out.review.append(f"“{phrase}”：比较符与“{op['suffix']}”同时出现，未录入。")
            take(m.start(), op.end())
            return
        if op["approx"]:
            out.review.append(f"“{phrase}”：限值前有“约”，不是确定的限值，未录入。")
            take(m.start(), op.end())
            return
        if key == "parking_spaces" and "." in op["num"]:
            out.review.append(f"“{phrase}”：泊位数不是整数，未录入。")
            take(m.start(), op.end())
            return
        written = op["num"] + _unit_text(text, op, "unit")
        if large:
            if bound != "min" or exclusive:
                out.review.append(f"“{phrase}”：大型商业建筑的退让不是“不小于”，未录入。")
                take(m.start(), op.end())
                return
            spec = {"min_large_commercial": written}
        else:
            spec = {bound: written}
            if exclusive:
                spec[f"{bound}_exclusive"] = True
        stop = op.end()
        said = INCLUSION.match(norm, stop, end)
        if said:
            # 不大于2.5（含） agrees; ≤2.5（不含） or 小于2.5（含） contradicts itself: never a guess
            if (said["w"] in ("含", "包含")) == exclusive:
                out.review.append(f"“{phrase}”：比较符与“{text[said.start():said.end()]}”矛盾，"
                                  f"不能确定是否含本数，未录入。")
                take(m.start(), said.end())
                return
            stop = said.end()
        # 容积率≤3.5且≥2.0, 大于1.0且不大于2.0, 大于等于1.2小于等于2.0: both bounds in one phrase.
        two = re.compile(rf"{SECOND}(?P<op>{OP})(?P<approx>约)?(?P<num>{NUM}){unit_re}(?P<suffix>以下|以内|以上)?"
                         ).match(norm, stop, end)
        if two and not (two.end() >= end or norm[two.end()] in ",;。、)" or
                        _keyword_table()[3].match(norm, two.end(), end)):
            two = None  # 建筑高度≤24米，≥15米的部分…: a condition, not a second bound
        if two and not large:
            bound2, exclusive2 = OPS[two["op"]]
            if bound2 == bound or two["suffix"] or two["approx"]:
                out.review.append(f"“{phrase}”：同一指标写了两个限值（{text[op.start():two.end()]}），"
                                  f"无法确定，未录入。")
                take(m.start(), two.end())
                return
            spec[bound2] = two["num"] + _unit_text(text, two, "unit")
            if exclusive2:
                spec[f"{bound2}_exclusive"] = True
            stop = two.end()
    elif bare and (bare["unit"] or not unit) and (bare["suffix"] or bare["unit"] and (
            m.group().endswith("限高") or key == "floor_area")):
        if bare["approx"]:
            out.review.append(f"“{phrase}”：限值前有“约”，不是确定的限值，未录入。")
            take(m.start(), bare.end())
            return
        bound = "min" if bare["suffix"] == "以上" else "max"
        spec = {bound: bare["num"] + _unit_text(text, bare, "unit")}
        stop = bare.end()
    elif textual and key == "height":
        spec = {"text": text[textual.start():textual.end()]}
        stop = textual.end()
        out.review.append(f"“{phrase}”：{INDICATORS[key].zh}限值没有数值，已记为文字限值（text），核验时为“待定”，"
                          f"需人工核定。")
    elif bare and bare["approx"] and (bare["unit"] or not unit):
        out.review.append(f"“{phrase}”：数值前有“约”，不是确定的限值，未录入。")
        take(m.start(), bare.end())
        return
    elif bare and (bare["unit"] or not unit):
        out.review.append(f"“{phrase}”：给出了{INDICATORS[key].zh}数值但没有比较符（≤/≥/不大于…），"
                          f"不能判断是上限还是下限，未录入。")
        take(m.start(), bare.end())
        return
    elif before:
        spec, stop = {}, m.end()
    else:
        return  # a heading such as 建筑退让红线: the value follows under another name
    foreign = FOREIGN_UNIT.match(norm, stop, end) if not unit and spec else None
    if foreign and COUNT_WORD.fullmatch(foreign.group()) and COUNTED.search(INDICATORS[key].zh):
        foreign = None
    if foreign:
        # 容积率≤240%: a plain ratio written with a unit is 2.4 or a typo — never 240, never a guess
        out.review.append(f"“{phrase}”：{INDICATORS[key].zh}是不带单位的数值，数值后却写了"
                          f"“{text[foreign.start():foreign.end()]}”，不能确定原意，未录入，需人工核定。")
        take(m.start(), foreign.end())
        return
    said = INCLUSION.match(norm, stop, end) if spec else None
    if said:
        # 1.5-2.0（含）, 24米以下（含）: inclusive as read; （不含） after a range or 以下 is not how
        # they were read, so never a guess
        if "不" in said["w"] or any(spec.get(f"{b}_exclusive") for b in ("min", "max")):
            out.review.append(f"“{phrase}”：“{text[said.start():said.end()]}”与限值的写法不一致，"
                              f"不能确定是否含本数，未录入。")
            take(m.start(), said.end())
            return
        stop = said.end()
    kind = TYPE_AFTER.match(norm, stop, end) if spec is not None else None
    if kind and re.fullmatch(r"暂定|待定|参考|仅供参考|建议", kind["q"]):
        out.review.append(f"“{phrase}”：限值注明“{kind['q']}”，已录入，请核对是否为正式限值。")
        stop = kind.end()
    elif kind and not re.fullmatch(r"(?:不)?(?:包)?含(?:本数)?|约|上限|下限", kind["q"]):
        # 建筑高度≤80米（住宅）: a limit for one building type, named after the value
        qualifier = (qualifier + kind["q"]) if qualifier else kind["q"]
        stop = kind.end()
    if before and not large:
        # 1.0＜容积率≤2.0: a bound written before the name, read from the indicator's side
        bound, exclusive = MIRRORED[before["op"]]
        if bound in spec:
            out.review.append(f"“{phrase}”：同一指标写了两个{'下' if bound == 'min' else '上'}限，未录入。")
            take(before.start(), stop)
            return
        spec[bound] = before["num"] + _unit_text(text, before, "unit")
        if exclusive:
            spec[f"{bound}_exclusive"] = True
        take(before.start(), m.start())
    take(m.start(), stop)
    why = _refusal(key, spec)
    if why is not None:
        # 建筑密度≤300%, 容积率2.4-1.0, a figure of 500 digits: a review item quoting it, never a limit
        # the rule book would refuse (and never a limit dropped later without a word)
        out.review.append(f"{key}: “{phrase}”：{why}，未录入，需人工核定。")
        return
    if qualifier and not large:
        shown = (text[m.start() - len(qualifier):stop]
                 if norm[m.start() - len(qualifier):m.start()] == qualifier else phrase)
        out.typed.setdefault(key, []).append((qualifier, spec, shown))
        return
    if key in out.limits and not large:
        out.review.append(f"“{phrase}”：{INDICATORS[key].zh}在同一条文中出现两次，只录入第一次。")
        return
    merged = dict(out.limits.get(key, {}))
    merged.update(spec)
    out.limits[key] = merged


# What may follow a value of an indicator written without a unit (容积率) and is a unit all the same:
# a share, a measure, a count.  A count word may follow the value of an indicator that counts
# something per something (每百平方米停车泊位不少于0.8个): COUNTED names such an indicator.
FOREIGN_UNIT = re.compile(rf"%|‰|‱|{AREA_UNIT}|{LEN_UNIT}|个|辆")
COUNT_WORD = re.compile(r"个|辆")
COUNTED = re.compile(r"泊位|车位|个数|数量")


def _refusal(key: str, spec: dict) -> str | None:
    """Why the rule-book loader would refuse these bounds (a ratio above 100 %, a figure out of
    range, a lower bound above the upper one), in the words of the review
    item; None when it would take them."""
    from ..errors import InputError
    from ..units import parse as parse_amount

    kind = INDICATORS[key].kind
    if kind not in ("number", "ratio", "length", "area", "count"):
        return None
    try:
        values = {b: parse_amount(spec[b], kind).value for b in ("min", "max", "min_large_commercial")
                  if b in spec}
    except InputError as exc:
        return f"{INDICATORS[key].zh}的数值不能作为限值（{exc.message}）"
    if "min" in values and "max" in values and values["min"] > values["max"]:
        return f"{INDICATORS[key].zh}的下限{spec['min']}大于上限{spec['max']}（范围写反了？）"
    return None


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
PERCENT_WORDS = re.compile(rf"(?P<op>{OP})?百分之(?P<cn>[零〇一二三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
                           r"(?P<suffix>以下|以内|以上)?")


def _cn_decimal(numeral: str) -> str | None:
    """百分之三十五 → 35, 十五 → 15, 一百 → 100, 三十二点五 → 32.5; None for what is not a number
    written the ordinary way (三五, 十十), which then goes to review."""
    whole, _, frac = numeral.partition("点")
    m = re.fullmatch(r"(?:(?P<h>[一二三四五六七八九])百)?(?:(?P<t>[一二三四五六七八九]?)十|(?P<z>[零〇])(?=[一二三四五六七八九]$))?"
                     r"(?P<o>[一二三四五六七八九])?", whole)
    if not whole or m is None or not any(m.group(g) is not None for g in "hto") and "十" not in whole:
        return None
    value = (_CN_DIGIT[m["h"]] * 100 if m["h"] else 0) + (
        (_CN_DIGIT[m["t"]] if m["t"] else 1) * 10 if "十" in whole else 0) + (_CN_DIGIT[m["o"]] if m["o"] else 0)
    if frac:
        return f"{value}." + "".join(str(_CN_DIGIT[c]) for c in frac)
    return str(value)


def _unit_text(text: str, m: re.Match, group: str) -> str:
    if m.group(group) is None or m.start(group) < 0:
        return ""
    return text[m.start(group):m.end(group)]


def _area_unit(unit: str) -> str:
    return {"㎡": "平方米", "m²": "平方米", "万m2": "万平方米"}.get(unit, unit)


def _planned_key(what: str) -> str | None:
    if re.search(r"住宅|居住", what):
        return "residential_floor_area"
    if re.search(r"商业|服务设施|商服", what):
        return "commercial_floor_area"
    if what in ("", "地上", "总", "规划总", "规划", "地上总"):
        return "floor_area"
    return None


def _leftovers(out: Parsed, norm: str, text: str, start: int, end: int,
               used: list[tuple[int, int]], item_marks, codes=()) -> None:
    """Sentences that set nothing become notes; figures nobody read go to review.

    Coverage is a byte mask over the statement (not a list searched per figure), so a statement of
    100 000 codes and figures costs linear time."""
    size = end - start
    read = bytearray(size)      # characters some pattern read
    skip = bytearray(size)      # … or that are codes and item numbers (never an unread figure)
    for a, b in used:
        read[max(a, start) - start:max(min(b, end) - start, 0)] = b"\x01" * max(min(b, end) - max(a, start), 0)
    skip[:] = read
    for m in CODE_RE.finditer(norm, start, end):
        skip[m.start() - start:m.end() - start] = b"\x01" * (m.end() - m.start())
    for m in LOOSE_RE.finditer(norm, start, end):
        skip[m.start() - start:m.end() - start] = b"\x01" * (m.end() - m.start())
    if codes:
        own = {c for c in codes if not LOOSE_RE.fullmatch(c)}
        for m in (EXTRA_RE.finditer(norm, start, end) if own else ()):
            if m.lastgroup in ("short", "digits", "place"):
                cut = place_start(m.group()) if m.lastgroup == "place" else 0
                a = m.start() + (cut or 0)
                if norm[a:m.end()] in own:
                    skip[a - start:m.end() - start] = b"\x01" * (m.end() - a)
    for m in NOT_FIGURES.finditer(norm, start, end):
        skip[m.start() - start:m.end() - start] = b"\x01" * (m.end() - m.start())
    item_end = {}
    for a, b in item_marks:
        if start <= a < end:
            skip[a - start:min(b, end) - start] = b"\x01" * (min(b, end) - a)
            item_end[a] = b
    s = start
    for m in re.finditer(r"[。;]|$", norm[start:end]):
        e = start + m.end()
        if e <= s:
            continue
        body_s = item_end.get(s, s)
        sentence = text[body_s:e]
        if sentence and read.find(1, body_s - start, e - start) < 0:
            rest = LOOSE_RE.sub("", CODE_RE.sub("", norm[body_s:e])).strip("。;,地块()编号:")
            if rest:
                out.notes.append(sentence.rstrip(";；") + ("。" if sentence.endswith(("；", ";")) else ""))
        s = e
    for m in NUMBER.finditer(norm, start, end):
        if skip.find(0, m.start() - start, m.end() - start) >= 0:
            s0, e0 = _phrase_start(norm, m.start(), start), _phrase_end(norm, m.start(), end)
            out.review.append(f"未识别的数值“{text[m.start():m.end()]}”（{text[s0:e0]}），未录入。")
