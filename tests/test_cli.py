"""The command line: exit codes 0/1/2/3, JSON reports, and one clear line on stderr for bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES
from zoning_rules.cli import main

PASS = str(EXAMPLES / "bz-13-10-pass.yaml")
FAIL = str(EXAMPLES / "bz-13-10-fail.yaml")
SOUTH = str(EXAMPLES / "huoyuanjie-south.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_0_when_every_limit_passes(capsys):
    code, out, _ = run(capsys, "check", PASS, "--as-of", "2021-06-01")
    assert code == 0 and "通过" in out


def test_exit_1_when_a_limit_is_violated(capsys):
    code, out, _ = run(capsys, "check", FAIL, PASS, "--as-of", "2021-06-01", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["status"] == "fail"
    assert [r["status"] for r in data["reports"]] == ["fail", "pass"]


def test_exit_3_when_nothing_fails_but_something_is_indeterminate(write, capsys):
    d = write("d.yaml", "plot: JR-12-20\nsite_area: 1 ha\n")
    code, out, _ = run(capsys, "check", str(d), "--as-of", "2022-01-01", "--format", "json")
    assert code == 3 and json.loads(out)["reports"][0]["plot_status"] == "unpublished"


def test_exit_3_before_the_first_letter(capsys):
    assert run(capsys, "check", PASS, "--as-of", "2020-12-31")[0] == 3


def test_the_json_report_follows_the_contract(capsys):
    _, out, _ = run(capsys, "check", FAIL, "--as-of", "2021-06-01", "--format", "json")
    report = json.loads(out)["reports"][0]
    assert report["design"].endswith("bz-13-10-fail.yaml") and report["plot"] == "BZ-13-10"
    assert report["as_of"] == "2021-06-01"
    far = [f for f in report["findings"] if f["indicator"] == "far"][0]
    assert far["status"] == "fail" and far["limit"] == {"max": 2.4}
    assert far["source"] == {**far["source"], "document": "吕政函〔2021〕2号", "date": "2021-01-11"}
    assert far["actual"] == pytest.approx(113600 / 47333)


def test_english_messages_on_request(capsys):
    _, out, _ = run(capsys, "check", FAIL, "--as-of", "2021-06-01", "--lang", "en")
    assert "FAIL" in out and "largest allowed 113 599.20 m²" in out


@pytest.mark.parametrize("content,needle", [
    ("plot: BZ-13-10\nheight: 50 m2\n", "height: '50 m2' is an area, expected a length"),
    ("plot: BZ-13-10\nsite_area: 0\n", "site_area"),
    ("plot: BZ-13-10\nsite_area: -3 m2\n", "negative"),
    ("plot: BZ-13-10\nbuilding_density: 30\n", "ambiguous"),
    ("plot: BZ-13-10\nfar: .nan\n", "not a finite number"),
    ("plot: BZ-13-10\nhieght: 50 m\n", "unknown field"),
    ("plot: BZ-13-10\nplot: BZ-13-13\n", "duplicate key"),
    ("plot: BZ-13-99\n", "nearest known: BZ-13-13, BZ-13-10"),
    ("site_area: 1 ha\n", "plot"),
    ("- a\n- b\n", "must be a mapping"),
    ("plot: [\n", "not valid YAML"),
])
def test_bad_design_input_exits_2_with_file_field_and_value_on_stderr(write, capsys, content, needle):
    d = write("bad.yaml", content)
    code, out, err = run(capsys, "check", str(d))
    assert code == 2 and out == ""
    assert needle in err and str(d) in err
    assert "Traceback" not in err


def test_bad_json_design_exits_2(write, capsys):
    d = write("bad.json", '{"plot": "BZ-13-10", "height": "50 m2"}')
    code, _, err = run(capsys, "check", str(d))
    assert code == 2 and "is an area, expected a length" in err


def test_a_missing_file_and_a_bad_date_exit_2(capsys):
    assert run(capsys, "check", "nope.yaml")[0] == 2
    code, _, err = run(capsys, "check", PASS, "--as-of", "2021-13-01")
    assert code == 2 and "as_of" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "check")[0] == 2
    assert run(capsys, "check", PASS, "--format", "yaml")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_line_numbers_point_at_the_bad_field(write, capsys):
    d = write("bad.yaml", "plot: BZ-13-10\nsite_area: 71 亩\nheight: 50 m2\n")
    _, _, err = run(capsys, "check", str(d))
    assert f"{d}:3:" in err


def test_limits_shows_each_limit_with_its_letter_and_the_history(capsys):
    code, out, _ = run(capsys, "limits", "BZ-13-10", "--as-of", "2021-06-01", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "in_force"
    assert data["land_use"]["code"] == "RB" and data["land_use"]["name"] == "商住用地"
    assert data["limits"]["far"]["max"] == 2.4
    assert data["limits"]["far"]["source"]["document"] == "吕政函〔2021〕2号"
    assert data["history"][0]["in_force"] is True


def test_limits_of_a_plot_with_setbacks_and_an_entrance(capsys):
    _, out, _ = run(capsys, "limits", "货源街南地块", "--as-of", "2022-01-01", "--format", "json")
    data = json.loads(out)
    assert data["limits"]["setback"]["min"] == 5 and data["limits"]["setback"]["min_large_commercial"] == 10
    _, out, _ = run(capsys, "limits", "BF-06-05", "--as-of", "2022-01-01", "--format", "json")
    assert json.loads(out)["limits"]["entrance_side"]["equals"] == "south"


def test_limits_text_names_the_letter_and_clause(capsys):
    _, out, _ = run(capsys, "limits", "ＢＺ－１３－１０", "--as-of", "2021-06-01")
    assert "容积率≤2.4" in out and "吕政函〔2021〕2号 第二条" in out


def test_limits_of_an_unpublished_plot(capsys):
    _, out, _ = run(capsys, "limits", "JR-16-02", "--as-of", "2022-01-01", "--format", "json")
    data = json.loads(out)
    assert data["status"] == "unpublished" and data["limits"] == {}


def test_plots_lists_every_plot_with_its_status(capsys, book):
    _, out, _ = run(capsys, "plots", "--as-of", "2022-01-01", "--format", "json")
    rows = {r["plot"]: r["status"] for r in json.loads(out)}
    assert set(rows) == set(book.plot_codes())
    assert rows["BZ-13-10"] == "in_force" and rows["JR-12-20"] == "unpublished"


def test_validate_accepts_the_embedded_book_and_reports_errors_with_lines(write, capsys):
    from zoning_rules.rulebook.loader import embedded_path

    assert run(capsys, "validate", str(embedded_path()), "--standalone")[0] == 0
    bad = write("r.yaml", 'sources:\n  "S〔2022〕1号": {date: 2022-01-01}\nplots:\n  X:\n    approvals:\n'
                '      - source: "S〔2022〕1号"\n        limits:\n          height: {max: 50 m2}\n'
                '          far: {maximum: 2}\n')
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert f"{bad}:8:" in err and f"{bad}:9:" in err  # every error, each with its line


def test_rules_layers_a_file_on_the_embedded_book(write, capsys):
    layer = write("layer.yaml", 'sources:\n  "吕政函〔2022〕5号": {date: 2022-03-01}\nplots:\n  BZ-13-10:\n'
                  '    approvals:\n      - source: "吕政函〔2022〕5号"\n        replaces: amends\n'
                  '        limits: {height: {max: 48 m}}\n')
    code, out, _ = run(capsys, "check", PASS, "--rules", str(layer), "--as-of", "2022-03-01", "--format", "json")
    assert code == 1
    h = [f for f in json.loads(out)["reports"][0]["findings"] if f["indicator"] == "height"][0]
    assert h["source"]["document"] == "吕政函〔2022〕5号"


def test_schema_prints_json_schemas_for_designs_and_rules(capsys):
    _, out, _ = run(capsys, "schema", "design")
    assert "site_area" in json.loads(out)["properties"]
    _, out, _ = run(capsys, "schema", "rules")
    assert "sources" in json.loads(out)["properties"]


def test_the_installed_command_prints_no_traceback_for_bad_input(write):
    d = write("bad.yaml", "plot: BZ-13-10\nheight: 50 m2\n")
    proc = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(d)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "expected a length" in proc.stderr and proc.stdout == ""


def test_rounded_comparison_is_an_explicit_option(write, capsys):
    d = write("d.yaml", "plot: BZ-13-10\nfar: '2.40'\n")
    _, out, _ = run(capsys, "check", str(d), "--as-of", "2021-06-01", "--format", "json")
    far = [f for f in json.loads(out)["reports"][0]["findings"] if f["indicator"] == "far"][0]
    assert far["reason"] == "declared_rounded_at_limit"
    _, out, _ = run(capsys, "check", str(d), "--as-of", "2021-06-01", "--format", "json", "--comparison", "rounded")
    far = [f for f in json.loads(out)["reports"][0]["findings"] if f["indicator"] == "far"][0]
    assert far["status"] == "pass"
