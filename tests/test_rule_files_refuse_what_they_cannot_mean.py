"""A rule file that cannot mean what it says is refused with one line and exit 2, never half-read.

(Moved from the review reproducers: each test was a bug once.)
"""
from __future__ import annotations

import pytest

from zoning_rules.cli import main
from zoning_rules.errors import InputError
from zoning_rules.rulebook import load_rulebook

SOURCE = 'sources:\n  "吕政函〔2022〕9号": {date: 2022-03-01}\n'


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_file_area_with_a_length_unit_is_a_one_line_error_with_exit_2(write, capsys):
    rules = write("r.yaml", SOURCE + 'plots:\n  X-1:\n    approvals:\n'
                                     '      - source: "吕政函〔2022〕9号"\n        area: 50 m\n')
    code, _, err = run(capsys, "validate", rules)
    assert code == 2 and "area" in err and "50 m" in err


def test_the_same_letter_for_one_plot_twice_with_different_limits_is_an_error(write, capsys):
    rules = write("r.yaml", SOURCE + 'plots:\n  BZ-13-10:\n    approvals:\n'
                  '      - source: "吕政函〔2022〕9号"\n        limits: {far: {max: 3.0}}\n'
                  '      - source: "吕政函〔2022〕9号"\n        clause: 二\n        limits: {far: {max: 2.0}}\n')
    code, _, err = run(capsys, "validate", rules)
    assert code == 2 and "twice" in err


def test_a_setback_maximum_in_a_rule_file_is_refused_not_silently_dropped(write):
    rules = write("r.yaml", 'format: 1\nsources:\n  "测试函〔2022〕1号": {date: 2022-03-01}\n'
                            'plots:\n  BZ-13-10:\n    approvals:\n'
                            '      - source: "测试函〔2022〕1号"\n        replaces: amends\n'
                            '        limits:\n          setback: {min: 5 m, max: 10 m}\n')
    with pytest.raises(InputError, match="max"):
        load_rulebook(rules)
