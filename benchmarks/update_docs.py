"""Write the latest results (benchmarks/results/*.json) as the table in docs/benchmarks.md."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def load(name: str) -> dict | None:
    p = HERE / "results" / f"{name}.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def yes(flag: bool) -> str:
    return "met" if flag else "**not met**"


def table() -> str:
    rows = ["| benchmark | size | figure | baseline (same run) | ratio | goal | |", "|---|---|---|---|---|---|---|"]
    machine = None
    c = load("cold_start")
    if c:
        machine = c["machine"]
        rows.append(f"| 1. cold start `zoning-rules check one.yaml` | 1 design | {c['check_ms']:.0f} ms | "
                    f"`python -c \"import pydantic, yaml\"` {c['floor_ms']:.0f} ms | {c['ratio']:.2f}× | ≤ 1.5× | "
                    f"{yes(c['met'])} |")
    t = load("throughput")
    if t:
        machine = machine or t["machine"]
        for s in t["sizes"]:
            rows.append(f"| 2. throughput, declared figures | {s['rows']:,} designs | "
                        f"{s['rows_per_s']:,.0f} designs/s ({s['check_table_s'] * 1000:.0f} ms) | numpy 4 comparisons "
                        f"{s['numpy_s'] * 1000:.1f} ms; numpy + long table {s['numpy_table_s'] * 1000:.1f} ms | "
                        f"{s['ratio_numpy']:.1f}× / {s['ratio_numpy_table']:.1f}× | ≥ 1 000 000/s, ≤ 3× the second | "
                        f"{yes(s['rows_per_s'] >= t['goal_rate'])} / {yes(s['ratio_numpy_table'] <= t['goal_ratio'])} |")
            if "lean_s" in s:
                rows.append(f"| 2. … with `columns=` design, indicator, status, reason, actual | {s['rows']:,} designs | "
                            f"{s['rows'] / s['lean_s']:,.0f} designs/s ({s['lean_s'] * 1000:.0f} ms) | numpy 4 "
                            f"comparisons {s['numpy_s'] * 1000:.1f} ms | {s['ratio_lean_numpy']:.1f}× | (not a goal) | |")
            if "one_thread_s" in s:
                rows.append(f"| 2. … in one thread (`threads=1`; the row above: {s['threads']}) | {s['rows']:,} designs | "
                            f"{s['rows'] / s['one_thread_s']:,.0f} designs/s ({s['one_thread_s'] * 1000:.0f} ms) | "
                            f"numpy + long table {s['numpy_table_s'] * 1000:.1f} ms | "
                            f"{s['ratio_one_thread_numpy_table']:.1f}× | (not the goal line) | |")
        rows.append(f"| 2. linear growth | {t['sizes'][0]['rows']:,} → {t['sizes'][-1]['rows']:,} | time per row "
                    f"× {t['per_row_growth']:.2f} | | | ≈ 1 | {yes(t['per_row_growth'] < 1.5)} |")
    f = load("first_call")
    if f:
        machine = machine or f["machine"]
        for fmt, s in f["formats"].items():
            w, c, sp = s["wall"], s["cpu"], s["same_process"]
            rows.append(f"| 2b. first call after reading {fmt} (plot column {s['plot_dtype']}), fresh process | "
                        f"{f['rows']:,} designs ({s['findings']:,} findings) | "
                        f"{w['rows_per_s_first']:,.0f} designs/s ({w['first_s'] * 1000:.0f} ms; CPU "
                        f"{c['first_s'] * 1000:.0f} ms); second call {w['warm_s'] * 1000:.0f} ms | numpy + pandas long "
                        f"table, first call {w['floor_first_s'] * 1000:.0f} ms (CPU {c['floor_first_s'] * 1000:.0f} "
                        f"ms); second call {w['floor_warm_s'] * 1000:.0f} ms | {w['ratio_first']:.2f}× (CPU "
                        f"{c['ratio_first']:.2f}×); second call {w['ratio_warm']:.2f}×; same process "
                        f"{sp['ratio_floor_first']:.2f}–{sp['ratio_ours_first']:.2f}× | ≥ 3 000 000/s, ≤ 3× | "
                        f"{yes(s['rate_met'])} / {yes(s['ratio_met'])} |")
    g = load("geometry")
    if g:
        machine = machine or g["machine"]
        for s in g["sizes"]:
            rows.append(f"| 3. site geometry | {s['sites']:,} sites, {s['buildings']:,} buildings, "
                        f"{s['greens']:,} greens | {s['sites_per_s']:,.0f} sites/s ({s['site_figures_s']:.2f} s) | "
                        f"raw shapely 2 {s['shapely_s']:.2f} s | {s['ratio']:.2f}× | ≥ 20 000/s, ≤ 2× | "
                        f"{yes(s['sites_per_s'] >= g['goal_rate'])} / {yes(s['ratio'] <= g['goal_ratio'])} |")
            if "site_figures_2t_s" in s:
                rows.append(f"| 3. … in two threads (`threads=2`) | {s['sites']:,} sites | "
                            f"{s['sites_per_s_2t']:,.0f} sites/s ({s['site_figures_2t_s']:.2f} s) | raw shapely 2 "
                            f"in two threads {s['shapely_2t_s']:.2f} s | {s['ratio_2t']:.2f}× | (not the goal "
                            f"line) | |")
    m = load("memory")
    if m:
        machine = machine or m["machine"]
        rows.append(f"| 4. peak memory | {m['rows']:,} designs ({m['findings']:,} findings) | {m['peak_gib']:.2f} GiB | "
                    f"input table alone {m['input_only_gib']:.2f} GiB | "
                    f"{m['peak_gib'] / m['input_only_gib']:.1f}× | < 2 GiB | {yes(m['met'])} |")
    out = "\n".join(rows) + "\n"
    if machine:
        v = ", ".join(f"{k} {val}" for k, val in machine["versions"].items())
        when = max((r or {}).get("when", "") for r in (c, t, f, g, m))
        out += (f"\nMachine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; "
                f"{machine['system']}; {v}. Run {when}.\n")
    return out


def main() -> Path:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    body = f"{BEGIN}\n{table()}{END}"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + body + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + body + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return DOC


if __name__ == "__main__":
    print(main(), file=sys.stderr)
