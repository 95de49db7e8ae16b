"""The BIM example does what the README says, and its script writes the model that is committed."""
from __future__ import annotations

import runpy
import subprocess
import sys

from conftest import EXAMPLES, REPO
from geometry_plans import near
import ifc_models  # noqa: F401  (skips without the ifc extra)
from zoning_rules import check
from zoning_rules.ifc.build import write_model

BIM = EXAMPLES / "bim"


def test_the_readme_sample_is_what_checking_the_example_model_prints():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## BIM models (IFC 报建)")
    command = next(line for line in readme[start:].splitlines() if line.startswith("zoning-rules check"))
    args = command.split("#")[0].split()[1:]
    block = readme.index("```\n", readme.index("The first prints", start)) + 4
    sample = readme[block: readme.index("\n```", block)]
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert sample in proc.stdout


def test_the_design_file_takes_the_plot_from_the_model_and_adds_the_parking_count():
    r = check(BIM / "bz-13-10-bim.yaml", as_of="2022-01-01")
    assert r.plot == "BZ-13-10" and r.status == "pass"
    assert [f.reason for f in r.findings if f.status == "warn"] == ["declared_mismatch"]  # 4#住宅's 48.0 m


def test_the_script_writes_a_model_with_the_committed_models_figures(tmp_path):
    spec = runpy.run_path(str(BIM / "make_model.py"))["spec"]()
    fresh = check(write_model(spec, tmp_path / "bz-13-10.ifc"), as_of="2022-01-01")
    committed = check(BIM / "bz-13-10.ifc", as_of="2022-01-01")
    assert [(f.indicator, f.status) for f in fresh.findings] == [(f.indicator, f.status) for f in committed.findings]
    for key, value in committed.computed.items():
        assert near(fresh.computed[key], value), key
    assert near(committed.computed["floor_area"], 4 * 720 * 16 + 2400 * 3 + 600 * 2)
    assert committed.computed["height"] == 49.5  # 48 m of storeys + 1.2 m parapet + 0.3 m step to the ground
