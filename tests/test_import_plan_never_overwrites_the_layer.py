"""``import-plan`` writes FILE.yaml and FILE.gpkg beside it: an --out that would write over the layer
being imported (``import-plan plan.gpkg --out plan.yaml``), over its own GeoPackage (``--out
plan.gpkg``), or into a device is refused before any work, and the layer is left as it was."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from plan_layers import lvliang_layer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture()
def plan_gpkg(tmp_path) -> Path:
    path = tmp_path / "plan.gpkg"
    lvliang_layer().to_file(path, driver="GPKG", layer="kg")
    return path


def fields(path: Path) -> tuple:
    import pyogrio

    return tuple(n for n, _ in pyogrio.list_layers(path)), tuple(pyogrio.read_info(path)["fields"])


@pytest.mark.parametrize("out, says", [("plan.yaml", "overwrite the layer being imported"),
                                       ("plan.gpkg", "must be named .yaml"),
                                       ("plan", "must be named .yaml")])
def test_an_out_that_would_lose_the_layer_is_refused_and_the_layer_is_intact(plan_gpkg, out, says):
    before = fields(plan_gpkg)
    proc = run_cli("import-plan", str(plan_gpkg), "--document", "D", "--date", "2019-06-01",
                   "--out", str(plan_gpkg.parent / out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0] and "--out" in lines[0]
    assert fields(plan_gpkg) == before == (("kg",), before[1])


def test_an_out_whose_geopackage_would_be_a_directory_is_refused(plan_gpkg, tmp_path):
    (tmp_path / "d.gpkg").mkdir()
    proc = run_cli("import-plan", str(plan_gpkg), "--document", "D", "--date", "2019-06-01",
                   "--out", str(tmp_path / "d.yaml"))
    assert proc.returncode == 2 and "not a regular file" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "d.yaml").exists()


def test_another_name_beside_the_layer_is_fine(plan_gpkg):
    proc = run_cli("import-plan", str(plan_gpkg), "--document", "D", "--date", "2019-06-01",
                   "--out", str(plan_gpkg.parent / "plan-rules.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert fields(plan_gpkg)[0] == ("kg",) and (plan_gpkg.parent / "plan-rules.gpkg").is_file()


@pytest.mark.parametrize("report", ["plan.gpkg", "rules.yaml", "rules.gpkg"])
def test_a_report_that_would_overwrite_the_layer_or_the_rule_file_is_refused(plan_gpkg, report):
    before = fields(plan_gpkg)
    d = plan_gpkg.parent
    proc = run_cli("import-plan", str(plan_gpkg), "--document", "D", "--date", "2019-06-01",
                   "--out", str(d / "rules.yaml"), "--report", str(d / report))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--report" in proc.stderr and "same file" in proc.stderr
    assert fields(plan_gpkg) == before and not (d / "rules.yaml").exists()
