"""The web application under load: N concurrent clients × M checks each, on the loopback.

Starts ``zoning-rules serve``'s application (uvicorn, checks in its worker-process pool) on
127.0.0.1 with a free port, then each client uploads the README's designs in turn (pass, fail),
follows the redirect to the report page and checks that the page says what the CLI says (the
verdict; for the failing design exactly ZR-FAR and ZR-HEIGHT fail).  Bounded in count (N × M) and
in time (``--deadline``, default 600 s: the run stops by itself and fails if it is reached).

Baseline in the same process: the same check and rendering called directly (``web.work``), one at
a time — so the ratio p50 / baseline says what HTTP, the upload, the pool and the queueing of N
clients on this machine's cores add.

    python benchmarks/bench_web.py                 # 20 clients × 50 checks
    python benchmarks/bench_web.py --quick         # 5 clients × 10 checks
    python benchmarks/bench_web.py --clients 10 --checks 20 --workers 2
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import REPO, best_of, quick, save  # noqa: E402

DESIGNS = [(REPO / "examples" / "bz-13-10-pass.yaml", "pass", []),
           (REPO / "examples" / "bz-13-10-fail.yaml", "fail", ["ZR-FAR", "ZR-HEIGHT"])]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def one_check(client, url: str, design: Path, data: bytes, want: str, failing: list[str]) -> str | None:
    """None when the answer is right, else what was wrong."""
    r = client.post(url + "/check", files={"files": (design.name, data)}, data={"as_of": "2021-06-01"},
                    follow_redirects=True)
    if r.status_code != 200:
        return f"HTTP {r.status_code}"
    m = re.search(r'id="verdict-1" data-status="(\w+)"', r.text)
    if not m or m.group(1) != want:
        return f"verdict {m.group(1) if m else None}, expected {want}"
    got = re.findall(r'<tr class="finding" data-status="fail" data-code="([\w-]+)"', r.text)
    if got != failing:
        return f"failing rows {got}, expected {failing}"
    return None


def baseline() -> float:
    from zoning_rules.web import work

    path, _, _ = DESIGNS[1]
    up = [work.Upload(path.name, path.read_bytes())]
    work.check_uploads(up, "2021-06-01")  # warm
    return best_of(lambda: work.check_uploads(up, "2021-06-01"), 7)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=5 if quick() else 20)
    ap.add_argument("--checks", type=int, default=10 if quick() else 50, help="checks per client")
    ap.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    ap.add_argument("--deadline", type=float, default=600.0, help="seconds; the run stops by itself")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)

    import httpx

    from zoning_rules.web.app import WebConfig
    from zoning_rules.web.server import running

    base = baseline()
    payloads = [(p, p.read_bytes(), want, failing) for p, want, failing in DESIGNS]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    with running(WebConfig(workers=args.workers)) as url:
        with httpx.Client(timeout=60) as warm:  # the pool's processes start on the first checks
            for _ in range(args.workers):
                one_check(warm, url, *payloads[0])
        deadline = time.monotonic() + args.deadline

        def client(i: int) -> None:
            with httpx.Client(timeout=120) as c:
                for j in range(args.checks):
                    if stop.is_set() or time.monotonic() > deadline:
                        stop.set()
                        return
                    design, data, want, failing = payloads[(i + j) % len(payloads)]
                    t = time.perf_counter()
                    try:
                        wrong = one_check(c, url, design, data, want, failing)
                    except httpx.HTTPError as exc:
                        wrong = f"{type(exc).__name__}: {exc}"
                    elapsed = time.perf_counter() - t
                    with lock:
                        latencies.append(elapsed)
                        if wrong:
                            errors.append(f"client {i} check {j} ({design.name}): {wrong}")

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()) + 130)
        wall = time.perf_counter() - started
    planned = args.clients * args.checks
    done = len(latencies)
    result = {
        "clients": args.clients, "checks_per_client": args.checks, "workers": args.workers,
        "planned": planned, "completed": done, "wrong": len(errors), "deadline_reached": stop.is_set(),
        "wall_s": round(wall, 3), "throughput_per_s": round(done / wall, 2) if wall else None,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1), "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        "baseline_direct_ms": round(base * 1000, 1),
        "p50_over_baseline": round(percentile(latencies, 50) / base, 1) if latencies else None,
        "errors": errors[:20],
    }
    path = save("web", result)
    print(f"web: {done}/{planned} checks by {args.clients} clients on {args.workers} workers in {wall:.1f} s "
          f"({result['throughput_per_s']}/s); wrong {len(errors)}")
    print(f"  latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms; "
          f"one check called directly {result['baseline_direct_ms']} ms (p50 is {result['p50_over_baseline']}×)")
    print(f"  written to {path}")
    for e in errors[:5]:
        print("  WRONG:", e)
    if errors or done != planned:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    main()
