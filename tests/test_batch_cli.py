"""Batch and CI: directories and globs, one summary, --output, --fail-on, waivers, a progress bar
that never enters machine-readable output, and 1 000 designs in one process."""
from __future__ import annotations

import json

import pytest

from report_batch import AS_OF, write_designs
from zoning_rules.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def designs(tmp_path):
    folder = tmp_path / "designs"
    write_designs(folder)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "skip.yaml").write_text("not: a design\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a design either\n", encoding="utf-8")
    return folder


def test_a_directory_checks_every_design_below_it_with_one_summary(designs, capsys):
    code, out, _ = run(capsys, "check", str(designs), "--as-of", AS_OF)
    assert code == 1
    assert out.count("合计") == 1 and "合计 5 个设计：通过 2，不通过 2，无法判定 1" in out


def test_globs_expand_and_a_file_given_twice_is_checked_once(designs, capsys):
    code, out, _ = run(capsys, "check", str(designs / "*.yaml"), str(designs / "pass.yaml"),
                       "--as-of", AS_OF, "--format", "json")
    assert len(json.loads(out)["reports"]) == 5
    code, out, _ = run(capsys, "check", str(designs / "p*.yaml"), "--as-of", AS_OF)
    assert code == 0 and "pass.yaml" in out and "fail.yaml" not in out


def test_a_glob_or_directory_without_designs_is_bad_input(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path / "*.yaml"))
    assert code == 2 and "no file matches" in err
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "no design files" in err


