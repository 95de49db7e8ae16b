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
    ("plot,height\nBZ-13-10,3\nBZ-13-10,-3\n", "row 2 (line 3): height: '-3' is negative"),
    ("plot,height,height\nBZ-13-10,3,4\n", "height: the column 'height' appears more than once"),
    ("plot,entrance_side\nN-08-01,up\n", "row 1 (line 2): entrance_side: 'up' is not a side"),
    ("plot,large_commercial\nN-08-01,maybe\n", "large_commercial: 'maybe' is not yes or no"),
    ("plot,parking_spaces\nBZ-13-10,2.50\n", "'2.50' is not a whole number"),
    ("plot,site_area\nBZ-13-10,0\n", "'0': a site area of zero"),
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


def test_an_error_names_the_data_row_and_the_file_line_even_past_a_blank_line(write, capsys):
    src = write("designs.csv", "id,plot,height\na,BZ-13-10,3\n\nb,BZ-13-10,-5\n")
    assert main(["check", "--table", str(src)]) == 2
    err = capsys.readouterr().err
    assert "designs.csv: row 2 (line 4, design 'b'): height: '-5' is negative" in err


def test_a_frame_read_from_a_csv_and_filtered_still_names_the_files_line():
    from zoning_rules.batch import check_table
    from zoning_rules.batch.io import read_table
    from zoning_rules.errors import InputError

    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "d.csv"
    path.write_text("plot,height\nBZ-13-10,3\nBZ-13-10,4\nBZ-13-10,-1\n", encoding="utf-8")
    frame = read_table(path).iloc[[2]]
    with pytest.raises(InputError) as e:
        check_table(frame, name=str(path))
    assert "row 1 (line 4, design 2)" in str(e.value)


def test_declared_ratios_written_with_extra_digits_keep_them(write, tmp_path):
    # far ≤ 5.15 on 货源街南地块: '5.2' stands for [5.15, 5.25] (reaches the limit), '5.20' for
    # [5.195, 5.205] (breaks it): a float column would have made both 5.2
    src = write("designs.csv", "id,plot,far\na,货源街南地块,5.2\nb,货源街南地块,5.20\n")
    out = tmp_path / "r.csv"
    main(["check", "--table", str(src), "--as-of", "2021-11-01", "-o", str(out)])
    t = pd.read_csv(out)
    far = t[t.indicator == "far"].set_index("design")
    assert far.loc["a", "reason"] == "declared_rounded_at_limit" and far.loc["b", "status"] == "fail"
