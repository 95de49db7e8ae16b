"""2. Throughput of declared-figure checks: check_table against hand-written numpy, same arrays.

Each row declares 容积率, 建筑密度, 绿地率 and height for a plot of the embedded rule book.  Two
baselines run in the same process on the same arrays:

* ``numpy``: factorize the plot codes, gather each row's four limits, four comparisons — the
  least any vectorised checker must do, with no output table, no missing-value or tie handling;
* ``numpy+table``: the same plus a long result table (one row per design and indicator: design,
  indicator, status, actual, limit) built with pandas — what a hand-written batch tool that
  reports like check_table would pay.

Goals: ≥ 1 000 000 designs/s, within 3× of the ``numpy+table`` baseline (the floor issue 15 sets:
the decisions alone are no fair floor for a tool that reports them), time linear in rows.

Also timed (not a goal): ``check_table(..., threads=1)``, the result built in one thread (the
default uses the CPUs the process may run on, at most 4; the baselines use one), and
``check_table(..., columns=LEAN)``, the same rows with only the columns the
``numpy+table`` baseline builds (design, indicator, status, reason, actual) — what the decisions and
the long table cost without the limit, source and date columns.
"""
from __future__ import annotations

import datetime as dt
import sys

import numpy as np

from common import best_of, quick, save
from data import declared_arrays

GOAL_RATE, GOAL_RATIO = 1_000_000, 3.0
DAY = dt.date(2021, 11, 1)
FIELDS = ("far", "building_density", "green_ratio", "height")
LEAN = ("design", "indicator", "status", "reason", "actual")


def limits_by_plot(book, uniques, day=DAY):
    """Per plot code: max FAR, max density, min green, max height (NaN where none)."""
    out = np.full((len(uniques), 4), np.nan)
    for i, p in enumerate(uniques):
        res = book.resolve(str(p), day)
        for j, key in enumerate(FIELDS):
            inf = res.limits.get(key)
            if inf is None or not inf.limit.numeric:
                continue
            b = inf.limit.min if key == "green_ratio" else inf.limit.max
            if b is not None:
                out[i, j] = float(b.value)
    return out


def baseline(frame, book):
    codes, uniques = frame["plot"].factorize()
    lim = limits_by_plot(book, list(uniques))[codes]
    x = [frame[c].to_numpy() for c in FIELDS]
    return (x[0] <= lim[:, 0], x[1] <= lim[:, 1], x[2] >= lim[:, 2], x[3] <= lim[:, 3])


def baseline_table(frame, book, day=DAY):
    """The floor: four decisions and the long table (design, indicator, status, actual, limit) in
    numpy + pandas; a categorical plot column gives its codes (also the first-call benchmark's floor)."""
    import pandas as pd

    codes, uniques = pd.factorize(frame["plot"])
    lim = limits_by_plot(book, list(uniques), day).take(codes, axis=0)
    x = np.stack([frame[c].to_numpy() for c in FIELDS], axis=1)
    ok = np.empty(x.shape, dtype=bool)
    ok[:, [0, 1, 3]] = x[:, [0, 1, 3]] <= lim[:, [0, 1, 3]]
    ok[:, 2] = x[:, 2] >= lim[:, 2]
    n = len(frame)
    return pd.DataFrame({
        "design": np.repeat(np.arange(n), 4),
        "indicator": pd.Categorical.from_codes(np.tile(np.arange(4, dtype=np.int8), n), list(FIELDS)),
        "status": pd.Categorical.from_codes(ok.ravel().view(np.int8), ["fail", "pass"]),
        "actual": x.ravel(), "limit": lim.ravel()}, copy=False)


def main(sizes=None) -> dict:
    from zoning_rules import load_rulebook
    from zoning_rules.batch import check_table
    from zoning_rules.batch.parallel import default_threads

    book = load_rulebook()
    sizes = sizes or ((10**4, 10**5) if quick() else (10**4, 10**5, 10**6))
    rows = []
    for n in sizes:
        frame = declared_arrays(n, seed=1)
        check_table(frame.head(1000), book, DAY)  # warm caches
        repeat = 5 if n <= 10**5 else 3
        ours = best_of(lambda: check_table(frame, book, DAY), repeat)
        base = best_of(lambda: baseline(frame, book), repeat)
        base_t = best_of(lambda: baseline_table(frame, book), repeat)
        lean = best_of(lambda: check_table(frame, book, DAY, columns=LEAN), repeat)
        one = best_of(lambda: check_table(frame, book, DAY, threads=1), repeat)
        findings = len(check_table(frame.head(10_000), book, DAY)) / min(n, 10_000)
        row = {"rows": n, "check_table_s": ours, "numpy_s": base, "numpy_table_s": base_t,
               "rows_per_s": n / ours, "ratio_numpy": ours / base, "ratio_numpy_table": ours / base_t,
               "findings_per_design": round(findings, 2), "lean_s": lean, "ratio_lean_numpy": lean / base,
               "threads": default_threads(), "one_thread_s": one, "ratio_one_thread_numpy_table": one / base_t}
        rows.append(row)
        print(f"throughput n={n:>9,}: check_table {ours * 1000:8.1f} ms = {n / ours:12,.0f} designs/s | "
              f"numpy {base * 1000:7.1f} ms → {ours / base:5.1f}× | numpy+table {base_t * 1000:7.1f} ms → "
              f"{ours / base_t:4.1f}× | {findings:.1f} findings/design | columns=LEAN {lean * 1000:7.1f} ms → "
              f"{lean / base:4.1f}× numpy | threads=1 {one * 1000:7.1f} ms → {one / base_t:4.1f}× numpy+table "
              f"(default: {default_threads()} threads)")
    per_row = [r["check_table_s"] / r["rows"] for r in rows]
    growth = per_row[-1] / per_row[0]
    rate = rows[-1]["rows_per_s"]
    ratio = rows[-1]["ratio_numpy_table"]  # the floor (issue 15): numpy + pandas making the same long table
    print(f"throughput: {rate:,.0f} designs/s at {rows[-1]['rows']:,} (goal ≥ {GOAL_RATE:,}: "
          f"{'met' if rate >= GOAL_RATE else 'NOT met'}); {ratio:.1f}× numpy+table (goal ≤ {GOAL_RATIO}×: "
          f"{'met' if ratio <= GOAL_RATIO else 'NOT met'}), {rows[-1]['ratio_numpy']:.1f}× bare numpy; "
          f"time per row at the largest size is {growth:.2f}× that at the smallest (linear: ≈1)")
    result = {"sizes": rows, "per_row_growth": growth, "goal_rate": GOAL_RATE, "goal_ratio": GOAL_RATIO,
              "rate_met": rate >= GOAL_RATE, "ratio_met": ratio <= GOAL_RATIO}
    save("throughput", result)
    return result


if __name__ == "__main__":
    main([int(float(a)) for a in sys.argv[1:] if not a.startswith("--")] or None)
