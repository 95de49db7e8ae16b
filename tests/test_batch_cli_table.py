"""zoning-rules check --table: a CSV or Parquet of designs in, a result table out, check's exit codes."""
from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas", reason="--table needs the batch extra (pandas, pyarrow)")
pytest.importorskip("pyarrow", reason="--table needs the batch extra (pyarrow)")

from zoning_rules.cli import main  # noqa: E402

CSV = ("id,plot,site_area,footprint_area,far,height,land_use\n"
       "a,N-10-05,20000.6,9000.27,,12,W1\n"
       "b,BZ-13-10,71 亩,,2.404,50,RB\n"
       "c,BF-06-06,,,,,\n")


def test_a_csv_table_writes_one_parquet_row_per_design_and_finding_and_exits_1_on_a_violation(write, tmp_path,
                                                                                            capsys):
    src = write("designs.csv", CSV)
    out = tmp_path / "results.parquet"
    code = main(["check", "--table", str(src), "--as-of", "2021-06-01", "--output", str(out), "--lang", "en"])
    assert code == 1
    t = pd.read_parquet(out)
    assert set(t.design) == {"a", "b", "c"}
    rows = {(r.design, r.indicator): r for r in t.itertuples()}
    assert rows[("a", "building_density")].status == "pass"  # 9000.27 / 20000.6 is exactly 45 %
    assert rows[("b", "far")].status == "fail" and rows[("b", "far")].source == "吕政函〔2021〕2号"
    assert rows[("c", "plot")].reason == "unpublished"
    assert "3 designs: 0 pass, 1 fail, 2 indeterminate" in capsys.readouterr().out


def test_a_parquet_table_gives_the_same_results_as_the_csv(write, tmp_path):
    src = write("designs.csv", CSV)
    main(["check", "--table", str(src), "--as-of", "2021-06-01", "-o", str(tmp_path / "a.csv")])
    frame = pd.read_csv(src, dtype={"site_area": object})
    frame.to_parquet(tmp_path / "designs.parquet", index=False)
    main(["check", "--table", str(tmp_path / "designs.parquet"), "--as-of", "2021-06-01",
          "-o", str(tmp_path / "b.csv")])
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv"))


def test_without_output_the_summary_and_failing_findings_print_and_json_prints_every_finding(write, capsys):
    src = write("designs.csv", CSV)
    assert main(["check", "--table", str(src), "--as-of", "2021-06-01"]) == 1
    out = capsys.readouterr().out
    assert "ZR-FAR" in out and "exceeds_max" in out
    assert main(["check", "--table", str(src), "--as-of", "2021-06-01", "--format", "json"]) == 1
    import json

    records = json.loads(capsys.readouterr().out)
    assert {r["design"] for r in records} == {"a", "b", "c"}


def test_a_table_with_nothing_failing_but_an_unpublished_plot_exits_3(write):
    src = write("designs.csv", "plot,height\nBF-06-06,10\nBZ-13-10,10\n")
    assert main(["check", "--table", str(src), "--as-of", "2021-06-01", "--fail-on", "indeterminate"]) == 3


@pytest.mark.parametrize("text,words", [
    ("plot,hieght\nBZ-13-10,3\n", "unknown column 'hieght'"),
    ("plot,height\nBZ-13-10,3\nBZ-13-10,-3\n", "row 1: height"),
    ("plot,height\nBZ-13-99,3\n", "unknown plot"),
    ("plot,building_density\nBZ-13-10,35\n", "ambiguous for a ratio"),
])
def test_bad_tables_are_one_line_on_stderr_and_exit_2(write, capsys, text, words):
    src = write("designs.csv", text)
    assert main(["check", "--table", str(src)]) == 2
    err = capsys.readouterr().err
    assert words in err and "designs.csv" in err and "Traceback" not in err


def test_a_missing_table_and_an_unknown_suffix_are_clear_errors(tmp_path, capsys):
    assert main(["check", "--table", str(tmp_path / "nope.csv")]) == 2
    assert "table not found" in capsys.readouterr().err
    (tmp_path / "d.xlsx").write_text("x")
    assert main(["check", "--table", str(tmp_path / "d.xlsx")]) == 2
    assert ".csv, .tsv or .parquet" in capsys.readouterr().err
