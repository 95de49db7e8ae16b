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


def test_one_file_is_known_under_a_link_a_hard_link_or_another_spelling_and_nothing_else(tmp_path):
    """``safeio.same_file``, which every command's -o/--out check goes through."""
    import os

    from zoning_rules.safeio import same_file

    a = tmp_path / "a.yaml"
    a.write_text("x", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("x", encoding="utf-8")
    os.link(a, tmp_path / "hard.yaml")
    os.symlink(a, tmp_path / "soft.yaml")
    assert same_file(a, tmp_path / "hard.yaml") and same_file(tmp_path / "soft.yaml", a)
    assert same_file(a, tmp_path / "sub" / ".." / "a.yaml")
    assert not same_file(a, tmp_path / "other.yaml")
    assert not same_file(a, tmp_path / "missing.yaml") and not same_file("-", a)


def test_extract_of_a_missing_letter_into_an_existing_draft_is_bad_input_not_a_crash(tmp_path, capsys):
    from zoning_rules.cli import main

    draft = tmp_path / "draft.yaml"
    draft.write_text("format: 1\n", encoding="utf-8")
    code = main(["extract", str(tmp_path / "missing.txt"), "--out", str(draft)])
    err = capsys.readouterr().err
    assert code == 2 and "not found" in err and "internal error" not in err
    assert draft.read_text(encoding="utf-8") == "format: 1\n"
