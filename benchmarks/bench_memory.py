"""4. Peak memory: check_table on 10⁶ designs (areas and declared figures), in a fresh subprocess.

The baseline is a subprocess that builds the same input table and stops: the difference is what
checking costs.  Goal: peak RSS < 2 GiB.
"""
from __future__ import annotations

import json
import subprocess
import sys

from common import HERE, quick, save

GOAL_GIB = 2.0
CHILD = r"""
import json, resource, sys, datetime as dt
sys.path.insert(0, {here!r})
from data import designs
import zoning_rules.batch.table  # import cost in both runs
frame = designs({n}, seed=3)
rows = 0
if {check}:
    from zoning_rules import load_rulebook
    from zoning_rules.batch import check_table
    rows = len(check_table(frame, load_rulebook(), dt.date(2021, 11, 1)))
print(json.dumps({{"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "findings": rows}}))
"""


def peak(n: int, check: bool) -> dict:
    code = CHILD.format(here=str(HERE), n=n, check=check)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int | None = None) -> dict:
    n = n or (10**5 if quick() else 10**6)
    base = peak(n, False)
    ours = peak(n, True)
    gib = ours["peak_kib"] / 1024**2
    base_gib = base["peak_kib"] / 1024**2
    print(f"memory n={n:,}: peak RSS {gib:.2f} GiB checking ({ours['findings']:,} findings) vs "
          f"{base_gib:.2f} GiB for the input alone → {gib / base_gib:.1f}× (goal < {GOAL_GIB} GiB: "
          f"{'met' if gib < GOAL_GIB else 'NOT met'})")
    result = {"rows": n, "peak_gib": round(gib, 3), "input_only_gib": round(base_gib, 3),
              "findings": ours["findings"], "goal_gib": GOAL_GIB, "met": gib < GOAL_GIB}
    save("memory", result)
    return result


if __name__ == "__main__":
    args = [int(float(a)) for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0] if args else None)
