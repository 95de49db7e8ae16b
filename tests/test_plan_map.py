"""map: the plots and the limits in force drawn from the rule book, for one plot and its neighbours
or the whole plan; the README's plan example runs on the committed example layer."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("matplotlib")

from conftest import REPO  # noqa: E402

from zoning_rules.cli import main  # noqa: E402

EXAMPLE = REPO / "examples" / "plan" / "lvliang-plan.geojson"
DOC = "吕梁市新区控制性详细规划（2018版）"


@pytest.fixture(scope="module")
def plan_rules(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "plan-rules.yaml"
    assert main(["import-plan", str(EXAMPLE), "--document", DOC, "--date", "2018-06-01", "--out", str(out)]) == 0
    return out


def test_the_readme_plan_example_imports_the_committed_layer(plan_rules, capsys):
    assert main(["limits", "BZ-13-10", "--rules", str(plan_rules), "--as-of", "2020-01-01"]) == 0
    out = capsys.readouterr().out
    assert "容积率≤1.8" in out and DOC in out
    assert main(["limits", "BZ-13-10", "--rules", str(plan_rules), "--as-of", "2021-06-01"]) == 0
    assert "容积率≤2.4" in capsys.readouterr().out


def test_map_of_a_plot_draws_it_and_its_neighbours_with_their_limits(plan_rules, tmp_path, capsys):
    svg = tmp_path / "bz.svg"
    assert main(["map", "BZ-13-10", "--rules", str(plan_rules), "--as-of", "2021-06-01", "-o", str(svg),
                 "--radius", "10", "--lang", "en"]) == 0
    text = svg.read_text(encoding="utf-8")
    assert "BZ-13-10" in text and "FAR ≤2.4" in text and "H ≤50 m" in text
    assert "HZ-19-03" in text  # the neighbour to the east
    assert "N-11-04" not in text  # far away


def test_map_of_the_whole_plan_is_a_png_and_a_bad_suffix_is_bad_input(plan_rules, tmp_path, capsys):
    png = tmp_path / "all.png"
    assert main(["map", "--rules", str(plan_rules), "--as-of", "2021-12-31", "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["map", "--rules", str(plan_rules), "-o", str(tmp_path / "x.bmp")]) == 2
    assert "cannot draw a map" in capsys.readouterr().err


def test_map_without_boundaries_is_bad_input(tmp_path, capsys):
    assert main(["map", "-o", str(tmp_path / "x.png")]) == 2
    assert "no plot boundaries" in capsys.readouterr().err
