"""BIM models (IFC, 报建) → the site-plan model the checker already understands.

``zoning-rules check model.ifc`` checks a model directly: the plot code and land use come from the
model's property sets (``mapping.py``), the indicators from its geometry (``reader.py``), and what
the model declares about itself is cross-checked (``crosscheck.py``).  A design file may instead
point at a model (``site_plan: model.ifc``) and give what the model lacks.

IfcOpenShell comes with the ``ifc`` extra and is imported only when a model is read: never on
``import zoning_rules``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["read_model", "load_model_design", "model_fields"]


def read_model(path, *, mapping=None):
    """The ``ModelPlan`` of a model (cached per file and mapping while the file is unchanged:
    loading the design, checking it and drawing it read the model once)."""
    from .mapping import current

    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = (str(p), 0, 0)  # the reader reports the missing file by name
    return _read(key, str(path), mapping or current())


@lru_cache(maxsize=4)
def _read(key, path, mapping):
    from .reader import read_model as read

    return read(path, mapping=mapping)


def model_fields(path, mapping=None) -> dict:
    """What a design takes from a model: plot and land use as the model's 报建 property sets give them."""
    plan = read_model(path, mapping=mapping)
    out = {}
    if plan.plot is not None:
        out["plot"] = plan.plot
    if plan.land_use is not None:
        out["land_use"] = plan.land_use
    return out


def load_model_design(path, mapping=None):
    """A model checked directly: a design of its plot code (and land use), with the model as site plan."""
    from ..design import Design, LoadedDesign
    from .mapping import current
    from .model_file import ModelError

    mp = mapping or current()
    fields = model_fields(path, mp)
    plan = read_model(path, mapping=mp)
    if "plot" not in fields and plan.map_crs is None:  # a georeferenced model is placed by its position
        raise ModelError(f"the model gives no plot code: looked on IfcSite {plan.site_guid} for "
                         f"{mp.where('site', 'plot')}", file=str(path), field="地块编号",
                         expected="the plot code in the site's property set, or a design file with plot: "
                                  "and site_plan: pointing at the model")
    design = Design(site_plan=Path(path).name, **fields)
    return LoadedDesign(design=design, path=str(path))
