"""Run every benchmark, print its figures and ratios, write benchmarks/results/*.json and the table
in docs/benchmarks.md.

    python benchmarks/run_all.py           # the sizes the goals are stated for (a few minutes)
    python benchmarks/run_all.py --quick   # smaller sizes while developing (under a minute)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cold_start  # noqa: E402
import bench_first_call  # noqa: E402
import bench_geometry  # noqa: E402
import bench_memory  # noqa: E402
import bench_throughput  # noqa: E402
import update_docs  # noqa: E402


def main() -> None:
    for bench in (bench_cold_start, bench_throughput, bench_first_call, bench_memory, bench_geometry):
        bench.main()
    print(f"table written to {update_docs.main()}")


if __name__ == "__main__":
    main()
