"""Tables of designs in and result tables out: CSV and Parquet through pyarrow.

CSV cells of the numeric fields are read as text first: a column whose every cell is a plain
decimal of at most 15 significant digits becomes float64 (pyarrow's parser rounds correctly, and
such a decimal is what the double's ``repr`` prints back, so its value is not altered); anything
else (units such as ``71 亩``, longer decimals) stays text and is parsed exactly, value by value, as
``check`` parses it.  Two more cases stay text, so that nothing the user wrote is altered:

* a column with an invalid cell (negative, a ratio above 1 …): the error then quotes the cell as
  written (``'-5'``, not ``'-5.0'``);
* a declared ratio (``far``, ``building_density``, ``green_ratio``) with a cell whose written digits
  differ from its ``repr``'s (``2.40``, ``2``): a declared figure stands for its rounding interval,
  half a unit of its last written digit either side, which decides at a limit.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .columns import KNOWN, NUMERIC, SOURCE_ATTR, TableSource, _Declared

TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq")
MAX_EXACT_DIGITS = 15


def _pa():
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InputError("tables of designs need pandas and pyarrow",
                         expected="pip install 'zoning-rules[batch]'") from None
    return pa


def read_table(path: str | Path):
    """A pandas DataFrame of designs from a CSV/TSV or Parquet file (errors name the file)."""
    pa = _pa()
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"cannot read a table from a {suffix or 'suffix-less'} file", file=str(path),
                         expected="a .csv, .tsv or .parquet file")
    from ..safeio import regular_file

    regular_file(p, what="table")  # no FIFO, device or oversized file
    csv = suffix not in (".parquet", ".pq")
    if csv:
        _utf8_expected(p)
    try:
        if not csv:
            import pyarrow.parquet as pq

            _rows_within_bound(pq.ParquetFile(p).metadata.num_rows, path)  # before a 200 kB file becomes GB
            table = pq.read_table(p)
        else:
            table = _read_csv(p, "\t" if suffix == ".tsv" else ",")
    except (pa.ArrowException, OSError) as exc:  # a corrupt Parquet footer is an OSError
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        if csv and "UTF8" in lines[0]:
            raise InputError(f"not UTF-8 text: {lines[0]}", file=str(path),
                             expected=_SAVE_AS_UTF8) from None
        if csv and ("straddl" in lines[0] or "cannot infer number of columns" in lines[0]) and p.stat().st_size:
            raise InputError("a line of the table (its header or a row) is longer than the reader's block "
                             f"of {_BLOCK // 2**20} MB (表格单行过长)", file=str(path),
                             expected="one design per row, with cells of ordinary length") from None
        raise InputError(f"cannot read the table: {lines[0]}", file=str(path)) from None
    from .celltypes import check_arrow_schema

    check_arrow_schema(table, str(path))  # a list- or struct-typed column: refused by name
    _rows_within_bound(table.num_rows, path)
    names = table.column_names
    twice = [c for i, c in enumerate(names) if c in names[:i]]
    if twice:
        raise _twice(twice[0], path)
    if suffix not in (".parquet", ".pq"):
        table = _convert_numeric(table)
    frame = table.to_pandas()
    if "id" in frame.columns:
        _ids_name_one_design_each(frame["id"], path)
        frame = frame.set_index("id", drop=True)
    frame.attrs[SOURCE_ATTR] = TableSource(str(path), frame.index, csv=suffix not in (".parquet", ".pq"))
    return frame


#: pyarrow's CSV block (its default, said in the error): no header or row may be longer.
_BLOCK = 1 << 20
_SAVE_AS_UTF8 = "a table saved as UTF-8 (Excel: 另存为 → CSV UTF-8)"
_WIDE = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
         b"\xfe\xff": "UTF-16"}


def _utf8_expected(path: Path) -> None:
    """Refuse a CSV in UTF-16/32 by name before pyarrow reads its NUL bytes as one odd column
    ("Expected 2 columns, got 1: \\x00")."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    for bom, name in _WIDE.items():  # longest first
        if head.startswith(bom):
            raise InputError(f"the table is {name} text, not UTF-8", file=str(path), expected=_SAVE_AS_UTF8)
    if b"\x00" in head:
        raise InputError("the table holds NUL bytes (UTF-16 text without its mark, or not text)",
                         file=str(path), expected=_SAVE_AS_UTF8)


def _rows_within_bound(rows: int, path) -> None:
    from ..safeio import bounds

    if rows > bounds().max_rows:
        raise InputError(f"the table has {rows} rows, more than {bounds().max_rows}", file=str(path),
                         expected="a table split into parts (check_dask for very large ones)")


