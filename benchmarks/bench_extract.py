"""Extraction of the whole seed, timed against baselines run in the same process.

Baselines: (1) reading the seed and normalising it (NFKC, white space and footers removed) — the
least any extractor must do; (2) one plain regex scan of the seed for every limit figure
(容积率≤2.4 …).  The ratio says how much the extractor costs on top of touching the text; the
absolute time shows it is well under a second.

Scaling: the seed repeated 1×, 10× and 100× (time per copy should stay flat: 100 copies take about
10× as long as 10 copies — once the issuer search scanned every line per letter, and 100 copies took
~20× as long as 10), and pathological inputs — 100 000 plot codes in one list, 100 000 short plot
statements, one 10 MB line of indicator names, with and without a plot code before it — whose time
is shown per MB next to the seed's.  Prints tables and writes benchmarks/results/extract.json.
Not a test: run ``python benchmarks/bench_extract.py`` (``--quick`` skips the 10 MB inputs).
"""
from __future__ import annotations

import json
import platform
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_8973d7947ed25dac.txt"
FOOTER = re.compile(r"^\s*(咨询单位：.*|咨询电话：.*|政 策 咨 询|扫码咨询)\s*$")
FIGURE = re.compile(r"(容积率|建筑密度|绿地率|建筑高度|建筑限高)(≤|≥|<|>)?(\d+(?:\.\d+)?)(%|米|m)?")


def read_normalise() -> str:
    text = SEED.read_text(encoding="utf-8")
    kept = [ln for ln in text.splitlines() if ln.strip() and not FOOTER.match(ln)]
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(kept)))


def regex_scan() -> int:
    return len(FIGURE.findall(read_normalise()))


def extract() -> int:
    from zoning_rules.extract import extract_text

    draft = extract_text(SEED.read_text(encoding="utf-8"), SEED.name)
    return sum(len(v) for v in draft.plots.values())


def extract_yaml() -> int:
    from zoning_rules.extract import extract_text, to_yaml

    return len(to_yaml(extract_text(SEED.read_text(encoding="utf-8"), SEED.name)))


def timed(fn, repeat: int) -> dict:
    fn()  # warm-up: imports, regex compilation
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return {"median_s": statistics.median(runs), "min_s": min(runs), "max_s": max(runs), "runs": repeat}


def scaling(copies=(1, 10, 100)) -> dict:
    """Seconds for the seed repeated n times; the ratio of consecutive sizes is the growth factor."""
    from zoning_rules.extract import extract_text

    seed = SEED.read_text(encoding="utf-8")
    out = {}
    for n in copies:
        text = seed * n
        t = time.perf_counter()
        extract_text(text, "seed×n")
        out[n] = {"s": time.perf_counter() - t, "chars": len(text)}
    return out


def pathological(quick: bool = False) -> dict:
    """Inputs built to be slow: many codes, many statements, one huge line."""
    from zoning_rules.extract import extract_text

    tail = "\n公示时间：2023年1月1日至2023年1月5日\n"
    cases = {
        "100k codes in one list": "关于地块的公示\n" + "、".join(f"A-{i % 1000}-{i}" for i in range(100_000))
                                  + "地块容积率≤2.0。" + tail,
        "100k plot statements": "关于地块的公示\n" + "".join(f"A-{i % 1000}-{i}地块容积率≤2.0，"
                                                          for i in range(100_000)) + tail,
    }
    if not quick:
        cases["10 MB line of 容积率"] = "关于地块的公示 2023年1月1日" + "容积率" * 3_500_000
        cases["10 MB line after a plot code"] = "关于地块的公示 2023年1月1日A-1-1地块" + "容积率" * 3_500_000
    out = {}
    for name, text in cases.items():
        t = time.perf_counter()
        draft = extract_text(text, name)
        out[name] = {"s": time.perf_counter() - t, "chars": len(text), "plots": len(draft.plots)}
    return out


def main(repeat: int = 30, quick: bool = False) -> dict:
    if not SEED.is_file():
        sys.exit(f"seed not found: {SEED}")
    sys.path.insert(0, str(ROOT / "src"))
    t = time.perf_counter()
    import zoning_rules.extract  # noqa: F401
    import_s = time.perf_counter() - t
    results = {
        "read_normalise": timed(read_normalise, repeat),
        "regex_scan": timed(regex_scan, repeat),
        "extract": timed(extract, repeat),
        "extract_and_yaml": timed(extract_yaml, repeat),
    }
    base = results["read_normalise"]["median_s"]
    scan = results["regex_scan"]["median_s"]
    for r in results.values():
        r["ratio_to_read_normalise"] = r["median_s"] / base
        r["ratio_to_regex_scan"] = r["median_s"] / scan
    grow = scaling()
    bad = pathological(quick)
    seed_per_mb = grow[1]["s"] / (grow[1]["chars"] / 1e6)
    out = {"seed": SEED.name, "seed_chars": len(SEED.read_text(encoding="utf-8")), "import_s": import_s,
           "python": platform.python_version(), "machine": platform.machine(), "results": results,
           "approvals_extracted": extract(), "scaling": grow, "pathological": bad}
    print(f"seed {out['seed_chars']} chars; import zoning_rules.extract {import_s * 1000:.1f} ms")
    print(f"{'step':<20}{'median ms':>11}{'× read+normalise':>18}{'× regex scan':>14}")
    for name, r in results.items():
        print(f"{name:<20}{r['median_s'] * 1000:>11.2f}{r['ratio_to_read_normalise']:>18.1f}"
              f"{r['ratio_to_regex_scan']:>14.1f}")
    print(f"\n{'seed copies':<14}{'seconds':>10}{'× previous size':>17}   (linear: 10.0)")
    prev = None
    for n, r in grow.items():
        ratio = f"{r['s'] / prev:>17.1f}" if prev else f"{'':>17}"
        print(f"{n:<14}{r['s']:>10.3f}{ratio}")
        prev = r["s"]
    print(f"\n{'pathological input':<32}{'MB':>6}{'seconds':>10}{'s/MB ÷ seed s/MB':>19}")
    for name, r in bad.items():
        mb = r["chars"] / 1e6
        print(f"{name:<32}{mb:>6.1f}{r['s']:>10.2f}{(r['s'] / mb) / seed_per_mb:>19.1f}")
    dest = ROOT / "benchmarks" / "results" / "extract.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written {dest.relative_to(ROOT)}")
    return out


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
