"""The clause structure of a letter body: 一、 二、 …, sub-clauses （一） （二） …, items 1. 2. ….

Markers are accepted only in sequence (二 after 一, （二） after （一）), and a top-level marker only
after a sentence end, so that 统一、 or 第一、 in running text never opens a clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .letters import Letter

CN_DIGITS = "一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (clause numbers)."""
    if n < 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


TOP = re.compile(r"([一二三四五六七八九十]{1,3})、")
SUB = re.compile(r"\(([一二三四五六七八九十]{1,3})\)")
# An item number (1. 2.); one that opens a line is written in Arabic-Indic digits in the matching
# string (clean._items_apart) and is an item whatever stands before it.
ITEM = re.compile(r"(?:(?<![\d.])|(?=[\u0660-\u0669]))(\d{1,2})\.(?!\d)")
SENTENCE_END = set("。;:!?)")
# A numeral after one of these is part of a word (统一、 第二、 之一、), not a clause marker.
WORD_BEFORE = set("第统唯之同单逐万千百十零一二三四五六七八九、")


@dataclass
class Unit:
    """A piece of a letter that can state rules: a clause, or a sub-clause of one."""

    label: str       # 二, 三（一）
    start: int       # first character after the marker(s)
    end: int
    marker_start: int
    heading: str = ""          # 南地块 in （一）南地块 1.…
    heading_end: int | None = None  # where the text after the heading begins
    subs: list["Unit"] = field(default_factory=list)


def _markers(pattern: re.Pattern, norm: str, start: int, end: int, *, after_sentence: bool) -> list[re.Match]:
    """The longest run of markers numbered in sequence (二、三、 or 一、二、…), wherever it starts.

    A letter may quote only its later clauses, or a notice number them from 二; requiring 一 first
    lost those clauses.  Longest chain by one forward pass: chain[v] is the best run ending at v."""
    best: dict[int, tuple[int, tuple]] = {}   # number → (length, linked list of matches)
    top: tuple[int, tuple] = (0, ())
    for m in pattern.finditer(norm, start, end):
        if after_sentence and m.start() > start and norm[m.start() - 1] not in SENTENCE_END \
                and norm[m.start() - 1] in WORD_BEFORE:
            continue
        v = _value(m.group(1))
        if v is None:
            continue
        prev = best.get(v - 1, (0, ()))
        run = (prev[0] + 1, (m, prev[1]))
        if run[0] > best.get(v, (0, ()))[0]:
            best[v] = run
        if run[0] > top[0]:
            top = run
    out, node = [], top[1]
    while node:
        out.append(node[0])
        node = node[1]
    return out[::-1]


def _value(numeral: str) -> int | None:
    return _VALUES.get(numeral)


_VALUES = {cn_number(n): n for n in range(1, 100)}


def clauses(letter: Letter) -> list[Unit]:
    """Top-level clauses of the letter body, each with its sub-clauses."""
    norm = letter.flat.norm
    tops = _markers(TOP, norm, letter.body_start, letter.signature, after_sentence=True)
    units = []
    for i, m in enumerate(tops):
        end = tops[i + 1].start() if i + 1 < len(tops) else letter.signature
        unit = Unit(label=m.group(1), start=m.end(), end=end, marker_start=m.start())
        subs = _markers(SUB, norm, m.end(), end, after_sentence=False)
        for j, s in enumerate(subs):
            send = subs[j + 1].start() if j + 1 < len(subs) else end
            sub = Unit(label=f"{m.group(1)}（{s.group(1)}）", start=s.end(), end=send,
                       marker_start=s.start())
            _heading(letter, sub)
            unit.subs.append(sub)
        units.append(unit)
    return units


def items(norm: str, start: int, end: int) -> list[re.Match]:
    return _markers_plain(norm, start, end)


def _markers_plain(norm: str, start: int, end: int) -> list[re.Match]:
    out, expected = [], 1
    for m in ITEM.finditer(norm, start, end):
        if int(m.group(1)) == expected:
            out.append(m)
            expected += 1
    return out


def _heading(letter: Letter, sub: Unit) -> None:
    """A sub-clause's heading: the text before its first item or colon, else the rest of its line.

    （一）南地块 1.四至范围… → 南地块 (before item 1);  （四）道路调整 ⏎ 片区四周… → 道路调整 (its line).
    The line-based reading is only used for headings of clauses that carry no rules.
    """
    norm = letter.flat.norm
    first_item = items(norm, sub.start, sub.end)
    cut = first_item[0].start() if first_item else None
    if cut is not None and cut - sub.start <= 20 and re.fullmatch(r"[^,;:。]+", norm[sub.start:cut]):
        sub.heading, sub.heading_end = letter.flat.text[sub.start:cut], cut
        return
    colon = re.compile(r"([^,;:。]{1,20}):").match(norm, sub.start, sub.end)
    if colon:
        sub.heading, sub.heading_end = letter.flat.text[sub.start:colon.end(1)], colon.end()
        return
    line_end = letter.flat.line_end_after(sub.start)
    if line_end < sub.end and line_end - sub.start <= 20 and re.fullmatch(r"[^,;:。]+", norm[sub.start:line_end]):
        sub.heading, sub.heading_end = letter.flat.text[sub.start:line_end], line_end
