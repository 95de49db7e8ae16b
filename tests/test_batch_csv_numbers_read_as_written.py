"""A CSV's numeric column becomes float64 only when no cell has more than 15 significant digits;
long cells are counted by their digits, not their length, and blank cells are gaps."""
from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas", reason="tables need the batch extra (pandas)")
pytest.importorskip("pyarrow", reason="tables need the batch extra (pyarrow)")

from zoning_rules.batch.io import read_table  # noqa: E402


def read_height(tmp_path, cells):
    path = tmp_path / "designs.csv"
    path.write_text("plot,height\n" + "".join(f"BZ-13-10,{c}\n" for c in cells), encoding="utf-8")
    return read_table(path)["height"]


def test_short_cells_with_spaces_and_blanks_become_floats(tmp_path):
    col = read_height(tmp_path, [" 2.5 ", "", "12"])
    assert col.dtype == "float64"
    assert col.iloc[0] == 2.5 and pd.isna(col.iloc[1]) and col.iloc[2] == 12.0


def test_a_long_cell_with_few_significant_digits_is_still_a_float(tmp_path):
    # 20 characters, 4 significant digits: exact as a double's repr
    col = read_height(tmp_path, ["0.000000000000001234", "3.5"])
    assert col.dtype == "float64" and col.iloc[0] == 1.234e-15


def test_a_cell_with_16_significant_digits_keeps_the_column_as_written(tmp_path):
    col = read_height(tmp_path, ["1234567890.123456", "3.5"])
    assert col.dtype != "float64"
    assert list(col) == ["1234567890.123456", "3.5"]
