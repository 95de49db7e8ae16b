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

NUM = r"\d+(?:\.\d+)?"
LEN_UNIT = r"(?:米|公尺|m(?![2²])|M(?![2²]))"
AREA_UNIT = r"(?:万平方米|平方米|平米|万m2|m2|m²|㎡|公顷|hm2|ha|亩|平方公里|km2)"
CODE = r"(?<![A-Za-z0-9-])[A-Z]{1,4}(?:-[A-Z]{1,3})?(?:-\d{1,3}){2,3}(?:/\d{1,3})?(?![A-Za-z0-9-])"
CODE_RE = re.compile(CODE)

# (spelling, bound, exclusive); longest first so that 小于等于 wins over 小于.
_OPS = [
    ("≤", "max", False), ("<=", "max", False), ("≦", "max", False), ("不大于", "max", False),
    ("不超过", "max", False), ("不高于", "max", False), ("不得大于", "max", False),
    ("不得超过", "max", False), ("不得高于", "max", False), ("不应大于", "max", False),
    ("不应超过", "max", False), ("不宜大于", "max", False), ("小于等于", "max", False),
    ("小于或等于", "max", False), ("最大为", "max", False), ("最高为", "max", False),
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
FILLER = r"(?:[:]|为|应|须|需|宜|且|均|控制在|原则上){0,2}"
RANGE_SEP = r"(?:-|~|～|至|到|—|–)"

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


# Words that may stand before an indicator without making it a limit of one building type only.
GENERIC = re.compile(r"规划|控制|指标|主要|其中|控规|调整后|调整|地块|最大|最高|建筑|且|并|的|用地|其|总|" + CODE)

LAND_USE = re.compile(r"用地性质(?:及用地面积)?(?:由[^,;。]{1,30}?)?(?:调整为|为|:|是)(?P<lu>[^,;。:]+?)(?=[,;。]|$)")
LAND_CODE = re.compile(r"\((?P<code>[A-Z]{1,2}\d{0,3}[a-z]?)\)$")
AREA = re.compile(rf"(?:用地面积|占地面积|用地规模)(?:为|:)?(?P<a1>约)?(?:为)?(?P<a2>约)?(?P<num>{NUM})(?P<unit>{AREA_UNIT})")
PLANNED = re.compile(rf"(?P<what>[\u4e00-\u9fff]{{0,12}}?)建筑面积(?:为|:)?(?P<a1>约)?(?:为)?(?P<a2>约)?(?P<op>{OP})?(?P<num>{NUM})(?P<unit>{AREA_UNIT})")
ENTRANCE = re.compile(r"出入口(?:方位)?(?:应|须)?(?:位于|设于|设在|设置在|开向|朝向|开设在|开设于)?(?:用地)?(?P<sides>[东南西北](?:[、和及与][东南西北])*)(?:侧|面|向)?")
TEXT_LIMIT = re.compile(r"(?:满足|符合|按照|按|执行|服从|遵循|遵守)[^,;。]*")
NUMBER = re.compile(NUM)


@dataclass
class Parsed:
    land_use: str | dict | None = None
    area: dict | None = None
    planned: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    review: list = field(default_factory=list)
    typed: dict = field(default_factory=dict)  # indicator → [phrase, …] per building type

    @property
    def has_values(self) -> bool:
        return bool(self.land_use or self.area or self.planned or self.limits or self.typed)


def _phrase_start(norm: str, i: int, lo: int) -> int:
    j = i
    while j > lo and norm[j - 1] not in ",;:。、":
        j -= 1
    return j


def _phrase_end(norm: str, i: int, hi: int) -> int:
    j = i
    while j < hi and norm[j] not in ",;。":
        j += 1
    return j


def _qualifier(norm: str, start: int, kw_start: int) -> str:
    q = norm[_phrase_start(norm, kw_start, start):kw_start]
    q = re.sub(r"^\d{1,2}\.", "", q)
    return GENERIC.sub("", q)


def parse(norm: str, text: str, start: int, end: int, item_marks: list[tuple[int, int]] = ()) -> Parsed:
    """Read one statement (``norm[start:end]``); ``text`` is the same string as printed."""
    out = Parsed()
    used: list[tuple[int, int]] = []

    def take(s: int, e: int) -> None:
        used.append((s, e))

    for m in LAND_USE.finditer(norm, start, end):
        raw = text[m.start("lu"):m.end("lu")]
        code = LAND_CODE.search(norm, m.start("lu"), m.end("lu"))
        if code:
            name = text[m.start("lu"):code.start()]
            out.land_use = {"code": code.group("code"), "name": name}
        else:
            out.land_use = raw
        take(m.start("lu"), m.end("lu"))
        break
    for m in AREA.finditer(norm, start, end):
        out.area = {"value": f"{m['num']}{_area_unit(m['unit'])}", "approx": bool(m["a1"] or m["a2"])}
        take(m.start(), m.end())
        break
    for m in PLANNED.finditer(norm, start, end):
        what = re.sub(r"^其中", "", m["what"])
        written = f"{m['num']}{_area_unit(m['unit'])}"
        phrase = text[m.start():m.end()]
        take(m.start(), m.end())
        if m["op"]:
            out.review.append(f"“{phrase}”是对建筑面积的限值，规则书没有这一指标，未录入。")
            continue
        key = _planned_key(what)
        if key is None or key in out.planned:
            out.review.append(f"“{phrase}”：无法归入 floor_area / residential_floor_area / "
                              f"commercial_floor_area，未录入。")
            continue
        out.planned[key] = {"value": written, "approx": bool(m["a1"] or m["a2"])}
    for m in ENTRANCE.finditer(norm, start, end):
        sides = [SIDES[s] for s in re.findall(r"[东南西北]", m["sides"])]
        out.limits["entrance_side"] = {"equals": sides[0] if len(sides) == 1 else sides}
        take(m.start(), m.end())
        break
    for m in _keyword_table()[3].finditer(norm, start, end):
        key = m.lastgroup
        _indicator(out, key, m, norm, text, start, end, take)
    for key, phrases in out.typed.items():
        joined = "，".join(phrases)
        if key not in out.limits:
            out.limits[key] = {"text": joined}
        out.review.append(f"{INDICATORS[key].zh}按建筑类型分别控制（{joined}）：规则书每个地块只有一个{INDICATORS[key].zh}限值，"
                          f"已记为无数值限值（text），核验时为“待定”，需人工按建筑类型核定。")
    _leftovers(out, norm, text, start, end, used, item_marks)
    return out


def _indicator(out: Parsed, key: str, m: re.Match, norm: str, text: str, start: int, end: int, take) -> None:
    unit = _keyword_table()[1][key]
    after = m.end()
    f = re.compile(FILLER).match(norm, after, end)
    pos = f.end() if f else after
    phrase_end = _phrase_end(norm, m.start(), end)
    phrase = text[_phrase_start(norm, m.start(), start):phrase_end]
    qualifier = _qualifier(norm, start, m.start())
    large = key == "setback" and "大型商业" in qualifier
    unit_re = f"(?P<unit>{unit})" if unit else "(?P<unit>)"
    spec: dict | None = None
    rng = re.compile(rf"(?P<lo>{NUM})(?:{unit})?{RANGE_SEP}(?P<hi>{NUM}){unit_re}").match(norm, pos, end)
    op = re.compile(rf"(?P<op>{OP})(?P<approx>约)?(?P<num>{NUM}){unit_re}(?P<suffix>以下|以内|以上)?").match(norm, pos, end)
    bare = re.compile(rf"(?P<approx>约)?(?P<num>{NUM}){unit_re}(?P<suffix>以下|以内|以上)?").match(norm, pos, end)
    textual = TEXT_LIMIT.match(norm, pos, end)
    if rng and (rng["unit"] or not unit):
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
    elif bare and bare["unit"] and (bare["suffix"] or m.group().endswith("限高")):
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
    elif bare and bare["approx"] and (bare["unit"] or not unit):
        out.review.append(f"“{phrase}”：数值前有“约”，不是确定的限值，未录入。")
        take(m.start(), bare.end())
        return
    elif bare and (bare["unit"] or not unit):
        out.review.append(f"“{phrase}”：给出了{INDICATORS[key].zh}数值但没有比较符（≤/≥/不大于…），"
                          f"不能判断是上限还是下限，未录入。")
        take(m.start(), bare.end())
        return
    else:
        return  # a heading such as 建筑退让红线: the value follows under another name
    take(m.start(), stop)
    if qualifier and not large:
        out.typed.setdefault(key, []).append(text[m.start() - len(qualifier):stop]
                                             if norm[m.start() - len(qualifier):m.start()] == qualifier
                                             else phrase)
        return
    if key in out.limits and not large:
        out.review.append(f"“{phrase}”：{INDICATORS[key].zh}在同一条文中出现两次，只录入第一次。")
        return
    merged = dict(out.limits.get(key, {}))
    merged.update(spec)
    out.limits[key] = merged


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
               used: list[tuple[int, int]], item_marks) -> None:
    """Sentences that set nothing become notes; figures nobody read go to review."""
    def covered(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in used)

    skip = list(used) + [(m.start(), m.end()) for m in CODE_RE.finditer(norm, start, end)] + list(item_marks)
    s = start
    for m in re.finditer(r"[。;]|$", norm[start:end]):
        e = start + m.end()
        if e <= s:
            continue
        body_s = s
        for a, b in item_marks:
            if a == body_s:
                body_s = b
        sentence = text[body_s:e]
        if sentence and not covered(body_s, e) and not CODE_RE.sub("", norm[body_s:e]).strip("。;,地块"):
            pass
        elif sentence and not covered(body_s, e):
            out.notes.append(sentence.rstrip(";；") + ("。" if sentence.endswith(("；", ";")) else ""))
        s = e
    for m in NUMBER.finditer(norm, start, end):
        if not any(a <= m.start() and m.end() <= b for a, b in skip):
            s0, e0 = _phrase_start(norm, m.start(), start), _phrase_end(norm, m.start(), end)
            out.review.append(f"未识别的数值“{text[m.start():m.end()]}”（{text[s0:e0]}），未录入。")
