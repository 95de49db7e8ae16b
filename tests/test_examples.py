"""The examples do what the README says they do."""
from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLES
from zoning_rules import check


def test_the_passing_example_passes_and_the_failing_one_fails_by_0_8_square_metres():
    assert check(EXAMPLES / "bz-13-10-pass.yaml", as_of="2021-06-01").status == "pass"
    fail = check(EXAMPLES / "bz-13-10-fail.yaml", as_of="2021-06-01")
    far = [f for f in fail.findings if f.indicator == "far"][0]
    assert fail.status == "fail" and float(far.margin.excess) == 0.8


def test_the_huoyuanjie_example_is_checked_against_letter_43_including_setbacks():
    r = check(EXAMPLES / "huoyuanjie-south.yaml", as_of="2022-01-01")
    assert r.status == "pass"
    assert {f.approval.source.id for f in r.findings if f.approval} == {"吕政办函〔2021〕43号"}
    assert "setback" in {f.indicator for f in r.findings}


def test_the_python_example_script_runs_and_reports_the_room_left():
    proc = subprocess.run([sys.executable, str(EXAMPLES / "check_scheme.py")], capture_output=True,
                          text=True, check=True)
    assert "BZ-13-10: pass" in proc.stdout and "room left: 1,100.00 m²" in proc.stdout


def test_the_readme_sample_output_is_what_the_readme_first_command_prints():
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pip install . && zoning-rules" in line)
    args = command.split("&& zoning-rules", 1)[1].split()
    start = readme.index("The first prints one report per design")
    sample = readme[readme.index("```\n", start) + 4: readme.index("\n```", readme.index("```\n", start) + 4)]
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          cwd=REPO)
    assert proc.returncode == 1
    assert sample in proc.stdout
