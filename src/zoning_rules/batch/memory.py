"""Which pages the large arrays of one ``check_table`` call get.

numpy asks the kernel for transparent huge pages (2 MiB) for every array of 4 MiB or more.  Huge
pages are cheap to fault in when the kernel has them at hand — memory the process freed moments
ago, as a second call finds it — but a process's first large call takes them from free 2 MiB
blocks, and on a virtual machine whose host takes back free guest memory (free page reporting, as
Firecracker and many cloud VMs do) those blocks are no longer backed by the host.  Measured on the
2-core VM of docs/benchmarks.md, a fresh process faulting in ~270 MB (the arrays of a 10⁶-design
table) spent 0.05 s of system time in some processes and 0.5–0.75 s in about half of them with
huge pages, and 0.11–0.15 s every time with 4 KiB pages, which the kernel takes first from the
pages the process freed last (reading the table freed plenty).

So the first large call of a process asks for 4 KiB pages for its own large arrays
(``madvise(MADV_NOHUGEPAGE)``, on Linux; elsewhere nothing changes), and later calls keep numpy's
choice, whose huge pages earlier calls have freed.  Only the speed depends on it: the arrays and
their contents are the same.
"""
from __future__ import annotations

import mmap
import sys
import threading

import numpy as np

#: numpy's own threshold for asking for huge pages (``npy_alloc``): smaller arrays are left alone.
LARGE = 1 << 22
#: "auto" (4 KiB pages for a process's first large call), "small" or "huge" (every call; for
#: benchmarks and tests that compare the two).
MODE = "auto"
_MADV_NOHUGEPAGE = 15  # <asm-generic/mman-common.h>
_lock = threading.Lock()
_large_calls = 0
_madvise = None


def small_pages_for_call(nbytes: int) -> bool:
    """Whether a call whose largest array is ``nbytes`` should ask for 4 KiB pages (counts the
    call as a large one of this process)."""
    global _large_calls
    if nbytes < LARGE or not sys.platform.startswith("linux"):
        return False
    if MODE != "auto":
        return MODE == "small"
    with _lock:
        _large_calls += 1
        return _large_calls == 1


def empty(shape, dtype=np.float64, small_pages: bool = False) -> np.ndarray:
    """``np.empty``, with 4 KiB pages asked for where ``small_pages`` (before any page is touched)."""
    a = np.empty(shape, dtype=dtype)
    if small_pages and a.nbytes >= LARGE:
        _advise_small_pages(a)
    return a


def _advise_small_pages(a: np.ndarray) -> None:
    """``madvise(MADV_NOHUGEPAGE)`` over the whole pages inside ``a``; advice only, so a kernel
    or libc that refuses it changes nothing but the speed."""
    global _madvise
    if _madvise is None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            fn = libc.madvise
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
