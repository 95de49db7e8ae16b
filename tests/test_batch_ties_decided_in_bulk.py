"""Designs drawn exactly to a limit are decided in bulk: a ratio tie with integers, identical
suspect rows once — the per-row exact path stays for the few rows nothing else can decide, so a
table of designs at their limits does not cost milliseconds a row (it once took 135 s for 10⁵)."""
from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import check, load_rulebook  # noqa: E402
from zoning_rules.batch import check_table, exact  # noqa: E402
from zoning_rules.batch import plausibility as batch_plausibility  # noqa: E402
from zoning_rules.batch import table as batch_table  # noqa: E402
from zoning_rules.errors import InputError  # noqa: E402

BOOK = load_rulebook()
DAY = dt.date(2021, 6, 1)


def _max_far_plot() -> tuple[str, Fraction]:
    """A plot of the embedded book with a numeric 容积率 maximum on DAY."""
    for p in BOOK.plot_codes():
        inf = BOOK.resolve(p, DAY).limits.get("far")
        if inf is not None and inf.limit.max is not None and inf.limit.numeric:
            return p, Fraction(inf.limit.max.value)
    raise AssertionError("the embedded book has no plot with a maximum FAR")


PLOT, FAR_MAX = _max_far_plot()


def _count_rechecks(monkeypatch) -> list:
    calls: list = []
    real = batch_table.evaluate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_table, "evaluate", counting)
    return calls


def _designs_on_the_far_limit(sites: list[float]) -> "pd.DataFrame":
    floors = [float(FAR_MAX * Fraction(repr(s))) for s in sites]
    return pd.DataFrame({"plot": [PLOT] * len(sites), "site_area": sites, "floor_area": floors})


def test_distinct_designs_exactly_on_their_far_limit_pass_without_the_per_row_exact_path(monkeypatch):
    rng = np.random.default_rng(7)
    sites = [round(float(s), 2) for s in rng.uniform(1000, 90000, 3000)]
    frame = _designs_on_the_far_limit(sites)
    # every floor area is the limit times the site exactly (a short decimal), so each row is a tie
    assert all(Fraction(repr(f)) == FAR_MAX * Fraction(repr(s)) for f, s in zip(frame.floor_area, sites))
    calls = _count_rechecks(monkeypatch)
    t = check_table(frame, BOOK, DAY)
    far = t[t.indicator == "far"]
    assert len(far) == len(sites) and set(far.status) == {"pass"}
    assert calls == []  # decided with integers, not one row re-checked by the reference
    for i in (0, 1, len(sites) - 1):  # and it is check's verdict
        (f,) = [f for f in check(frame.iloc[i].to_dict(), BOOK, DAY).findings if f.indicator == "far"]
        assert f.status == "pass"


def test_one_hundredth_of_a_square_metre_over_the_far_limit_fails_in_integers(monkeypatch):
    sites = [47333.0, 20000.6, 12345.67]
    frame = _designs_on_the_far_limit(sites)
    frame["floor_area"] = [float(Fraction(repr(f)) + Fraction(1, 100)) for f in frame.floor_area]
    calls = _count_rechecks(monkeypatch)
    t = check_table(frame, BOOK, DAY)
    assert list(t[t.indicator == "far"].status) == ["fail"] * 3
    assert calls == []


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value="0.01", max_value="999999.99", places=2),
       st.decimals(min_value="0.01", max_value="999999.99", places=2),
       st.fractions(min_value=Fraction(1, 100), max_value=10, max_denominator=400),
       st.sampled_from([Fraction(1), Fraction(100), Fraction(1, 3)]))
def test_ratio_sign_is_the_sign_of_the_exact_difference(f, s, t, per):
    """``exact.ratio_sign`` against Fractions: F·per/S compared with T, for any two short decimals."""
    fx, sx = float(f), float(s)
    left = np.array([per.numerator * t.denominator])
    right = np.array([t.numerator * per.denominator])
    sign, ok = exact.ratio_sign(np.array([fx]), np.array([sx]), left, right)
    assert ok.all()
    want = Fraction(f) * per / Fraction(s) - t
    assert int(sign[0]) == (want > 0) - (want < 0)


def test_ratio_sign_leaves_undecided_what_int64_cannot_hold():
    sign, ok = exact.ratio_sign(np.array([1e15, 0.1 + 0.2, math.nan]), np.array([3.0, 1.0, 1.0]),
                                np.array([2 ** 40, 1, 1]), np.array([1, 1, 1]))
    assert not ok.any()


def test_identical_rows_on_a_plausibility_bound_are_decided_once(monkeypatch):
    n = 5000
    frame = pd.DataFrame({"plot": [PLOT] * n, "site_area": [1000.0] * n, "footprint_area": [300.0] * n,
                          "green_area": [700.0] * n})  # footprint and green fill the site exactly: possible
    calls: list = []
    real = batch_plausibility.problems

    def counting(values, rules):
        calls.append(1)
        return real(values, rules)

    monkeypatch.setattr(batch_plausibility, "problems", counting)
    t = check_table(frame, BOOK, DAY)
    assert t.design.nunique() == n
    assert len(calls) == 1


def test_the_first_impossible_row_is_still_named_when_rows_are_decided_once():
    frame = pd.DataFrame({"plot": [PLOT] * 4, "site_area": [1000.0] * 4,
                          "footprint_area": [300.0, 300.0, 300.0, 300.0],
                          "green_area": [700.0, 700.0, 700.5, 700.5]})
    with pytest.raises(InputError) as err:
        check_table(frame, BOOK, DAY)
    assert "row 3" in str(err.value.file)
