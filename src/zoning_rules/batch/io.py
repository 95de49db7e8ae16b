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
    if not p.is_file():
        raise InputError("table not found", file=str(path))
    try:
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            table = pq.read_table(p)
        else:
            table = _read_csv(p, "\t" if suffix == ".tsv" else ",")
    except pa.ArrowInvalid as exc:
        raise InputError(f"cannot read the table: {str(exc).splitlines()[0]}", file=str(path)) from None
    names = table.column_names
    twice = [c for i, c in enumerate(names) if c in names[:i]]
    if twice:
        raise _twice(twice[0], path)
    if suffix not in (".parquet", ".pq"):
        table = _convert_numeric(table)
    frame = table.to_pandas()
    if "id" in frame.columns:
        frame = frame.set_index("id", drop=True)
    frame.attrs[SOURCE_ATTR] = TableSource(str(path), frame.index, csv=suffix not in (".parquet", ".pq"))
    return frame


def _twice(name: str, path) -> InputError:
    return InputError(f"the column {name!r} appears more than once", file=str(path), field=name,
                      expected="each design field in one column")


def _read_csv(path: Path, delimiter: str):
    import pyarrow as pa
    import pyarrow.csv as pcsv

    text_cols = {c: pa.string() for c in KNOWN}
    return pcsv.read_csv(path, parse_options=pcsv.ParseOptions(delimiter=delimiter),
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

    from .columns import _plainly_valid

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
    if not _plainly_valid(np.asarray(x, dtype=np.float64), name, NUMERIC[name]):
        return stripped
    return floats


def write_table(frame, path: str | Path) -> None:
    """Write a result table: .parquet, .csv or .json (records), by the file's suffix."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            _pa()
            frame.to_parquet(p, index=False)
        elif suffix == ".csv":
            frame.to_csv(p, index=False)
        elif suffix == ".json":
            frame.to_json(p, orient="records", force_ascii=False, date_format="iso", indent=1)
        else:
            raise InputError(f"cannot write a table to a {suffix or 'suffix-less'} file", field="output",
                             value=str(path), expected="a .parquet, .csv or .json file")
    except OSError as exc:
        raise InputError(f"cannot write the results: {exc.strerror}", field="output", value=str(path)) from None
