"""check_table gives check's findings however the table holds its text: plot codes (and land uses,
entrance sides) as Python objects, as pandas text, as a categorical (what a Parquet file written by
pyarrow gives), or as an Arrow dictionary column — and a categorical gives the very table that the
same codes as objects give.  The fast path reads a categorical by its codes, never converting the
column to objects, so this is the property that keeps it honest."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
pa = pytest.importorskip("pyarrow", reason="Arrow dictionary columns need the batch extra (pyarrow)")

from test_batch_table_agrees_with_check import (  # noqa: E402
    BOOK, DATES, design, findings_by_check, frame_of, same)

from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.errors import InputError, UnknownPlotError  # noqa: E402

KINDS = ("object", "str", "category", "arrow-dictionary")
TEXT = ("plot", "land_use", "entrance_side")
#: A code no approval names: harmless among a categorical's categories while no row uses it.
UNUSED = ("ZZ-99-99", "BZ-13-10")


def as_kind(frame, kind: str, unused: tuple[str, ...] = (), reverse: bool = False):
    """The same designs with the text columns held as ``kind``; a categorical's categories may
    include codes no row uses, in any order."""
    f = frame.copy()
    for c in TEXT:
        values = f[c].astype(object).where(f[c].notna(), None)
        if kind == "object":
            f[c] = pd.Series(values.to_numpy(dtype=object), dtype=object, index=f.index)
        elif kind == "str":
            f[c] = pd.Series(values, dtype="str")
        else:
            present = [v for v in dict.fromkeys(values) if v is not None]
            extra = [u for u in unused if u not in present] if c == "plot" else []
            cats = present + extra
            f[c] = pd.Categorical(values, categories=cats[::-1] if reverse else cats)
    if kind == "arrow-dictionary":
        table = pa.Table.from_pandas(f, preserve_index=False)
        assert pa.types.is_dictionary(table.schema.field("plot").type)
        return table
    return f


def floats_only(designs: list[dict]) -> list[dict]:
    """The designs with their figures written as text turned into floats: an Arrow column holds
    one type, so an Arrow table cannot mix text and floats in a column as a pandas one can."""
    out = []
    for d in designs:
        d = dict(d)
        for k, v in d.items():
            if k not in TEXT and k != "as_of" and isinstance(v, str):
                d[k] = float(v[:-1]) / 100 if v.endswith("%") else float(v)
        out.append(d)
    return out


def findings_of(table, as_of):
    t = check_table(table, BOOK, as_of)
    return [(r.design, r.plot, r.indicator, r.subject, r.code, r.status, r.reason,
             None if r.actual != r.actual else r.actual) for r in t.itertuples(index=False)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(), min_size=1, max_size=12), st.sampled_from(DATES), st.sampled_from(KINDS),
       st.sampled_from([(), UNUSED[:1], UNUSED]), st.booleans())
def test_check_table_gives_checks_findings_whatever_holds_the_plot_codes(designs, as_of, kind, unused, reverse):
    if kind == "arrow-dictionary":
        designs = floats_only(designs)
    table = as_kind(frame_of(designs), kind, unused, reverse)
    same(findings_of(table, as_of), findings_by_check(designs, as_of))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(design(), min_size=1, max_size=10), st.sampled_from(DATES), st.sampled_from(KINDS[1:]),
       st.booleans())
def test_a_categorical_plot_column_gives_the_very_table_an_object_column_gives(designs, as_of, kind, reverse):
    if kind == "arrow-dictionary":
        designs = floats_only(designs)
    frame = frame_of(designs)
    expected = check_table(as_kind(frame, "object"), BOOK, as_of)
    got = check_table(as_kind(frame, kind, UNUSED, reverse), BOOK, as_of)
    pd.testing.assert_frame_equal(got, expected)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(design(), st.sampled_from(DATES)), min_size=1, max_size=10),
       st.sampled_from(DATES), st.sampled_from(KINDS))
def test_a_per_row_date_with_categorical_plots_resolves_each_design_on_its_own_date(pairs, default, kind):
    designs = [{**d, "as_of": day} for d, day in pairs]
    if kind == "arrow-dictionary":
        designs = floats_only(designs)
    same(findings_of(as_kind(frame_of(designs), kind), default), findings_by_check(designs, default))


def test_an_unknown_plot_among_the_categories_is_an_error_only_when_a_row_uses_it():
    frame = pd.DataFrame({"plot": pd.Categorical(["BZ-13-10"], categories=["ZZ-99-99", "BZ-13-10"]),
                          "far": [2.0]})
    assert set(check_table(frame, BOOK, "2021-06-01")["plot"]) == {"BZ-13-10"}
    frame = pd.DataFrame({"plot": pd.Categorical(["BZ-13-10", "ZZ-99-99"]), "far": [2.0, 1.0]})
    with pytest.raises(UnknownPlotError, match="ZZ-99-99") as e:
        check_table(frame, BOOK, "2021-06-01", name="designs.parquet")
    assert "row 2" in str(e.value)


def test_a_missing_code_in_a_categorical_is_an_error_naming_its_row():
    frame = pd.DataFrame({"plot": pd.Categorical(["BZ-13-10", None]), "far": [2.0, 1.0]})
    with pytest.raises(InputError, match="plot code is missing") as e:
        check_table(frame, BOOK, "2021-06-01", name="designs.parquet")
    assert "row 2" in str(e.value)
