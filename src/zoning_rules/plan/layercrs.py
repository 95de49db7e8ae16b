"""A plan layer's coordinates in metres: what its CRS says, checked against what its coordinates are.

Areas, overlaps and shares are never taken in degrees, nor in a projection whose metres are not
true (web maps' Mercator), so a layer in lon/lat or Mercator is projected to its CGCS2000 3-degree
Gauss-Krüger zone.  A CRS that cannot be what the coordinates are in — lon/lat over coordinates in
the millions (a GeoJSON without ``crs`` is lon/lat by RFC 7946), metres beyond the Earth — is an
error naming the file, or is what ``--crs`` corrects.
"""
from __future__ import annotations

from typing import Any

from ..errors import InputError

#: Projected coordinates beyond this (m) are nowhere on Earth (40 000 km around).
MAX_COORDINATE = 1e8


def in_metres(frame, given: str | None, path: str) -> tuple[Any, str, list[str]]:
    """(frame in a projected CRS in metres, that CRS as text, notes)."""
    from ..geometry import crs as crsmod

    notes = []
    bounds = finite_bounds(frame)
    if given is not None:
        try:
            given_crs = crsmod._crs(given)
        except InputError as exc:
            raise InputError(exc.message, file=path, field="--crs", value=given, expected=exc.expected) from None
        if given_crs.is_geographic and bounds is not None and not degrees(bounds):
            raise InputError(f"--crs {given} is lon/lat but the coordinates ({bounds[0]:.6g}, {bounds[1]:.6g}) … "
                             f"({bounds[2]:.6g}, {bounds[3]:.6g}) are not degrees", file=path, field="--crs",
                             value=given, expected="the CRS the coordinates are in (e.g. EPSG:4546)")
    if frame.crs is None:
        if given is None:
            raise InputError("the layer has no coordinate reference system (no .prj / no SRS)",
                             file=path, expected="--crs EPSG:NNNN saying what its coordinates are "
                                                 "(e.g. EPSG:4546, CGCS2000 3-degree GK CM 111°E)")
        frame = frame.set_crs(given_crs)
        notes.append(f"the layer has no CRS; taken as {given} (--crs)")
    elif frame.crs.is_geographic and bounds is not None and not degrees(bounds):
        # GeoJSON without a "crs" member is lon/lat by RFC 7946, and GDAL says so — for a layer whose
        # coordinates are metres of a projection that is a missing CRS, not a lon/lat layer
        if given is None:
            raise InputError(f"the layer's CRS is {frame.crs.to_string()} (lon/lat) but its coordinates "
                             f"({bounds[0]:.6g}, {bounds[1]:.6g}) … ({bounds[2]:.6g}, {bounds[3]:.6g}) are not "
                             "degrees (a GeoJSON without a \"crs\" member is lon/lat by RFC 7946)", file=path,
                             expected="--crs EPSG:NNNN saying what its coordinates are (e.g. EPSG:4546)")
        frame = frame.set_crs(given_crs, allow_override=True)
        notes.append(f"the layer says {frame.crs.to_string()} but its coordinates are not degrees; taken as "
                     f"{given} (--crs)")
    elif given is not None and not frame.crs.equals(given_crs):
        raise InputError(f"the layer says its CRS is {frame.crs.to_string()}, --crs says {given}",
                         file=path, field="--crs", value=given,
                         expected="--crs only for a layer without a CRS")
    c = frame.crs
    method = c.coordinate_operation.method_name if c.is_projected and c.coordinate_operation else ""
    if c.is_projected and "Mercator" in method and "Transverse" not in method:
        # web maps' Mercator is in metres, but its areas grow as 1/cos²(latitude): 1.6× at 吕梁
        notes.append(f"{c.to_string()} is a Mercator projection, whose areas are not true: reprojected")
        projected, target, more = in_metres(frame.to_crs("EPSG:4490"), None, path)
        return projected, target, notes + more
    if c.is_geographic:
        if bounds is None:  # no coordinates at all: any zone is as good
            bounds = (111.0, 0.0, 111.0, 0.0)
        try:
            epsg = crsmod.gk_zone_epsg((bounds[0] + bounds[2]) / 2)
        except InputError as exc:
            raise InputError(exc.message, file=path, expected=exc.expected) from None
        target = f"EPSG:{epsg}"
        notes.append(f"{c.to_string()} is geographic: projected to {target} (CGCS2000 3-degree GK)")
        if bounds[2] - bounds[0] > 3:
            notes.append(f"the layer spans {bounds[2] - bounds[0]:.1f}° of longitude, more than one 3-degree zone: "
                         f"areas far from the central meridian {3 * round((bounds[0] + bounds[2]) / 6)}°E are "
                         f"stretched (give the layer in its own projection to avoid it)")
        return frame.to_crs(target), target, notes
    if not c.is_projected:
        raise InputError(f"{c.to_string()} is neither projected nor geographic", file=path)
    units = {a.unit_name for a in c.axis_info}
    if units - {"metre", "meter"}:
        raise InputError(f"the layer's CRS is not in metres ({', '.join(sorted(units))})", file=path,
                         expected="a projected CRS in metres")
    if bounds is not None and max(abs(v) for v in bounds) > MAX_COORDINATE:
        raise InputError(f"coordinates reach {max(abs(v) for v in bounds):.3g} m, beyond any place on Earth",
                         file=path, field="geometry",
                         expected=f"projected coordinates within ±{MAX_COORDINATE:.0e} m")
    epsg = c.to_epsg()
    return frame, f"EPSG:{epsg}" if epsg else c.to_wkt(), notes


def finite_bounds(frame):
    """(minx, miny, maxx, maxy) of the finite coordinates, or None without any."""
    import numpy as np
    import shapely

    coords = shapely.get_coordinates(np.asarray(frame.geometry.values, dtype=object))
    coords = coords[np.isfinite(coords).all(axis=1)] if len(coords) else coords
    if not len(coords):
        return None
    return (float(coords[:, 0].min()), float(coords[:, 1].min()), float(coords[:, 0].max()),
            float(coords[:, 1].max()))


def degrees(bounds) -> bool:
    return -180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90
