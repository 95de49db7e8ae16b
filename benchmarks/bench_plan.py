"""5. The regulatory plan as GIS data: import per 10⁴ plots, rule-book load and resolution as of a date,
and locate throughput, each against the bare library calls on the same data.

* import: ``plan.importer.import_layer`` + writing the rule file (``--values gpkg``) against a bare
  ``pyogrio.read_dataframe`` of the same GeoPackage;
* load + resolve: ``load_rulebook`` of that rule file and ``resolve`` of every plot on one date
  (reported per 10⁴ plots; no library does this, so no ratio);
* locate: ``PlotIndex.match`` (the (site, plot) pairs, the area of each intersection, what lies
  outside and the verdict, as arrays; ``locate`` then builds one object per site, timed too) against a bare ``shapely.STRtree.query(sites, predicate="intersects")`` over
  the same plots — the floor any matching has to pay.

    python benchmarks/bench_plan.py [--quick]
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import numpy as np

from common import REPO, best_of, quick, save

sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))


def layer(nx: int, ny: int, path: Path) -> None:
    from plan_layers import frame, grid_rows

    frame(grid_rows(nx, ny)).to_file(path, driver="GPKG", engine="pyogrio")


def sites(n: int, nx: int, ny: int, seed: int = 5):
    """Square sites of 20–60 m anywhere over the 100 m grid (about half inside one plot, the others
    straddling; those near the edge reach outside)."""
    import shapely
    from plan_layers import CELL, X0, Y0

    rng = np.random.default_rng(seed)
    x = X0 - 50 + rng.random(n) * (nx * CELL + 100)
    y = Y0 - 50 + rng.random(n) * (ny * CELL + 100)
    s = 20 + rng.random(n) * 40
    return shapely.box(x, y, x + s, y + s)


def main(sizes=None) -> dict:
    import pyogrio
    import shapely

    from zoning_rules.plan.importer import import_layer
    from zoning_rules.plan.locate import PlotIndex
    from zoning_rules.plan.storage import boundaries, write_plan
    from zoning_rules.rulebook import load_rulebook

    sizes = sizes or (((50, 40),) if quick() else ((100, 100), (250, 200)))
    n_sites = 20_000 if quick() else 100_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for nx, ny in sizes:
            n = nx * ny
            src = Path(tmp) / f"plan-{n}.gpkg"
            layer(nx, ny, src)
            out = Path(tmp) / f"rules-{n}" / "plan-rules.yaml"

            def ours():
                result = import_layer(str(src), document="某规划〔2019〕1号", date=dt.date(2019, 6, 1))
                write_plan(result, out, values="gpkg")

            imp = best_of(ours, 2)
            bare = best_of(lambda: pyogrio.read_dataframe(str(src)), 3)
            from zoning_rules.rulebook import loader

            def load_and_resolve():
                loader._layered.cache_clear()
                book = load_rulebook(out, embedded=False)
                day = dt.date(2020, 1, 1)
                for code in book.plot_codes():
                    book.resolve(code, day)
                return book

            load_s = best_of(load_and_resolve, 2)
            book = load_and_resolve()
            b = boundaries(book)
            qs = sites(n_sites, nx, ny)
            index = PlotIndex(b)
            found = index.locate(qs)
            tree = shapely.STRtree(b.geometries)
            pairs = tree.query(qs, predicate="intersects")
            agree = sum(len(loc.shares) for loc in found) == pairs.shape[1] == len(index.match(qs).site)
            loc_s = best_of(lambda: index.match(qs), 2)
            obj_s = best_of(lambda: index.locate(qs), 2)
            base_s = best_of(lambda: tree.query(qs, predicate="intersects"), 3)

            def query_and_overlay():
                a, b_ = tree.query(qs, predicate="intersects")
                return shapely.area(shapely.intersection(qs[a], b_geoms[b_]))

            b_geoms = b.geometries
            overlay_s = best_of(query_and_overlay, 2)
            verdicts = {}
            for loc in found:
                verdicts[loc.verdict] = verdicts.get(loc.verdict, 0) + 1
            row = {"plots": n, "import_s": imp, "import_s_per_1e4": imp / n * 1e4, "pyogrio_read_s": bare,
                   "import_ratio": imp / bare, "load_resolve_s": load_s, "load_resolve_s_per_1e4": load_s / n * 1e4,
                   "sites": n_sites, "locate_s": loc_s, "sites_per_s": n_sites / loc_s, "strtree_query_s": base_s,
                   "locate_ratio": loc_s / base_s, "query_overlay_s": overlay_s, "locate_ratio_overlay": loc_s / overlay_s,
                   "locate_objects_s": obj_s, "same_pairs": bool(agree),
                   "verdicts": verdicts}
            rows.append(row)
            print(f"plan n={n:>6,} plots: import {imp:6.2f} s = {imp / n * 1e4:5.2f} s per 10⁴ | bare pyogrio read "
                  f"{bare:5.2f} s → {imp / bare:5.1f}× | load+resolve all {load_s:5.2f} s = "
                  f"{load_s / n * 1e4:4.2f} s per 10⁴")
            print(f"    locate {n_sites:,} sites: {loc_s:5.2f} s = {n_sites / loc_s:9,.0f} sites/s | bare STRtree query "
                  f"{base_s:5.2f} s → {loc_s / base_s:5.1f}× | query + intersection areas {overlay_s:5.2f} s → "
                  f"{loc_s / overlay_s:4.2f}× | as Location objects {obj_s:5.2f} s | same pairs: {agree} | "
                  f"{verdicts}")
    save("plan", {"rows": rows})
    return {"rows": rows}


if __name__ == "__main__":
    main()
