"""Writes examples/plan/lvliang-plan.geojson: a made-up earlier 控规 layer for the 31 吕梁 plots of
the embedded rule book (200 m squares in EPSG:4546, 容积率 ≤ 1.8, 建筑密度 25, 绿地率 40, 建筑限高 30米),
so that the README's plan import runs on a fresh clone.  The letters of 2021 then layer on top.

    python examples/plan/make_plan_layer.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from plan_layers import lvliang_layer  # noqa: E402

if __name__ == "__main__":
    target = HERE / "lvliang-plan.geojson"
    if target.exists():
        target.unlink()
    lvliang_layer().to_file(target, driver="GeoJSON", engine="pyogrio", layer_options={"RFC7946": "NO"})
    print(target)
