"""Shared by the benchmarks: timing (best of several runs), the machine, and the JSON results.

Every benchmark compares against a baseline run in the same process (or the same session of
subprocesses), so the ratios mean something on any machine; the absolute figures say which one.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
REPO = HERE.parent


def best_of(fn, repeat: int = 5, *, min_time: float = 0.0) -> float:
    """The fastest of ``repeat`` runs (seconds): the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if min_time and sum(times) > min_time and len(times) >= 2:
            break
    return min(times)


def median(xs) -> float:
    return statistics.median(xs)


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import numpy

    versions = {"python": platform.python_version(), "numpy": numpy.__version__}
    for mod in ("pandas", "pyarrow", "shapely", "dask"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "system": platform.platform(),
            "versions": versions}


def save(name: str, result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine(), **result}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def quick() -> bool:
    """Smaller sizes while developing: ``--quick`` on the command line or BENCH_QUICK=1."""
    return "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"
