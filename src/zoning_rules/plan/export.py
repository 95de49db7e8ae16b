"""The limits in force on a date as a map layer: one feature per plot, each limit a typed column.

For QGIS/ArcGIS users: every bound is a float column (``far_max``, ``height_max`` in m,
``building_density_max`` and ``green_ratio_min`` as fractions, 0.30 = 30 %), empty where no limit is
in force, and beside it the document and date it comes from (``far_doc``, ``far_date``).  Exact
values stay in the rule book; the layer is for looking at.
"""
from __future__ import annotations

import datetime as dt

#: indicator → bounds exported as columns
BOUNDS = {"far": ("min", "max"), "building_density": ("min", "max"), "green_ratio": ("min", "max"),
          "height": ("min", "max"), "parking_spaces": ("min", "max"),
          "setback": ("min", "min_large_commercial")}


def columns() -> list[str]:
    """The layer's attribute columns in order (documented in docs/plan.md)."""
    cols = ["plot", "status", "land_use_code", "land_use_code_2023", "land_use_name", "land_use_doc", "area_m2",
            "area_doc"]
    for key, bounds in BOUNDS.items():
        cols += [f"{key}_{b}" for b in bounds] + [f"{key}_text", f"{key}_doc", f"{key}_date"]
    cols += ["entrance_side", "entrance_side_doc", "latest_doc", "latest_date", "under_review", "succeeded_by"]
    return cols


def _row(res) -> dict:
    row: dict = {c: None for c in columns()}
    row["plot"], row["status"] = res.plot, res.status
    if res.land_use is not None:
        lu = res.land_use.limit.land_use
        row.update(land_use_code=lu.code, land_use_code_2023=lu.code_2023, land_use_name=lu.name,
                   land_use_doc=res.land_use.approval.source.id)
    if res.area is not None:
        row["area_m2"] = float(res.area[0].amount.value)
        row["area_doc"] = res.area[1].source.id
    for key in BOUNDS:
        inf = res.limits.get(key)
        if inf is None:
            continue
        for b in BOUNDS[key]:
            amount = getattr(inf.limit, b)
            row[f"{key}_{b}"] = float(amount.value) if amount is not None else None
        row[f"{key}_text"] = inf.limit.text
        row[f"{key}_doc"] = inf.approval.source.id
        row[f"{key}_date"] = inf.approval.effective.isoformat()
    side = res.limits.get("entrance_side")
    if side is not None:
        row["entrance_side"] = ",".join(side.limit.equals or ())
        row["entrance_side_doc"] = side.approval.source.id
    if res.in_force:
        row["latest_doc"] = res.in_force[-1].source.id
        row["latest_date"] = res.in_force[-1].effective.isoformat()
    row["under_review"] = any(a.review for a in res.in_force)
    row["succeeded_by"] = ",".join(res.succeeded_by) or None
    return row


def plots_layer(book, as_of: dt.date, *, only_located: bool = False, keys=None):
    """A GeoDataFrame of every plot (boundary or none) with the limits in force on ``as_of``;
    ``keys``: only the plots with these normalized codes (a plot's neighbours, not the whole plan)."""
    import geopandas as gpd
    import pandas as pd

    from .storage import boundaries

    b = boundaries(book)
    where = b.index()
    rows, geoms = [], []
    from ..plotcodes import normalize

    for code in book.plot_codes():
        k = normalize(code)
        if keys is not None and k not in keys:
            continue
        i = where.get(k)
        if i is None and only_located:
            continue
        rows.append(_row(book.resolve(code, as_of)))
        geoms.append(b.geometries[i] if i is not None else None)
    frame = pd.DataFrame(rows, columns=columns())
    for key, bounds in BOUNDS.items():
        for bound in bounds:
            frame[f"{key}_{bound}"] = frame[f"{key}_{bound}"].astype("float64")
        frame[f"{key}_date"] = pd.to_datetime(frame[f"{key}_date"])
    frame["latest_date"] = pd.to_datetime(frame["latest_date"])
    frame["area_m2"] = frame["area_m2"].astype("float64")
    frame["under_review"] = frame["under_review"].astype(bool)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=b.crs), crs=b.crs)


def write_layer(frame, target: str, fmt: str) -> None:
    """GeoJSON in lon/lat (RFC 7946, as web maps expect) or a GeoPackage in the plan's own CRS."""
    from ..errors import InputError

    try:
        from ..safeio import replacing

        import warnings

        with replacing(target) as tmp, warnings.catch_warnings():  # whole or not at all; the driver creates it
            # GDAL's remark that the temporary name does not end in .gpkg is not the user's concern
            warnings.simplefilter("ignore", RuntimeWarning)
            # a book without boundaries has no CRS to give: the summary says every plot lacks one
            warnings.filterwarnings("ignore", message="'crs' was not provided", category=UserWarning)
            tmp.unlink()
            if fmt == "geojson":
                out = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
                out.to_file(tmp, driver="GeoJSON", layer="plots", engine="pyogrio")  # not the temporary name
            else:
                frame.to_file(tmp, driver="GPKG", layer="plots", engine="pyogrio")
    except OSError as exc:
        raise InputError(f"cannot write the layer: {exc.strerror}", file=target) from None

