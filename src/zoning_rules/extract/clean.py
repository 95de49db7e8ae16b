"""Letter text as PDF extraction leaves it → one flat string that remembers its source lines.

PDF extraction breaks lines anywhere (inside numbers, codes and units) and drops page footers
(咨询单位 / 咨询电话 / 政 策 咨 询 / 扫码咨询) into the middle of sentences.  Chinese prose has no
word spaces, so the robust reading is: drop footers and blank lines, drop *all* white space, and
keep for every remaining character the line it came from (for the ``lines:`` span of a rule).

Two strings share the same offsets: ``text`` (as printed, for quotes) and ``norm`` (each character
NFKC-folded when that keeps it one character: full-width digits, ``（`` → ``(``, ``：`` → ``:``,
``﹝`` → ``〔``) so that the patterns need to know only one spelling.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

FOOTER = re.compile(r"^\s*(?:咨\s*询\s*单\s*位\s*[:：].*|咨\s*询\s*电\s*话\s*[:：].*|政\s*策\s*咨\s*询|扫\s*码\s*咨\s*询)\s*$")


@lru_cache(maxsize=4096)
def fold(ch: str) -> str:
    """One character's NFKC form when it stays one character (offsets must not move)."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


@dataclass(frozen=True)
class Flat:
    """Text without white space or footers; ``line_of[i]`` is the 1-based source line of char i."""

    text: str
    norm: str
    line_of: array
    line_starts: tuple[int, ...]  # offsets where a source line begins (sorted)
    gaps: array = field(default_factory=lambda: array("i"))  # offsets where white space inside a line was
    # dropped (sorted): the cell boundaries of a table typed as text rows (tables.py)

    def lines(self, start: int, end: int) -> list[int]:
        """[first, last] source line of the characters start..end-1."""
        end = max(end - 1, start)
        return [self.line_of[start], self.line_of[min(end, len(self.line_of) - 1)]]

    def starts_line(self, offset: int) -> bool:
        i = bisect_right(self.line_starts, offset) - 1
        return i >= 0 and self.line_starts[i] == offset

    def line_start_before(self, offset: int) -> int:
        """The offset where the source line holding ``offset`` begins."""
        i = bisect_right(self.line_starts, offset) - 1
        return self.line_starts[i] if i >= 0 else 0

    def line_end_after(self, offset: int) -> int:
        """The offset just past the source line holding ``offset``."""
        i = bisect_right(self.line_starts, offset)
        return self.line_starts[i] if i < len(self.line_starts) else len(self.text)


def is_footer(line: str) -> bool:
    return FOOTER.match(line) is not None


_SPACE = re.compile(r"[\s\ufeff\u200b]+")


def flatten(lines: Sequence[str], first_line: int = 1) -> Flat:
    """One pass over the lines, each handled by C-level ``re.sub`` / ``str.translate``: linear time."""
    pieces: list[str] = []
    line_of = array("i")
    gaps = array("i")
    starts: list[int] = []
    size = 0
    for number, line in enumerate(lines, start=first_line):
        if not line.strip() or FOOTER.match(line):
            continue
        kept = _SPACE.sub("", line)
        if not kept:
            continue
        inner = line.strip()
        if len(inner) != len(kept):
            dropped = 0
            for m in _SPACE.finditer(inner):
                gaps.append(size + m.start() - dropped)
                dropped += m.end() - m.start()
        starts.append(size)
        pieces.append(kept)
        line_of.extend(array("i", [number]) * len(kept))
        size += len(kept)
    text = "".join(pieces)
    return Flat(text=text, norm=_items_apart(fold_text(text), starts), line_of=line_of,
                line_starts=tuple(starts), gaps=gaps)


# An item number opening a line: 1、 2、 3、 (or 1. before a Chinese character), numbered in sequence.
_ITEM_AT_LINE = re.compile(r"([0-9]{1,2})(?:、|\.(?=[\u4e00-\u9fff]))|\(([0-9]{1,2})\)")
ITEM_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"


def _items_apart(norm: str, starts: list[int]) -> str:
    """The matching string with the item numbers that open lines written in other digits.

    With white space gone, ``容积率≤2.0 ⏎ 3、建筑密度≤30%`` would read 容积率≤2.03: the item number
    3 would join the figure before it.  Written as Arabic-Indic digits (one character for one, so
    offsets stay) the item number is still a number to ``int`` and ``\\d`` (clauses.items) but
    never part of a figure, which is read with ``[0-9]`` only (limits.NUM).  Only runs of at least
    two items numbered 1, 2, 3 … count, and none that continues a code or a decimal point on the
    line before (``N-08-0`` ⏎ ``1、``, ``2.`` ⏎ ``8``): a line broken inside a figure or a code is
    joined as before."""
    chains: dict[int, list] = {1: [], 2: []}   # 1、 2、 … and (1) (2) … are counted apart
    done: list = []
    for s in starts:
        m = _ITEM_AT_LINE.match(norm, s)
        if m is None or (s and _CONTINUES.search(norm, max(0, s - 12), s)):
            continue
        style = 1 if m.group(1) else 2
        n, chain = int(m.group(style)), chains[style]
        if n == 1:
            if len(chain) >= 2:
                done.extend(chain)
            chains[style] = chain = []
        elif not chain or n != len(chain) + 1:
            continue
        chain.append((m.start(style), m.end(style)))
    for chain in chains.values():
        if len(chain) >= 2:
            done.extend(chain)
    if not done:
        return norm
    out = list(norm)
    for a, b in done:
        for i in range(a, b):
            out[i] = ITEM_DIGITS[int(norm[i])]
    return "".join(out)


# The end of a line that a digit on the next line would continue: a code (N-08-0, BZ13) or a
# decimal point (2.).
_CONTINUES = re.compile(r"(?:[A-Za-z0-9][-/][0-9]*|[A-Za-z][0-9]*|\.)$")


# A dash of another width between letters or digits is the hyphen of a plot code (DK—3—12,
# BZ–13–10, as typed or set by a word processor) or of a range (1.5—2.0): either way "-".
_DASH = re.compile(r"(?<=[A-Za-z0-9])[‐‑‒–—―﹣−](?=[A-Za-z0-9])")


def fold_text(text: str) -> str:
    """``fold`` applied to every character, through a translation table built per distinct char,
    and dashes between letters or digits made hyphens (one character for one: offsets stay)."""
    table = {ord(c): fold(c) for c in set(text)}
    return _DASH.sub("-", text.translate(table))


def read_text(path) -> str:
    """A letter file as text; the CLI reports unreadable or non-UTF-8 files as input errors."""
    from ..errors import InputError
    from ..safeio import read_bytes

    data = read_bytes(path, what="letter text")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("the letter text is neither UTF-8 nor GB18030", file=str(path),
                     expected="a text file as extracted from the PDF")
