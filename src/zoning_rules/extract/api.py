"""The extractor's entry points: text or files in, one ``Draft`` (rule-book file as dicts) out."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from ..dates import issue_bounds, issue_problem
from ..errors import InputError
from .clean import flatten, read_text
from .letters import Notice, notice, split
from .rules import extract_letter


class ExtractError(InputError):
    """A letter text the extractor cannot use (no letter in it, a document given twice)."""


IDENTITY = ("document", "issuer", "date", "title")


@dataclass
class Draft:
    """A rule-book file as plain data (``format``, ``sources``, ``plots``) plus what was read."""

    sources: dict = field(default_factory=dict)
    plots: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)  # document → its flat text, to tell a repeat from a clash
    letters: int = 0
    # document → (sentences naming an indicator, of which became limits, sentences of old figures)
    stats: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        from ..rulebook.model import document_key

        sources = {k: self.sources[k] for k in sorted(self.sources, key=document_key)}
        return {"format": 1, "sources": sources,
                "plots": {k: {"approvals": v} for k, v in self.plots.items()}}

    def review_count(self) -> int:
        return (sum(len(a.get("review", ())) for v in self.plots.values() for a in v)
                + sum(len(s.get("review", ())) for s in self.sources.values()))


def extract_text(text: str, name: str = "<text>", draft: Draft | None = None,
                 identity: dict | None = None) -> Draft:
    """Add every letter of ``text`` to ``draft`` (a new one by default) and return it.

    A text without a letter header (issuer ⏎ 关于……的批复 ⏎ 文号) is read as one notice (公示, 公告,
    规划条件变更): its identity comes from the text, and ``identity`` (document, issuer, date, title —
    what the user supplied) fills in or overrides it.
    """
    draft = draft if draft is not None else Draft()
    identity = {k: v for k, v in (identity or {}).items() if v is not None}
    unknown = set(identity) - set(IDENTITY)
    if unknown:
        raise ValueError(f"unknown identity fields {sorted(unknown)}")
    flat = flatten(text.splitlines())
    letters = split(flat, name)
    if not letters:
        if not flat.text:
            raise ExtractError("the text is empty", file=name, expected="a letter or notice as text")
        letters = [notice(flat, name)]
    if identity and (len(letters) > 1 or draft.letters):
        raise ExtractError(f"{', '.join('--' + k for k in identity)} describe one source, but this run reads "
                           f"more than one letter or notice", file=name,
                           expected="one notice or letter per run when its identity is given")
    draft.files.append(name)
    for letter in letters:
        letter = _with_identity(letter, identity)
        outcome = extract_letter(letter)
        source = outcome.source
        if source is None:
            continue
        where = f"{name}:{flat.line_of[letter.start]}"
        if letter.date is None:
            what = ("no letter found (issuer ⏎ 关于……的批复 ⏎ 文号), so the text is read as one notice, "
                    "and the notice" if isinstance(letter, Notice) else f"letter {letter.doc}")
            raise ExtractError(f"{what} has no date (……局 2023年5月6日, 公示时间：…, 发布日期：…): "
                               f"give it with --date YYYY-MM-DD", file=name, line=flat.line_of[letter.start])
        why = issue_problem(letter.date)
        if why is not None:
            # 2099年 for 2019年, 1021年 for 2021年: refused like a missing date (the same remedy, --date),
            # not put under review — a draft dated so is refused by validate, and the date is the one
            # field every limit of the letter hangs on (when it came into force)
            earliest, latest = issue_bounds()
            given = "given with --date" if "date" in identity else "read from the text"
            raise ExtractError(f"{letter.doc if not isinstance(letter, Notice) else 'the notice'} is dated "
                               f"{letter.date.isoformat()} ({given}), which is {why}: give the date it was "
                               f"issued with --date YYYY-MM-DD", file=name, line=flat.line_of[letter.start],
                               expected=f"a date between {earliest.isoformat()} and {latest.isoformat()}")
        if isinstance(letter, Notice) and not letter.number_found and "document" not in identity:
            source.setdefault("review", []).insert(
                0, f"需要文号（document number needed）：公告未写文号，暂以由正文导出的编号 {letter.doc} 标识；"
                   f"请用 --document 给出文号。")
        seen = draft.sources.get(letter.doc)
        if seen is not None:
            if draft.texts[letter.doc] != letter.text:
                raise ExtractError(f"document {letter.doc} appears twice with different text "
                                   f"(first at {seen['_from']})", file=name,
                                   line=flat.line_of[letter.start])
            continue
        draft.texts[letter.doc] = letter.text
        draft.sources[letter.doc] = {**source, "_from": where}
        draft.stats[letter.doc] = (outcome.named, outcome.limited, outcome.old)
        draft.letters += 1
        for plot, approval in outcome.approvals:
            draft.plots.setdefault(plot, []).append(approval)
    return draft


def _with_identity(letter, identity: dict):
    """The letter with the identity the user supplied (a document number, issuer, date, title)."""
    if not identity:
        return letter
    changes = {}
    if "document" in identity:
        changes["doc"] = identity["document"]
    if "issuer" in identity:
        changes["issuer"] = identity["issuer"]
    if "title" in identity:
        changes["title"] = identity["title"]
        changes["subject"] = identity["title"]
    if "date" in identity:
        changes["date"] = identity["date"]
    return replace(letter, **changes)


def extract_files(paths: Iterable[str | Path], identity: dict | None = None) -> Draft:
    """Every letter of every file; ``identity`` (see ``extract_text``) describes one source only."""
    draft = Draft()
    for p in paths:
        extract_text(read_text(p), str(p), draft, identity)
    return draft
