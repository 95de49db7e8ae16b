"""The same partition function on a Dask DataFrame, for districts that outgrow one machine.

``check_table`` is pure over a partition of rows, so ``map_partitions`` is all it takes.  Workers
get the rule files' *paths* and load them themselves (cached per process), and the date is fixed
once here, so that every partition, on whichever worker, is checked against the same limits.
"""
from __future__ import annotations

import datetime as dt


def _partition(frame, rules: tuple[str, ...], as_of: dt.date):
    from ..rulebook import load_rulebook
    from .table import check_table

    # partitions already run in parallel: one thread each
    return check_table(frame, load_rulebook(*rules), as_of, threads=1)


def result_meta():
    """An empty result table with the dtypes ``check_table`` returns (Dask's ``meta``)."""
    import pandas as pd

    from .table import check_table

    return check_table(pd.DataFrame({"plot": pd.Series([], dtype=object)}), None, dt.date(2000, 1, 1))


def check_dask(ddf, rules: tuple[str, ...] = (), as_of: dt.date | str | None = None):
    """A lazy Dask DataFrame of findings for a Dask DataFrame of designs (compute() to run)."""
    from ..dates import parse_date
    from ..errors import InputError

    if not hasattr(ddf, "map_partitions"):
        raise InputError(f"cannot check {type(ddf).__name__} as a Dask DataFrame", field="ddf",
                         expected="a dask.dataframe.DataFrame (check_table takes a pandas DataFrame)")
    if isinstance(rules, (str, bytes)) or hasattr(rules, "__fspath__"):  # else each character is a "file"
        rules = (rules,)
    day = parse_date(as_of)
    meta = result_meta()
    return ddf.map_partitions(_partition, tuple(str(r) for r in rules), day, meta=meta,
                              align_dataframes=False)
