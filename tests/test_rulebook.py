"""Which limits are in force on a date: ordering, replaces vs amends, unpublished, layering."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from zoning_rules import load_rulebook
from zoning_rules.errors import InputError, RuleBookError, UnknownPlotError
from zoning_rules.rulebook.model import document_key

D = dt.date

LAYER = """
sources:
  "吕政函〔2022〕5号": {date: 2022-03-01, title: 测试批复}
  "吕政函〔2022〕6号": {date: 2022-05-01}
plots:
  BZ-13-10:
    approvals:
      - source: "吕政函〔2022〕5号"
        replaces: amends
        limits:
          height: {max: 60 m}
  HZ-19-03:
    approvals:
      - source: "吕政函〔2022〕5号"
        land_use: B2
        limits:
          far: {max: 3.0}
  BZ-13-13:
    approvals:
      - source: "吕政函〔2022〕6号"
        published: false
"""


def test_before_the_first_letter_a_plot_has_no_limits_on_record(book):
    res = book.resolve("BZ-13-10", D(2021, 1, 10))
    assert res.status == "none" and not res.limits and res.history


def test_an_approval_is_in_force_on_its_issue_date(book):
    res = book.resolve("BZ-13-10", D(2021, 1, 11))
    assert res.status == "in_force"
    assert res.limits["far"].limit.max.value == Fraction(12, 5)
    assert res.limits["far"].approval.source.id == "吕政函〔2021〕2号"


def test_each_limit_keeps_the_letter_and_clause_it_comes_from(book):
    res = book.resolve("货源街北地块", D(2022, 1, 1))
    for inf in res.limits.values():
        assert inf.approval.source.id == "吕政办函〔2021〕43号" and inf.approval.clause == "三（三）"
    assert res.limits["setback"].limit.min_large_commercial.value == 10


def test_letters_are_ordered_by_date_not_by_number(book):
    # 7号 (2021-01-15) is dated after 8号 (2021-01-14): each plot counts from its own letter's date.
    assert book.resolve("BZ-13-13", D(2021, 1, 14)).status == "in_force"
    assert book.resolve("HZ-19-03", D(2021, 1, 14)).status == "none"
    assert book.resolve("HZ-19-03", D(2021, 1, 15)).status == "in_force"


def test_document_numbers_sort_as_numbers():
    assert document_key("吕政函〔2021〕2号") < document_key("吕政函〔2021〕20号")
    assert document_key("吕政函〔2020〕99号") < document_key("吕政函〔2021〕1号")


def test_amends_overrides_only_what_it_states_and_replaces_drops_the_rest(write):
    book = load_rulebook(write("layer.yaml", LAYER))
    before = book.resolve("BZ-13-10", D(2022, 2, 28))
    after = book.resolve("BZ-13-10", D(2022, 3, 1))
    assert before.limits["height"].limit.max.value == 50
    assert after.limits["height"].limit.max.value == 60
    assert after.limits["height"].approval.source.id == "吕政函〔2022〕5号"
    assert after.limits["far"].approval.source.id == "吕政函〔2021〕2号"  # kept from the older letter
    replaced = book.resolve("HZ-19-03", D(2022, 3, 1))
    assert set(replaced.limits) == {"far"} and replaced.limits["far"].limit.max.value == 3
    assert replaced.land_use.limit.land_use.code == "B2"


def test_an_unpublished_adjustment_makes_the_plot_unpublished_from_its_date(write):
    book = load_rulebook(write("layer.yaml", LAYER))
    assert book.resolve("BZ-13-13", D(2022, 4, 30)).status == "in_force"
    res = book.resolve("BZ-13-13", D(2022, 5, 1))
    assert res.status == "unpublished" and not res.limits
    assert res.unpublished_by.source.id == "吕政函〔2022〕6号"


def test_the_order_of_approvals_in_a_file_does_not_matter(write):
    text = """
sources:
  "A〔2022〕1号": {date: 2022-01-01}
  "A〔2022〕2号": {date: 2022-06-01}
plots:
  X-1:
    approvals:
