"""A Parquet column of any Arrow type, in any design field, is read or refused with a message
naming the column — never an internal error (issue 9: an all-null or list-typed column crashed)."""
from __future__ import annotations

import datetime as dt
import decimal

import pytest

from zoning_rules.cli import main

pa = pytest.importorskip("pyarrow", reason="tables need the batch extra (pyarrow)")
pq = pytest.importorskip("pyarrow.parquet", reason="tables need the batch extra (pyarrow)")

TYPES = {
    "null": pa.array([None, None], pa.null()),
    "bool": pa.array([True, False]),
    "int8": pa.array([1, 2], pa.int8()),
    "uint64": pa.array([1, 2**63], pa.uint64()),
    "float16": pa.array([1.5, 2.5], pa.float16()) if hasattr(pa, "float16") else pa.array([1.5, 2.5]),
    "float64 with NaN": pa.array([float("nan"), 3.0]),
    "decimal128": pa.array([decimal.Decimal("1.50"), decimal.Decimal("2.25")], pa.decimal128(5, 2)),
    "string": pa.array(["49 m", "x"]),
    "large_string": pa.array(["south", "北"], pa.large_string()),
    "binary": pa.array([b"1", b"2"]),
    "date32": pa.array([dt.date(2021, 6, 1), dt.date(2021, 6, 2)]),
    "timestamp": pa.array([dt.datetime(2021, 6, 1), None], pa.timestamp("ms")),
    "time64": pa.array([dt.time(1, 2), dt.time(3, 4)], pa.time64("us")),
    "duration": pa.array([1, 2], pa.duration("s")),
    "list": pa.array([[1.0], [2.0, 3.0]]),
    "struct": pa.array([{"a": 1}, {"a": 2}]),
    "map": pa.array([[("a", 1)], [("b", 2)]], pa.map_(pa.string(), pa.int64())),
    "dictionary": pa.array(["RB", "B1"]).dictionary_encode(),
}
FIELDS = ["height", "far", "land_use", "entrance_side", "as_of", "plot"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("kind", TYPES)
def test_a_column_of_any_arrow_type_is_read_or_refused_by_name(kind, field, tmp_path, capsys):
    columns = {"plot": pa.array(["BZ-13-10", "BZ-13-10"])} if field != "plot" else {}
    columns[field] = TYPES[kind]
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table(columns), path)
    code = main(["check", "--table", str(path), "--as-of", "2021-06-01"])
    err = capsys.readouterr().err
    assert code in (0, 1, 2, 3), err
    assert "internal error" not in err and "Traceback" not in err
    if code == 2:
        assert err.startswith("zoning-rules: error:") and (field in err or "plot" in err), err
