"""Indicators computed from the site plan (总平面图): GeoJSON or DXF → areas, heights, setbacks.

Nothing here is imported by ``import zoning_rules``; the checker loads it only for a design with a
``site_plan``.  shapely is a core dependency; pyproj (lon/lat, EPSG codes) and ezdxf (DXF) come with
the ``geo`` extra, matplotlib (``--figure``) with the ``figure`` extra.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from .compute import SiteFigures, compute
from .model import GeometryError, SitePlan
from .policy import DEFAULT_GEOMETRY_POLICY, POLICIES, GeometryPolicy, geometry_policy

__all__ = ["load_site_plan", "load_figures", "compute", "SitePlan", "SiteFigures", "GeometryError", "GeometryPolicy",
           "DEFAULT_GEOMETRY_POLICY", "POLICIES", "geometry_policy"]


def load_site_plan(path: str | Path, *, crs: str | None = None, storey_height: Fraction | None = None,
                   layers: Mapping[str, Any] | None = None,
                   policy: GeometryPolicy = DEFAULT_GEOMETRY_POLICY) -> SitePlan:
    """A site plan from a GeoJSON (.geojson/.json), DXF (.dxf) or IFC model (.ifc) file, in metres."""
    suffix = Path(path).suffix.lower()
    if suffix in (".geojson", ".json"):
        if layers:
            raise GeometryError("dxf_layers applies to DXF site plans only", file=str(path),
                                field="dxf_layers")
        from .geojson import read_geojson

        return read_geojson(path, crs=crs, storey_height=storey_height)
    if suffix == ".dxf":
        from .dxf import read_dxf

        return read_dxf(path, crs=crs, storey_height=storey_height, layers=layers,
                        arc_tolerance=policy.arc_tolerance)
    if suffix == ".ifc":
        if layers:
            raise GeometryError("dxf_layers applies to DXF site plans only", file=str(path), field="dxf_layers")
        from ..ifc import read_model

        return read_model(path)
    raise GeometryError(f"cannot tell the format of the site plan from {suffix or 'no suffix'!r}",
                        file=str(path), expected="a .geojson, .json, .dxf or .ifc file")


def load_figures(loaded, policy: Any = None) -> SiteFigures:
    """The site plan of a loaded design (``design.LoadedDesign``), computed under ``policy``."""
    gp = geometry_policy(policy)
    d = loaded.design
    plan = load_site_plan(loaded.site_plan_path, crs=d.crs,
                          storey_height=d.storey_height.value if d.storey_height is not None else None,
                          layers=d.dxf_layers, policy=gp)
    figs = compute(plan, gp)
    adjust = getattr(plan, "adjust", None)  # a model (IFC) may take a figure from its quantity sets
    return adjust(figs) if adjust is not None else figs
