"""Hostile inputs to the ways in that landed together (import-plan, locate, check of an IFC model,
extract, the web app): each ends in seconds with exit 2 and one line naming what was wrong —
never a hang, a traceback, or a limit the text does not state."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from zoning_rules import cli

ROOT = Path(__file__).resolve().parents[1]
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}
SQUARE = [[[512000.0, 4154000.0], [512200.0, 4154000.0], [512200.0, 4154200.0], [512000.0, 4154200.0],
           [512000.0, 4154000.0]]]
PROPS = {"地块编号": "A-1", "用地性质": "二类居住用地", "用地面积": 40000.0, "容积率": "≤1.8",
         "建筑密度": 25.0, "绿地率": 40.0, "建筑限高": "30米"}


def run_cli(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a child process, so that a hang is a failed test rather than a stuck suite."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    return lines[0]


def geojson(path: Path, features: list) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": CRS, "features": features},
                               ensure_ascii=False), encoding="utf-8")
    return path


# --- import-plan -------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_import_plan_refuses_a_fifo_as_the_layer_instead_of_waiting_for_a_writer(tmp_path):
    pytest.importorskip("pyogrio", reason="import-plan needs the plan extra")
    fifo = tmp_path / "plan.geojson"
    os.mkfifo(fifo)
    proc = run_cli(["import-plan", str(fifo), "--document", "D", "--date", "2021-01-01",
                    "--out", str(tmp_path / "out.yaml")], timeout=30)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(fifo) in line and "FIFO" in line


def test_import_plan_refuses_a_layer_above_the_size_limit_before_gdal_reads_it(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pyogrio", reason="import-plan needs the plan extra")
    layer = geojson(tmp_path / "plan.geojson", [{"type": "Feature", "properties": PROPS,
                                                 "geometry": {"type": "Polygon", "coordinates": SQUARE}}] * 40)
    monkeypatch.setenv("ZONING_RULES_MAX_FILE_MB", str(layer.stat().st_size / 2 / 1024 / 1024))
    code = cli.main(["import-plan", str(layer), "--document", "D", "--date", "2021-01-01",
                     "--out", str(tmp_path / "out.yaml")])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert str(layer) in line and "limit" in line
    assert not (tmp_path / "out.yaml").exists()


# --- extract -----------------------------------------------------------------------------------

def _extract(tmp_path, capsys, text: str) -> tuple[int, str, str]:
    notice = tmp_path / "notice.txt"
    notice.write_text("关于BZ-13-10地块控规调整的批复\n" + text + "\n", encoding="utf-8")
    code = cli.main(["extract", str(notice), "--document", "D", "--date", "2021-01-01"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("written", ["1e400", "1E4", "12e3", "1.5e2", "2e-1"])
def test_extract_never_reads_a_number_in_exponent_notation_as_its_leading_digits(tmp_path, capsys, written):
    code, draft, _ = _extract(tmp_path, capsys, f"BZ-13-10地块：容积率≤{written}，建筑密度≤30%。")
    assert code == 0
    assert "far:" not in draft, f"容积率≤{written} became a limit the text does not state:\n{draft}"
    assert "building_density: {max: 30%}" in draft
    assert written.split("e")[-1].split("E")[-1].lstrip("-") in draft.split("      review:")[1]


def test_extract_puts_a_reversed_far_range_under_review_and_records_no_far(tmp_path, capsys):
    code, draft, _ = _extract(tmp_path, capsys, "BZ-13-10地块：容积率3.5-2.0，建筑密度≤30%。")
    assert code == 0
    assert "far:" in draft.split("      review:")[1] and "far: {" not in draft


# --- locate ------------------------------------------------------------------------------------

def _plan(tmp_path) -> Path:
    pytest.importorskip("pyogrio", reason="import-plan needs the plan extra")
    out = tmp_path / "plan.yaml"
    code = cli.main(["import-plan", str(EXAMPLES / "plan" / "lvliang-plan.geojson"), "--document", "吕政函〔2019〕30号",
                     "--date", "2019-01-01", "--out", str(out)])
    assert code == 0
    return out


@pytest.mark.parametrize("point", ["91,181", "181,37.5", "111.1,-91"])
def test_locate_refuses_a_lon_lat_point_that_cannot_exist_rather_than_calling_it_outside(tmp_path, capsys, point):
    rules = _plan(tmp_path)
    capsys.readouterr()
    code = cli.main(["locate", point, "--rules", str(rules), "--crs", "EPSG:4326"])
    assert code == 2, "a point off the globe is bad input, not a site outside every plot"
    line = one_error_line(capsys.readouterr().err)
    assert point in line and "EPSG:4326" in line


def test_locate_still_places_a_lon_lat_point_on_the_globe(tmp_path, capsys):
    rules = _plan(tmp_path)
    capsys.readouterr()
    code = cli.main(["locate", "111.1,37.5", "--rules", str(rules), "--crs", "EPSG:4326"])
    assert code in (0, 3)
    assert "outside every plot" in capsys.readouterr().out or code == 0


@pytest.mark.parametrize("document", ["", "   "])
def test_import_plan_refuses_a_blank_document_number_instead_of_writing_an_unloadable_rule_file(
        tmp_path, capsys, document):
    pytest.importorskip("pyogrio", reason="import-plan needs the plan extra")
    out = tmp_path / "plan.yaml"
    code = cli.main(["import-plan", str(EXAMPLES / "plan" / "lvliang-plan.geojson"), "--document", document,
                     "--date", "2019-01-01", "--out", str(out)])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--document" in line
    assert not out.exists()


def test_import_plan_says_one_line_for_nan_coordinates_without_a_library_warning(tmp_path):
    pytest.importorskip("pyogrio", reason="import-plan needs the plan extra")
    layer = tmp_path / "nan.geojson"
    ring = [[512000.0, 4154000.0], [float("nan"), 4154000.0], [1e308, float("inf")], [512000.0, 4154000.0]]
    layer.write_text(json.dumps({"type": "FeatureCollection", "crs": CRS, "features": [
        {"type": "Feature", "properties": PROPS, "geometry": {"type": "Polygon", "coordinates": [ring]}}]},
        ensure_ascii=False), encoding="utf-8")
    proc = run_cli(["import-plan", str(layer), "--document", "D", "--date", "2021-01-01",
                    "--out", str(tmp_path / "out.yaml")], timeout=60)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(layer) in line and "A-1" in line


@pytest.mark.parametrize("site", ["nan,nan", "inf,1", "abc,def", "1e400,1", "1,2,3"])
def test_locate_names_the_site_it_could_read_neither_as_a_point_nor_as_a_file(tmp_path, capsys, site):
    rules = _plan(tmp_path)
    capsys.readouterr()
    code = cli.main(["locate", site, "--rules", str(rules)])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert repr(site) in line and "SITE" in line
