"""Pathological texts finish: 100 000 plot codes in one list, one 10 MB line of indicator names.

Not a timing test — speed is measured in benchmarks/bench_extract.py.  The subprocess timeout is
only a hang guard (generous, for a loaded CI machine): before the extractor read code lists token
by token, the first of these inputs did not finish in ten minutes.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from zoning_rules.extract import extract_text
tail = "\n公示时间：2023年1月1日至2023年1月5日\n"
codes = "关于地块的公示\n" + "、".join(f"A-{i % 1000}-{i}" for i in range(100_000)) + "地块容积率≤2.0。" + tail
a = extract_text(codes, "codes.txt")
line = "关于地块的公示 2023年1月1日A-1-1地块" + "容积率" * 3_500_000
b = extract_text(line, "line.txt")
print(json.dumps({"plots": len(a.plots), "far": a.plots["A-999-99999"][0]["limits"]["far"],
                  "quote": len(a.plots["A-0-0"][0]["quote"]), "line_plots": sorted(b.plots),
                  "line_review": b.review_count()}))
"""


def test_a_hundred_thousand_codes_and_a_ten_megabyte_line_finish_and_say_what_they_read():
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(SRC)], capture_output=True, text=True,
                          timeout=600, check=True)
    got = json.loads(done.stdout)
    assert got["plots"] == 100_000 and got["far"] == {"max": "2.0"}
    assert got["quote"] < 200  # a list of 100 000 codes is quoted shortened, with its count
    assert got["line_plots"] == [] and got["line_review"] >= 1  # nothing read: said, not silent
