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
    frame = pd.DataFrame(cols)
    for c in frame.columns[1:]:
        gaps = rng.random(n) < missing
        frame.loc[gaps, c] = np.nan
    return frame


def declared_arrays(n: int, seed: int = 0):
    """The four declared figures and a plot code per row, for the throughput benchmark."""
    return designs(n, seed, areas=False, declared=True, missing=0.0)
