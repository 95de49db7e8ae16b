"""A plan's date (``import-plan --date``) is the day its limits come into force for every plot: a date
after today (2099 for 2019) would keep the whole plan out of force, one before 1949 is a typo too.
Both are refused with one line (field, value, expected) and exit 2 — the same bounds ``validate``
puts on a letter's date (``dates.issue_bounds``); an as-of date has none."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zoning_rules.dates import issue_bounds, parse_date, parse_issue_date
from zoning_rules.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.fixture()
def plan(tmp_path) -> Path:
    ring = [[500000.0, 4150000.0], [500100.0, 4150000.0], [500100.0, 4150100.0], [500000.0, 4150100.0],
            [500000.0, 4150000.0]]
    feat = {"type": "Feature", "properties": {"地块编码": "A-1", "容积率": 2.0},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path = tmp_path / "plan.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": CRS, "features": [feat]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("date, says", [("2099-01-01", "after today"), ("1900-01-01", "before 1949-10-01"),
                                        ("0219-06-01", "before 1949-10-01"), ("2019-13-01", "is not a date"),
                                        ("", "no date given")])
def test_import_plan_refuses_a_date_no_plan_can_have_with_one_line_and_exit_2(plan, tmp_path, date, says):
    pytest.importorskip("pyogrio")
    proc = run_cli("import-plan", str(plan), "--document", "D", "--date", date, "--out", str(tmp_path / "o.yaml"))
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "--date" in line and says in line and "expected" in line
    assert not (tmp_path / "o.yaml").exists()


def test_import_plan_accepts_today(plan, tmp_path):
    pytest.importorskip("pyogrio")
    proc = run_cli("import-plan", str(plan), "--document", "D", "--date", dt.date.today().isoformat(),
                   "--out", str(tmp_path / "o.yaml"))
    assert proc.returncode == 0, proc.stderr


def test_import_layer_refuses_a_future_date_from_the_python_api_too(plan):
    pytest.importorskip("pyogrio")
    from zoning_rules.plan.importer import import_layer

    with pytest.raises(InputError, match="after today"):
        import_layer(str(plan), document="D", date=dt.date.today() + dt.timedelta(days=1))


def test_the_bounds_are_today_and_the_founding_of_the_prc():
    earliest, latest = issue_bounds(dt.date(2026, 1, 2))
    assert (earliest, latest) == (dt.date(1949, 10, 1), dt.date(2026, 1, 2))
    assert parse_issue_date(dt.date.today().isoformat(), field="--date") == dt.date.today()
    with pytest.raises(InputError) as err:
        parse_issue_date("2099-01-01", field="--date")
    assert err.value.field == "--date" and err.value.value == "2099-01-01"


def test_an_as_of_date_in_the_future_is_still_a_fair_question():
    assert parse_date("2099-01-01") == dt.date(2099, 1, 1)


def test_validate_refuses_a_letter_dated_before_1949_as_it_refuses_one_from_the_future(tmp_path):
    rules = tmp_path / "old.yaml"
    rules.write_text("format: 1\nsources:\n  吕政函〔1919〕1号:\n    date: 1919-06-01\n"
                     "plots:\n  X-1:\n    approvals:\n      - source: 吕政函〔1919〕1号\n        limits: {far: {max: 2.0}}\n",
                     encoding="utf-8")
    proc = run_cli("validate", str(rules), "--standalone")
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "1919-06-01" in line and "before 1949-10-01" in line
