"""Bad input on the command line is one line on stderr and exit 2: an absurd number, a table with no
design, an option that cannot apply.

(Moved from the review reproducers: each test was a bug once.)
"""
from __future__ import annotations

import pytest

from zoning_rules.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_absurdly_large_number_is_refused_or_reported_without_a_traceback(write, capsys):
    d = write("d.yaml", "plot: BZ-13-10\nheight: 1e400\n")
    code, out, err = run(capsys, "check", d, "--format", "json", "--as-of", "2021-06-01")
    assert code == 2 and "out of range" in err and "Traceback" not in err


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
