"""5. BIM models: reading and checking a 报建 model against IfcOpenShell's bare read of the same file.

The model: 50 buildings × 30 storeys (a floor slab and four walls a storey, a roof slab and four
parapet walls a building: 7 900 shaped elements), written by ``zoning_rules.ifc.build`` in
millimetres.  ``check`` is timed end to end (open, triangulate, project to plan, storeys, heights,
declared figures, the check itself) with the reader's cache cleared; the baseline is what any IFC
tool must do first: ``ifcopenshell.open`` and one pass of ``ifcopenshell.geom.iterator`` over the
same elements with the same settings (world coordinates, one thread), copying each shape's
vertices and faces into numpy arrays.  Goal: within 1.5× of the baseline.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import best_of, quick, save

GOAL_RATIO = 1.5


def model(path: Path, buildings: int, storeys: int) -> Path:
    from zoning_rules.ifc.build import BuildingSpec, GreenSpec, ModelSpec, rectangle, write_model

    cols = 10
    rows = -(-buildings // cols)
    specs = [BuildingSpec(f"{i + 1}#", rectangle(10 + 40 * (i % cols), 10 + 30 * (i // cols),
                                                   40 + 40 * (i % cols), 30 + 30 * (i // cols)),
                          [3.0] * storeys, parapet=1.2)
             for i in range(buildings)]
    spec = ModelSpec(site=rectangle(0, 0, 20 + 40 * cols, 40 + 30 * rows + 20), buildings=specs,
                     greens=[GreenSpec("绿地", rectangle(0, 30 * rows + 25, 20 + 40 * cols, 30 * rows + 55))],
                     site_psets={"场地信息属性集": {"地块编号": "BZ-13-10", "城市用地分类和使用": "RB"}}, unit="mm")
    return write_model(spec, path)


def bare(path: Path) -> int:
    import ifcopenshell
    import ifcopenshell.geom
    import numpy as np

    m = ifcopenshell.open(str(path))
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    it = ifcopenshell.geom.iterator(settings, m, 1)
    n = 0
    if it.initialize():
        while True:
            shape = it.get()
            np.asarray(shape.geometry.verts, dtype=float).reshape(-1, 3)
            np.asarray(shape.geometry.faces, dtype=np.int64).reshape(-1, 3)
            n += 1
            if not it.next():
                break
    return n


def ours(path: Path):
    import zoning_rules.ifc as ifc
    from zoning_rules import check

    ifc._read.cache_clear()
    return check(path, as_of="2022-01-01")


def main(sizes=None) -> dict:
    buildings, storeys = sizes or ((10, 10) if quick() else (50, 30))
    with tempfile.TemporaryDirectory() as tmp:
        path = model(Path(tmp) / "bench.ifc", buildings, storeys)
        size_mb = path.stat().st_size / 2**20
        shapes = bare(path)
        report = ours(path)
        floors = report.computed["floor_area"]
        repeat = 3
        base = best_of(lambda: bare(path), repeat)
        mine = best_of(lambda: ours(path), repeat)
    ratio = mine / base
    print(f"ifc {buildings} buildings × {storeys} storeys ({shapes:,} shapes, {size_mb:.1f} MiB): check {mine:6.2f} s | "
          f"ifcopenshell.open + geometry iteration {base:6.2f} s → {ratio:.2f}× (goal ≤ {GOAL_RATIO}×: "
          f"{'met' if ratio <= GOAL_RATIO else 'NOT met'}); floor area {float(floors):,.0f} m²")
    result = {"buildings": buildings, "storeys": storeys, "shapes": shapes, "file_mib": size_mb,
              "check_s": mine, "bare_s": base, "ratio": ratio, "goal_ratio": GOAL_RATIO, "met": ratio <= GOAL_RATIO}
    save("ifc", result)
    return result


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    main(tuple(args) if len(args) == 2 else None)
