"""The extractor's entry points: text or files in, one ``Draft`` (rule-book file as dicts) out."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .clean import flatten, read_text
from .letters import split
from .rules import extract_letter


class ExtractError(InputError):
    """A letter text the extractor cannot use (no letter in it, a document given twice)."""


@dataclass
class Draft:
    """A rule-book file as plain data (``format``, ``sources``, ``plots``) plus what was read."""

    sources: dict = field(default_factory=dict)
    plots: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)  # document → its flat text, to tell a repeat from a clash
    letters: int = 0

    def as_dict(self) -> dict:
        from ..rulebook.model import document_key

        sources = {k: self.sources[k] for k in sorted(self.sources, key=document_key)}
        return {"format": 1, "sources": sources,
                "plots": {k: {"approvals": v} for k, v in self.plots.items()}}

    def review_count(self) -> int:
        return sum(len(a.get("review", ())) for v in self.plots.values() for a in v)


def extract_text(text: str, name: str = "<text>", draft: Draft | None = None) -> Draft:
    """Add every letter of ``text`` to ``draft`` (a new one by default) and return it."""
    draft = draft if draft is not None else Draft()
    flat = flatten(text.splitlines())
    letters = split(flat, name)
    if not letters:
        raise ExtractError("no letter found: expected an issuer line (…人民政府), a title (关于……的批复/通知/函) "
                           "and a document number (…〔2021〕2号)", file=name)
    draft.files.append(name)
    for letter in letters:
        source, approvals = extract_letter(letter)
        if source is None:
            continue
        where = f"{name}:{flat.line_of[letter.start]}"
        if letter.date is None:
            raise ExtractError(f"letter {letter.doc} has no date of signature (……人民政府 2021年1月11日)",
                               file=name, line=flat.line_of[letter.start])
        seen = draft.sources.get(letter.doc)
        if seen is not None:
            if draft.texts[letter.doc] != letter.text:
                raise ExtractError(f"document {letter.doc} appears twice with different text "
                                   f"(first at {seen['_from']})", file=name,
                                   line=flat.line_of[letter.start])
            continue
        draft.texts[letter.doc] = letter.text
        draft.sources[letter.doc] = {**source, "_from": where}
        draft.letters += 1
        for plot, approval in approvals:
            draft.plots.setdefault(plot, []).append(approval)
    return draft


def extract_files(paths: Iterable[str | Path]) -> Draft:
    draft = Draft()
    for p in paths:
        extract_text(read_text(p), str(p), draft)
    return draft
