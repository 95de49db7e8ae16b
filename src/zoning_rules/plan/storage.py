"""Plot boundaries beside the rule file: a GeoPackage, referenced from the YAML's ``geometry:``.

Why a GeoPackage: it is one file an officer opens in QGIS or ArcGIS as it is, GDAL writes and
reads it everywhere (no extra library), and it holds the CRS with the geometry.  The YAML stays
the place officers read and edit limits; the boundaries, which nobody edits by hand, sit beside
it in a projected CRS in metres (areas and shares are never taken in degrees).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..plotcodes import normalize


@dataclass(frozen=True, eq=False)  # identity: one object per read, and the spatial index caches on it
class Boundaries:
    """Every boundary a rule book references: codes as written, normalized keys, shapely array."""

    codes: tuple[str, ...]
    keys: tuple[str, ...]
    geometries: Any  # numpy array of shapely polygons
    crs: str | None

    def __len__(self) -> int:
        return len(self.codes)

    def index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys)}


def write_plan(result, out: str | Path, *, values: str = "yaml", source: str | Path | None = None) -> tuple[Path, Path]:
    """The rule file (YAML) and its GeoPackage beside it (same stem, ``.gpkg``).

    ``values="gpkg"`` puts the plan's values in the GeoPackage's columns (``plan/table.py``) and the
    YAML names them under ``table:`` — the layout for tens of thousands of plots.  ``source``: the
    layer imported, which neither file may overwrite."""
    import geopandas as gpd
    import numpy as np

    out = Path(out)
    gpkg = out.with_suffix(".gpkg")
    check_targets(out, source)
    present = np.array([g is not None for g in result.geometries], dtype=bool)
    if values == "gpkg":  # every plot is a row, with or without a boundary
        from .table import columns_of

        frame = gpd.GeoDataFrame({"plot": list(result.codes), **columns_of(result)},
                                 geometry=list(result.geometries), crs=result.crs)
    else:
        frame = gpd.GeoDataFrame({"plot": [c for c, p in zip(result.codes, present) if p]},
                                 geometry=list(result.geometries[present]), crs=result.crs)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        from ..safeio import replacing

        with replacing(gpkg, field="out") as tmp:  # whole or not at all
            tmp.unlink()  # the driver creates the file itself
            frame.to_file(tmp, layer="plots", driver="GPKG", engine="pyogrio")
    except OSError as exc:
        raise InputError(f"cannot write the boundaries: {exc.strerror}", file=str(gpkg)) from None
    rules = {"format": 1,
             "geometry": {"file": gpkg.name, "layer": "plots", "crs": result.crs, "code_field": "plot"},
             **{k: v for k, v in result.rules.items() if k != "format"}}
    if values == "gpkg":
        (document,) = result.rules["sources"]
        rules["table"] = {"file": gpkg.name, "layer": "plots", "source": document, "code_field": "plot"}
        rules["plots"] = {}
    write_yaml(rules, out)
    return out, gpkg


def check_targets(out: Path, source: str | Path | None = None, report: str | Path | None = None) -> None:
    """Refuse an ``--out`` that would lose something: a name that is not YAML (``plan.gpkg`` would be
    written over by its own rule file), a device or pipe (its GeoPackage would land beside it, in
    /dev), or a name whose rule file or GeoPackage is the layer being imported (``import-plan
    plan.gpkg --out plan.yaml`` would replace the city's plan by its boundaries)."""
    import os

    out = Path(out)
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"the rule file must be named .yaml (its boundaries go beside it as {out.with_suffix('.gpkg').name})",
                         field="--out", value=str(out), expected="FILE.yaml")
    gpkg = out.with_suffix(".gpkg")
    for target in (out, gpkg):
        if target.exists() and not target.is_file():
            raise InputError(f"{target} is not a regular file", field="--out", value=str(out),
                             expected="a path for a new or replaced FILE.yaml (and FILE.gpkg beside it)")
    if report is not None:
        rep = Path(report)
        taken = [t for t in (out, gpkg, Path(source) if source is not None else None)
                 if t is not None and (rep.resolve() == t.resolve()
                                       or rep.exists() and t.exists() and os.path.samefile(rep, t))]
        if taken:
            raise InputError(f"--report {report} is the same file as {taken[0]}", field="--report",
                             value=str(report), expected="a file of its own for the JSON report")
    if source is None:
        return
    src = Path(source)
    for target in (out, gpkg):
        same = target.exists() and src.exists() and os.path.samefile(target, src)
        inside = src.is_dir() and src.suffix.lower() == ".gdb" and src.resolve() in target.resolve().parents
        if same or inside:
            raise InputError(f"writing {target.name} would overwrite the layer being imported ({source})",
                             field="--out", value=str(out), expected="another name for the rule file")


