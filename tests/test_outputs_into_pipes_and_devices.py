"""An output that is a named pipe or a device (``-o /dev/null``, ``-o /dev/stdout``, a FIFO a script
reads) is written into once complete, never replaced by a regular file — as root, renaming over
/dev/null would have replaced the device.  A pipe nobody reads is an error at once, not a wait."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def read_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader():
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


def test_a_report_written_into_a_fifo_reaches_its_reader_and_the_fifo_stays_a_fifo(tmp_path):
    import stat

    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    thread, got = read_in_background(fifo)
    proc = run_cli("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", "2021-06-01", "--format", "json",
                   "-o", str(fifo))
    thread.join(30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["status"] == "pass"
    assert not [p for p in tmp_path.iterdir() if p.name != fifo.name]  # no temporary left beside it


def test_a_fifo_nobody_reads_is_an_error_at_once_not_a_hang(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    proc = run_cli("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", "2021-06-01", "-o", str(fifo))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "no process reads" in proc.stderr


def test_the_plots_layer_into_a_fifo_and_on_stdout_is_named_plots(tmp_path):
    pytest.importorskip("pyogrio")
    from plan_layers import import_lvliang_plan

    rules = import_lvliang_plan(tmp_path)
    fifo = tmp_path / "plots.geojson"
    os.mkfifo(fifo)
    thread, got = read_in_background(fifo)
    proc = run_cli("plots", "--rules", str(rules), "--format", "geojson", "-o", str(fifo))
    thread.join(30)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(got[0])["name"] == "plots"  # not the temporary file's name
    proc = run_cli("plots", "--rules", str(rules), "--format", "geojson")
    assert json.loads(proc.stdout)["name"] == "plots"


def test_a_geopackage_to_a_name_without_its_suffix_says_nothing_of_gdal(tmp_path):
    pytest.importorskip("pyogrio")
    from plan_layers import import_lvliang_plan

    rules = import_lvliang_plan(tmp_path)
    proc = run_cli("plots", "--rules", str(rules), "--format", "gpkg", "-o", str(tmp_path / "layer"))
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_the_plots_layer_of_a_book_without_boundaries_is_written_without_library_talk(tmp_path, fmt):
    pytest.importorskip("pyogrio")
    out = tmp_path / f"plots.{fmt}"
    proc = run_cli("plots", "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "个无边界 (without a boundary)" in lines[0] and "Warning" not in proc.stderr
    assert out.is_file()