def _ids_name_one_design_each(ids, path) -> None:
    """An id names one design: a missing one left its design out of the summary's count, a repeated
    one counted two designs as one (their findings under one name)."""
    missing = ids.isna()
    if missing.any():
        row = int(missing.to_numpy().argmax()) + 1
        raise InputError(f"row {row}: the design has no id (编号为空)", file=str(path), field="id",
                         expected="an id in every row, or no id column (rows are then numbered)")
    twice = ids.duplicated(keep=False)
    if twice.any():
        rows = [int(i) + 1 for i in twice.to_numpy().nonzero()[0][:5]]
        raise InputError(f"the id {str(ids[twice].iloc[0])!r} names more than one design (rows "
                         f"{', '.join(map(str, rows))}; 编号重复)", file=str(path), field="id",
                         value=str(ids[twice].iloc[0]), expected="one id per design")


def _twice(name: str, path) -> InputError:
    return InputError(f"the column {name!r} appears more than once", file=str(path), field=name,
                      expected="each design field in one column")


def _read_csv(path: Path, delimiter: str):
    import pyarrow as pa
    import pyarrow.csv as pcsv

    text_cols = {c: pa.string() for c in KNOWN}
    return pcsv.read_csv(path, read_options=pcsv.ReadOptions(block_size=_BLOCK),
                         parse_options=pcsv.ParseOptions(delimiter=delimiter),
                         convert_options=pcsv.ConvertOptions(column_types=text_cols,
                                                             strings_can_be_null=True))


def _convert_numeric(table):
    for i, name in enumerate(table.column_names):
        if name in NUMERIC:
            table = table.set_column(i, name, _numeric_text(table.column(i), name))
    return table


#: A plain decimal whose digits are those ``repr`` prints for its double: a fraction part that is
#: "0" or ends in a non-zero digit (``2.4``, ``2.0``, ``.35``; not ``2.40``, ``2``, ``2.``).
_REPR_DIGITS = r"^[+-]?\d*\.(0|\d*[1-9])$"
RATIOS = _Declared(lambda: {i.declared.name: i.key for i in _indicators().values()
                            if i.ratio is not None and i.declared is not None})


def _indicators():
    from ..indicators import INDICATORS

    return INDICATORS


def _numeric_text(col, name: str):
    """float64 when every cell is a short plain decimal that converts without altering what was
    written (see the module's docstring), else the text as written."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .columns import _plainly_valid, _range

    stripped = pc.utf8_trim_whitespace(col)
    lengths = pc.utf8_length(stripped)
    blank = pc.equal(lengths, 0)
    if pc.any(blank).as_py():
        stripped = pc.if_else(blank, pa.scalar(None, pa.string()), stripped)
    plain = pc.match_substring_regex(stripped, r"^[+-]?(\d+\.?\d*|\.\d+)$")
    if not pc.all(pc.fill_null(plain, True)).as_py():
        return stripped
    # a cell of at most MAX_EXACT_DIGITS characters has at most as many digits: only a longer one
    # needs its digits counted (two passes of regular expressions over the column)
    if (pc.max(lengths).as_py() or 0) > MAX_EXACT_DIGITS:
        digits = pc.replace_substring_regex(stripped, r"[^0-9]", "")
        digits = pc.replace_substring_regex(digits, r"^0+", "")
        if (pc.max(pc.utf8_length(digits)).as_py() or 0) > MAX_EXACT_DIGITS:
            return stripped
    if name in RATIOS and not pc.all(pc.fill_null(pc.match_substring_regex(stripped, _REPR_DIGITS),
                                                  True)).as_py():
        return stripped
    floats = pc.cast(stripped, pa.float64())
    x = floats.to_numpy()
    x = np.asarray(x, dtype=np.float64)
    if not _plainly_valid(x, name, NUMERIC[name], *_range(x)):
        return stripped
    return floats


def write_table(frame, path: str | Path) -> None:
    """Write a result table: .parquet, .csv or .json (records), by the file's suffix."""
    from ..safeio import replacing

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".parquet", ".pq", ".csv", ".json"):
        raise InputError(f"cannot write a table to a {suffix or 'suffix-less'} file", field="output",
                         value=str(path), expected="a .parquet, .csv or .json file")
    if suffix in (".parquet", ".pq"):
        _pa()
    # written beside, then renamed: an interrupted run never leaves a truncated table that ends on a
    # row boundary and looks complete
    with replacing(p) as tmp:
        if suffix in (".parquet", ".pq"):
            frame.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            frame.to_csv(tmp, index=False)
        else:
            frame.to_json(tmp, orient="records", force_ascii=False, date_format="iso", indent=1)
