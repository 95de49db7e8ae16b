"""Cutting a text into letters and reading each letter's header: issuer, title, number, date.

A letter (批复/通知/函) starts with its issuer on a line of its own (吕梁市人民政府), then the title
(关于……的批复) and the document number (吕政函〔2021〕2号); it ends with the issuer again and the
date it was signed (吕梁市人民政府 2021年1月11日).  Everything is matched on the flat text, so a
title or number broken over lines is still found; only the issuer must begin a line, which is how
every red-headed letter is laid out and what tells it from a shredded attachment before it.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass

from .clean import Flat

KINDS = "批复|复函|通知|通报|意见|决定|报告|请示|函"
DOCNUM = r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d{1,4}号"
HEADER = re.compile(rf"关于(?P<subject>[^。]{{1,160}}?)(?P<kind>{KINDS})(?P<doc>{DOCNUM})")
ISSUER = re.compile(r"[\u4e00-\u9fff]{1,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|局|厅)")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
REQUEST = re.compile(rf"请示》\((?P<req>[^()《》]{{1,20}}?〔\d{{4}}〕\d{{1,4}}号)\)")


@dataclass(frozen=True)
class Letter:
    """One letter: offsets into the flat text of its file, and its header read as written."""

    flat: Flat
    file: str
    start: int        # issuer
    end: int          # start of the next letter (or end of text)
    doc: str          # 吕政函〔2021〕2号, as printed
    issuer: str
    title: str        # issuer + 关于……的批复, as the letter is cited
    subject: str      # the title without issuer, 关于 and kind
    kind: str
    body_start: int   # just after the document number
    signature: int    # where the closing issuer + date begins (end of the clauses)
    date: dt.date | None
    addressee: str | None
    request: str | None

    @property
    def text(self) -> str:
        return self.flat.text[self.start:self.end]


def _issuer_start(flat: Flat, guan: int) -> int | None:
    """The line start closest before 关于 from which the text up to 关于 reads as an issuer."""
    lo = max(0, guan - 40)
    starts = flat.line_starts
    for k in range(bisect_left(starts, guan) - 1, bisect_left(starts, lo) - 1, -1):
        if ISSUER.fullmatch(flat.norm, starts[k], guan):
            return starts[k]
    return None


def split(flat: Flat, file: str) -> list[Letter]:
    heads = []
    pos = 0
    while True:
        m = HEADER.search(flat.norm, pos)
        if m is None:
            break
        s = _issuer_start(flat, m.start())
        if s is None or (heads and s < heads[-1][1].end()):
            pos = m.start() + 2  # a 关于 in running text: the real header may lie inside the match
            continue
        heads.append((s, m))
        pos = m.end()
    letters = []
    for i, (s, m) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(flat.text)
        letters.append(_letter(flat, file, s, end, m))
    return letters


def _letter(flat: Flat, file: str, start: int, end: int, m: re.Match) -> Letter:
    text, norm = flat.text, flat.norm
    issuer = text[start:m.start()]
    body_start = m.end()
    # The signature: the issuer again, directly followed by the date; the last one in the letter.
    signature, date = end, None
    for d in re.finditer(re.escape(flat.norm[start:m.start()]) + DATE.pattern, norm[body_start:end]):
        signature = body_start + d.start()
        date = _date(d.group(1), d.group(2), d.group(3))
    if date is None:
        dates = list(DATE.finditer(norm, body_start, end))
        if dates:
            date = _date(*dates[-1].groups())
            signature = dates[-1].start()
    addressee = None
    a = re.compile(r"([^:。]{2,60}?):").match(norm, body_start, signature)
    if a:
        addressee = text[a.start(1):a.end(1)]
    req = REQUEST.search(norm, body_start, signature)
    request = text[req.start("req"):req.end("req")] if req else None
    return Letter(flat=flat, file=file, start=start, end=end, doc=text[m.start("doc"):m.end("doc")],
                  issuer=issuer, title=text[start:m.end("kind")],
                  subject=text[m.start("subject"):m.end("subject")], kind=m.group("kind"),
                  body_start=body_start, signature=signature, date=date, addressee=addressee,
                  request=request)


def _date(y: str, mo: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


PLANNING_TITLE = re.compile(r"规划|控规|(?:划分|划定|调整).{0,20}(?:保护区|保护范围|红线|控制线|蓝线|绿线|紫线|黄线)")


def planning_related(letter: Letter) -> bool:
    """Does the letter belong in a rule book even when it sets no plot limits?

    By its title: a 规划/控规 in it, or the drawing of a zone or control line (划分…保护区,
    划定…红线).  Letters that only mention planning in passing (a leading group listing the
    规划和自然资源局) are not planning letters.
    """
    return PLANNING_TITLE.search(letter.subject) is not None
