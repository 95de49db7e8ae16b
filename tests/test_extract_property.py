"""Line breaks carry no meaning: re-breaking a letter anywhere, with a page footer dropped in
between two lines and spaces sprinkled in, gives the same extraction (only ``lines`` may move).

The issuer line that opens a letter is kept whole: it is what tells a letter's start from the
shredded attachment of the letter before (see docs/extractor.md).  One thing does depend on lines
by design: the heading of a sub-clause that sets no rule (（四）道路调整 ⏎ 片区四周…) is told from its
text by the line it stands on, so the wording of such a letter-level note (``（四）…``) is left out
of the comparison; every rule, plot note and quote is compared.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rewrapped import cut_and_spaced
from zoning_rules.extract import extract_text
from zoning_rules.extract.clean import flatten, is_footer
from zoning_rules.extract.letters import split

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
FOOTER = "咨询单位：吕梁市规划和自然资源局\n咨询电话：8296700\n政 策 咨 询\n扫码咨询"
SEED_DOCS = ("吕政函〔2021〕2号", "吕政函〔2021〕20号", "吕政函〔2021〕21号", "吕政函〔2021〕22号",
             "吕政函〔2021〕46号", "吕政办函〔2021〕43号")


class Samples(list):
    def __repr__(self) -> str:  # keep Hypothesis' failure report readable
        return f"<{len(self)} letters>"


def cut_letters(text: str, docs=None) -> list[str]:
    """Each letter of a text on its own (its lines as written), optionally only some documents."""
    lines = text.splitlines()
    letters = split(flatten(lines), "text")
    out = []
    for i, letter in enumerate(letters):
        if docs is None or letter.doc in docs:
            first = letter.flat.line_of[letter.start]
            last = letters[i + 1].flat.line_of[letters[i + 1].start] - 1 if i + 1 < len(letters) else len(lines)
            out.append("\n".join(lines[first - 1:last]))
    return out


@pytest.fixture(scope="module")
def samples(seed_text) -> list[str]:
    fixtures = [t for p in sorted(LETTERS.glob("*.txt")) for t in cut_letters(p.read_text(encoding="utf-8"))]
    found = cut_letters(seed_text, SEED_DOCS)
    assert len(found) == len(SEED_DOCS)
    return Samples(found + fixtures)


def comparable(text: str) -> dict:
    draft = extract_text(text, "letter.txt")
    plots = {p: [{k: v for k, v in a.items() if k != "lines"} for a in approvals]
             for p, approvals in draft.plots.items()}
    sources = {d: {k: ([n for n in v if not n.startswith("（")] if k == "notes" else v)
                   for k, v in s.items() if k != "_from"} for d, s in draft.sources.items()}
    return {"sources": sources, "plots": plots}


def rebreak(text: str, data) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip() and not is_footer(ln)]
    issuer, rest = lines[0], "".join(lines[1:])
    spaced = cut_and_spaced(rest, data, every=8)
    where = data.draw(st.integers(1, len(spaced)), label="footer after line")
    body = spaced[:where] + [FOOTER] + spaced[where:]
    blank = data.draw(st.booleans(), label="blank lines")
    return issuer + "\n" + ("\n\n" if blank else "\n").join(body) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rebreaking_lines_and_inserting_a_footer_does_not_change_the_extraction(samples, data):
    i = data.draw(st.integers(0, len(samples) - 1), label="letter")
    text = samples[i]
    assert comparable(rebreak(text, data)) == comparable(text)


def test_the_samples_are_not_trivial(samples):
    """The property is only worth something if the letters it re-breaks do yield rules."""
    total = sum(len(comparable(t)["plots"]) for t in samples)
    assert total >= 30
