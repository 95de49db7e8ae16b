"""Outputs that cannot lie, text that is shown is text.

Every file the tool writes appears whole or not at all (written beside, then renamed — one helper,
``safeio``, used by every writer); control characters a user put in a name or a value are escaped
on a terminal, in Markdown, JUnit and error lines, and stay exact (escaped by the format) in JSON.
"""
from __future__ import annotations

import errno
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from zoning_rules import safeio
from zoning_rules.cli import main
from zoning_rules.textsafe import shown

SRC = REPO / "src" / "zoning_rules"
HOSTILE_NAME = "方案\x1b]0;pwned\x07\x1b[2J\u202eevil"


def _fail_on_fsync(monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio.os, "fsync", full)


def test_an_interrupted_report_leaves_the_previous_file_untouched_and_no_partial_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")
    _fail_on_fsync(monkeypatch)
    code = main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--format", "json", "-o", str(target)])
    assert code == 2 and "No space left" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind


def test_an_interrupted_result_table_leaves_no_truncated_csv(tmp_path, monkeypatch, capsys):
    pd = pytest.importorskip("pandas", reason="tables need the batch extra")
    table = tmp_path / "designs.csv"
    table.write_text("plot,site_area,height\n" + "BZ-13-10,47333,49\n" * 50, encoding="utf-8")
    out = tmp_path / "results.csv"

    real = pd.DataFrame.to_csv

    def half_then_die(self, path, *a, **k):  # writes some whole rows, then the disk is full
        real(self.head(len(self) // 2), path, *a, **k)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_die)
    code = main(["check", "--table", str(table), "-o", str(out), "--as-of", "2021-06-01"])
    assert code == 2 and "cannot write" in capsys.readouterr().err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["designs.csv"]


def test_a_written_file_keeps_the_permissions_a_new_file_would_have(tmp_path):
    target = tmp_path / "r.txt"
    safeio.write_text(target, "x")
    assert target.read_text() == "x" and target.stat().st_mode & 0o044  # readable by others (umask 022)


WRITERS = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wa]b?['\"]|savefig\(|\.to_parquet\(|"
                     r"\.to_csv\(|write_pdf\(target|\.to_json\(p")


def test_every_writer_of_a_user_file_goes_through_the_one_helper():
    """No module writes a user-named file itself: each uses safeio (write beside, then rename)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name in ("safeio.py", "cache.py"):  # the helper itself; the cache writes beside and renames too
            continue
        text = path.read_text(encoding="utf-8")
        for m in WRITERS.finditer(text):
            line = text[: m.start()].count("\n") + 1
            context = "\n".join(text.splitlines()[max(0, line - 4): line])
            if "replacing(" not in context and "tmp" not in context:
                offenders.append(f"{path.relative_to(SRC)}:{line}")
    assert offenders == []


# --- control characters ----------------------------------------------------------------------------

@pytest.fixture
def hostile_design(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps({"plot": "BZ-13-10", "name": HOSTILE_NAME, "site_area": "71 亩", "height": "49 m"}),
                 encoding="utf-8")
    return p


def _no_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit"])
def test_control_characters_in_a_name_are_escaped_in_text_markdown_and_junit(hostile_design, fmt, capsys):
    main(["check", str(hostile_design), "--as-of", "2021-06-01", "--format", fmt])
    out = capsys.readouterr().out
    _no_controls(out)
    if fmt != "junit":
        assert "\\x1b]0;pwned\\x07" in out and "\\u202eevil" in out
    else:
        ET.fromstring(out.split("\n", 1)[1])  # still well-formed XML


def test_control_characters_stay_exact_in_json_where_the_format_escapes_them(hostile_design, capsys):
    main(["check", str(hostile_design), "--as-of", "2021-06-01", "--format", "json"])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert json.loads(out)["reports"][0]["name"] == HOSTILE_NAME


def test_control_characters_in_html_are_inert_text(hostile_design, tmp_path, capsys):
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra")
    out = tmp_path / "r.html"
    main(["check", str(hostile_design), "--as-of", "2021-06-01", "--format", "html", "-o", str(out)])
    html = out.read_text(encoding="utf-8")
    # the template has no script; the name lands in text, where a control character does nothing
    assert "<script" not in html.lower() and "pwned" in html
    _no_controls(html)


def test_control_characters_in_an_error_line_are_escaped(tmp_path, capsys):
    p = tmp_path / "d.yaml"
    p.write_text('plot: "XX\\e[2J\\e]0;t\\a"\n', encoding="utf-8")
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    _no_controls(err)
    assert "\\x1b[2J" in err


def test_shown_escapes_every_control_and_keeps_ordinary_text():
    assert shown("容积率 2.4 ≤ 2.5") == "容积率 2.4 ≤ 2.5"
    assert shown("a\nb") == "a\\x0ab" and shown("a\nb", keep_newlines=True) == "a\nb"
    assert shown("\x00\x7f\x9b\u2066") == "\\x00\\x7f\\x9b\\u2066"


def test_validate_refuses_a_letter_dated_in_the_future(capsys):
    code = main(["validate", str(REPO / "tests" / "fixtures" / "hostile" / "corpus" / "rules-future-letter.yaml"),
                 "--standalone"])
    assert code == 2
    assert "吕政函〔2099〕1号 is dated 2099-01-01, after today" in capsys.readouterr().err
