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
    return Flat(text=text, norm=fold_text(text), line_of=line_of, line_starts=tuple(starts), gaps=gaps)


def fold_text(text: str) -> str:
    """``fold`` applied to every character, through a translation table built per distinct char."""
    table = {ord(c): fold(c) for c in set(text)}
    return text.translate(table)


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
