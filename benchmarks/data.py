"""Synthetic designs for the benchmarks and the Dask test: every plot of the embedded rule book,
values spread around each limit, some exact ties (9000.27 m² on 20000.6 m² at 45 %) and gaps."""
from __future__ import annotations

import numpy as np


def designs(n: int, seed: int = 0, *, areas: bool = True, declared: bool = True, missing: float = 0.05):
    """A pandas DataFrame of ``n`` designs over the plots of the embedded rule book."""
    import pandas as pd

    from zoning_rules import load_rulebook

    rng = np.random.default_rng(seed)
    plots = np.array(load_rulebook().plot_codes(), dtype=object)
    cols: dict = {"plot": plots[rng.integers(0, len(plots), n)]}
    if areas:
        site = np.round(rng.uniform(2000, 80000, n), 1)
        cols["site_area"] = site
        for name, lo, hi in (("floor_area", 0.05, 5.5), ("footprint_area", 0.02, 0.6),
                             ("green_area", 0.1, 0.5)):
            cols[name] = np.round(site * rng.uniform(lo, hi, n), 2)
        tie = rng.random(n) < 0.01  # exact 45 % ties, decided by the exact path
        cols["site_area"] = np.where(tie, 20000.6, cols["site_area"])
        cols["footprint_area"] = np.where(tie, 9000.27, cols["footprint_area"])
    if declared:
        cols["far"] = np.round(rng.uniform(0.05, 5.5, n), 2)
        cols["building_density"] = np.round(rng.uniform(0.02, 0.6, n), 3)
        cols["green_ratio"] = np.round(rng.uniform(0.1, 0.5, n), 3)
        cols["height"] = np.round(rng.uniform(3, 130, n), 1)
    _possible(cols)
    frame = pd.DataFrame(cols)
    for c in frame.columns[1:]:
        gaps = rng.random(n) < missing
        frame.loc[gaps, c] = np.nan
    return frame


def _possible(cols: dict) -> None:
    """Figures drawn independently can describe a design nobody can build (green and footprint over
    the whole site, 5 FAR on 2 % density under 3 m), which ``check_table`` refuses: green is kept
    within what the footprint leaves, and the height raised to what the floor area needs.  Kept a
    little inside those bounds, not on them: a row exactly at a bound is suspect to check_table's
    float screen and decided exactly, row by row (see batch/plausibility.py), which is right for the
    rare real design there but would make the benchmark time that slow path instead of the table."""
    if "site_area" in cols:
        cols["green_area"] = np.minimum(cols["green_area"], np.round(cols["site_area"] - cols["footprint_area"] - 1, 2))
    if "building_density" in cols:
        cols["green_ratio"] = np.minimum(cols["green_ratio"], np.round(1 - cols["building_density"] - 0.001, 3))
    if "height" in cols:
        need = cols["far"] / cols["building_density"]
        if "floor_area" in cols:
            need = np.maximum(need, cols["floor_area"] / cols["footprint_area"])
        cols["height"] = np.maximum(cols["height"], np.ceil(need * 2.3 * 10) / 10)


def declared_arrays(n: int, seed: int = 0):
    """The four declared figures and a plot code per row, for the throughput benchmark."""
    return designs(n, seed, areas=False, declared=True, missing=0.0)


def site_layers(n: int, seed: int = 0, buildings: int = 4, greens: int = 3, crs: str = "EPSG:4546"):
    """``n`` square sites on a grid, each with ``buildings`` footprints (some overlapping), ``greens``
    green areas (some against walls, some reaching outside the site) and one road along its south
    side: {role: GeoDataFrame} in metres."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    side = 100.0
    ix = np.arange(n)
    x0 = (ix % 1000) * 150.0 + 500_000
    y0 = (ix // 1000) * 150.0 + 4_150_000
    plots = np.array([f"S-{i:07d}" for i in ix], dtype=object)
    sites = shapely.box(x0, y0, x0 + side, y0 + side)

    def boxes(k, lo, hi, spill=0.0):
        owner = np.repeat(ix, k)
        w = rng.uniform(lo, hi, n * k)
        h = rng.uniform(lo, hi, n * k)
        bx = x0[owner] + rng.uniform(-spill, side - w + spill)
        by = y0[owner] + rng.uniform(5, side - h)
        return owner, shapely.box(bx, by, bx + w, by + h)

    b_owner, b_geoms = boxes(buildings, 8, 35)
    g_owner, g_geoms = boxes(greens, 5, 30, spill=10.0)
    road = shapely.linestrings(np.stack([np.stack([x0 - 20, y0 - 4], 1), np.stack([x0 + side + 20, y0 - 4], 1)], 1))
    kinds = np.where(rng.random(n * greens) < 0.2, "concentrated", "ordinary").astype(object)
    return {
        "sites": gpd.GeoDataFrame({"plot": plots}, geometry=sites, crs=crs),
        "buildings": gpd.GeoDataFrame({"plot": plots[b_owner]}, geometry=b_geoms, crs=crs),
        "greens": gpd.GeoDataFrame({"plot": plots[g_owner], "kind": kinds}, geometry=g_geoms, crs=crs),
        "roads": gpd.GeoDataFrame({"plot": plots}, geometry=road, crs=crs),
    }
