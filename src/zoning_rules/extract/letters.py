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
# The year of a 文号 in 〔〕 as the standard (GB/T 9704) prints it, or in [] 【】 () as many bureaus type it.
DOCNUM = r"[\u4e00-\u9fff]{1,10}(?:〔\d{4}〕|\[\d{4}\]|【\d{4}】|\(\d{4}\))\d{1,4}号"
HEADER = re.compile(rf"关于(?P<subject>[^。]{{1,160}}?)(?P<kind>{KINDS})(?P<doc>{DOCNUM})")
ISSUER = re.compile(r"[\u4e00-\u9fff]{1,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|局|厅)")
# 2022年3月15日, or in Chinese numerals as signatures are often printed: 二〇二二年三月十五日.
CN_YEAR = "〇零○Ｏ一二三四五六七八九"
DATE_TEXT = (rf"(?:\d{{4}}|[{CN_YEAR}]{{4}})年(?:\d{{1,2}}|十[一二]?|[一二三四五六七八九])月"
             r"(?:\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日")
DATE = re.compile(r"(\d{4}|[" + CN_YEAR + r"]{4})年(\d{1,2}|十[一二]?|[一二三四五六七八九])月"
                  r"(\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日")
REQUEST = re.compile(rf"请示》\((?P<req>[^()《》]{{1,20}}?(?:〔\d{{4}}〕|\[\d{{4}}\]|【\d{{4}}】)\d{{1,4}}号)\)")


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


@dataclass(frozen=True)
class _Head:
    """Where a letter's header lies: issuer (start..issuer_end), title (关于……的批复), number."""

    start: int
    issuer_end: int
    guan: int          # where 关于 begins
    subject: tuple     # (start, end) of the subject
    kind_end: int
    kind: str
    doc: tuple         # (start, end) of the document number
    body_start: int


DOC_RE = re.compile(DOCNUM)
KIND_RE = re.compile(rf"(?:的)?(?:{KINDS})")


def split(flat: Flat, file: str) -> list[Letter]:
    heads = sorted(_title_first(flat) + _number_first(flat), key=lambda h: h.start)
    kept: list[_Head] = []
    for h in heads:
        if kept and h.start < kept[-1].body_start:
            continue
        kept.append(h)
    letters = []
    for i, h in enumerate(kept):
        end = kept[i + 1].start if i + 1 < len(kept) else len(flat.text)
        letters.append(_letter(flat, file, end, h))
    return letters


def _title_first(flat: Flat) -> list[_Head]:
    """Issuer ⏎ 关于……的批复 ⏎ 吕政函〔2021〕2号 (the number under the title)."""
    heads = []
    pos = 0
    while True:
        m = HEADER.search(flat.norm, pos)
        if m is None:
            break
        s = _issuer_start(flat, m.start())
        if s is None or (heads and s < heads[-1].body_start):
            pos = m.start() + 2  # a 关于 in running text: the real header may lie inside the match
            continue
        heads.append(_Head(s, m.start(), m.start(), (m.start("subject"), m.end("subject")), m.end("kind"),
                           m.group("kind"), (m.start("doc"), m.end("doc")), m.end()))
        pos = m.end()
    return heads


ISSUER_LINE = re.compile(rf"(?P<i>{ISSUER.pattern})(?:文件)?")


def _number_first(flat: Flat) -> list[_Head]:
    """Issuer (文件) ⏎ 市政函〔2022〕58号 ⏎ (issuer ⏎) 关于……的批复 ⏎ addressee: the number above the
    title, as many 函 and 文件 are laid out.  The number must begin a line, the issuer fill the line
    before it, and the title end at a line end (its kind is the last word of the title)."""
    norm, heads, starts = flat.norm, [], flat.line_starts
    for k in range(1, len(starts)):
        d = DOC_RE.match(norm, starts[k])
        if d is None:
            continue
        line = starts[k - 1]
        who = ISSUER_LINE.fullmatch(norm, line, d.start())
        if who is None:
            continue
        guan = d.end()
        again = flat.line_end_after(guan)
        if not norm.startswith("关于", guan) and ISSUER.fullmatch(norm, guan, again) and norm.startswith("关于", again):
            guan = again
        if not norm.startswith("关于", guan):
            continue
        stop = norm.find("。", guan, guan + 200)
        for k in KIND_RE.finditer(norm, guan + 2, stop if stop >= 0 else min(len(norm), guan + 200)):
            if flat.starts_line(k.end()) or k.end() == len(norm):
                kind = k.group().removeprefix("的")
                heads.append(_Head(line, line + who.end("i") - who.start("i"), guan,
                                   (guan + 2, k.end() - len(kind) - (1 if k.group().startswith("的") else 0)),
                                   k.end(), kind, (d.start(), d.end()), k.end()))
                break
    return heads


