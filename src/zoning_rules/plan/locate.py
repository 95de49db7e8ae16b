"""Which plot(s) a site lies in, and the share of the site in each: an STRtree, in bulk.

One query of the tree with all sites at once gives every (site, plot) pair that intersects; the
intersection areas are one vectorised shapely call over the pairs.  So 10⁵ sites against 10⁵
plots is a handful of array operations, not a Python loop over plots.  A site is *inside* one plot,
*straddles* several, reaches *partly outside* every plot, or lies *outside* all — parts smaller
than ``TOLERANCE`` m² (slivers of numerical noise along a shared edge) do not count, and are still
listed with their area.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import InputError

#: Areas (m²) at or below this are numerical slivers, not a part of the site in a plot.
TOLERANCE = 0.01

INSIDE, STRADDLES, PARTLY_OUTSIDE, OUTSIDE = "inside", "straddles", "partly_outside", "outside"


@dataclass(frozen=True, slots=True)
class PlotShare:
    plot: str
    area: float  # m² of the site in the plot (0 for a point)
    share: float  # of the site's area (a point: 1 in each plot it lies in or on)


@dataclass(frozen=True, slots=True)
class Location:
    site: str
    area: float  # the site's area in m² (0 for a point)
    shares: tuple[PlotShare, ...]  # largest first, slivers included
    outside: float  # m² of the site in no plot

    @property
    def plots(self) -> tuple[str, ...]:
        """The plots the site really lies in (slivers left out)."""
        return tuple(s.plot for s in self.shares if self.area == 0 or s.area > TOLERANCE)

    @property
    def verdict(self) -> str:
        n = len(self.plots)
        if n == 0:
            return OUTSIDE
        if self.outside > TOLERANCE:
            return PARTLY_OUTSIDE
        return INSIDE if n == 1 else STRADDLES

    def to_json(self) -> dict:
        return {"site": self.site, "area_m2": self.area, "verdict": self.verdict,
                "plots": [{"plot": s.plot, "area_m2": s.area, "share": s.share} for s in self.shares],
                "outside_m2": self.outside,
                "outside_share": (self.outside / self.area) if self.area else (0.0 if self.plots else 1.0)}


@dataclass(frozen=True)
class Matches:
    """Every (site, plot) pair as arrays, and per site what lies outside and the verdict: the bulk form."""

    site: Any  # int array, per pair, sorted by site
    plot: Any  # int array, per pair (index into the boundaries)
    area: Any  # float array, per pair: m² of the site in the plot
    site_area: Any  # float array, per site
    outside: Any  # float array, per site: m² in no plot
    verdict: Any  # array of str, per site


class PlotIndex:
    """The STRtree over a rule book's boundaries (built once per set of boundaries)."""

    def __init__(self, boundaries):
        import numpy as np
        import shapely

        self.boundaries = boundaries
        self.geoms = boundaries.geometries
        self.tree = shapely.STRtree(self.geoms)
        self.codes = np.asarray(boundaries.codes, dtype=object)
        a, b = self.tree.query(self.geoms, predicate="overlaps")
        #: plots that overlap another: only sites meeting these need a union to measure what is outside
        self.overlapping = np.zeros(len(self.geoms), dtype=bool)
        self.overlapping[a[a != b]] = True

    def match(self, sites) -> Matches:
        """Every site at once: one tree query, one vectorised intersection over the pairs."""
        import numpy as np
        import shapely

        sites = np.asarray(sites, dtype=object)
        n = len(sites)
        si, pi = self.tree.query(sites, predicate="intersects")
        order = np.lexsort((pi, si))
        si, pi = si[order], pi[order]
        areas = shapely.area(sites)
        inter = areas[si].copy()
        if len(si):  # a site wholly in a plot has its own area there; overlay only the rest
            shapely.prepare(self.geoms)
            part = ~shapely.covers(self.geoms[pi], sites[si])
            inter[part] = shapely.area(shapely.intersection(sites[si[part]], self.geoms[pi[part]]))
        covered = np.bincount(si, weights=inter, minlength=n)
        outside = np.maximum(areas - covered, 0.0)
        counts = np.bincount(si, minlength=n)
        # where overlapping plots meet a site, the sum counts the overlap twice: measure against the union
        redo = np.unique(si[self.overlapping[pi]])
        for k in redo[counts[redo] > 1]:
            if areas[k] > 0:
                outside[k] = shapely.area(shapely.difference(sites[k], shapely.union_all(self.geoms[pi[si == k]])))
        real = (inter > TOLERANCE) | (areas[si] == 0)
        n_real = np.bincount(si, weights=real, minlength=n)
        verdict = np.where(n_real == 0, OUTSIDE,
                           np.where((areas > 0) & (outside > TOLERANCE), PARTLY_OUTSIDE,
                                    np.where(n_real == 1, INSIDE, STRADDLES)))
        outside = np.where(areas > 0, outside, 0.0)
        return Matches(si, pi, inter, areas, outside, verdict)

    def locate(self, sites, labels=None) -> list[Location]:
        """``match`` as one ``Location`` per site (for reports; the arrays are the bulk form)."""
        import numpy as np

        m = self.match(sites)
        n = len(m.site_area)
        labels = list(labels) if labels is not None else [str(i) for i in range(n)]
        starts = np.searchsorted(m.site, np.arange(n + 1))
        codes, areas, si_area = self.codes, m.area.tolist(), m.site_area.tolist()
        plots = m.plot.tolist()
        out = []
        for k in range(n):
            area = si_area[k]
            shares = sorted((PlotShare(str(codes[plots[j]]), areas[j], areas[j] / area if area else 1.0)
                             for j in range(starts[k], starts[k + 1])), key=lambda s: (-s.area, s.plot))
            out.append(Location(labels[k], area, tuple(shares), float(m.outside[k])))
        return out


