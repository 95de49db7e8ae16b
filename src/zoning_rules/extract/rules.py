"""A letter → its sources entry and plot approvals, in the rule-book file format (plain dicts).

Plot statements start at a group of plot codes followed by 地块 (``N-10-05、N-11-02地块…``) and run
to the next group or the end of the clause; a sub-clause headed …地块 with no code
(``（一）南地块``) is a plot named after the area in the title (货源街片区 → 货源街南地块).  Plots
that the approving clause (原则同意……方案) names but no clause gives values for are recorded as
adjusted without published values (``published: false``).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from . import limits as L
from . import tables as T
from .clean import fold_text
from .clauses import Unit, clauses, items
from .letters import Letter, Notice, planning_related

_SEP = r"(?:、|,|和|及|与)"
UNIT_ANY = rf"(?:%|{L.AREA_UNIT}|{L.LEN_UNIT}|个|辆)"
_ITEM = rf"(?P<op>{L.OP})?(?P<val>约?{L.NUM}{UNIT_ANY}?(?:{L.RANGE_SEP}{L.NUM}{UNIT_ANY}?)?)"
ITEM_RE = re.compile(_ITEM)
RESPECTIVELY = re.compile(rf"分别(?:为|是|:)?(?={L.OP}|约|\d)")
LAND_USE_EACH = re.compile(r"(?<=用地性质)分别(?:调整为|变更为|规划为|为|是|:)(?P<list>[^,;。:]+)")
LIST_SEP = re.compile(r"、|,|和|及|;")
APPROVING = re.compile(r"同意.{0,300}?(?:方案|调整)")
SEVERAL = re.compile(r"等(?P<n>\d+|[一二三四五六七八九十]+)个地块")
INTRO = re.compile(r"(?:地块编号|宗地编号|地块代码|地块号|编号)(?:为|是|:)?$")
STRICT_NEXT = re.compile(r":|用地性质|容积率|用地面积|建筑密度|绿地率")
SEP_RE = re.compile(_SEP)


@dataclass(frozen=True)
class Group:
    """Plot codes that open a statement: ``start`` (incl. an intro such as 地块编号) to ``end`` (after
    地块 or the colon); the code list itself is ``list_start:list_end``."""

    start: int
    end: int
    list_start: int
    list_end: int
    codes: tuple
    inferred: tuple = ()   # codes only implied by a range (XP-07-02 in XP-07-01至XP-07-03)
    ranges: tuple = ()     # ranges that could not be spelled out (A-01至B-07)


def runs(norm: str, s: int, e: int) -> list[tuple[int, int, list[str], bool]]:
    """Lists of codes joined by 、 , 和 及 与: (start, end, codes, every code strict).

    Found token by token in one pass — a regex for "a list followed by 地块" would re-scan the
    list from every code where it fails, quadratic on 100 000 codes."""
    out: list = []
    cur = None
    for m in L.EXTRA_RE.finditer(norm, s, e):
        a, code = m.start(), m.group()
        if m.lastgroup == "place":
            cut = L.place_start(code)
            if cut is None:
                continue
            a, code = a + cut, code[cut:]
        strict = m.lastgroup == "loose" and L.CODE_RE.fullmatch(code) is not None
        joined = cur is not None and SEP_RE.fullmatch(norm, cur[1], a)
        span = cur is not None and not joined and RANGE_JOIN.fullmatch(norm, cur[1], a)
        if joined or span:
            if span:
                middle = _between(cur[2][-1], code)
                if middle is None:
                    cur[6].append(f"{cur[2][-1]}{norm[cur[1]:a]}{code}")
                else:
                    cur[2].extend(middle)
                    cur[5].extend(middle)
            cur[1] = m.end()
            cur[2].append(code)
            cur[3] = cur[3] and strict
            cur[4] = cur[4] and m.lastgroup == "loose"
            continue
        if cur is not None:
            out.append(tuple(cur))
        cur = [a, m.end(), [code], strict, m.lastgroup == "loose", [], []]
    if cur is not None:
        out.append(tuple(cur))
    return [r[:4] + (tuple(r[5]), tuple(r[6])) for r in out if r[4] or not _blocks_in(r[2], norm)]


RANGE_JOIN = re.compile(r"至|到|~|～|—|–")
MANY_BETWEEN = 50


def _between(first: str, last: str) -> list[str] | None:
    """The codes a range stands for between its ends (XP-07-01至XP-07-03 → XP-07-02): same prefix,
    last numbers increasing, at most MANY_BETWEEN apart, same width; else None (not spelled out)."""
    a = re.fullmatch(r"(.*?)(\d+)", first)
    b = re.fullmatch(r"(.*?)(\d+)", last)
    if not a or not b or a[1] != b[1] or len(a[2]) != len(b[2]):
        return None
    i, j = int(a[2]), int(b[2])
    if not i < j <= i + MANY_BETWEEN:
        return None
    return [f"{a[1]}{k:0{len(a[2])}d}" for k in range(i + 1, j)]


def _blocks_in(codes: list[str], norm: str) -> bool:
    """Is one of these short codes (E-29) a block, the prefix of a longer code in the text (E-29-01)?"""
    prefixes = _prefixes(norm)
    return any(c in prefixes for c in codes)


@lru_cache(maxsize=4)
def _prefixes(norm: str) -> frozenset:
    """Every code prefix that a longer code of the text extends: E-29-01 → E-29 (and E)."""
    out = set()
    for m in L.LOOSE_RE.finditer(norm):
        code = m.group()
        out.update(code[:i] for i, ch in enumerate(code) if ch in "-/")
    return frozenset(out)


def groups(norm: str, s: int, e: int) -> list[Group]:
    """The code lists that open a statement: introduced (地块编号E02-03), followed by 地块
    (N-09-05、N-09-06地块, 《…》1A03-12地块), or strict codes followed by a colon or an indicator."""
    out = []
    for a, b, codes, strict, inferred, ranges in runs(norm, s, e):
        intro = INTRO.search(norm, max(s, a - 8), a)
        after = re.compile(r"号?地块").match(norm, b, e)
        if intro:
            start, end = intro.start(), (after.end() if after else b)
        elif after:
            start, end = a, after.end()
        elif strict and STRICT_NEXT.match(norm, b, e):
            start, end = a, (b + 1 if norm.startswith(":", b) else b)
        else:
            continue
        out.append(Group(start, end, a, b, tuple(dict.fromkeys(codes)), inferred, ranges))
    return out
_TRAILING_MARKER = re.compile(r"(?:(?<![\d.])\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、)$")


def _before_marker(norm: str, s: int, e: int) -> int:
    """A statement ends before the item marker of the next one (…≥25%。2.CA-12-08地块: ends at 。)."""
    m = _TRAILING_MARKER.search(norm, max(s, e - 6), e)
    return m.start() if m else e


SET_ASIDE = re.compile(r"留白|不考虑已批复")
ATTACHED = re.compile(r"(?:详|参)?见附(?:件|表)")
# The line above a table that says it holds the figures being replaced, or the new ones.
OLD_HEADING = re.compile(r"原|(?:调整|变更|修改)前|现状")
NEW_HEADING = re.compile(r"(?:调整|变更|修改)后|调整为|变更为|拟|新")
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


@dataclass
class Outcome:
    """What one letter gave: its sources entry, approvals, and how its indicator sentences fared."""

    source: dict | None
    approvals: list = field(default_factory=list)
    named: int = 0      # sentences naming an indicator (old figures excluded)
    limited: int = 0    # … of which at least one became a limit
    old: int = 0        # sentences that only quote figures being replaced


def _respectively(norm: str, text: str, s: int, e: int, k: int):
    """Each ``分别为 v1、v2、…`` with exactly k values → [(span, [per-plot replacement (norm, text)])].

    A list whose length is not k is returned with ``None`` so that the caller can say so."""
    out = []
    for m in RESPECTIVELY.finditer(norm, s, e):
        items, pos = [], m.end()
        while True:
            it = ITEM_RE.match(norm, pos, e)
            if it is None or not it["val"]:
                break
            items.append(it)
            pos = it.end()
            sep = LIST_SEP.match(norm, pos, e)
            if sep is None or ITEM_RE.match(norm, sep.end(), e) is None:
                break
            pos = sep.end()
        if not items:
            continue
        if len(items) != k:
            out.append(((m.start(), pos), None, len(items)))
            continue
        first_op = items[0]["op"] and (items[0].start("op"), items[0].end("op"))
        per = []
        for it in items:
            op = (it.start("op"), it.end("op")) if it["op"] else first_op
            pieces = [("为", "为", -1)]
            if op:
                pieces.append((norm[op[0]:op[1]], text[op[0]:op[1]], op[0]))
            pieces.append((norm[it.start("val"):it.end("val")], text[it.start("val"):it.end("val")],
                           it.start("val")))
            per.append(pieces)
        out.append(((m.start(), pos), per, k))
    # 用地性质分别为二类居住用地、商业用地、中小学用地: one land use per plot, in order.
    for m in LAND_USE_EACH.finditer(norm, s, e):
        names = [(m.start("list") + n.start(), m.start("list") + n.end()) for n in re.finditer(r"[^、]+", m["list"])]
        if len(names) != k:
            out.append(((m.start(), m.end()), None, len(names)))
            continue
        out.append(((m.start(), m.end()), [[("为", "为", -1), (norm[a:b], text[a:b], a)] for a, b in names], k))
    out.sort(key=lambda t: t[0][0])
    return out


def _pick(norm: str, text: str, s: int, e: int, lists, i: int):
    """The statement as plot i reads it: each 分别为 list replaced by its i-th value.

    Returns the new (norm, text) and, per character, its offset in the original (−1: inserted)."""
    n_parts, t_parts, where = [], [], array("i")
    last = s
    for (a, b), per, _ in lists:
        if per is None:
            continue
        n_parts.append(norm[last:a])
        t_parts.append(text[last:a])
        where.extend(range(last, a))
        for pn, pt, origin in per[i]:
            n_parts.append(pn)
            t_parts.append(pt)
            where.extend(range(origin, origin + len(pn)) if origin >= 0 else [-1] * len(pn))
        last = b
    n_parts.append(norm[last:e])
    t_parts.append(text[last:e])
    where.extend(range(last, e))
    return "".join(n_parts), "".join(t_parts), where


MANY = 100
MANY_SILENT = 20  # review items per sentence; the rest are counted in one more item


def _few(codes: list[str]) -> str:
    return "、".join(codes) if len(codes) <= MANY else f"{'、'.join(codes[:3])}、…、{codes[-1]}（共{len(codes)}个）"


def _quote_statement(letter: Letter, s: int, e: int, codes: list[str]) -> str:
    """The statement as printed; a list of more than MANY codes is shortened (marked …, with the
    count), so that 100 000 codes in one sentence give 100 000 short quotes, not 100 000 copies."""
    if len(codes) <= MANY:
        return quote(letter, s, e)
    g = next(iter(groups(letter.flat.norm, s, e)), None)
    if g is None or g.start != s:
        return quote(letter, s, e)
    return f"{letter.flat.text[s:g.list_start]}{_few(codes)}{quote(letter, g.list_end, e)}"


def extract_letter(letter: Letter) -> Outcome:
    """The sources entry (or None), the plot approvals and the indicator-sentence counts of a letter."""
    flat = letter.flat
    norm = flat.norm
    units = clauses(letter)
    approvals: list[tuple[str, dict]] = []
    source_notes: list = []
    approving: tuple[Unit, list[str]] | None = None
    hits: list[tuple[int, str]] = []                 # (offset of an indicator's name, outcome)
    spans: list[tuple[int, int, list[dict]]] = []    # statement span → its approvals

    def statement(key_codes: list[str], unit: Unit, s: int, e: int) -> None:
        lists = _respectively(norm, flat.text, s, e, len(key_codes)) if len(key_codes) > 1 else []
        picked = [lst for lst in lists if lst[1] is not None]
        readings = []
        for i, code in enumerate(key_codes):
            if picked:
                pn, pt, where = _pick(norm, flat.text, s, e, picked, i)
                marks = [(m.start(), m.end()) for m in items(pn, 0, len(pn))]
                parsed = L.parse(pn, pt, 0, len(pn), marks, codes=key_codes)
                parsed.hits = [(where[p], o) for p, o in parsed.hits if where[p] >= 0]
            else:
                if readings:
                    readings.append((code, readings[0][1]))
                    continue
                marks = [(m.start(), m.end()) for m in items(norm, s, e)]
                parsed = L.parse(norm, flat.text, s, e, marks, codes=key_codes)
            for (a, b), per, n in lists:
                if per is None:
                    parsed.review.append(f"“{flat.text[a:b]}”列出{n}个数值，但本条有{len(key_codes)}个地块"
                                         f"（{_few(key_codes)}），无法逐一对应，未录入。")
            _validate(parsed)
            readings.append((code, parsed))
        bodies = []
        seen: set[int] = set()
        said = None
        unvalued: dict[int, tuple[list[str], list[str]]] = {}
        for code, parsed in readings:
            if id(parsed) not in seen:
                seen.add(id(parsed))
                hits.extend(parsed.hits)
            if not parsed.has_values:
                if parsed.review and any(o == "review" for _, o in parsed.hits):
                    unvalued.setdefault(id(parsed), ([], parsed.review))[0].append(code)
                continue
            if said is None:
                said = _quote_statement(letter, s, e, key_codes)
            bodies.append(approval(code, parsed, unit, said, flat.lines(s, e)))
        spans.append((s, e, bodies))
        # A statement whose indicators could not be read (容积率为2.0, 建筑密度≤300% alone) and that set
        # nothing has no approval to carry its review items: they go on the source, naming the plots,
        # never dropped.  (A statement naming no indicator — the request quoting 北部综合组团71亩 of
        # the title — is prose; its area is read by _title_areas.)
        for codes, review in unvalued.values():
            lines = flat.lines(s, e)
            where = f"第{lines[0]}行" if lines[0] == lines[1] else f"第{lines[0]}–{lines[1]}行"
            unread.extend(f"{_few(codes)}地块（{where}）：{item}" for item in review)

    def approval(code: str, parsed, unit: Unit, said: str, lines: list[int]) -> dict:
        body: dict = {"source": letter.doc}
        if unit.label:
            body["clause"] = unit.label
        if parsed.land_use is not None:
            body["land_use"] = parsed.land_use
        if parsed.area is not None:
            body["area"] = parsed.area
        if parsed.limits:
            body["limits"] = parsed.limits
        if parsed.planned:
            body["planned"] = parsed.planned
        if parsed.notes:
            body["notes"] = list(parsed.notes)
        body["quote"] = said
        body["lines"] = lines
        if parsed.review:
            body["review"] = list(parsed.review)
        approvals.append((code, body))
        return body

    def table(t: T.Table, unit: Unit) -> None:
        """Each row of a table of text rows as the statement it stands for (tables.py); a table under
        a heading of old figures (一、调整前控制指标) is quoted in the source's notes, never read."""
        head = " ".join(t.header)
        above = flat.line_start_before(t.start - 1) if t.start else t.start
        heading = norm[above:t.start]
        if len(heading) <= 40 and OLD_HEADING.search(heading) and not NEW_HEADING.search(heading):
            rows = "；".join(" ".join(c) for _, _, c in t.rows + t.unread)
            source_notes.append(f"{flat.text[above:t.start]}（仅作记录，不是限值）：{head}：{rows}")
            hits.append((t.start, "old"))
            return
        for rs, re_, cells in t.rows:
            code, said, notes, review = T.statement(t, cells)
            snorm = fold_text(said)
            parsed = L.parse(snorm, said, 0, len(snorm), [], codes=[code])
            _unread_cells(parsed, snorm, said)
            hits.extend((rs, o) for _, o in parsed.hits)
            _validate(parsed)
            parsed.notes[:0] = notes
            parsed.review[:0] = review
            if not parsed.has_values:
                parsed.review.append(f"表格行“{' '.join(cells)}”未读出任何指标，需人工核定。")
            body = approval(code, parsed, unit, f"{head} ⏎ {' '.join(cells)}（表格行，读作：{said}）",
                            flat.lines(rs, re_))
            spans.append((rs, re_, [body]))
        for rs, re_, cells in t.unread:
            table_review.append(f"表格行“{' '.join(cells)}”与表头“{head}”的栏数不符或没有地块编号，"
                                f"未录入，需人工核定。")
            hits.append((rs, "review"))

    def before_after(t: T.Table, unit: Unit, codes: tuple) -> None:
        """A table of indicators before and after (指标名称 | 变更前 | 变更后) for the plots of the
        statement it follows (or the one plot of the title): only the new column sets limits."""
        head = " ".join(t.header)
        said, notes, review = T.before_after(t)
        for rs, re_, cells in t.unread:
            review.append(f"表格行“{' '.join(cells)}”与表头“{head}”的栏数不符，未录入，需人工核定。")
        if not codes:
            table_review.append(f"表格“{head}”（{t.rows[0][2][0] if t.rows else ''}…）没有对应的地块编号，"
                                f"未录入，需人工核定。")
            hits.append((t.start, "review"))
            return
        snorm = fold_text(said)
        bodies = []
        for code in codes:
            parsed = L.parse(snorm, said, 0, len(snorm), [], codes=[code])
            _unread_cells(parsed, snorm, said)
            _validate(parsed)
            parsed.notes[:0] = notes
            parsed.review[:0] = review
            if not parsed.has_values:
                parsed.review.append(f"表格“{head}”未读出任何调整后的指标，需人工核定。")
            rows = " ⏎ ".join(" ".join(c) for _, _, c in t.rows)
            bodies.append(approval(code, parsed, unit, f"{head} ⏎ {rows}（调整后一栏读作：{said}）",
                                   flat.lines(t.start, t.end)))
        hits.extend((t.start, o) for _, o in parsed.hits)
        hits.append((t.start, "old"))
        spans.append((t.start, t.end, bodies))

    table_review: list[str] = []
    unread: list[str] = []   # review items of statements that gave no approval (see statement)
    # Tables in the body, and in an attachment after the signature (附件 ⏎ 地块控制指标一览表 ⏎ …).
    found_tables = T.find(flat, letter.body_start, letter.end)
    table_starts = [t.start for t in found_tables]

    def in_table(i: int) -> bool:
        k = bisect_right(table_starts, i) - 1
        return k >= 0 and i < found_tables[k].end

    def table_after(i: int, e: int) -> int:
        k = bisect_right(table_starts, i)
        return min(table_starts[k], e) if k < len(table_starts) else e

    codeless: list = []   # pieces naming no plot and holding no table

    def title_codes() -> tuple:
        """The plot of the title when it names exactly one (关于GX-11-05地块规划条件变更的公示)."""
        named = tuple(dict.fromkeys(c for g in groups(norm, letter.start, letter.body_start) for c in g.codes))
        return named if len(named) == 1 else ()
    area_name = AREA_NAME.search(letter.subject)
    body_units = list(units)
    first = units[0].marker_start if units else letter.signature
    if first > letter.body_start:
        body_units.insert(0, Unit(label="", start=letter.body_start, end=first, marker_start=letter.body_start))
    for unit in body_units:
        pieces = [(unit, unit.start, unit.subs[0].marker_start if unit.subs else unit.end)]
        pieces += [(sub, sub.start, sub.end) for sub in unit.subs]
        if approving is None and unit.label and APPROVING.search(norm, unit.start, unit.end):
            named = [m.group() for m in L.CODE_RE.finditer(norm, unit.start, unit.end)]
            if named:
                approving = (unit, named)
                several = SEVERAL.search(norm, unit.start, unit.end)
                listed = [r for r in runs(norm, unit.start, several.start()) if r[1] == several.start()] \
                    if several else []
                if listed and listed[0][3]:
                    source_notes.append(("several", (listed[0][0], several.end(), len(listed[0][2]),
                                                     several["n"])))
        plot_subs = []
        for piece, s, e in pieces:
            found: list[Group] = []
            made = len(approvals)
            for t in found_tables:
                if s <= t.start < e and t.kind == "plots":
                    table(t, piece)
            for g in groups(norm, s, e):
                if in_table(g.start):
                    continue
                if found and g.codes == found[-1].codes:
                    continue  # the same plots named again: the statement goes on
                if found and SEP_RE.fullmatch(norm, found[-1].end, g.start):
                    # BT-11-02地块和BT-11-03地块用地性质为…: one statement about both plots
                    f = found[-1]
                    found[-1] = Group(f.start, g.end, f.list_start, g.list_end,
                                      tuple(dict.fromkeys(f.codes + g.codes)), f.inferred + g.inferred,
                                      f.ranges + g.ranges)
                    continue
                found.append(g)
            for t in found_tables:
                if s <= t.start < e and t.kind == "before_after":
                    prior = [g for g in found if g.start < t.start]
                    before_after(t, piece, prior[-1].codes if prior else title_codes())
            for i, g in enumerate(found):
                ge = table_after(g.start, found[i + 1].start if i + 1 < len(found) else e)
                ge = _before_marker(norm, g.start, ge)
                before = len(approvals)
                statement(list(g.codes), piece, g.start, ge)
                for code, body in approvals[before:]:
                    if code in g.inferred:
                        body.setdefault("review", []).insert(0, f"地块{code}未在文中列出，由编号范围推出，"
                                                                f"请核对该地块存在并适用本条。")
                    for r in g.ranges:
                        body.setdefault("review", []).insert(0, f"编号范围“{r}”无法逐一展开，其中间地块未录入，"
                                                                f"需人工核定。")
            if piece is not unit and not found and piece.heading.endswith("地块"):
                before = len(approvals)
                name = (area_name.group(1) if area_name else "") + piece.heading
                statement([name], piece, piece.heading_end, e)
                if len(approvals) > before:
                    plot_subs.append(piece)
            if not found and len(approvals) == made and not any(s <= t.start < e for t in found_tables):
                codeless.append((piece, s, e))
        if plot_subs:
            for sub in unit.subs:
                if sub not in plot_subs:
                    rest = sub.heading_end if sub.heading_end is not None else sub.start
                    source_notes.append(f"（{sub.label.split('（')[1]}{flat.text[rest:sub.end]}")
        for m in SET_ASIDE.finditer(norm, unit.start, unit.end):
            # the sentence around it: back to 。:; and on to the next 。 (found, not scanned per start)
            a = max(norm.rfind(c, unit.start, m.start()) for c in "。:;") + 1
            a = max(a, unit.start)
            b = norm.find("。", m.end(), unit.end)
            semi = norm.find(";", m.end(), b if b >= 0 else unit.end)
            if b < 0 or 0 <= semi < b:
                continue
            if not any(isinstance(n, str) and n == flat.text[a:b + 1] for n in source_notes):
                source_notes.insert(0, flat.text[a:b + 1])

    for t in found_tables:
        if t.start >= letter.signature:
            attached = Unit(label="附件", start=t.start, end=t.end, marker_start=t.start)
            if t.kind == "plots":
                table(t, attached)
            else:
                before_after(t, attached, title_codes())
    if codeless and title_codes():
        # 关于GX-11-05地块规划条件变更的公示 ⏎ 该地块… / （二）调整后：容积率…: the one plot the title
        # names is the plot of every piece of the body that names none
        (code,) = title_codes()
        for piece, s, e in codeless:
            before = len(approvals)
            statement([code], piece, s, e)
            for _, body in approvals[before:]:
                body.setdefault("notes", []).insert(0, f"本条未写地块编号，按标题中唯一的地块{code}录入。")
    published = {code for code, _ in approvals}
    if approving is not None:
        unit, named = approving
        first_valued = next((a["clause"] for _, a in approvals if "clause" in a), None)
        for code in dict.fromkeys(named):
            if code in published:
                continue
            body = {"source": letter.doc, "clause": unit.label, "published": False,
                    "quote": flat.text[unit.start:unit.end],
                    "lines": flat.lines(unit.start, unit.end)}
            if first_valued:
                body["notes"] = [f"第{first_valued}条未列出{code}地块调整后的用地性质和控制指标。"]
            if ATTACHED.search(norm, letter.body_start, letter.end):
                body["review"] = [f"批复称指标见附件（附表），但未从附件读出{code}地块的指标"
                                  f"（附件可能是图片或被拆散的表格），需人工核定。"]
            approvals.append((code, body))
    _title_areas(letter, approvals)

    outcome = Outcome(source=None)
    source_review = table_review + unread + _sentences(letter, outcome, hits, spans)
    is_notice = isinstance(letter, Notice)
    if not approvals and not planning_related(letter) and not is_notice and not source_review:
        return outcome
    source: dict = {"title": letter.title or None, "issuer": letter.issuer or None, "date": letter.date,
                    "addressee": letter.addressee, "kind": letter.kind}
    if letter.request:
        source["request"] = letter.request
    if not approvals:
        source["plot_limits"] = False
    notes = []
    if is_notice:
        if letter.period:
            notes.append(f"公示时间：{letter.period}")
        if letter.certificate:
            notes.append(f"土地证号：{letter.certificate}")
    for n in source_notes:
        if isinstance(n, tuple):
            a, b, k, n_written = n[1]
            total = _cn_int(n_written)
            phrase = flat.text[a:b]
            tail = "" if published else "，亦未公布调整后的指标"
            if total > k:
                notes.append(f"批复同意“{phrase}”的控规调整方案，未列出其余{total - k}个地块的编号{tail}。")
        else:
            notes.append(n)
    if notes:
        source["notes"] = notes
    if is_notice and not approvals:
        source_review.append("未找到任何地块编号及其指标：请核对公告原文（地块编号写法、表格）。")
    if source_review:
        source["review"] = source_review
    outcome.source = source
    outcome.approvals = approvals
    return outcome


