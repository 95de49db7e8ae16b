"""The GeoPackage beside a rule file holds what import-plan wrote — unless someone edited it in QGIS
or by a script.  A boundary without a code, a point, a self-intersecting or NaN polygon, a code twice,
or a plot the rule book does not have is an error naming the file, row and plot (exit 2) for every
command that reads boundaries — never a site placed in a broken polygon, never a crash."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from plan_layers import import_lvliang_plan, lvliang_square  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PLOT = "BZ-13-10"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return import_lvliang_plan(tmp_path_factory.mktemp("plan"))


def edited(plan: Path, tmp_path: Path, change) -> Path:
    """A copy of the rule file with its GeoPackage changed by ``change(frame) -> frame``."""
    import pyogrio

    shutil.copy(plan, tmp_path / plan.name)
    frame = pyogrio.read_dataframe(plan.with_suffix(".gpkg"), layer="plots")
    change(frame).to_file(tmp_path / plan.with_suffix(".gpkg").name, layer="plots", driver="GPKG")
    return tmp_path / plan.name


def first(frame, **values):
    frame = frame.copy()
    for column, value in values.items():
        column_values = list(frame[column])
        column_values[0] = value
        frame[column] = column_values
    return frame


def _cases():
    from shapely import Point, Polygon

    x, y = lvliang_square(PLOT)
    return {
        "a point": (lambda f: first(f, geometry=Point(x + 10, y + 10)), "is a Point, not a polygon"),
        "a bow-tie": (lambda f: first(f, geometry=Polygon([(x, y), (x + 200, y + 200), (x + 200, y), (x, y + 200)])),
                      "not a valid polygon"),
        "NaN": (lambda f: first(f, geometry=Polygon([(x, y), (x + 200, y), (float("nan"), y + 200)])),
                "not numbers"),
        "no code": (lambda f: first(f, plot=None), "row 0 has no plot code"),
        "a code twice": (lambda f: first(f, plot=list(f["plot"])[1]), "twice in"),
    }


@pytest.mark.parametrize("case", sorted(_cases()))
@pytest.mark.parametrize("command", ["locate", "map", "plots"])
def test_an_edited_boundary_that_cannot_be_is_one_error_line_for_every_command(plan, tmp_path, case, command):
    change, says = _cases()[case]
    rules = edited(plan, tmp_path, change)
    x, y = lvliang_square(PLOT)
    argv = {"locate": ["locate", f"{x + 100},{y + 100}", "--rules", str(rules)],
            "map": ["map", PLOT, "--rules", str(rules), "-o", str(tmp_path / "m.png")],
            "plots": ["plots", "--rules", str(rules), "--format", "geojson", "-o", str(tmp_path / "p.geojson")]}
    proc = run_cli(*argv[command])
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""  # nothing placed, drawn or written first


def test_a_boundary_for_a_plot_the_book_does_not_have_is_located_and_said_exit_3(plan, tmp_path):
    rules = edited(plan, tmp_path, lambda f: first(f, plot="ZZ-99-99"))
    x, y = lvliang_square(PLOT)
    proc = run_cli("locate", f"{x + 100},{y + 100}", "--rules", str(rules))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "ZZ-99-99" in proc.stdout and "not_in_rule_book" in proc.stdout
    assert "the rule book does not: ZZ-99-99" in proc.stderr
    proc = run_cli("map", PLOT, "--rules", str(rules), "-o", str(tmp_path / "m.png"))
    assert proc.returncode == 2 and f"plot {PLOT} has no boundary" in proc.stderr  # its row was taken


def test_the_unedited_geopackage_still_locates(plan):
    x, y = lvliang_square(PLOT)
    proc = run_cli("locate", f"{x + 100},{y + 100}", "--rules", str(plan))
    assert proc.returncode == 0 and PLOT in proc.stdout
