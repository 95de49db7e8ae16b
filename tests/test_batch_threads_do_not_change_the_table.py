"""The result table is built by several threads on a large table; it is the same table, cell for
cell and dtype for dtype, whatever the number of threads (and 1 builds it in the caller's thread)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import load_rulebook  # noqa: E402
from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.batch import table as batch_table  # noqa: E402
from zoning_rules.batch.parallel import default_threads  # noqa: E402
from zoning_rules.errors import InputError  # noqa: E402

BOOK = load_rulebook()


def _designs(n: int, seed: int) -> "pd.DataFrame":
    """Many blocks' worth of designs over every plot, with gaps, land uses, sides and two dates."""
    rng = np.random.default_rng(seed)
    plots = np.array(BOOK.plot_codes(), dtype=object)
    site = np.round(rng.uniform(2000, 80000, n), 1)
    foot = np.round(site * rng.uniform(0.02, 0.5, n), 2)
    frame = pd.DataFrame({
        "plot": plots[rng.integers(0, len(plots), n)],
        "site_area": site,
        "footprint_area": foot,
        "green_area": np.round((site - foot) * rng.uniform(0.05, 0.9, n), 2),
        "floor_area": np.round(foot * rng.uniform(1, 6, n), 2),
        "height": np.round(rng.uniform(30, 120, n), 1),
        "far": np.round(rng.uniform(0.5, 3, n), 2),
        "land_use": rng.choice(np.array(["RB", "B1", "R2", "商业用地", None], dtype=object), n),
        "entrance_side": rng.choice(np.array(["north", "south,east", None], dtype=object), n),
        "as_of": rng.choice(np.array([dt.date(2021, 1, 11), dt.date(2021, 11, 1)], dtype=object), n),
    })
    gaps = rng.random(n) < 0.05
    frame.loc[gaps, "height"] = np.nan
    return frame


@pytest.mark.parametrize("labels", ["range", "text"])
def test_the_table_is_the_same_whatever_the_number_of_threads(labels):
    n = batch_table.ASSEMBLY_BLOCK * 7 + 123  # several blocks per thread, a short last one
    frame = _designs(n, seed=3)
    if labels == "text":
        frame.index = [f"scheme-{i}" for i in range(n)]
    one = check_table(frame, BOOK, "2021-06-01", threads=1)
    assert len(one) > 4 * n and one.design.nunique() == n
    for threads in (2, 3, 4):
        pd.testing.assert_frame_equal(check_table(frame, BOOK, "2021-06-01", threads=threads), one)


def test_the_default_uses_the_cpus_this_process_may_run_on_at_most_four():
    assert 1 <= default_threads() <= 4


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_a_number_of_threads_that_is_no_count_is_refused_by_name(bad):
    with pytest.raises(InputError) as err:
        check_table(pd.DataFrame({"plot": ["BZ-13-10"]}), BOOK, "2021-06-01", threads=bad)
    assert err.value.field == "threads"


@pytest.mark.parametrize("block", [1000, 4097])
def test_the_table_is_the_same_whatever_the_size_of_the_blocks_decided_at_once(monkeypatch, block):
    frame = _designs(20000, seed=5)
    whole = check_table(frame, BOOK, "2021-06-01", threads=1)
    monkeypatch.setattr(batch_table, "DECIDE_BLOCK", block)
    pd.testing.assert_frame_equal(check_table(frame, BOOK, "2021-06-01", threads=1), whole)



@pytest.mark.parametrize("threads", [2, 3])
def test_rows_decided_by_several_threads_block_by_block_are_decided_as_by_one(monkeypatch, threads):
    """Small decision blocks shared out among threads, with exact ties among them (decided in
    integers or re-checked by the reference): the same table as one thread deciding the whole."""
    frame = _designs(20000, seed=7)
    tie = np.arange(len(frame)) % 97 == 0  # 45 % exactly, and a FAR right on a written limit
    frame.loc[tie, ["site_area", "footprint_area", "green_area", "floor_area"]] = [20000.6, 9000.27, 5000.0, 40000.0]
    frame.loc[np.arange(len(frame)) % 89 == 0, "far"] = 2.4
    whole = check_table(frame, BOOK, "2021-06-01", threads=1)
    assert (whole.status == "fail").any() and (whole.status == "pass").any()
    monkeypatch.setattr(batch_table, "DECIDE_BLOCK", 1000)
    pd.testing.assert_frame_equal(check_table(frame, BOOK, "2021-06-01", threads=threads), whole)