@lru_cache(maxsize=4)
def _index(boundaries) -> PlotIndex:
    return PlotIndex(boundaries)


def plot_index(book) -> PlotIndex:
    """The index of a rule book's plot boundaries; an error when it has none."""
    from .storage import boundaries

    b = boundaries(book)
    if not len(b):
        raise InputError("the rule book holds no plot boundaries", field="--rules",
                         expected="a rule file written by `zoning-rules import-plan` (with its .gpkg), "
                                  "given with --rules")
    return _index(b)


# --- what a site is: a site plan, a point -----------------------------------------------------------

_POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$")


def site_geometry(site: str, plan_crs: str, *, crs: str | None = None) -> tuple[Any, str]:
    """(geometry in the plan's CRS, how it was read) for a point ``x,y`` or a site-plan file.

    A point is in ``crs`` (default: the plan's own CRS); ``EPSG:4326``/``EPSG:4490`` take lon,lat.
    A file is read by ``geometry.load_site_plan`` (GeoJSON, DXF — and whatever it learns to read,
    such as IFC models) and its site boundary used; a drawing in local coordinates cannot be placed.
    """
    from shapely import Point

    m = _POINT.match(site)
    if m:
        x, y = float(m[1]), float(m[2])
        src = crs or plan_crs
        _on_the_globe(site, x, y, src)
        geom = _to(Point(x, y), src, plan_crs)
        if not all(map(math.isfinite, geom.coords[0])):
            raise InputError(f"the point {site.strip()} in {src} has no place in {plan_crs}", field="SITE",
                             value=site, expected=f"a point within the area of {src}")
        return geom, f"point ({x}, {y}) in {src}" + (f" → {plan_crs}" if src != plan_crs else "")
    from pathlib import Path

    if not Path(site).exists():
        raise InputError(f"{site!r} is neither a point 'x,y' nor an existing site-plan file", value=site, field="SITE",
                         expected="x,y (with --crs), or a .geojson/.dxf/.ifc site plan")
    from ..geometry import load_site_plan

    plan = load_site_plan(site, crs=crs)
    frame = plan.crs.split("→")[-1].strip()
    if frame == "local":
        raise InputError("the site plan is in local coordinates, which cannot be placed on the plan", file=site,
                         field="crs", expected="crs: an EPSG code (or lon/lat GeoJSON)")
    return _to(plan.site.area, frame, plan_crs), f"{Path(site).name} ({plan.crs})"


def _on_the_globe(site: str, x: float, y: float, src: str) -> None:
    """Longitude and latitude past ±180/±90 name no place: an input error, never "outside every plot"."""
    from ..geometry.crs import _crs

    if _crs(src).is_geographic and not (-180 <= x <= 180 and -90 <= y <= 90):
        raise InputError(f"the point {site.strip()} in {src} is off the globe", field="SITE", value=site,
                         expected="longitude,latitude with longitude in [-180, 180] and latitude in [-90, 90]")


def _to(geom, src: str, dst: str):
    if src == dst:
        return geom
    from ..geometry.crs import _crs, _transformer

    if _crs(src).equals(_crs(dst)):
        return geom
    import numpy as np
    import shapely

    t = _transformer(src, dst)

    def fn(coords):
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)
