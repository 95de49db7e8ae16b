"""Blocks of rows shared out among threads, for ``check_table``'s screen, decisions and assembly.

Why threads and not processes: every step works block by block on numpy arrays, numpy gives up
the GIL in each comparison and gather, and each block writes only its own rows — so threads share
the table without copying it, and a first call's fresh memory is faulted in by several CPUs at
once.  A caller that already runs tables in parallel (``check_dask``) passes ``threads=1``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


class Scratch:
    """Per-thread scratch arrays, grown to the largest block and reused: a block's temporaries
    allocated anew each time come back from the allocator as fresh pages (glibc trims and unmaps
    them between blocks), a page fault each."""

    def __init__(self):
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, m: int, dtype=np.intp) -> np.ndarray:
        a = self._arrays.get(name)
        if a is None or a.size < m:
            a = self._arrays[name] = np.empty(max(m, 1) * 2, dtype=dtype)
        return a[:m]


def run_in_parts(work: Callable[[int, int, Scratch], None], n_blocks: int, threads: int, task: int = 1) -> None:
    """``work(first, last, scratch)`` over blocks ``0..n_blocks - 1``: in one call, or by
    ``threads`` threads taking ``task`` blocks at a time from a queue.  Small tasks rather than one
    part per thread: on a busy machine a thread that gets no CPU for a while leaves its blocks to
    the others instead of holding up the result.  An exception is raised from the first task (in
    row order) that raised, as without threads."""
    if threads <= 1 or n_blocks < 2 * task:
        work(0, n_blocks, Scratch())
        return
    import threading
    from concurrent.futures import ThreadPoolExecutor

    local = threading.local()

    def run(first: int) -> None:
        scratch = getattr(local, "scratch", None)
        if scratch is None:
            scratch = local.scratch = Scratch()
        work(first, min(first + task, n_blocks), scratch)

    with ThreadPoolExecutor(max_workers=min(threads, n_blocks), thread_name_prefix="zoning-check") as pool:
        for _ in pool.map(run, range(0, n_blocks, task)):
            pass


def default_threads() -> int:
    """Threads ``check_table`` works in by default: the CPUs this process may run on, at most 4
    (beyond that the result's memory bandwidth, not the CPUs, sets the pace)."""
    import os

    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))