def _letter(flat: Flat, file: str, end: int, h: _Head) -> Letter:
    text, norm = flat.text, flat.norm
    start = h.start
    issuer = text[start:h.issuer_end]
    body_start = h.body_start
    # The signature: the issuer again, directly followed by the date; the last one in the letter.
    signature, date = end, None
    for d in re.finditer(re.escape(flat.norm[start:h.issuer_end]) + DATE.pattern, norm[body_start:end]):
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
    title = issuer + text[h.guan:h.kind_end] if h.guan != h.issuer_end else text[start:h.kind_end]
    return Letter(flat=flat, file=file, start=start, end=end, doc=text[h.doc[0]:h.doc[1]],
                  issuer=issuer, title=title, subject=text[h.subject[0]:h.subject[1]], kind=h.kind,
                  body_start=body_start, signature=signature, date=date, addressee=addressee,
                  request=request)


def _cn(numeral: str) -> int:
    """A year digit by digit (二〇二二 → 2022) or a month/day (十五 → 15, 二十 → 20, 三十一 → 31)."""
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
    if "十" not in numeral:
        return int("".join(str(digits[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def _date(y: str, mo: str, d: str) -> dt.date | None:
    try:
        return dt.date(_cn(y), _cn(mo), _cn(d))
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


# ---- notices without a letter header (公示, 公告, 规划条件变更) ------------------------------------

NOTICE_TITLE = re.compile(r"公示|公告|公布|通告|批复|变更|调整|规划条件")
BUREAU = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:局|委员会|管委会|人民政府|办公室|中心|分局)")
BUREAU_LINE = re.compile(rf"(?P<b>{BUREAU.pattern})(?:{DATE.pattern})?")
PERIOD = re.compile(r"(?:公示(?:时间|期限|期|日期)|公告(?:时间|期限|期)|征求意见(?:时间|期))(?:为|是|:|自)*"
                    rf"(?P<from>{DATE_TEXT})(?:起)?(?:(?:至|到|-|—|~)(?P<to>(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日|{DATE_TEXT}))?")
PUBLISHED = re.compile(rf"(?:发布|公布|印发)(?:日期|时间)(?:为|:)?(?P<d>{DATE_TEXT})")
OWN_NUMBER = re.compile(rf"(?:文号|编号|公示号|公告号)(?:为|:)?(?P<doc>{DOCNUM}|[\u4e00-\u9fffA-Za-z0-9〔〕()\[\]-]{{2,30}}号)")
CERTIFICATE = re.compile(r"(?:土地证号|土地证编号|土地使用证号|国有土地使用证号|土地使用权证号|不动产权证号|不动产权证书号|不动产证号)"
                         r"(?:为|是|:)?(?P<cert>[^,;。:]{2,40}?号|[^,;。:]{4,40}?(?=的|,|;|。|土地|宗地|用地|地块|$))")
# Where the body of a notice ends: the period, contact lines, 特此公示, or the closing bureau + date.
TAIL = re.compile(r"公示(?:时间|期限|期为|期:|日期)|公告(?:时间|期限)|征求意见(?:时间|期)|意见反馈|反馈意见|联系电话|联系人|"
                  r"联系地址|电子邮箱|邮箱:|特此公示|特此公告|特此公布")


def notice_kind(text: str) -> str:
    """规划条件变更 before 公告 before 公示: a 规划条件变更公示 is recorded as what it changes."""
    if re.search(r"规划(?:设计)?条件(?:的)?(?:变更|调整)", text):
        return "规划条件变更"
    if re.search(r"公告|批后公布|公布", text):
        return "公告"
    if "公示" in text:
        return "公示"
    if "批复" in text:
        return "批复"
    return "公告"


@dataclass(frozen=True)
class Notice(Letter):
    """A source without a letter header: its identity is read from the text (or given by the user)."""

    period: str | None = None
    certificate: str | None = None
    number_found: bool = False


def notice(flat: Flat, file: str) -> Notice:
    """The whole text as one header-less notice: title line, bureau, period/date, certificate."""
    text, norm = flat.text, flat.norm
    first_end = flat.line_end_after(0) if text else 0
    title = None
    body_start = 0
    top = 0
    if BUREAU.fullmatch(norm, 0, first_end) and first_end < len(text):
        # 吕梁市自然资源局 ⏎ 关于……的批后公告: the bureau on a line of its own above the title
        top, first_end = first_end, flat.line_end_after(first_end)
    head = norm[top:first_end]
    if head and first_end - top <= 80 and "。" not in head and NOTICE_TITLE.search(head) and \
            not re.search(r"(?<![-/A-Za-z0-9])\d+[.、]|容积率", head):
        title, body_start = text[top:first_end], first_end
    else:
        top, first_end = 0, flat.line_end_after(0) if text else 0
    # The closing bureau: a source line that is nothing but a bureau's name, the last one wins;
    # else a bureau opening the title (XX局关于…的公示).
    issuer = None
    for k in range(len(flat.line_starts) - 1, -1, -1):
        s = flat.line_starts[k]
        e = flat.line_starts[k + 1] if k + 1 < len(flat.line_starts) else len(text)
        line = BUREAU_LINE.fullmatch(norm, s, e) if e - s <= 48 else None
        if line:
            issuer = text[s:line.end("b")]
            break
        if len(text) - s > 400:
            break
    if issuer is None and title and top:
        issuer = text[:top]
    if issuer is None and title:
        m = BUREAU.match(norm, 0, first_end)
        if m and norm.startswith("关于", m.end()):
            issuer = text[m.start():m.end()]
    signature = len(text)
    tails = [m.start() for m in TAIL.finditer(norm, body_start)]
    if tails:
        signature = tails[0]
    date = None
    period = None
    if issuer:
        after = norm.rfind(_norm_of(issuer))
        d = DATE.match(norm, after + len(issuer)) if after >= 0 else None
        if d:
            date = _date(*d.groups())
            signature = min(signature, after)
    p = PERIOD.search(norm)
    if p:
        period = text[p.start("from"):p.end("to") if p["to"] else p.end("from")]
        if date is None:
            date = _date(*DATE.match(norm, p.start("from")).groups())
    if date is None:
        pub = PUBLISHED.search(norm)
        if pub:
            date = _date(*DATE.match(norm, pub.start("d")).groups())
    if date is None:
        dates = list(DATE.finditer(norm))
        if dates:
            date = _date(*dates[-1].groups())
    own = OWN_NUMBER.search(norm)
    doc = text[own.start("doc"):own.end("doc")] if own else None
    cert = CERTIFICATE.search(norm)
    kind = notice_kind(norm[:first_end] if title else norm[:400])
    if doc is None:
        import hashlib
        doc = f"{kind}-{hashlib.sha1(_norm_of(text).encode('utf-8')).hexdigest()[:12]}"
    subject = title or ""
    return Notice(flat=flat, file=file, start=0, end=len(text), doc=doc, issuer=issuer or "",
                  title=title or "", subject=subject, kind=kind, body_start=body_start,
                  signature=max(signature, body_start), date=date, addressee=None, request=None,
                  period=period, certificate=text[cert.start("cert"):cert.end("cert")] if cert else None,
                  number_found=own is not None)


def _norm_of(printed: str) -> str:
    from .clean import fold_text

    return fold_text(printed)
