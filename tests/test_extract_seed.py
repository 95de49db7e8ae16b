"""The extractor, run on the seed letters, reproduces the embedded rule book rule for rule.

Both books are loaded through the runtime model (exact Fractions, resolved land uses), so the
comparison is semantic: value, unit kind and written precision, bounds and their exclusivity, land
use, site area and its approx flag, planned floor areas, published flags, setbacks for large
commercial buildings, clause, quote, notes and the letter each comes from (date, request, title).
"""
from __future__ import annotations

import pytest

from zoning_rules.extract import extract_text, to_yaml
from zoning_rules.rulebook import load_rulebook


def _amount(a):
    return None if a is None else (a.value, a.kind, a.half_step)


def _stated(s):
    return None if s is None else (_amount(s.amount), s.approx, s.note)


def _limit(lim):
    return {"min": _amount(lim.min), "max": _amount(lim.max), "min_exclusive": lim.min_exclusive,
            "max_exclusive": lim.max_exclusive, "equals": lim.equals,
            "min_large_commercial": _amount(lim.min_large_commercial), "text": lim.text}


def _source(s):
    return {"id": s.id, "date": s.date, "title": s.title, "issuer": s.issuer, "addressee": s.addressee,
            "request": s.request, "plot_limits": s.plot_limits, "notes": s.notes}


def _approval(a) -> dict:
    return {
        "source": _source(a.source), "effective": a.effective, "clause": a.clause,
        "land_use": None if a.land_use is None else (a.land_use.name, a.land_use.code, a.land_use.code_2023),
        "area": _stated(a.area), "planned": {k: _stated(v) for k, v in a.planned.items()},
        "limits": {k: _limit(v) for k, v in a.limits.items()}, "replaces": a.replaces,
        "published": a.published, "notes": a.notes, "quote": a.quote,
    }


@pytest.fixture(scope="module")
def books(seed_text, tmp_path_factory):
    draft = extract_text(seed_text, "seed.txt")
    path = tmp_path_factory.mktemp("draft") / "draft.yaml"
    path.write_text(to_yaml(draft), encoding="utf-8")
    return load_rulebook(path, embedded=False), load_rulebook(), draft


def test_every_plot_of_the_rule_book_is_extracted_from_the_seed(books):
    extracted, embedded, _ = books
    missing = sorted(set(embedded.approvals) - set(extracted.approvals))
    assert missing == []


def test_no_plot_is_extracted_that_the_rule_book_does_not_have(books):
    extracted, embedded, _ = books
    extra = sorted(set(extracted.approvals) - set(embedded.approvals))
    assert extra == []


def test_each_approval_matches_the_rule_book_value_unit_land_use_source_and_clause(books):
    extracted, embedded, _ = books
    checked = 0
    for key in embedded.approvals:
        want = [_approval(a) for a in embedded.approvals[key]]
        got = [_approval(a) for a in extracted.approvals.get(key, ())]
        assert got == want, key
        checked += len(want)
    assert checked == sum(len(v) for v in embedded.approvals.values()) >= 30


def test_the_same_letters_are_sources_in_both_books_with_the_same_header(books):
    extracted, embedded, _ = books
    assert sorted(extracted.sources) == sorted(embedded.sources)
    for doc, src in embedded.sources.items():
        assert _source(extracted.sources[doc]) == _source(src), doc


def test_planning_letters_without_plot_limits_are_sources_marked_so(books):
    extracted, _, _ = books
    no_limits = {d for d, s in extracted.sources.items() if not s.plot_limits}
    assert no_limits == {f"吕政函〔2021〕{n}号" for n in (4, 5, 11, 23, 31, 45, 54)}


def test_every_extracted_approval_carries_its_line_span_and_quote(books):
    extracted, _, _ = books
    for key, approvals in extracted.approvals.items():
        for a in approvals:
            assert a.lines is not None and len(a.lines) == 2 and 0 < a.lines[0] <= a.lines[1], key
            assert a.quote, key


def test_the_line_span_of_an_approval_holds_its_figures_in_the_seed(books, seed_text):
    extracted, _, _ = books
    lines = seed_text.splitlines()
    (a,) = extracted.history("E-29-01")
    span = "".join(lines[a.lines[0] - 1:a.lines[1]]).replace(" ", "")
    assert a.lines == (568, 570)
    assert "E-29-01地块" in span and "建筑限高24米" in span


def test_the_seed_needs_no_review(books):
    _, _, draft = books
    assert draft.review_count() == 0
