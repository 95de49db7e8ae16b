"""Site geometry in bulk: areas and distances of many sites at once with shapely 2's array functions.

The same policies as the per-design site plan (``geometry.compute``, ``geometry.policy``):

* 用地面积: the area of the site polygon;
* 建筑基底面积: the area of the *union* of the site's footprints (overlaps count once);
* 绿地面积: each green area clipped to the site, less the strip within ``wall_strip`` (1.0 m) of the
  footprints — ``concentrated_wall_strip`` (1.5 m) for ``kind = concentrated`` — and roof green
  over a basement only with ``soil_depth`` ≥ ``roof_green_min_soil``; the counted pieces are
  unioned, so overlapping green is not counted twice (GB 50180-2018 A.0.2); a site with no green
  drawn at all has no green area (NaN: the value is missing, as for a per-design site plan), while
  drawn green that is all discounted is a real 0;
* 退让: the least distance from any footprint of the site to the site's road red lines.

The wall strip is never built for a whole site: one STRtree query pairs each green with the
buildings of its site within the strip's width, and the green loses each such building's strip in
turn (the strip of a union is the union of the strips).  A convex building's strip is built in
numpy exactly as GEOS's ``buffer(width, quad_segs)`` builds it (same offset edges, same arc
vertices), except that corners farther than the width from the green's bounds get a chord instead
of their arc: arc and chord both lie outside those bounds, so what the green loses is the same, and
the strip has a handful of vertices instead of 4 × 65 (``_local_strips``).  Other buildings are
buffered by GEOS.

Grouping is done without a Python loop per site: a site's parts become one multi-geometry
(``shapely.multipolygons(parts, indices=…)``), and ``buffer(0)`` of it is the union of its parts
(GEOS buffers a collection as the union of its members; the parts are checked to be valid first).
Results are floats in m/m², which ``check_table`` reads as the decimals they print as, like the
per-design path does (``geometry.compute.fx``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..geometry.policy import DEFAULT_GEOMETRY_POLICY, GeometryPolicy

ROLES = ("sites", "buildings", "greens", "roads")
GREEN_KINDS = ("ordinary", "concentrated", "roof_over_basement")


class BulkGeometryError(InputError):
    """A layer of sites, buildings, greens or roads that cannot be measured."""


@dataclass
class Layer:
    """One role: geometries (shapely array) and the index of the site each belongs to."""

    geoms: np.ndarray
    site: np.ndarray  # int index into the sites
    frame: object = None  # the source (Geo)DataFrame, for extra columns
    kind: np.ndarray | None = None  # greens: ordinary, concentrated, roof_over_basement
    keep: np.ndarray | None = None  # greens: may count at all (roof green on enough soil)


def _check_crs(frame, role: str, file: str) -> None:
    crs = getattr(frame, "crs", None)
    if crs is not None and getattr(crs, "is_geographic", False):
        raise BulkGeometryError(f"the {role} are in {crs.to_string()} (degrees): areas are never taken "
                                f"in degrees", file=file,
                                expected="a projected CRS in metres, e.g. .to_crs('EPSG:4546') "
                                         "(CGCS2000 3-degree zone 37)")


def _valid(geoms: np.ndarray, role: str, frame, key: str, file: str, types: tuple[str, ...]) -> None:
    import shapely

    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = shapely.get_type_id(geoms)
    allowed = {"Polygon": 3, "MultiPolygon": 6, "LineString": 1, "MultiLineString": 5}
    wrong = ~np.isin(kinds, [allowed[t] for t in types])
    invalid = ~shapely.is_valid(geoms)
    for mask, what in ((missing, "has no geometry"), (wrong, "is not a " + " or ".join(types)),
                       (invalid, "is not a valid outline")):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            label = frame[key].iloc[i] if key in frame.columns else i
            reason = f" ({shapely.is_valid_reason(geoms[i])})" if what.endswith("outline") else ""
            raise BulkGeometryError(f"{role} row {i} ({key} {label}) {what}{reason}", file=file)


def _layer(frame, role: str, key: str, site_keys, file: str, types) -> Layer:
    if key not in frame.columns:
        raise BulkGeometryError(f"the {role} have no {key!r} column to say which site each belongs to",
                                file=file, field=key)
    _check_crs(frame, role, file)
    geoms = np.asarray(frame.geometry.values, dtype=object) if hasattr(frame, "geometry") else \
        np.asarray(frame["geometry"], dtype=object)
    _valid(geoms, role, frame, key, file, types)
    idx = site_keys.get_indexer(frame[key])
    if (idx < 0).any():
        i = int(np.flatnonzero(idx < 0)[0])
        raise BulkGeometryError(f"{role} row {i}: {key} {frame[key].iloc[i]!r} has no site", file=file,
                                field=key)
    return Layer(geoms, idx, frame)


def _group_union(geoms: np.ndarray, site: np.ndarray, n: int, *, lines: bool = False) -> np.ndarray:
    """Per site, its geometries as one geometry (None where it has none); polygons are unioned
    (``buffer(0)``), so callers pass only the sites whose parts intersect (GEOS's union is the
    costly step)."""
    import shapely

    out = np.full(n, None, dtype=object)
    if len(geoms) == 0:
        return out
    order = np.argsort(site, kind="stable")
    part_geoms, part_of = shapely.get_parts(geoms[order], return_index=True)
    owner = site[order][part_of]
    make = shapely.multilinestrings if lines else shapely.multipolygons
    make(part_geoms, indices=owner, out=out)
    if lines:
        return out
    sel = out != None  # noqa: E711 - elementwise
    out[sel] = shapely.buffer(out[sel], 0)
    return out


def _touching_sites(geoms: np.ndarray, site: np.ndarray, n: int) -> np.ndarray:
    """Sites two of whose geometries intersect (overlap or touch), from one STRtree query."""
    import shapely

    hit = np.zeros(n, dtype=bool)
    if len(geoms) < 2:
        return hit
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = (i < j) & (site[i] == site[j])
    hit[site[i[pair]]] = True
    return hit


def site_figures(sites, buildings, greens=None, roads=None, *, key: str = "plot",
                 policy: GeometryPolicy = DEFAULT_GEOMETRY_POLICY, file: str = "<sites>",
                 threads: int = 1):
    """A pandas DataFrame, one row per site (in the sites' order): ``key``, ``site_area``,
    ``footprint_area``, ``green_area`` (NaN where no green is drawn), ``setback`` (NaN without
    roads), ``buildings``.

    ``sites``, ``buildings``, ``greens``, ``roads``: GeoDataFrames in a projected CRS in metres, each
    with the ``key`` column (one site per key); greens may have ``kind`` (ordinary, concentrated,
    roof_over_basement) and ``soil_depth`` (m).  Join the result to a design table on ``key`` and
    hand it to ``check_table``.

    ``threads``: the sites are measured in that many contiguous chunks at once (shapely releases
    the GIL in GEOS); 1 by default, so that a Dask worker or a shared machine is not surprised.
    The figures do not depend on it.
    """
    import pandas as pd
    import shapely

    if key not in sites.columns:
        raise BulkGeometryError(f"the sites have no {key!r} column", file=file, field=key)
    site_keys = pd.Index(sites[key])
    if site_keys.has_duplicates:
        dup = site_keys[site_keys.duplicated()][0]
        raise BulkGeometryError(f"two sites share {key} {dup!r}", file=file, field=key,
                                expected="one site per key")
    _check_crs(sites, "sites", file)
    site_geoms = np.asarray(sites.geometry.values, dtype=object)
    _valid(site_geoms, "sites", sites, key, file, ("Polygon", "MultiPolygon"))
    n = len(site_geoms)
    b = _layer(buildings, "buildings", key, site_keys, file, ("Polygon", "MultiPolygon"))
    g = None
    if greens is not None and len(greens):
        g = _layer(greens, "greens", key, site_keys, file, ("Polygon", "MultiPolygon"))
        g.kind, g.keep = _green_kinds(greens, len(g.geoms), policy, file)
    r = None
    if roads is not None and len(roads):
        r = _layer(roads, "roads", key, site_keys, file,
                   ("LineString", "MultiLineString", "Polygon", "MultiPolygon"))
        r.geoms = np.where(shapely.get_type_id(r.geoms) >= 3, shapely.boundary(r.geoms), r.geoms)
    out = np.full((n, 3), np.nan)
    chunks = max(1, min(int(threads), n))
    bounds = np.linspace(0, n, chunks + 1).astype(int)
    if chunks == 1:
        out[:] = _figures(site_geoms, b, g, r, policy)
    else:
        from concurrent.futures import ThreadPoolExecutor

        def run(lo: int, hi: int) -> None:
            out[lo:hi] = _figures(site_geoms[lo:hi], *(_rows(x, lo, hi) for x in (b, g, r)), policy)

        with ThreadPoolExecutor(chunks) as pool:
            list(pool.map(run, bounds[:-1], bounds[1:]))
    return pd.DataFrame({
        key: sites[key].to_numpy(),
        "site_area": shapely.area(site_geoms),
        "footprint_area": out[:, 0],
        "green_area": out[:, 1],
        "setback": out[:, 2],
        "buildings": np.bincount(b.site, minlength=n),
    })


def _rows(layer: Layer | None, lo: int, hi: int) -> Layer | None:
    """The rows of a layer that belong to sites lo … hi − 1, numbered from lo."""
    if layer is None:
        return None
    sel = (layer.site >= lo) & (layer.site < hi)
    pick = (lambda a: None if a is None else a[sel])
    return Layer(layer.geoms[sel], layer.site[sel] - lo, kind=pick(layer.kind), keep=pick(layer.keep))


def _figures(site_geoms: np.ndarray, b: Layer, g: Layer | None, r: Layer | None, policy) -> np.ndarray:
    """Footprint area, green area and setback of each site (columns), from validated layers."""
    import shapely

    n = len(site_geoms)
    out = np.full((n, 3), np.nan)
    overlapping = _touching_sites(b.geoms, b.site, n)
    # Disjoint footprints: the union's area is the sum of the areas.
    out[:, 0] = np.bincount(b.site, weights=shapely.area(b.geoms), minlength=n)
    if overlapping.any():
        use = overlapping[b.site]
        footprint = _group_union(b.geoms[use], b.site[use], n)
        out[overlapping, 0] = shapely.area(footprint[overlapping])
    if g is not None and len(g.geoms):
        out[:, 1] = _green_area(site_geoms, g, b, n, policy)  # NaN where no green is drawn
    if r is not None and len(r.geoms):
        red = _group_union(r.geoms, r.site, n, lines=True)
        with_road = red[b.site] != None  # noqa: E711
        d = np.full(len(b.geoms), np.inf)
        d[with_road] = shapely.distance(b.geoms[with_road], red[b.site[with_road]])
        np.minimum.at(setback := np.full(n, np.inf), b.site, d)
        out[:, 2] = np.where(np.isfinite(setback), setback, np.nan)
    return out


def _green_kinds(greens, count: int, policy, file):
    """Each green's kind, and whether it can count at all (roof green needs its soil depth)."""
    kind = np.asarray(greens["kind"].fillna("ordinary"), dtype=object) if "kind" in greens.columns \
        else np.full(count, "ordinary", dtype=object)
    bad = ~np.isin(kind, GREEN_KINDS)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BulkGeometryError(f"greens row {i}: kind {kind[i]!r} is not a kind of green", file=file,
                                field="kind", expected=" / ".join(GREEN_KINDS))
    keep = np.ones(count, dtype=bool)
    roof = kind == "roof_over_basement"
    if roof.any():
        soil = greens["soil_depth"].to_numpy(dtype=float, na_value=np.nan) if "soil_depth" in greens.columns \
            else np.full(count, np.nan)
        keep &= ~roof | (soil >= float(policy.roof_green_min_soil))
    return kind, keep


def _green_area(site_geoms, g: Layer, b: Layer, n: int, policy) -> np.ndarray:
    import shapely

    kind, keep = g.kind, g.keep
    # Clip to the site only the greens that reach its boundary (a prepared containment test is
    # far cheaper than the intersection it spares).
    shapely.prepare(site_geoms)
    own_site = site_geoms[g.site]
    inside = g.geoms.copy()
    crossing = ~shapely.contains_properly(own_site, g.geoms)
    inside[crossing] = shapely.intersection(g.geoms[crossing], own_site[crossing])
    counted = inside.copy()
    tree = shapely.STRtree(b.geoms)
    convex = _convex(b.geoms)
    box = shapely.bounds(inside)
    overlapping = _touching_sites(g.geoms[keep], g.site[keep], n)
    for width, which in ((policy.wall_strip, kind != "concentrated"),
                         (policy.concentrated_wall_strip, kind == "concentrated")):
        cand = np.flatnonzero(which & keep)
        if not len(cand):
            continue
        # Only green within the strip's width of a wall loses anything, and only to the buildings
        # that near: one STRtree query gives the (green, building) pairs of the same site.
        gi, bi = tree.query(inside[cand], predicate="dwithin", distance=float(width))
        gi = cand[gi]
        same = g.site[gi] == b.site[bi]
        gi, bi = gi[same], bi[same]
        if not len(gi):
            continue
        if width > 0:
            strips = np.empty(len(gi), dtype=object)
            cv = convex[bi]
            if cv.any():
                strips[cv] = _local_strips(b.geoms[bi[cv]], box[gi[cv]], float(width), policy.buffer_segments)
            if not cv.all():
                strips[~cv] = shapely.buffer(b.geoms[bi[~cv]], float(width), quad_segs=policy.buffer_segments)
        else:
            strips = b.geoms[bi]
        # green − ∪ strips = (… (green − strip₁) − strip₂ …): one array operation per rank of a
        # building among the green's pairs, no union of strips.
        order = np.lexsort((bi, gi))  # the same order however the sites are chunked
        gi, strips = gi[order], strips[order]
        first = np.r_[True, gi[1:] != gi[:-1]]
        rank = np.arange(len(gi)) - np.maximum.accumulate(np.where(first, np.arange(len(gi)), 0))
        for k in range(int(rank.max()) + 1):
            at = rank == k
            counted[gi[at]] = shapely.difference(counted[gi[at]], strips[at])
    area = np.where(keep, shapely.area(counted), 0.0)
    # Counted pieces lie within their green: where a site's greens are disjoint, so are its pieces
    # and their union's area is the sum of theirs; only the other sites need the union.
    out = np.bincount(g.site, weights=area, minlength=n).astype(float)
    out[np.bincount(g.site, minlength=n) == 0] = np.nan  # a site without green drawn
    if overlapping.any():
        use = keep & overlapping[g.site] & (area > 0)
        union = _group_union(counted[use], g.site[use], n)
        has = overlapping & (union != None)  # noqa: E711
        out[overlapping] = 0.0
        out[has] = shapely.area(union[has])
    return out

def _convex(polys: np.ndarray) -> np.ndarray:
    """Which polygons are convex with no repeated vertex (every turn of the exterior the same way,
    no holes): their wall strips are built in numpy (``_local_strips``)."""
    import shapely

    out = (shapely.get_type_id(polys) == 3) & (shapely.get_num_interior_rings(polys) == 0)
    if not out.any():
        return out
    xy, owner, nxt = _ring_vertices(polys[out])
    d = xy[nxt] - xy
    cross = d[:, 0] * d[nxt, 1] - d[:, 1] * d[nxt, 0]
    zero = (d == 0).all(axis=1)
    m = int(out.sum())
    pos = np.bincount(owner, weights=(cross > 0), minlength=m)
    neg = np.bincount(owner, weights=(cross < 0), minlength=m)
    bad = np.bincount(owner, weights=zero, minlength=m) > 0
    out[out] = ~bad & ((pos == 0) | (neg == 0))
    return out


def _ring_vertices(polys: np.ndarray):
    """Exterior vertices without the closing one, the polygon of each, and the next vertex's index."""
    import shapely

    xy, owner = shapely.get_coordinates(shapely.get_exterior_ring(polys), return_index=True)
    last = np.r_[owner[1:] != owner[:-1], True]
    xy, owner = xy[~last], owner[~last]
    n = len(xy)
    start = np.r_[0, np.flatnonzero(owner[1:] != owner[:-1]) + 1]
    first = np.repeat(start, np.diff(np.r_[start, n]))
    same = np.r_[owner[1:] == owner[:-1], False]
    return xy, owner, np.where(same, np.arange(n) + 1, first)


def _local_strips(polys: np.ndarray, boxes: np.ndarray, r: float, quad_segs: int) -> np.ndarray:
    """``buffer(poly, r, quad_segs)`` of convex polygons as GEOS builds it (offset edges, round
    joins of ``round(turn / (π/2/quad_segs))`` equal steps from one offset point to the next), except
    that a corner farther than ``r`` from its box gets no arc but the chord between its two offset
    points.  The arc and the chord both lie within ``r`` of the corner, so outside the box: the
    strip is unchanged inside the box (the green's bounds), which is all the difference with that
    green sees, and most strips need a handful of vertices instead of 4 × 65."""
    import shapely

    xy, owner, nxt = _ring_vertices(polys)
    d = xy[nxt] - xy
    ccw = shapely.is_ccw(shapely.get_exterior_ring(polys))[owner]
    nrm = np.stack([d[:, 1], -d[:, 0]], 1) * (np.where(ccw, 1.0, -1.0) / np.hypot(d[:, 0], d[:, 1]))[:, None]
    a0 = np.arctan2(nrm[:, 1], nrm[:, 0])  # the corner at nxt turns from edge i's normal to the next's
    turn = np.mod(a0[nxt] - a0 + np.pi, 2 * np.pi) - np.pi
    # GEOS: round(turn / quantum) equal steps, and at least the chord between the offset points
    nseg = np.maximum((np.abs(turn) / (np.pi / 2 / quad_segs) + 0.5).astype(np.int64), 1)
    v = xy[nxt]
    bx = boxes[owner]
    gap = np.hypot(np.maximum(np.maximum(bx[:, 0] - v[:, 0], v[:, 0] - bx[:, 2]), 0),
                   np.maximum(np.maximum(bx[:, 1] - v[:, 1], v[:, 1] - bx[:, 3]), 0))
    nseg = np.where(gap > r * (1 + 1e-9), 1, nseg)
    count = nseg + 1
    at = np.repeat(np.arange(len(xy)), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    step = turn / nseg
    angle = a0[at] + k * step[at]
    pts = v[at] + r * np.stack([np.cos(angle), np.sin(angle)], 1)
    return shapely.polygons(shapely.linearrings(pts, indices=owner[at]))


def read_sites(path: str, *, key: str = "plot") -> dict:
    """The layers of a GeoPackage (sites, buildings, greens, roads) or a GeoParquet file whose
    ``role`` column says which each feature is; returned as {role: GeoDataFrame}."""
    from pathlib import Path

    try:
        import geopandas as gpd
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise BulkGeometryError("site geometry in bulk needs geopandas and pyogrio", file=str(path),
                                expected="pip install 'zoning-rules[batch]'") from None
    p = Path(path)
    if not p.exists():
        raise BulkGeometryError("site file not found", file=str(path))
    if p.suffix.lower() in (".parquet", ".geoparquet"):
        frame = gpd.read_parquet(p)
        if "role" not in frame.columns:
            raise BulkGeometryError("a GeoParquet of sites needs a role column (sites, buildings, greens, "
                                    "roads)", file=str(path), field="role")
        return {role: frame[frame["role"] == role].reset_index(drop=True) for role in ROLES
                if (frame["role"] == role).any()}
    import pyogrio

    layers = {name for name, _ in pyogrio.list_layers(p)}
    missing = {"sites", "buildings"} - layers
    if missing:
        raise BulkGeometryError(f"no layer named {', '.join(sorted(missing))}", file=str(path),
                                expected="layers sites, buildings and optionally greens, roads")
    return {role: gpd.read_file(p, layer=role, engine="pyogrio") for role in ROLES if role in layers}
