"""Reproducers of bugs found in the second review; each is xfail(strict) until fixed, then the mark
comes off.

Each test states the behaviour the guide requires (DEVELOPERS.md rules 2 and 3) and the contract of
check_table (tests/test_batch_table_agrees_with_check.py), not what the code does today.
"""
from __future__ import annotations

import pytest

from zoning_rules import Policy, check, landuse
from zoning_rules.cli import main
from zoning_rules.rulebook import load_rulebook

SOURCE = 'format: 1\nsources:\n  "测试函〔2022〕1号": {date: 2022-03-01}\n'


def rules_with_setback(write, setback: str):
    return write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                                    '      - source: "测试函〔2022〕1号"\n        replaces: amends\n'
                                    f'        limits:\n          setback: {setback}\n')


def status(report, indicator):
    (f,) = [f for f in report.findings if f.indicator == indicator]
    return f.status, f.reason


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_coarse_declared_far_whose_interval_rounds_to_either_side_is_indeterminate_under_rounded_comparison(
        book):
    # '2' stands for [1.5, 2.5]; rounded to the limit's 0.1 that is 1.5 … 2.5 against ≤ 2.4
    r = check({"plot": "BZ-13-10", "far": "2"}, book, "2021-06-01", Policy(comparison="rounded"))
    assert status(r, "far")[0] == "indeterminate"


@pytest.mark.parametrize("setback", ["{text: 满足规划管理技术规定}"])
def test_check_table_does_not_pass_a_setback_limit_without_a_minimum(write, setback):
    pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
    from zoning_rules.batch import check_table

    book = load_rulebook(rules_with_setback(write, setback))
    t = check_table(pd.DataFrame({"plot": ["BZ-13-10"], "setback": [3.0]}), book, "2022-06-01")
    row = t[t.indicator == "setback"]
    expected = status(check({"plot": "BZ-13-10", "setback": 3.0}, book, "2022-06-01"), "setback")
    assert (row.status.item(), row.reason.item()) == expected
    assert row.status.item() != "pass"


def test_a_setback_maximum_in_a_rule_file_is_refused_not_silently_dropped(write):
    from zoning_rules.errors import InputError

    with pytest.raises(InputError, match="max"):
        load_rulebook(rules_with_setback(write, "{min: 5 m, max: 10 m}"))


def test_a_mixed_commercial_residential_design_is_not_within_an_approved_residential_class():
    assert landuse.same(landuse.resolve("RB"), landuse.resolve("R")) is not True
    assert landuse.same(landuse.resolve("商住用地"), landuse.resolve("居住用地")) is not True


def test_a_policy_cannot_require_a_land_use_limit_it_would_not_report():
    from zoning_rules.errors import InputError

    with pytest.raises(InputError, match="land_use"):
        Policy(required=("land_use", "far"))


def test_a_cached_rule_book_written_by_an_older_model_is_rebuilt_not_loaded(tmp_path, monkeypatch):
    from zoning_rules.rulebook import cache
    from zoning_rules.rulebook.loader import _build, embedded_path
    from zoning_rules.rulebook.model import Approval

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    book = _build([str(path)])
    # an older Approval without the last two fields (review, origin), as pickled before they existed
    current = Approval.__getstate__
    monkeypatch.setattr(Approval, "__getstate__", lambda self: current(self)[:-2])
    cache.put(path, book)
    monkeypatch.setattr(Approval, "__getstate__", current)
    cached = cache.get(path)
    assert cached is None or check({"plot": "BZ-13-10", "far": "2.3"}, cached, "2021-06-01") is not None


def test_a_table_without_any_design_is_bad_input_not_a_pass(write, capsys):
    pytest.importorskip("pandas", reason="check --table needs the batch extra (pandas)")
    table = write("t.csv", "plot,far\n")
    code, _, err = run(capsys, "check", "--table", table, "--as-of", "2021-06-01")
    assert code == 2 and err.strip()


def test_figure_with_a_table_is_refused_rather_than_silently_ignored(write, tmp_path, capsys):
    pytest.importorskip("pandas", reason="check --table needs the batch extra (pandas)")
    table = write("t.csv", "plot,far\nBZ-13-10,2.3\n")
    code, _, err = run(capsys, "check", "--table", table, "--as-of", "2021-06-01",
                       "--figure", tmp_path / "plan.png")
    assert code == 2 and "figure" in err