_SENTENCE = re.compile(r"[^。;!?]+[。;!?]?")
_PHRASE = re.compile(r"[^,;。、!?]+")  # a heading "名称:" stays with its value


def _sentences(letter: Letter, outcome: Outcome, hits, spans) -> list[str]:
    """Never silent: every phrase of the body that names an indicator and gave no limit, no review
    item and no old-figure note becomes a review item quoting it — on the approvals of the
    statement it lies in, or on the source when no plot took it.  Counts (per sentence: named an
    indicator, became a limit, only old figures) go to ``outcome``."""
    flat, norm = letter.flat, letter.flat.norm
    hits = sorted(hits)
    starts = [p for p, _ in hits]
    spans = sorted(spans, key=lambda t: t[0])
    span_starts = [s for s, _, _ in spans]
    review = []

    def outcomes(a: int, b: int) -> set:
        return {o for _, o in hits[bisect_left(starts, a):bisect_left(starts, b)]}

    for m in _SENTENCE.finditer(norm, letter.body_start, letter.signature):
        if L.MENTION.search(norm, m.start(), m.end()) is None:
            continue
        got = outcomes(m.start(), m.end())
        if got == {"old"}:
            outcome.old += 1
            continue
        outcome.named += 1
        if "limit" in got:
            outcome.limited += 1
        silent: dict[tuple[int, int], list[str]] = {}
        for ph in _PHRASE.finditer(norm, m.start(), m.end()):
            names = L.MENTION.findall(norm, ph.start(), min(ph.end(), ph.start() + 400))
            if names and not outcomes(ph.start(), ph.end()):
                silent[(ph.start(), min(ph.end(), ph.start() + 200))] = names
                if len(silent) > MANY_SILENT + 1:
                    break
        listed = list(silent.items())
        if len(listed) > MANY_SILENT:
            a0 = listed[MANY_SILENT][0][0]
            listed = listed[:MANY_SILENT] + [((a0, min(a0 + 40, m.end())), ["更多指标名称（本句其余部分未逐一列出）"])]
        for (a, b), names in listed:
            said = flat.text[a:b] + ("…" if b - a >= 200 else "")
            item = (f"“{said}”提到{'、'.join(dict.fromkeys(names))}，但未读出限值（未找到地块编号，或写法未识别），"
                    f"未录入，需人工核定。")
            k = bisect_right(span_starts, a) - 1
            if k >= 0 and spans[k][0] <= a < spans[k][1] and spans[k][2]:
                for body in spans[k][2]:
                    body.setdefault("review", []).append(item)
            else:
                review.append(item)
    return review


def _unread_cells(parsed, norm: str, text: str) -> None:
    """A table cell under an indicator that gave neither a limit nor a review item (建筑密度 | 按规范)
    is a review item: a table is one phrase to the never-silent pass, so a cell without a figure
    would otherwise go unnoticed."""
    done = {p for p, _ in parsed.hits}
    for m in L._keyword_table()[3].finditer(norm):
        if m.start() not in done:
            a = text.rfind("，", 0, m.start()) + 1
            b = text.find("，", m.end())
            if re.search(r"[0-9]", norm[m.end():b if b >= 0 else len(norm)]):
                continue   # a figure no pattern read is reported by limits._leftovers already
            parsed.review.append(f"表格中“{text[a:b if b >= 0 else len(text)].rstrip('。')}”未能读出"
                                 f"（单位或比较符不明），未录入，需人工核定。")


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
        if "area" in body or body.get("published") is False or code + "地块(" not in subject:
            continue
        m = re.search(rf"{re.escape(code)}地块\([^()]*?(?P<num>{L.NUM})(?P<unit>{L.AREA_UNIT})\)", subject)
        if m:
            body["area"] = {"value": m["num"] + L._area_unit(m["unit"]), "approx": True, "note": "仅见于标题"}
    del norm
