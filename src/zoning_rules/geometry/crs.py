"""Coordinates to metres: lon/lat is projected to the local CGCS2000 3-degree Gauss-Krüger zone.

Areas and distances are never taken in degrees.  RFC 7946 GeoJSON is lon/lat on WGS 84, which
CGCS2000 matches to within centimetres.  Axis order is always x = easting/longitude, y =
northing/latitude (pyproj ``always_xy``), whatever the EPSG definition says.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from .model import GeometryError

LONLAT = "EPSG:4326"
#: CGCS2000 / 3-degree Gauss-Kruger CM 75°E … 135°E, without zone prefix (false easting 500 km).
FIRST_CM, FIRST_EPSG, LAST_CM = 75, 4534, 135


def gk_zone_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3-degree zone (no prefix) whose central meridian is nearest."""
    cm = 3 * round(lon / 3)
    if not FIRST_CM <= cm <= LAST_CM:
        raise GeometryError(f"longitude {lon:.6f}° lies outside the CGCS2000 3-degree zones "
                            f"(central meridians {FIRST_CM}°E–{LAST_CM}°E)",
                            expected="a site in China, or crs: local / an EPSG code for metres")
    return FIRST_EPSG + (cm - FIRST_CM) // 3


def _pyproj():
    try:
        import pyproj
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise GeometryError("site plans in lon/lat or an EPSG code need pyproj",
                            expected="pip install 'zoning-rules[geo]', or crs: local") from None
    return pyproj


@lru_cache(maxsize=32)
def _crs(code: str):
    pyproj = _pyproj()
    try:
        return pyproj.CRS.from_user_input(code)
    except pyproj.exceptions.CRSError:
        raise GeometryError(f"unknown coordinate reference system {code!r}", field="crs", value=code,
                            expected="an EPSG code such as EPSG:4546, or local") from None


@lru_cache(maxsize=32)
def _transformer(src: str, dst: str):
    return _pyproj().Transformer.from_crs(src, dst, always_xy=True)


@dataclass(frozen=True)
class Frame:
    """How the file's coordinates are read: ``geographic`` (lon/lat, to be projected) or metres."""

    code: str  # "local", "EPSG:4546", "EPSG:4326" …
    geographic: bool

    def describe(self, target: str | None) -> str:
        return f"{self.code} → {target}" if target else self.code


def frame(crs: str | None, default: str) -> Frame:
    """The frame from the design's ``crs`` (None → ``default``: lon/lat for GeoJSON, local for DXF)."""
    code = (crs or default).strip()
    if code.lower() == "local":
        return Frame("local", False)
    if code.lower() in ("lonlat", "wgs84", "rfc7946"):
        code = LONLAT
    c = _crs(code)
    if c.is_geographic:
        return Frame(code, True)
    if not c.is_projected:
        raise GeometryError(f"{code} is neither geographic nor projected", field="crs", value=code)
    units = {a.unit_name for a in c.axis_info}
    if units - {"metre", "meter"}:
        raise GeometryError(f"{code} is not in metres ({', '.join(sorted(units))})", field="crs", value=code,
                            expected="a projected CRS in metres, e.g. EPSG:4546")
    return Frame(code, False)


def projector(fr: Frame, centre_lon: float | None) -> tuple[Callable | None, str]:
    """A coordinate function for ``shapely.transform`` (None: already metres) and its description."""
    if not fr.geographic:
        return None, fr.code
    target = f"EPSG:{gk_zone_epsg(centre_lon)}"
    t = _transformer(fr.code, target)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return fn, fr.describe(target)


def check_area_of_use(fr: Frame, x: float, y: float) -> None:
    """Metres in an EPSG frame must fall where that frame is used (catches swapped E/N)."""
    if fr.geographic or fr.code == "local":
        return
    c = _crs(fr.code)
    aou = c.area_of_use
    if aou is None:
        return
    lon, lat = _transformer(fr.code, LONLAT).transform(x, y)
    margin = 1.0
    if not (aou.west - margin <= lon <= aou.east + margin and aou.south - margin <= lat <= aou.north + margin):
        raise GeometryError(
            f"the site (x={x:.2f}, y={y:.2f}) lies outside where {fr.code} is used ({aou.name}); "
            f"are easting and northing swapped?", field="crs", value=fr.code,
            expected="x = easting, y = northing in metres of that CRS")
