"""``check -o FILE`` refuses a FILE that is a design or rule file of the same check: the report
replaced the design it was about (``check d.yaml -o d.yaml``), without a word."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from conftest import EXAMPLES
from zoning_rules.cli import main


@pytest.mark.parametrize("which", ["design", "rules"])
def test_a_report_is_not_written_over_an_input_of_the_check(tmp_path, capsys, which):
    design = tmp_path / "d.yaml"
    shutil.copy(EXAMPLES / "bz-13-10-pass.yaml", design)
    rules = tmp_path / "extra.yaml"
    rules.write_text("format: 1\nsources: {}\nplots: {}\n", encoding="utf-8")
    victim = design if which == "design" else rules
    before = hashlib.sha256(victim.read_bytes()).hexdigest()
    code = main(["check", str(design), "--rules", str(rules), "--as-of", "2021-06-01", "-o", str(victim)])
    assert code == 2 and "an input of this check" in capsys.readouterr().err
    assert hashlib.sha256(victim.read_bytes()).hexdigest() == before
    assert main(["check", str(design), "--rules", str(rules), "--as-of", "2021-06-01",
                 "-o", str(tmp_path / "report.txt")]) == 0
