"""A process's first large ``check_table`` call asks for 4 KiB pages for its large arrays (fresh
huge pages are what makes a first call slow on a VM whose host takes back free memory; see
``batch/memory.py``); later calls keep numpy's huge pages unless one is slow to fault in; the
table is the same either way."""
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
def test_the_first_large_call_of_a_process_asks_for_small_pages_and_later_ones_probe(monkeypatch):
    monkeypatch.setattr(memory, "_large_calls", 0)
    monkeypatch.setattr(memory, "MODE", "auto")
    small_call = memory.Pages()
    small_call.empty(memory.LARGE // 8 - 1)  # under numpy's threshold: decides nothing
    assert small_call.small is None
    first = memory.Pages()
    first.empty(memory.LARGE // 8)
    assert first.small is True
    for slow, expected in ((False, False), (True, True)):  # later: as the huge page's fault-in says
        monkeypatch.setattr(memory, "_slow_huge_page", lambda a, slow=slow: slow)
        later = memory.Pages()
        a = later.empty(memory.LARGE // 8)
        assert later.small is expected and a.shape == (memory.LARGE // 8,)
        if expected:
            assert not _thp_eligible(a)


def test_a_huge_page_slower_to_fault_in_than_the_threshold_is_slow(monkeypatch):
    a = np.empty(1 << 22)  # 32 MiB: a whole huge page inside
    monkeypatch.setattr(memory, "SLOW_HUGE_PAGE_NS", 10**12)
    assert memory._slow_huge_page(a) is False
    b = np.empty(1 << 22)
    monkeypatch.setattr(memory, "SLOW_HUGE_PAGE_NS", -1)
    assert memory._slow_huge_page(b) is True
    assert memory._slow_huge_page(np.empty(1000)) is False  # no whole huge page inside: nothing to time


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
