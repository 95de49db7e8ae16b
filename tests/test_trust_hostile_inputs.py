"""Every hostile input of issue 9 ends, under a memory limit and a time bound, in exit 2 and one
message — never minutes of CPU, gigabytes of memory, a hang or a traceback.

Each case runs the real command in a subprocess whose address space is capped (RLIMIT_AS) and which
is killed after ``TIMEOUT`` seconds: a regression shows as a timeout or a MemoryError, not as a
machine brought to its knees.  The bound is generous for a loaded CI machine; each case takes well
under a second of work beyond the interpreter's start.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
TIMEOUT = 60  # s, wall clock: far beyond the ~1 s each case needs, far below "forever"
MEMORY = 3 * 1024**3  # bytes of address space: an interpreter with pandas/pyarrow fits, a bomb does not


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path | None = None, env: dict | None = None, stdout=subprocess.PIPE):
    """The CLI in a capped subprocess: (exit code, stdout, stderr)."""
    full_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
                **(env or {})}
    p = subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], cwd=cwd or REPO, env=full_env,
                       stdout=stdout, stderr=subprocess.PIPE, timeout=TIMEOUT, preexec_fn=_limit)
    return p.returncode, (p.stdout or b"").decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def refused(code: int, err: str, *words: str) -> None:
    """Exit 2, one message on stderr naming what is wrong, no traceback."""
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert err.startswith("zoning-rules: error:"), err
    for w in words:
        assert w in err, (w, err)


def test_a_yaml_alias_bomb_in_a_design_is_refused_in_seconds():
    refused(*run("check", str(HOSTILE / "alias-bomb-design.yaml"))[::2], "alias-bomb-design.yaml", "aliases")


def test_a_yaml_alias_bomb_in_a_rule_file_is_refused_in_seconds():
    code, _, err = run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--rules", str(HOSTILE / "alias-bomb-rules.yaml"))
    refused(code, err, "alias-bomb-rules.yaml", "aliases")


def test_a_self_referencing_yaml_anchor_is_refused():
    code, _, err = run("check", str(HOSTILE / "self-anchor.yaml"))
    refused(code, err, "self-anchor.yaml:3", "refers to the collection it is in")


def test_a_unit_written_as_an_arithmetic_bomb_is_an_unknown_unit_in_a_design():
    code, _, err = run("check", str(HOSTILE / "unit-bomb-design.yaml"))
    refused(code, err, "site_area", "unknown unit")


def test_a_unit_written_as_an_arithmetic_bomb_is_an_unknown_unit_in_a_rule_limit():
    code, _, err = run("validate", str(HOSTILE / "unit-bomb-rules.yaml"), "--standalone")
    assert code != 0 and "Traceback" not in err and "unknown unit" in (err), err


def test_a_unit_written_as_an_arithmetic_bomb_is_an_unknown_unit_for_envelope_site_area():
    code, _, err = run("envelope", "BZ-13-10", "--site-area", "1 m**2*10**10**9")
    refused(code, err, "unknown unit")


def test_a_hundred_million_storeys_are_refused_before_any_storey_is_made():
    code, _, err = run("check", str(HOSTILE / "storeys-bomb.yaml"))
    refused(code, err, "storeys 100000000", "beyond any building")


def test_dev_zero_as_a_design_a_rule_file_or_a_site_plan_is_refused_up_front(tmp_path):
    refused(*run("check", "/dev/zero")[::2], "/dev/zero", "device")
    refused(*run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--rules", "/dev/zero")[::2], "device")
    design = tmp_path / "d.yaml"
    for suffix in (".geojson", ".dxf", ".csv"):
        os.symlink("/dev/zero", tmp_path / f"zero{suffix}")
    for suffix in (".geojson", ".dxf"):
        design.write_text(f"plot: BZ-13-10\nsite_plan: zero{suffix}\n", encoding="utf-8")
        refused(*run("check", str(design))[::2], f"zero{suffix}", "device")
    refused(*run("check", "--table", str(tmp_path / "zero.csv"))[::2], "zero.csv", "device")
    refused(*run("extract", "/dev/zero")[::2], "device")


def test_a_fifo_as_a_design_is_refused_instead_of_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    refused(*run("check", str(fifo))[::2], "named pipe")


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("plot: BZ-13-10\n" + "# padding\n" * 20000, encoding="utf-8")
    code, _, err = run("check", str(big), env={"ZONING_RULES_MAX_FILE_MB": "0.1"})
    refused(code, err, "more than the limit", "ZONING_RULES_MAX_FILE_MB")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_design_nested_a_hundred_thousand_deep_is_refused(tmp_path, suffix):
    deep = tmp_path / f"deep{suffix}"
    deep.write_text('{"plot": "BZ-13-10", "name": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    refused(*run("check", str(deep))[::2], "nest")


def test_a_site_plan_nested_a_hundred_thousand_deep_is_refused(tmp_path):
    (tmp_path / "plan.geojson").write_text('{"type": "FeatureCollection", "features": ' + "[" * 100_000
                                           + "]" * 100_000 + "}", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("plot: BZ-13-10\nsite_plan: plan.geojson\ncrs: local\n", encoding="utf-8")
    refused(*run("check", str(tmp_path / "d.yaml"))[::2], "nested more than")


def _parquet(path: Path, columns: dict) -> Path:
    pa = pytest.importorskip("pyarrow", reason="tables need the batch extra (pyarrow)")
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path)
    return path


def test_a_parquet_column_of_lists_is_refused_naming_the_column(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="tables need the batch extra (pyarrow)")
    t = _parquet(tmp_path / "t.parquet", {"plot": ["BZ-13-10"], "height": pa.array([[1.0]])})
    refused(*run("check", "--table", str(t))[::2], "height", "list")


def test_a_parquet_column_of_nulls_only_is_a_column_of_missing_values(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="tables need the batch extra (pyarrow)")
    t = _parquet(tmp_path / "t.parquet", {"plot": ["BZ-13-10"], "height": pa.array([None], pa.null())})
    code, out, err = run("check", "--table", str(t), "--as-of", "2021-06-01")
    assert code == 3 and "Traceback" not in err, err  # missing height: indeterminate, not pass


def test_a_report_to_a_full_disk_is_exit_2_with_a_message():
    with open("/dev/full", "wb") as full:
        code, _, err = run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", "2021-06-01", stdout=full)
    refused(code, err, "No space left")


def test_a_report_to_a_closed_pipe_is_exit_2_with_a_message():
    r, w = os.pipe()
    os.close(r)
    try:
        code, _, err = run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", "2021-06-01",
                           stdout=w)
    finally:
        os.close(w)
    refused(code, err, "pipe")


def test_an_output_file_that_cannot_be_written_is_exit_2(tmp_path):
    code, _, err = run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), "-o", str(tmp_path / "no" / "dir" / "r.json"),
                       "--format", "json")
    refused(code, err, "cannot write")


def test_an_unexpected_exception_is_one_line_exit_5_and_debug_shows_the_trace(tmp_path):
    """A bug is not a violation: CI must not read a crash as exit 1 (nor as bad input, 2)."""
    hook = tmp_path / "sitecustomize.py"  # makes the checker raise a bug-like exception
    hook.write_text("import zoning_rules.checker as c\n"
                    "def boom(*a, **k):\n    raise ZeroDivisionError('simulated bug')\n"
                    "c.evaluate = boom\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO / "src")])}
    code, _, err = run("check", str(EXAMPLES / "bz-13-10-pass.yaml"), env=env)
    assert code == 5, err
    assert err.strip().count("\n") == 0 and "internal error — please report" in err and "Traceback" not in err
    code, _, err = run("--debug", "check", str(EXAMPLES / "bz-13-10-pass.yaml"), env=env)
    assert code == 5 and "Traceback" in err and "ZeroDivisionError: simulated bug" in err
