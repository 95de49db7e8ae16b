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


def _group_union(geoms: np.ndarray, site: np.ndarray, n: int, *, lines: bool = False,
                 only: np.ndarray | None = None) -> np.ndarray:
    """Per site, its geometries as one geometry (None where it has none).  Polygons are unioned
    (``buffer(0)``) only for the sites in ``only`` (default all): a site whose parts do not
    intersect is already a valid multipolygon, and GEOS's union is the costly step."""
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
    if only is None:
        return shapely.buffer(out, 0)
    sel = only & (out != None)  # noqa: E711 - elementwise
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
                 policy: GeometryPolicy = DEFAULT_GEOMETRY_POLICY, file: str = "<sites>"):
    """A pandas DataFrame, one row per site (in the sites' order): ``key``, ``site_area``,
    ``footprint_area``, ``green_area`` (NaN where no green is drawn), ``setback`` (NaN without
    roads), ``buildings``.

    ``sites``, ``buildings``, ``greens``, ``roads``: GeoDataFrames in a projected CRS in metres, each
    with the ``key`` column (one site per key); greens may have ``kind`` (ordinary, concentrated,
    roof_over_basement) and ``soil_depth`` (m).  Join the result to a design table on ``key`` and
    hand it to ``check_table``.
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
    overlapping = _touching_sites(b.geoms, b.site, n)
    footprint = _group_union(b.geoms, b.site, n, only=overlapping)
    # Disjoint footprints: the union's area is the sum of the areas.
    fp_area = np.bincount(b.site, weights=shapely.area(b.geoms), minlength=n).astype(float)
    fp_area[overlapping] = shapely.area(footprint[overlapping])
    green_area = np.full(n, np.nan)  # no green drawn: no green area (not 0)
    if greens is not None and len(greens):
        green_area = _green_area(greens, key, site_keys, site_geoms, footprint, n, policy, file)
    setback = np.full(n, np.nan)
    if roads is not None and len(roads):
        r = _layer(roads, "roads", key, site_keys, file,
                   ("LineString", "MultiLineString", "Polygon", "MultiPolygon"))
        r_geoms = np.where(shapely.get_type_id(r.geoms) >= 3, shapely.boundary(r.geoms), r.geoms)
        red = _group_union(r_geoms, r.site, n, lines=True)
        with_road = red[b.site] != None  # noqa: E711
        d = np.full(len(b.geoms), np.inf)
        d[with_road] = shapely.distance(b.geoms[with_road], red[b.site[with_road]])
        np.minimum.at(setback_inf := np.full(n, np.inf), b.site, d)
        setback = np.where(np.isfinite(setback_inf), setback_inf, np.nan)
    return pd.DataFrame({
        key: sites[key].to_numpy(),
        "site_area": shapely.area(site_geoms),
        "footprint_area": fp_area,
        "green_area": green_area,
        "setback": setback,
        "buildings": np.bincount(b.site, minlength=n),
    })


def _green_area(greens, key, site_keys, site_geoms, footprint, n, policy, file) -> np.ndarray:
    import shapely

    g = _layer(greens, "greens", key, site_keys, file, ("Polygon", "MultiPolygon"))
    kind = np.asarray(greens["kind"].fillna("ordinary"), dtype=object) if "kind" in greens.columns \
        else np.full(len(g.geoms), "ordinary", dtype=object)
    bad = ~np.isin(kind, GREEN_KINDS)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BulkGeometryError(f"greens row {i}: kind {kind[i]!r} is not a kind of green", file=file,
                                field="kind", expected=" / ".join(GREEN_KINDS))
    keep = np.ones(len(g.geoms), dtype=bool)
    roof = kind == "roof_over_basement"
    if roof.any():
        soil = greens["soil_depth"].to_numpy(dtype=float, na_value=np.nan) if "soil_depth" in greens.columns \
            else np.full(len(g.geoms), np.nan)
        keep &= ~roof | (soil >= float(policy.roof_green_min_soil))
    # Clip to the site only the greens that reach its boundary (a prepared containment test is
    # far cheaper than the intersection it spares).
    shapely.prepare(site_geoms)
    own_site = site_geoms[g.site]
    inside = g.geoms.copy()
    crossing = ~shapely.contains_properly(own_site, g.geoms)
    inside[crossing] = shapely.intersection(g.geoms[crossing], own_site[crossing])
    counted = inside.copy()
    has_fp = footprint[g.site] != None  # noqa: E711
    for width, which in ((policy.wall_strip, kind != "concentrated"),
                         (policy.concentrated_wall_strip, kind == "concentrated")):
        sel = which & has_fp & keep
        if not sel.any():
            continue
        # Only green within the strip's width of a footprint loses anything (the rest is unchanged):
        # a cheap distance test spares most of the costly buffers and differences.
        sel[sel] = shapely.dwithin(inside[sel], footprint[g.site[sel]], float(width))
        if not sel.any():
            continue
        owners = np.unique(g.site[sel])
        strip = np.full(n, None, dtype=object)
        strip[owners] = shapely.buffer(footprint[owners], float(width), quad_segs=policy.buffer_segments) \
            if width > 0 else footprint[owners]
        counted[sel] = shapely.difference(inside[sel], strip[g.site[sel]])
    area = np.where(keep, shapely.area(counted), 0.0)
    # Counted pieces lie within their green: where a site's greens are disjoint, so are its pieces
    # and their union's area is the sum of theirs; only the other sites need the union.
    out = np.bincount(g.site, weights=area, minlength=n).astype(float)
    out[np.bincount(g.site, minlength=n) == 0] = np.nan  # a site without green drawn
    overlapping = _touching_sites(g.geoms[keep], g.site[keep], n)
    if overlapping.any():
        use = keep & overlapping[g.site] & (area > 0)
        union = _group_union(counted[use], g.site[use], n)
        has = overlapping & (union != None)  # noqa: E711
        out[overlapping] = 0.0
        out[has] = shapely.area(union[has])
    return out


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