def write_yaml(data: dict, out: Path) -> None:
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class dumper(base):  # no &anchors: every plot's entry reads on its own
        def ignore_aliases(self, data):
            return True
    head = ("# Rule file written by `zoning-rules import-plan`: one approval per plot of the plan layer,\n"
            "# boundaries in the GeoPackage named under `geometry`.  Format: docs/rulebook-format.md.\n")
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=120)
    from ..safeio import write_text

    write_text(out, head + text, field="out")  # whole or not at all


def _read_ref(ref):
    import pyogrio

    path = Path(ref.file)
    if not path.is_file():
        raise InputError("the plot boundaries this rule file references are missing", file=ref.origin,
                         field="geometry.file", value=ref.file, expected="the GeoPackage beside the rule file")
    try:
        import warnings

        with warnings.catch_warnings():  # NaN coordinates: said below, in one line
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(str(path), layer=ref.layer)
    except Exception as exc:
        raise InputError(f"cannot read the plot boundaries: {exc}", file=str(path), field="geometry.layer",
                         value=ref.layer) from None
    if ref.code_field not in frame.columns:
        raise InputError(f"the boundaries have no attribute {ref.code_field!r}", file=str(path),
                         field="geometry.code_field", value=ref.code_field)
    from ..geometry.crs import _crs

    if frame.crs is None or not frame.crs.equals(_crs(ref.crs)):
        raise InputError(f"the boundaries are in {frame.crs.to_string() if frame.crs else 'no CRS'}, the rule "
                         f"file says {ref.crs}", file=ref.origin, field="geometry.crs", value=ref.crs)
    return frame


def boundaries(book) -> Boundaries:
    """All boundaries of a rule book, in one CRS; the same plot from two files is an error.

    Read once per set of files (and their modification times) in a process."""
    stamps = []
    for ref in book.boundaries:
        try:
            stamps.append(Path(ref.file).stat().st_mtime_ns)
        except OSError:
            stamps.append(-1)  # _read_ref says what is missing
    return _boundaries(tuple(book.boundaries), tuple(stamps))


@lru_cache(maxsize=4)
def _boundaries(refs: tuple, stamps: tuple) -> Boundaries:
    import numpy as np

    codes: list[str] = []
    geoms: list = []
    crs = None
    seen: dict[str, str] = {}
    for ref in refs:
        frame = _read_ref(ref)
        if crs is None:
            crs = ref.crs
        elif not _same_crs(crs, ref.crs):
            frame = frame.to_crs(crs)
        _check_boundaries(frame, ref)
        for code, g in zip(frame[ref.code_field].astype(str).tolist(), frame.geometry.values):
            if g is None or g.is_empty:
                continue  # a plot without a boundary (the plan table keeps a row for it)
            k = normalize(code)
            if k in seen:
                where = f"twice in {ref.file}" if seen[k] == ref.file else f"in {seen[k]} and in {ref.file}"
                raise InputError(f"plot {code} has a boundary {where}", file=ref.origin,
                                 field="geometry", value=code, expected="one boundary per plot code")
            seen[k] = ref.file
            codes.append(code)
            geoms.append(g)
    return Boundaries(codes=tuple(codes), keys=tuple(normalize(c) for c in codes),
                      geometries=np.asarray(geoms, dtype=object), crs=crs)


def _check_boundaries(frame, ref) -> None:
    """What the GeoPackage holds is what import-plan wrote — unless someone edited it (in QGIS, by a
    script): a boundary without a code, one that is not a polygon, self-intersects or has coordinates
    that are not numbers would place sites wrongly or crash the drawing.  Each is an error naming the
    file, the row and the plot, as import-plan would have said."""
    import numpy as np
    import shapely

    from ..errors import ValidationFailed

    geoms = np.asarray(frame.geometry.values, dtype=object)
    raw = frame[ref.code_field].tolist()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    coords_ok = np.ones(len(geoms), dtype=bool)
    coords_ok[owner[~np.isfinite(coords).all(axis=1)]] = False
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))
    valid = shapely.is_valid(geoms)
    errors = []
    for i in range(len(frame)):
        code = raw[i]
        if code is None or (isinstance(code, float) and code != code) or not str(code).strip():
            errors.append(InputError(f"row {i} has no plot code", file=ref.file, field=ref.code_field,
                                     expected="the plot code of every boundary"))
            continue
        if not present[i]:
            continue
        why = ("has coordinates that are not numbers (NaN or infinity)" if not coords_ok[i] else
               f"is a {geoms[i].geom_type}, not a polygon" if not polygonal[i] else
               f"is not a valid polygon ({shapely.is_valid_reason(geoms[i])})" if not valid[i] else None)
        if why:
            errors.append(InputError(f"the boundary of plot {code} (row {i}) {why}", file=ref.file,
                                     field="geometry", value=str(code),
                                     expected="the polygons import-plan wrote (re-import the plan layer)"))
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationFailed(errors[:25])


def _same_crs(a: str, b: str) -> bool:
    from ..geometry.crs import _crs

    return a == b or _crs(a).equals(_crs(b))
