"""``check_table`` called from Python with something that is no table of designs (or no rule book,
policy or column list) raises the project's ``InputError`` naming the argument, never a pandas,
Arrow or attribute error; and a table whose index gives two rows one label is refused, since the
result names designs by those labels (two designs would read as one)."""
from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import load_rulebook  # noqa: E402
from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.errors import InputError  # noqa: E402

BOOK = load_rulebook()
ONE = pd.DataFrame({"plot": ["BZ-13-10"], "height": [30.0]})


@pytest.mark.parametrize("table, field", [
    ({"plot": "BZ-13-10", "height": 3}, "table"),  # one design's scalars: that is check()'s job
    ({"plot": ["BZ-13-10", "BZ-13-10"], "height": [3.0]}, "table"),  # columns of other lengths
    (pd.Series(["BZ-13-10"], name="plot"), "table"),
    (42, None),
])
def test_what_is_no_table_of_designs_is_refused_by_name(table, field):
    with pytest.raises(InputError) as err:
        check_table(table, BOOK, "2021-11-01")
    assert err.value.field == field
    assert "table" in str(err.value)


@pytest.mark.parametrize("kwargs, field", [
    ({"columns": 5}, "columns"),
    ({"policy": None}, "policy"),
    ({"rulebook": 1}, "rulebook"),
    ({"rulebook": "data/plots.yaml"}, "rulebook"),
])
def test_arguments_of_the_wrong_kind_are_refused_by_name(kwargs, field):
    args = {"rulebook": BOOK, **kwargs}
    with pytest.raises(InputError) as err:
        check_table(ONE, args.pop("rulebook"), "2021-11-01", **args)
    assert err.value.field == field


def test_two_rows_with_one_index_label_are_refused_and_distinct_labels_name_the_designs():
    frame = pd.DataFrame({"plot": ["BZ-13-10", "BZ-13-10", "BZ-13-10"], "height": [30.0, 90.0, 40.0]},
                         index=["scheme-a", "scheme-b", "scheme-a"])
    with pytest.raises(InputError) as err:
        check_table(frame, BOOK, "2021-11-01")
    assert err.value.field == "index" and "scheme-a" in str(err.value)
    result = check_table(frame.reset_index(drop=True), BOOK, "2021-11-01")
    assert sorted(result.design.unique()) == [0, 1, 2]
    named = check_table(frame.set_axis(["a", "b", "c"]), BOOK, "2021-11-01")
    assert list(named.design.unique()) == ["a", "b", "c"]


@pytest.mark.parametrize("labels", [[float("nan"), float("nan")], [("a", 1), ("a", 1)], [1.5, 1.5]])
def test_a_shared_label_of_any_kind_is_refused_by_name(labels):
    index = pd.MultiIndex.from_tuples(labels) if isinstance(labels[0], tuple) else pd.Index(labels)
    with pytest.raises(InputError) as err:
        check_table(pd.DataFrame({"plot": ["BZ-13-10"] * 2}, index=index), BOOK, "2021-11-01")
    assert err.value.field == "index" and "rows 1 and more" in str(err.value)
