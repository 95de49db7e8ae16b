"""What cannot be decided stays indeterminate: an approval still under review, a land use given only
as its parent class or as a mixed class, a coarse declared ratio under rounded comparison; and a
policy cannot ask for a limit it would never report.

(Moved from the review reproducers: each test was a bug once.)
"""
from __future__ import annotations

import pytest

from zoning_rules import Policy, check, landuse
from zoning_rules.errors import InputError
from zoning_rules.rulebook import load_rulebook

SOURCE = 'sources:\n  "吕政函〔2022〕9号": {date: 2022-03-01}\n'


def status_of(report, indicator):
    return {f.indicator: f.status for f in report.findings}[indicator]


def test_an_approval_with_open_review_items_does_not_let_its_indicators_pass(write):
    rules = write("draft.yaml", SOURCE + 'plots:\n  AB-01-01:\n    approvals:\n'
                  '      - source: "吕政函〔2022〕9号"\n        clause: 二\n'
                  '        limits:\n          far: {min: "1.0", min_exclusive: true}\n'
                  '        review: ["“容积率2.4”：没有比较符，未录入。"]\n')
    r = check({"plot": "AB-01-01", "far": 9.5}, load_rulebook(rules), "2022-06-01")
    assert status_of(r, "far") != "pass"


def test_a_design_land_use_given_only_as_the_parent_class_is_not_a_failure(book):
    r = check({"plot": "HZ-19-03", "land_use": "B"}, book, "2021-06-01")
    assert status_of(r, "land_use") == "indeterminate"


def test_a_mixed_commercial_residential_design_is_not_within_an_approved_residential_class():
    assert landuse.same(landuse.resolve("RB"), landuse.resolve("R")) is not True
    assert landuse.same(landuse.resolve("商住用地"), landuse.resolve("居住用地")) is not True


def test_a_coarse_declared_far_whose_interval_rounds_to_either_side_is_indeterminate_under_rounded_comparison(
        book):
    # '2' stands for [1.5, 2.5]; rounded to the limit's 0.1 that is 1.5 … 2.5 against ≤ 2.4
    r = check({"plot": "BZ-13-10", "far": "2"}, book, "2021-06-01", Policy(comparison="rounded"))
    assert status_of(r, "far") == "indeterminate"


def test_a_policy_cannot_require_a_land_use_limit_it_would_not_report():
    with pytest.raises(InputError, match="land_use"):
        Policy(required=("land_use", "far"))
