"""A letter that splits a plot (拆分为 N-09-05 …) is representable: before it the old plot's limits
hold, after it the old plot has none and names its successors, which carry their own."""
from __future__ import annotations

import datetime as dt

import pytest

from zoning_rules import check, load_rulebook
from zoning_rules.errors import InputError

RULES = """
sources:
  "某规划〔2019〕1号": {date: 2019-01-01}
  "某政函〔2022〕5号": {date: 2022-03-01}
plots:
  N-09:
    approvals:
      - {source: "某规划〔2019〕1号", land_use: B1, limits: {far: {max: 2.5}, height: {max: 60 m}}}
      - {source: "某政函〔2022〕5号", succeeded_by: [N-09-05, N-09-06]}
  N-09-05:
    approvals:
      - {source: "某政函〔2022〕5号", land_use: B1, limits: {far: {max: 2.0}}}
  N-09-06:
    approvals:
      - {source: "某政函〔2022〕5号", land_use: G1}
"""


def test_a_split_plot_keeps_its_limits_before_the_letter_and_names_its_successors_after(tmp_path):
    path = tmp_path / "split.yaml"
    path.write_text(RULES, encoding="utf-8")
    book = load_rulebook(path, embedded=False)
    before = book.resolve("N-09", dt.date(2021, 1, 1))
    assert before.limits["far"].limit.max.value == 2.5 and before.succeeded_by == ()
    after = book.resolve("N-09", dt.date(2022, 3, 1))
    assert after.limits == {} and after.land_use is None
    assert after.succeeded_by == ("N-09-05", "N-09-06")
    assert book.resolve("N-09-05", dt.date(2022, 3, 1)).limits["far"].limit.max.value == 2
    report = check({"plot": "N-09", "site_area": "1 公顷", "floor_area": "10000 m2"}, book, as_of="2022-06-01")
    assert report.status == "indeterminate"
    superseded = [f for f in report.findings if f.reason == "superseded"]
    assert superseded and "N-09-05" in superseded[0].message_zh


def test_a_splitting_approval_cannot_also_state_limits(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(RULES.replace("succeeded_by: [N-09-05, N-09-06]}",
                                  "succeeded_by: [N-09-05], limits: {far: {max: 1}}}"), encoding="utf-8")
    with pytest.raises(InputError, match="succeeded_by"):
        load_rulebook(path, embedded=False)
