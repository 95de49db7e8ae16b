"""1. Cold start: ``zoning-rules check one.yaml`` against ``python -c "import pydantic, yaml"``.

Both run as fresh processes, interleaved, several times; the medians are compared.  Goal: within
1.5× of the floor that any pydantic + YAML tool pays.

``--src DIR`` times another source tree instead (say, an older commit's ``src`` from ``git archive``,
for a before/after on the same machine and load); its figures are printed, not saved.
"""
from __future__ import annotations

import compileall
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, median, quick, save

SRC = REPO / "src"

GOAL = 1.5
DESIGN = """plot: BZ-13-10
land_use: RB
site_area: 47333 m2
floor_area: 113000 m2
footprint_area: 14000 m2
green_area: 16600 m2
height: 49.5 m
"""


#: What the ``zoning-rules`` console script runs (``[project.scripts]``), so that the figure is the
#: user's; run with this checkout's ``src`` first on the path, never an installed copy.
COMMAND = "import sys; from zoning_rules.cli import run; sys.exit(run())"


def command() -> list[str]:
    return [sys.executable, "-c", COMMAND]


def source() -> Path:
    """The source tree timed: this checkout's ``src``, or ``--src DIR``."""
    if "--src" in sys.argv[:-1]:
        return Path(sys.argv[sys.argv.index("--src") + 1]).resolve()
    return SRC


def environment(src: Path) -> dict:
    """``src`` first on the path; bytecode may be written (an installed package has it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def wall(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one fresh process running ``cmd``.

    The CPU time is less disturbed by other work on a shared machine than the wall-clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> dict:
    runs = 5 if quick() else 15
    # as installed: the package's bytecode compiled (PYTHONDONTWRITEBYTECODE would leave it
    # recompiling every module in every run, which no installed copy does)
    src = source()
    compileall.compile_dir(str(src / "zoning_rules"), quiet=1)
    env = environment(src)
    with tempfile.TemporaryDirectory() as tmp:
        design = Path(tmp) / "one.yaml"
        design.write_text(DESIGN, encoding="utf-8")
        ours = command() + ["check", str(design), "--as-of", "2021-06-01"]
        floor = [sys.executable, "-c", "import pydantic, yaml"]
        wall(ours, env), wall(floor, env)  # warm the file cache and the rule-book cache
        a, b = [], []
        for _ in range(runs):
            b.append(wall(floor, env))
            a.append(wall(ours, env))
    ours_s, floor_s = median(w for w, _ in a), median(w for w, _ in b)
    ours_cpu, floor_cpu = median(c for _, c in a), median(c for _, c in b)
    ratio, cpu_ratio = ours_s / floor_s, ours_cpu / floor_cpu
    print(f"cold start{'' if src == SRC else f' ({src})'}: zoning-rules check one.yaml {ours_s * 1000:.0f} ms, "
          f"python -c 'import pydantic, yaml' {floor_s * 1000:.0f} ms  → {ratio:.2f}× "
          f"(goal ≤ {GOAL}×: {'met' if ratio <= GOAL else 'NOT met'}); CPU {ours_cpu * 1000:.0f} ms against "
          f"{floor_cpu * 1000:.0f} ms → {cpu_ratio:.2f}×; medians of {runs}")
    result = {"runs": runs, "check_ms": round(ours_s * 1000, 1), "floor_ms": round(floor_s * 1000, 1),
              "ratio": round(ratio, 2), "goal": GOAL, "met": ratio <= GOAL,
              "check_cpu_ms": round(ours_cpu * 1000, 1), "floor_cpu_ms": round(floor_cpu * 1000, 1),
              "cpu_ratio": round(cpu_ratio, 2), "command": ["zoning-rules", *ours[3:]]}
    if src == SRC:
        save("cold_start", result)
    return result


if __name__ == "__main__":
    main()
