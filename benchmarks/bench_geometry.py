"""3. Site geometry in bulk: ``batch.geometry.site_figures`` against raw shapely 2 on the same arrays.

Each site has several buildings (overlapping footprints are unioned), green areas (clipped to the
site, less the 1.0 m / 1.5 m strip along walls, unioned) and a road (least distance from a
footprint).  The baseline is the same computation written directly with shapely's array functions
(no validation, no table).  Goals: within 2× of the baseline and ≥ 20 000 sites/s.
"""
from __future__ import annotations

import sys

import numpy as np

from common import best_of, quick, save
from data import site_layers

GOAL_RATE, GOAL_RATIO = 20_000, 2.0


def baseline(layers):
    import shapely

    sites = np.asarray(layers["sites"].geometry.values)
    n = len(sites)
    b = layers["buildings"]
    bi = layers["sites"]["plot"].pipe(lambda s: s.index.to_numpy())  # sites are in order
    b_site = np.searchsorted(layers["sites"]["plot"].to_numpy(), b["plot"].to_numpy())
    b_geoms = np.asarray(b.geometry.values)
    fp = np.full(n, None, dtype=object)
    shapely.multipolygons(b_geoms, indices=b_site, out=fp)
    fp = shapely.buffer(fp, 0)
    g = layers["greens"]
    g_site = np.searchsorted(layers["sites"]["plot"].to_numpy(), g["plot"].to_numpy())
    conc = g["kind"].to_numpy() == "concentrated"
    inside = shapely.intersection(np.asarray(g.geometry.values), sites[g_site])
    strip1 = shapely.buffer(fp, 1.0, quad_segs=64)
    strip15 = shapely.buffer(fp, 1.5, quad_segs=64)
    counted = np.where(conc, shapely.difference(inside, strip15[g_site]) if conc.any() else inside,
                       shapely.difference(inside, strip1[g_site]))
    green = np.full(n, None, dtype=object)
    parts, of = shapely.get_parts(counted, return_index=True)
    shapely.multipolygons(parts, indices=g_site[of], out=green)
    green_area = shapely.area(shapely.buffer(green, 0))
    r = layers["roads"]
    r_site = np.searchsorted(layers["sites"]["plot"].to_numpy(), r["plot"].to_numpy())
    roads = np.full(n, None, dtype=object)
    shapely.multilinestrings(np.asarray(r.geometry.values), indices=r_site, out=roads)
    d = shapely.distance(b_geoms, roads[b_site])
    setback = np.full(n, np.inf)
    np.minimum.at(setback, b_site, d)
    del bi
    return shapely.area(sites), shapely.area(fp), green_area, setback


def main(sizes=None) -> dict:
    from zoning_rules.batch.geometry import site_figures

    sizes = sizes or ((2_000, 10_000) if quick() else (10_000, 100_000))
    rows = []
    for n in sizes:
        layers = site_layers(n, seed=2)
        repeat = 3 if n <= 10_000 else 2
        ours_out = site_figures(layers["sites"], layers["buildings"], layers["greens"], layers["roads"])
        base_out = baseline(layers)
        agree = all(np.allclose(ours_out[c].to_numpy(), v, rtol=1e-9, atol=1e-6)
                    for c, v in zip(("site_area", "footprint_area", "green_area", "setback"), base_out))
        ours = best_of(lambda: site_figures(layers["sites"], layers["buildings"], layers["greens"],
                                            layers["roads"]), repeat)
        base = best_of(lambda: baseline(layers), repeat)
        row = {"sites": n, "buildings": len(layers["buildings"]), "greens": len(layers["greens"]),
               "site_figures_s": ours, "shapely_s": base, "sites_per_s": n / ours, "ratio": ours / base,
               "same_figures": bool(agree)}
        rows.append(row)
        print(f"geometry n={n:>7,} sites ({len(layers['buildings']):,} buildings, {len(layers['greens']):,} "
              f"greens): site_figures {ours:6.2f} s = {n / ours:8,.0f} sites/s | raw shapely {base:6.2f} s → "
              f"{ours / base:.2f}× | same figures: {agree}")
    last = rows[-1]
    print(f"geometry: {last['sites_per_s']:,.0f} sites/s (goal ≥ {GOAL_RATE:,}: "
          f"{'met' if last['sites_per_s'] >= GOAL_RATE else 'NOT met'}), {last['ratio']:.2f}× raw shapely "
          f"(goal ≤ {GOAL_RATIO}×: {'met' if last['ratio'] <= GOAL_RATIO else 'NOT met'})")
    result = {"sizes": rows, "goal_rate": GOAL_RATE, "goal_ratio": GOAL_RATIO,
              "rate_met": last["sites_per_s"] >= GOAL_RATE, "ratio_met": last["ratio"] <= GOAL_RATIO}
    save("geometry", result)
    return result


if __name__ == "__main__":
    main([int(float(a)) for a in sys.argv[1:] if not a.startswith("--")] or None)