ITEMS
"""
    first = '      - {source: "A〔2022〕1号", limits: {far: {max: 1.0}, height: {max: 10 m}}}'
    second = '      - {source: "A〔2022〕2号", replaces: amends, limits: {far: {max: 2.0}}}'
    a = load_rulebook(write("a.yaml", text.replace("ITEMS", first + "\n" + second)), embedded=False)
    b = load_rulebook(write("b.yaml", text.replace("ITEMS", second + "\n" + first)), embedded=False)
    for day in (D(2021, 12, 31), D(2022, 1, 1), D(2022, 6, 1)):
        ra, rb = a.resolve("X-1", day), b.resolve("X-1", day)
        assert ra.status == rb.status
        assert {k: (v.limit, v.approval.source.id) for k, v in ra.limits.items()} == \
            {k: (v.limit, v.approval.source.id) for k, v in rb.limits.items()}


def test_the_same_document_twice_with_different_content_is_an_error(write):
    clash = write("clash.yaml", 'sources:\n  "吕政函〔2021〕2号": {date: 2021-01-12}\nplots: {}\n')
    with pytest.raises(RuleBookError, match="given twice with different content"):
        load_rulebook(clash)


def test_the_same_document_twice_with_the_same_content_is_accepted(write):
    same = write("same.yaml", 'sources:\n  "吕政函〔2021〕 2 号":\n'
                 '    title: 吕梁市人民政府关于吕梁市新区控制性详细规划BZ-13-10地块（北部综合组团71亩）控规调整的批复\n'
                 '    issuer: 吕梁市人民政府\n    date: 2021-01-11\n    addressee: 吕梁市规划和自然资源局\n'
                 '    request: 吕自然资发〔2020〕708号\nplots: {}\n')
    assert "吕政函〔2021〕2号" in load_rulebook(same).sources


def test_a_conflicting_approval_for_the_same_clause_is_an_error(write):
    text = ('plots:\n  BZ-13-10:\n    approvals:\n      - source: "吕政函〔2021〕2号"\n        clause: 二\n'
            '        limits: {far: {max: 2.5}}\n')
    with pytest.raises(RuleBookError, match="twice with different content"):
        load_rulebook(write("c.yaml", text))


@pytest.mark.parametrize("text,needle,line", [
    ("plots:\n  X:\n    approvals:\n      - source: nope\n", "not listed under `sources`", 4),
    ('sources:\n  "S〔2022〕1号": {date: 2022-01-01}\nplots:\n  X:\n    approvals:\n'
     '      - source: "S〔2022〕1号"\n        limits:\n          far: {max: 2.4, maxx: 3}\n', "unknown field", 8),
    ('sources:\n  "S〔2022〕1号": {date: 2022-01-01}\nplots:\n  X:\n    approvals:\n'
     '      - source: "S〔2022〕1号"\n        limits:\n          height: {max: 50 m2}\n', "is an area, expected a length", 8),
    ('sources:\n  "S〔2022〕1号": {date: 2022-01-01}\nplots:\n  X:\n    approvals:\n'
     '      - source: "S〔2022〕1号"\n        limits:\n          building_density: {max: 30}\n', "ambiguous", 8),
    ('sources:\n  "S〔2022〕1号": {date: 2022-01-01}\n  "S〔2022〕1号": {date: 2022-01-02}\n', "duplicate key", 3),
    ('sources:\n  "S〔2022〕1号": {date: 2022-13-01}\n', "date", 2),
    ('sources:\n  "S〔2022〕1号": {date: 2022-01-01}\nplots:\n  X:\n    approvals:\n'
     '      - source: "S〔2022〕1号"\n        limits:\n          far: {min: 3, max: 2}\n', "above max", 8),
    ("plots: [\n", "not valid YAML", None),
])
def test_bad_rule_files_are_errors_with_file_line_and_field(write, text, needle, line):
    path = write("bad.yaml", text)
    with pytest.raises(InputError) as err:
        load_rulebook(path, embedded=False)
    assert needle in str(err.value)
    assert str(path) in str(err.value)
    if line is not None:
        assert err.value.line == line, str(err.value)


def test_unknown_plots_name_the_nearest_known_codes(book):
    with pytest.raises(UnknownPlotError) as err:
        book.resolve("BZ-13-11", D(2022, 1, 1))
    assert "BZ-13-10" in err.value.suggestions and "BZ-13-10" in str(err.value)
    assert isinstance(err.value, KeyError)


@pytest.mark.parametrize("spelling", ["BZ-13-10", "ＢＺ－１３－１０", "bz-13-10", " BZ 13-10 ", "BZ-13-10地块",
                                      "BZ—13—10"])
def test_plot_codes_are_found_however_they_are_typed(book, spelling):
    assert book.resolve(spelling, D(2022, 1, 1)).plot == "BZ-13-10"


def test_plots_without_codes_are_found_by_their_names(book):
    assert book.resolve("货源街 南地块", D(2022, 1, 1)).plot == "货源街南地块"
    assert book.resolve("货源街北", D(2022, 1, 1)).plot == "货源街北地块"


def test_the_embedded_book_is_found_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from zoning_rules.rulebook.loader import embedded_path

    assert embedded_path().is_file()
    assert "BZ-13-10" in load_rulebook().plot_codes()
