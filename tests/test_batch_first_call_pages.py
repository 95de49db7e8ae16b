"""A process's first large ``check_table`` call faults its huge pages in one by one and takes
4 KiB pages from the first slow one on (fresh huge pages are what makes a first call slow on a VM
whose host takes back free memory; see ``batch/memory.py``); later calls keep numpy's huge pages;
the table is the same whatever the pages."""
from __future__ import annotations

import sys

import numpy as np
import pytest

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from zoning_rules import load_rulebook  # noqa: E402
from zoning_rules.batch import check_table, memory  # noqa: E402

BOOK = load_rulebook()
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="page advice is Linux's (madvise)")


def _thp_eligible(a: np.ndarray) -> bool:
    """Whether the kernel may back the mapping that holds ``a``'s middle with huge pages
    (``THPeligible`` of that mapping in /proc/self/smaps)."""
    at = a.ctypes.data + a.nbytes // 2
    inside = False
    with open("/proc/self/smaps", encoding="ascii", errors="replace") as f:
        for line in f:
            head = line.split(" ", 1)[0]
            if "-" in head and not head.endswith(":"):
                lo, hi = (int(x, 16) for x in head.split("-"))
                inside = lo <= at < hi
            elif inside and line.startswith("THPeligible:"):
                return line.split()[1] == "1"
    raise AssertionError("the array's mapping is not in /proc/self/smaps")


@linux
def test_an_array_asked_for_with_small_pages_is_not_eligible_for_huge_pages():
    small = memory.Pages("small").empty(1 << 21, np.float64)  # 16 MiB
    small.fill(1.5)
    assert small.sum() == 1.5 * (1 << 21)
    assert not _thp_eligible(small)
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled", encoding="ascii") as f:
            thp = f.read()
    except OSError:
        thp = ""
    if "[always]" in thp or "[madvise]" in thp:  # the control: numpy's own arrays are eligible
        plain = memory.Pages("huge").empty(1 << 21, np.float64)
        plain.fill(1.5)
        assert _thp_eligible(plain)


@linux
def test_the_first_large_call_of_a_process_is_careful_and_later_ones_keep_numpys_pages(monkeypatch):
    monkeypatch.setattr(memory, "_state", {"large_calls": 0})
    monkeypatch.setattr(memory, "MODE", "auto")
    small_table = memory.Pages()
    small_table.empty(memory.LARGE // 8 - 1)  # under numpy's threshold: not a large call
    assert not small_table.fixed
    first = memory.Pages()
    assert not first.fixed
    first.empty(memory.LARGE // 8)
    later = memory.Pages()
    assert later.fixed and not later.small


@linux
def test_from_the_first_slow_huge_page_on_the_call_takes_small_pages(monkeypatch):
    monkeypatch.setattr(memory, "SLOW_HUGE_PAGE_NS", -1)  # every fault-in counts as slow
    careful = memory.Pages("careful")
    a = careful.empty(1 << 22)  # 32 MiB
    assert careful.small
    a.fill(2.0)
    assert not _thp_eligible(a)  # its middle is past the first (timed) huge page
    b = careful.empty(1 << 22)
    assert not _thp_eligible(b)
    monkeypatch.setattr(memory, "SLOW_HUGE_PAGE_NS", 10**12)  # none is slow: huge pages all along
    relaxed = memory.Pages("careful")
    c = relaxed.empty(1 << 22)
    assert not relaxed.small and memory._fault_in_while_fast(np.empty(1 << 22)) is None
    c.fill(3.0)
    assert c.sum() == 3.0 * (1 << 22)


def test_the_table_is_the_same_with_small_pages_and_with_huge_pages(monkeypatch):
    rng = np.random.default_rng(11)
    n = memory.LARGE // 16 + 1000  # the result matrix is over the threshold
    plots = np.array(BOOK.plot_codes(), dtype=object)
    frame = pd.DataFrame({"plot": plots[rng.integers(0, len(plots), n)],
                          "far": np.round(rng.uniform(0.1, 4, n), 2),
                          "height": np.round(rng.uniform(10, 90, n), 1)})
    tables = []
    for mode in ("small", "huge"):
        monkeypatch.setattr(memory, "MODE", mode)
        tables.append(check_table(frame, BOOK, "2021-11-01"))
    assert len(tables[0]) > 2 * n
    pd.testing.assert_frame_equal(tables[0], tables[1])