@pytest.mark.parametrize("fmt,check", [
    ("json", lambda text: json.loads(text)["summary"]["designs"] == 5),
    ("sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
    ("junit", lambda text: text.startswith("<?xml") and "<testsuites" in text),
    ("markdown", lambda text: text.startswith("## ")),
])
def test_output_writes_the_report_while_the_summary_still_prints(designs, tmp_path, capsys, fmt, check):
    target = tmp_path / f"report.{fmt}"
    code, out, _ = run(capsys, "check", str(designs), "--as-of", AS_OF, "--format", fmt, "--output", str(target))
    assert code == 1
    assert check(target.read_text(encoding="utf-8"))
    assert "合计 5 个设计" in out and str(target) in out


def test_pdf_goes_to_a_file(designs, tmp_path, capsys):
    pytest.importorskip("weasyprint", reason="the pdf format needs the report extra")
    target = tmp_path / "report.pdf"
    code, out, _ = run(capsys, "check", str(designs / "pass.yaml"), "--as-of", AS_OF, "--format", "pdf",
                       "-o", str(target))
    assert code == 0 and target.read_bytes()[:5] == b"%PDF-" and "合计 1 个设计" in out


def test_machine_readable_output_on_stdout_stays_parseable_with_the_progress_bar_on(designs, capsys):
    code, out, err = run(capsys, "check", str(designs), "--as-of", AS_OF, "--format", "json", "--progress")
    assert json.loads(out)["summary"]["designs"] == 5
    assert "checking" in err and "合计 5 个设计" in err


@pytest.mark.parametrize("fail_on,expected", [(None, 3), ("fail", 0), ("indeterminate", 3), ("warn", 3)])
def test_fail_on_sets_what_makes_the_exit_code_non_zero(designs, capsys, fail_on, expected):
    args = ["check", str(designs / "pass.yaml"), str(designs / "unpublished.yaml"), "--as-of", AS_OF]
    if fail_on:
        args += ["--fail-on", fail_on]
    assert run(capsys, *args)[0] == expected


def test_fail_on_warn_turns_a_warning_into_exit_4_and_failures_stay_1(designs, capsys):
    waived = str(designs / "waived.yaml")  # a waived failure and a declared-FAR warning
    assert run(capsys, "check", waived, "--as-of", AS_OF)[0] == 0
    assert run(capsys, "check", waived, "--as-of", AS_OF, "--fail-on", "warn")[0] == 4
    assert run(capsys, "check", str(designs), "--as-of", AS_OF, "--fail-on", "fail")[0] == 1


def test_a_waived_failure_is_reported_with_its_document_never_dropped(designs, capsys):
    code, out, _ = run(capsys, "check", str(designs / "waived.yaml"), "--as-of", AS_OF, "--format", "json")
    report = json.loads(out)["reports"][0]
    height = [f for f in report["findings"] if f["indicator"] == "height"]
    assert len(height) == 1 and height[0]["status"] == "waived"
    assert height[0]["waiver"]["document"] == "吕自然资函〔2022〕15号"
    assert height[0]["margin"]["excess"] == 2.0 and report["status"] == "pass" and code == 0


@pytest.mark.parametrize("waiver,needle", [
    ("  - indicator: height\n    reason: 口头同意\n", "document"),
    ("  - indicator: height\n    document: ''\n", "document"),
    ("  - indicator: hieght\n    document: 吕政函〔2022〕1号\n", "not an indicator"),
    ("  - {indicator: height, document: A}\n  - {indicator: ZR-HEIGHT, document: B}\n", "two waivers"),
])
def test_a_waiver_without_a_document_or_for_no_indicator_is_an_error(tmp_path, capsys, waiver, needle):
    d = tmp_path / "d.yaml"
    d.write_text("plot: BZ-13-10\nheight: 51 m\nwaivers:\n" + waiver, encoding="utf-8")
    code, out, err = run(capsys, "check", str(d), "--as-of", AS_OF)
    assert code == 2 and out == "" and needle in err and str(d) in err


def test_a_waiver_does_not_turn_an_indeterminate_finding_into_anything_else(tmp_path, capsys):
    d = tmp_path / "d.yaml"
    d.write_text("plot: BZ-13-10\nwaivers:\n  - {indicator: far, document: 吕政函〔2022〕1号}\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(d), "--as-of", AS_OF, "--format", "json")
    far = [f for f in json.loads(out)["reports"][0]["findings"] if f["indicator"] == "far"][0]
    assert far["status"] == "indeterminate" and code == 3


def test_a_thousand_designs_run_through_the_cli_in_one_process_with_one_summary(tmp_path, capsys):
    folder = tmp_path / "district"
    expected = {"pass": 0, "fail": 0, "indeterminate": 0}
    for i in range(1000):
        sub = folder / f"zone-{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = ("pass", "fail", "indeterminate")[i % 3]
        height = {"pass": "49.5 m", "fail": "50.01 m", "indeterminate": "49 m"}[kind]
        green = "" if kind == "indeterminate" else "green_area: 16600 m2\n"
        (sub / f"d{i:04d}.yaml").write_text(
            f"plot: BZ-13-10\nname: 方案{i}\nland_use: RB\nsite_area: 47333 m2\nfloor_area: {100000 + i} m2\n"
            f"footprint_area: 14000 m2\n{green}height: {height}\n", encoding="utf-8")
        expected[kind] += 1
    target = tmp_path / "district.json"
    code, out, err = run(capsys, "check", str(folder), "--as-of", AS_OF, "--format", "json", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 1
    assert data["summary"] == {"designs": 1000, **expected}
    assert len({r["design"] for r in data["reports"]}) == 1000
    assert out.count("合计") == 1 and "合计 1000 个设计：通过 334，不通过 333，无法判定 333" in out
    assert err == ""


def test_the_pre_commit_hooks_run_real_commands_on_the_files_they_match(designs, capsys):
    import re

    import yaml

    from conftest import REPO

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["zoning-rules-check"]
    assert re.search(hook["files"], "designs/a.yaml") and not re.search(hook["exclude"], "designs/a.yaml")
    assert re.search(hook["exclude"], ".pre-commit-config.yaml")
    argv = hook["entry"].split()[1:] + [str(designs / "pass.yaml"), "--as-of", AS_OF]
    assert main(argv) == 0
    assert re.search(hooks["zoning-rules-validate"]["files"], "rules/extra.yaml")


def test_the_ci_examples_use_options_the_command_has(capsys):
    import shlex

    from conftest import REPO
    from zoning_rules.commands.check import check

    known = {opt for p in check.params for opt in getattr(p, "opts", [])}
    for f in (REPO / "examples" / "ci").iterdir():
        for line in f.read_text(encoding="utf-8").splitlines():
            if "zoning-rules check" not in line or line.strip().startswith("#"):
                continue
            words = shlex.split(line.split("zoning-rules check", 1)[1].split("||")[0])
            assert all(w in known for w in words if w.startswith("-")), (f.name, line)
