"""Which pages the large arrays of one ``check_table`` call get.

numpy asks the kernel for transparent huge pages (2 MiB) for every array of 4 MiB or more.  A huge
page is cheap to fault in when the memory behind it is at hand — memory the process freed moments
ago, as a second call often finds it: ~0.2 ms a page on the 2-core VM of docs/benchmarks.md.  But
on a virtual machine whose host takes back free guest memory (free page reporting, as Firecracker
and many cloud VMs do), the free 2 MiB blocks huge pages are cut from are often no longer backed
by the host, and each then costs 5–13 ms: up to 1.2 s for the 300 MB of arrays of a 10⁶-design
table, in about half the fresh processes measured there, and the first call of a process is the
one that meets them.  4 KiB pages cost ~0.9 ms per 2 MiB there, every time (the kernel hands out
first the small pages a process freed last: reading the table freed plenty).

So the first large call of a process asks for 4 KiB pages for its large arrays
(``madvise(MADV_NOHUGEPAGE)``, on Linux; elsewhere nothing changes).  Later calls keep numpy's
huge pages unless the fault-in of the first one takes longer than 4 KiB pages would
(``SLOW_HUGE_PAGE_NS``).  Only the speed depends on it: the arrays and their contents are the
same.  Measured (fresh processes, CSV of 10⁶ designs, 5 each, machine under load): first call
median 391 ms (268–701) with huge pages, 291 ms (280–318) with 4 KiB pages.
"""
from __future__ import annotations

import mmap
import sys
import threading
import time

import numpy as np

#: numpy's own threshold for asking for huge pages (``npy_alloc``): smaller arrays are left alone.
LARGE = 1 << 22
#: The size of a transparent huge page on x86-64 and most arm64 kernels.
HUGE_PAGE = 1 << 21
#: A huge page that takes longer than this to fault in is one the host must back afresh (4 KiB
#: pages cost ~0.9 ms per 2 MiB on the VM measured, a backed huge page ~0.2 ms, a fresh one 5 ms+).
SLOW_HUGE_PAGE_NS = 1_000_000
#: "auto" (as above), "small" or "huge" (always; for benchmarks and tests that compare them).
MODE = "auto"
_MADV_NOHUGEPAGE = 15  # <asm-generic/mman-common.h>
_madvise = None
_lock = threading.Lock()
_large_calls = 0


class Pages:
    """The page size of one call's large arrays: decided on the first of them (``mode`` "auto"),
    or fixed ("small", "huge")."""

    def __init__(self, mode: str | None = None):
        mode = mode or MODE
        self.small: bool | None = {"small": True, "huge": False}.get(mode)

    def empty(self, shape, dtype=np.float64) -> np.ndarray:
        """``np.empty``, with 4 KiB pages asked for (before any page is touched) where decided."""
        a = np.empty(shape, dtype=dtype)
        if a.nbytes < LARGE or not sys.platform.startswith("linux"):
            return a
        if self.small is None:
            self.small = _first_large_call() or _slow_huge_page(a)
        if self.small:
            _advise_small_pages(a)
        return a


def _first_large_call() -> bool:
    global _large_calls
    with _lock:
        _large_calls += 1
        return _large_calls == 1


def _slow_huge_page(a: np.ndarray) -> bool:
    """Fault in the first whole huge page inside ``a`` (one byte written: the kernel backs the
    whole page) and say whether it took longer than ``SLOW_HUGE_PAGE_NS``.  A thread preempted
    meanwhile reads as slow, which costs the call nothing but its huge pages."""
    base = a.ctypes.data
    at = (base + HUGE_PAGE - 1) // HUGE_PAGE * HUGE_PAGE
    if at + HUGE_PAGE > base + a.nbytes:
        return False
    flat = a.reshape(-1).view(np.uint8)
    t = time.perf_counter_ns()
    flat[at - base] = 0
    return time.perf_counter_ns() - t > SLOW_HUGE_PAGE_NS


def _advise_small_pages(a: np.ndarray) -> None:
    """``madvise(MADV_NOHUGEPAGE)`` over the whole pages inside ``a``; advice only, so a kernel
    or libc that refuses it changes nothing but the speed."""
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
    start = (a.ctypes.data + page - 1) // page * page
    end = (a.ctypes.data + a.nbytes) // page * page
    if end > start:
        _madvise(start, end - start, _MADV_NOHUGEPAGE)
