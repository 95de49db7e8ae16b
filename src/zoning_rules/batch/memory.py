"""Which pages the large arrays of one ``check_table`` call get.

numpy asks the kernel for transparent huge pages (2 MiB) for every array of 4 MiB or more.  A huge
page is cheap to fault in when the memory behind it is at hand — memory the process freed moments
ago, as a later call finds it: ~0.2 ms a page on the 2-core VM of docs/benchmarks.md.  But on a
virtual machine whose host takes back free guest memory (free page reporting, as Firecracker and
many cloud VMs do), the free 2 MiB blocks huge pages are cut from are often no longer backed by
the host, and each then costs 5–13 ms: up to 1.2 s for the 300 MB of arrays of a 10⁶-design
table in some fresh processes measured there, none in others, some from the hundredth page on.
The first call of a process is the one that meets them.  4 KiB pages cost ~0.9 ms per 2 MiB
there, every time (the kernel hands out first the small pages a process freed last: reading the
table freed plenty).

So the first large call of a process faults its arrays' huge pages in one by one, timing each,
and from the first one slower than 4 KiB pages would be (``SLOW_HUGE_PAGE_NS``) asks for 4 KiB
pages for the rest (``madvise(MADV_NOHUGEPAGE)``, on Linux; elsewhere nothing changes).  Later
calls keep numpy's choice: their huge pages are mostly the ones earlier calls freed.  Only the
speed depends on it: the arrays and their contents are the same.
"""
from __future__ import annotations

import mmap
import sys
import time

import numpy as np

#: numpy's own threshold for asking for huge pages (``npy_alloc``): smaller arrays are left alone.
LARGE = 1 << 22
#: The size of a transparent huge page on x86-64 and most arm64 kernels.
HUGE_PAGE = 1 << 21
#: A huge page that takes longer than this to fault in is one the host must back afresh (4 KiB
#: pages cost ~0.9 ms per 2 MiB on the VM measured, a backed huge page ~0.2 ms, a fresh one 5 ms+).
SLOW_HUGE_PAGE_NS = 1_000_000
#: "auto" (as above); "careful", "small" or "huge" for every call (benchmarks and tests).
MODE = "auto"
_MADV_NOHUGEPAGE = 15  # <asm-generic/mman-common.h>
_madvise = None
_state = {"large_calls": 0}


class Pages:
    """The page size of one call's large arrays.  "careful" (the first large call of a process in
    ``MODE`` "auto"): each array's huge pages are faulted in one by one while each takes less than
    ``SLOW_HUGE_PAGE_NS``; at the first slower one, the rest of that array and every later array
    of the call get 4 KiB pages.  "small", "huge" (numpy's choice, later calls in "auto"): fixed."""

    def __init__(self, mode: str | None = None):
        mode = mode or MODE
        if mode == "auto":
            mode = "careful" if _first_call() else "huge"
        self.fixed = mode in ("small", "huge")
        self.small = mode == "small"
        self.counted = False

    def empty(self, shape, dtype=np.float64, fault_in: bool = True) -> np.ndarray:
        """``np.empty`` with its pages chosen as above.  ``fault_in=False`` for an array the call
        touches only in part (its huge pages are left to numpy unless the call already chose 4 KiB
        pages): faulting it all in would cost more than it saves."""
        a = np.empty(shape, dtype=dtype)
        if a.nbytes < LARGE or not sys.platform.startswith("linux"):
            return a
        if not self.counted:
            self.counted = True
            _state["large_calls"] += 1
        if self.small:
            _advise_small_pages(a, 0)
        elif not self.fixed and fault_in:
            slow_at = _fault_in_while_fast(a)
            if slow_at is not None:
                self.small = True
                _advise_small_pages(a, slow_at)
        return a


def _first_call() -> bool:
    """Whether this is the first call of the process (the count is taken by the first ``Pages``
    that meets a large array: calls on small tables do not count)."""
    return not _state["large_calls"]


def _fault_in_while_fast(a: np.ndarray) -> int | None:
    """Fault in the whole huge pages inside ``a`` in order (one byte written each: the kernel backs
    the whole page), timing each; the byte offset after the first slow one (the rest untouched),
    or None.  A thread preempted meanwhile reads as slow: that costs the call only huge pages."""
    base = a.ctypes.data
    offset = (base + HUGE_PAGE - 1) // HUGE_PAGE * HUGE_PAGE - base
    flat = a.reshape(-1).view(np.uint8)
    clock = time.perf_counter_ns
    while offset + HUGE_PAGE <= a.nbytes:
        t = clock()
        flat[offset] = 0
        offset += HUGE_PAGE
        if clock() - t > SLOW_HUGE_PAGE_NS:
            return offset
    return None


def _advise_small_pages(a: np.ndarray, offset: int) -> None:
    """``madvise(MADV_NOHUGEPAGE)`` over the whole pages of ``a`` from byte ``offset``; advice
    only, so a kernel or libc that refuses it changes nothing but the speed."""
    global _madvise
    if _madvise is None:
        try:
            import ctypes

            fn = ctypes.CDLL(None, use_errno=True).madvise
            fn.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
            fn.restype = ctypes.c_int
            _madvise = fn
        except (OSError, AttributeError):  # pragma: no cover - no libc madvise
            _madvise = False
    if not _madvise:
        return
    page = mmap.PAGESIZE
    start = (a.ctypes.data + offset + page - 1) // page * page
    end = (a.ctypes.data + a.nbytes) // page * page
    if end > start:
        _madvise(start, end - start, _MADV_NOHUGEPAGE)
