"""A 控规 plan layer → a rule file: one approval per plot citing the plan's document and date.

What the layer says is either carried over exactly or listed — never dropped, never guessed:

* errors (the import stops, exit 2, every case listed): a layer without a CRS (unless ``--crs``
  says what it is), no attribute for the plot code, a plot without a code, the same code on two
  plots whose values differ, a self-intersecting (invalid) boundary unless ``--repair`` is given,
  a geometry that is not a polygon;
* findings (the import goes on, each listed): a value that cannot be read (recorded in the
  approval's ``review:``, so every check against that plot stays indeterminate until an officer
  settles it), a limit stated without a number, a plot without a boundary, plots that overlap,
  a repaired boundary, the same code on several polygons with equal values (merged into one
  plot), an unknown land-use code, a stated area far from the polygon's.

The work is columnar: values are read once per distinct (attribute, value), geometry checks and
the overlap search are shapely 2 array operations over an STRtree.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import InputError, ValidationFailed
from ..plotcodes import normalize
from ..textsafe import shown
from .layercrs import degrees, finite_bounds, in_metres
from .mapping import ROLE_NAMES, Mapping_, default_mapping, load_mapping
from .values import ROLES, read_value, ratio_scale

#: Overlaps smaller than this (m²) are numerical noise along shared edges, not overlapping plots.
OVERLAP_TOLERANCE = Fraction(1, 100)
#: A stated 用地面积 further than this from the polygon's area is listed.
AREA_TOLERANCE = Fraction(5, 100)
#: No plot is smaller (m²): a boundary below it is degenerate, or drawn in degrees under a metric CRS.
MIN_PLOT_AREA = 1.0
#: A plot code longer than this is not a code (a note, a whole address pasted into the field).
MAX_CODE_CHARS = 100
#: At most this many lines per kind of error are printed (the count of the rest is given).
MAX_LISTED = 25
#: A value longer than this (as quoted) is cut in review lines, with its length said.
SHOWN_CHARS = 60
#: Plots named per attribute in the note on values not given (the count says how many in all).
NAMED_ABSENT = 5


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing the import noticed: ``kind`` is a stable key, the messages say it to a person."""

    kind: str  # unreadable | text_limit | no_boundary | overlap | repaired | merged | land_use | area_differs
    plot: str | None
    field: str | None
    value: Any
    message_zh: str
    message_en: str

    def to_json(self) -> dict:
        v = self.value
        return {"kind": self.kind, "plot": self.plot, "field": self.field,
                "value": v if isinstance(v, (str, int, float, type(None))) else str(v),
                "message": self.message_zh, "message_en": self.message_en}


@dataclass(frozen=True)
class PlanImport:
    """The rule-file data, the boundaries (aligned with ``codes``), and what was noticed."""

    rules: dict
    codes: tuple[str, ...]
    geometries: Any  # numpy array of shapely geometries (None where a plot has no boundary)
    crs: str
    mapping: Mapping_
    unplaced: tuple[str, ...]
    ignored: tuple[str, ...]
    rows: int
    issues: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = ()  # encoding, CRS and scale decisions, said once
    scales: dict = field(default_factory=dict)


def _cell(v: Any) -> Any:
    """Missing cells (None, pandas NA, NaT) as None; numpy scalars as Python numbers.  A float NaN
    stays NaN: ``layer.read_layer`` has already turned the NULLs of numeric columns into None, so a
    NaN left is one the layer holds (GeoJSON ``NaN``, a DBF ``nan``) — a value, to be listed."""
    if v is None:
        return None
    if hasattr(v, "tolist") and getattr(v, "ndim", 0):  # a GeoJSON array: a list, read as not a value
        return v.tolist()
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    if isinstance(v, float):
        return v
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _shown(v: Any) -> str:
    """A cell as quoted in a review line: its repr (1e+308, not 309 digits; control characters
    escaped), long text cut with its length said — the layer still holds it whole."""
    text = repr(v)
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}…（共 {len(str(v))} 字符 / {len(str(v))} characters）"


def import_layer(path: str, *, document: str, date: dt.date, mapping: str | None = None,
                 layer: str | None = None, encoding: str | None = None, crs: str | None = None,
                 repair: bool = False, title: str | None = None, issuer: str | None = None) -> PlanImport:
    """Read a plan layer and build the rule file; raises ``ValidationFailed`` listing every error."""
    import numpy as np
    import shapely

    from .layer import read_layer

    if not document.strip():  # every plot's approval cites it: a blank one makes a rule file no one can load
        raise InputError("the plan's document number is blank", field="--document", value=document,
                         expected="the approval's document number, e.g. 吕政函〔2019〕30号")
    from ..dates import issue_problem

    why = issue_problem(date)
    if why is not None:  # the date every plot's approval takes effect on: a typo keeps the plan out of force
        raise InputError(f"the plan's date {date.isoformat()} is {why}", field="date", value=date.isoformat(),
                         expected="the date the plan was approved")
    read = read_layer(path, layer=layer, encoding=encoding)
    frame = read.frame
    notes = [read.encoding_note] if read.encoding_note else []
    columns = [c for c in frame.columns if c != frame.geometry.name]
    cut = getattr(read, "cut_names", ())
    mp = load_mapping(mapping, columns, cut) if mapping else default_mapping(columns, cut)
    from .mapping import DEFAULT_NAMES, ROLE_NAMES as _NAMES

    for role, attr in mp.fields.items():  # a name matched by its start: said, so a wrong guess is seen
        if attr in cut and attr not in DEFAULT_NAMES.get(role, ()):
            notes.append(f"{attr}: a Shapefile field name cut at 10 bytes, taken as {_NAMES[role][0]} "
                         f"({_NAMES[role][1]}) — --mapping overrides")
    if "code" not in mp.fields:
        raise InputError("no attribute for the plot code", file=path,
                         expected="an attribute named 地块编码/地块编号/DKBM …, or fields: {code: NAME} in --mapping "
                                  f"(the layer has: {', '.join(map(str, columns))})")
    frame, crs_text, crs_notes = in_metres(frame, crs, path)
    notes += crs_notes
    unplaced, ignored = mp.unplaced(columns)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    n = len(frame)
    errors: list[InputError] = []
    issues: list[Issue] = []

    # --- codes -----------------------------------------------------------------------------------
    code_attr = mp.fields["code"]
    raw_codes = [_cell(v) for v in frame[code_attr].tolist()]
    codes = [str(c).strip() if c is not None and not _nan(c) else "" for c in raw_codes]
    refused: set[int] = set()
    for i, c in enumerate(raw_codes):
        if isinstance(c, float) and c.is_integer():
            codes[i] = str(int(c))  # a code column GDAL typed Real (101 beside 101.5): 101, not "101.0"
        bad = None
        if c is not None and not isinstance(c, (str, int, float)):
            bad = f"is not text or a number ({type(c).__name__})"
        elif len(codes[i]) > MAX_CODE_CHARS:
            bad = f"has {len(codes[i])} characters, no plot code has more than {MAX_CODE_CHARS}"
        elif shown(codes[i]) != codes[i]:
            bad = "holds control characters"
        if bad:
            errors.append(InputError(f"feature {i}: the plot code {_shown(c)} {bad}", file=path, field=code_attr,
                                     expected="a code such as N-09-01"))
            codes[i] = ""
            refused.add(i)
    keys = [normalize(c) if c else "" for c in codes]
    for i, k in enumerate(keys):
        if not k and i not in refused:
            errors.append(InputError(f"feature {i} has no plot code", file=path, field=code_attr,
                                     value=raw_codes[i], expected="a code such as N-09-01"))

    # --- values, read once per distinct cell -----------------------------------------------------
    scales: dict[str, Any] = {}
    cells: dict[str, list] = {}
    for role in ROLES:
        attr = mp.fields.get(role)
        if attr is None:
            continue
        cells[role] = [_cell(v) for v in frame[attr].tolist()]
        if role in ("building_density", "green_ratio"):
            scales[role] = mp.percent.get(role, ratio_scale(cells[role]))
            if role not in mp.percent and scales[role] is not None:
                notes.append(f"{attr}: bare numbers read as {'percentages (35 = 35 %)' if scales[role] else 'fractions (0.35 = 35 %)'}"
                             f" — the column's largest is {'above' if scales[role] else 'at most'} 1")
    for role in ("land_use", "land_use_name"):
        if role in mp.fields:
            cells[role] = [_cell(v) for v in frame[mp.fields[role]].tolist()]

    cache: dict = {}
    per_row: list[dict] = [{} for _ in range(n)]
    reviews: list[list[str]] = [[] for _ in range(n)]

    def unreadable(i: int, attr: str, v: Any, why: str) -> None:
        why = why if len(why) <= 4 * SHOWN_CHARS else why[:4 * SHOWN_CHARS] + "…"  # it may quote the cell
        reviews[i].append(f"{attr}: {_shown(v)} 无法读取（{why}）")
        issues.append(Issue("unreadable", codes[i], attr, v,
                            f"地块 {codes[i]}（要素 {i}）的 {attr} 值 {_shown(v)} 无法读取：{why}；已记入 review，核对前不判定",
                            f"plot {codes[i]} (feature {i}): {attr} value {_shown(v)} cannot be read ({why}); "
                            f"recorded under review, checks stay indeterminate until settled"))

    absent: dict[str, list[int]] = {}
    for role, values in cells.items():
        attr = mp.fields[role]
        if role in ("land_use", "land_use_name"):
            for i, v in enumerate(values):
                if _nan(v) or isinstance(v, (list, dict, bool)):
                    unreadable(i, attr, v, "not a land-use code or name")
                    values[i] = None
            continue
        for i, v in enumerate(values):
            key = (role, type(v), v) if not _nan(v) and not isinstance(v, (list, dict)) \
                else (role, type(v), repr(v))  # NaN != NaN; lists (GeoJSON arrays) do not hash
            r = cache.get(key)
            if r is None:
                r = cache[key] = read_value(v, role, percent=scales.get(role), unit=mp.units.get(role))
            if r.absent:
                absent.setdefault(attr, []).append(i)
                continue
            if r.error is not None:
                unreadable(i, attr, v, r.error)
                continue
            if "text" in r.spec:
                issues.append(Issue("text_limit", codes[i], attr, v,
                                    f"地块 {codes[i]} 的 {attr} 为无数值的限值 {_shown(v)}，核对时需人工判定",
                                    f"plot {codes[i]}: {attr} {_shown(v)} is a limit without a number; an officer "
                                    f"must judge it"))
            per_row[i][role] = dict(r.spec)  # a copy: the cached reading is shared by equal cells

    for attr, rows in absent.items():  # no limit from the plan: said once per attribute, never silent
        named = ", ".join(codes[i] or f"#{i}" for i in rows[:NAMED_ABSENT]) + (" …" if len(rows) > NAMED_ABSENT else "")
        notes.append(f"{attr}: {len(rows)} 个要素未给出数值（空白、/、—、无）(features give no value: blank, /, —, 无): "
                     f"{named} — not given by the plan (no limit: a check of it is indeterminate, no limit on record)")

    # --- geometry --------------------------------------------------------------------------------
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    for i in np.flatnonzero(~present):
        issues.append(Issue("no_boundary", codes[i], None, None,
                            f"地块 {codes[i]} 没有边界（几何为空），已导入其指标，但无法按位置查找",
                            f"plot {codes[i]} has no boundary (empty geometry): its limits are imported, "
                            f"but it cannot be located"))
        geoms[i] = None
    types = shapely.get_type_id(geoms)
    bad_type = present & ~np.isin(types, (3, 6))
    for i in np.flatnonzero(bad_type):
        errors.append(InputError(f"plot {codes[i]} is a {geoms[i].geom_type}, "
                                 f"not a polygon", file=path, field="geometry", value=codes[i],
                                 expected="Polygon or MultiPolygon boundaries"))
    invalid = present & ~bad_type & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        reason = shapely.is_valid_reason(geoms[i])
        if not repair:
            errors.append(InputError(f"plot {codes[i]}: invalid boundary ({reason})", file=path,
                                     field="geometry", value=codes[i],
                                     expected="a valid polygon, or --repair to repair it (said in the output)"))
            continue
        fixed = _polygonal(shapely.make_valid(geoms[i]))
        before, after = shapely.area(geoms[i]), shapely.area(fixed)
        issues.append(Issue("repaired", codes[i], "geometry", reason,
                            f"地块 {codes[i]} 边界无效（{reason}），已按 --repair 修复：面积 {before:.2f} → {after:.2f} m²",
                            f"plot {codes[i]}: invalid boundary ({reason}) repaired (--repair): area "
                            f"{before:.2f} → {after:.2f} m²"))
        geoms[i] = fixed

    ok = present & ~bad_type & ~(invalid & (not repair))
    areas = np.zeros(n)
    if ok.any():
        areas[ok] = shapely.area(np.asarray([g if g is not None else shapely.Polygon() for g in geoms[ok]],
                                            dtype=object))
    tiny = np.flatnonzero(ok & (areas < MIN_PLOT_AREA))
    hint = ""
    if len(tiny):
        b = finite_bounds(frame)
        if b is not None and degrees(b):
            hint = (" — the coordinates look like lon/lat degrees, but the layer's CRS is in metres "
                    "(a wrong .prj?)")
    for i in tiny:
        if repair and not hint:  # nothing of it can be repaired: the plot keeps its limits, without a boundary
            issues.append(Issue("no_boundary", codes[i], "geometry", float(areas[i]),
                                f"地块 {codes[i]} 的边界面积为 {areas[i]:.3g} m²（退化），按 --repair 去除边界，已导入其指标",
                                f"plot {codes[i]}: its boundary has an area of {areas[i]:.3g} m² (degenerate), "
                                f"dropped under --repair: its limits are imported, but it cannot be located"))
            geoms[i] = None
            continue
        errors.append(InputError(f"plot {codes[i]}: its boundary has an area of {areas[i]:.3g} m², no plot is "
                                 f"that small{hint}", file=path, field="geometry", value=codes[i],
                                 expected=f"a boundary of at least {MIN_PLOT_AREA:g} m² in the layer's CRS"
                                          + ("" if hint else ", or --repair to import the plot without it")))

    # --- duplicate codes ---------------------------------------------------------------------------
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            groups.setdefault(k, []).append(i)
    keep: list[int] = []
    for k, rows in groups.items():
        first = rows[0]
        if len(rows) > 1:
            sig = [(_sig(per_row[i]), tuple(reviews[i]), _lu(cells, i)) for i in rows]
            if len(set(sig)) > 1:
                errors.append(InputError(
                    f"plot code {codes[first]} is on {len(rows)} features (rows {', '.join(map(str, rows))}) "
                    f"with different values", file=path, field=code_attr, value=codes[first],
                    expected="one code per plot (or equal values on the parts of one plot)"))
                continue
            parts = [geoms[i] for i in rows if geoms[i] is not None]
            geoms[first] = shapely.union_all(parts) if parts else None
            issues.append(Issue("merged", codes[first], code_attr, codes[first],
                                f"地块编码 {codes[first]} 出现在 {len(rows)} 个要素上且指标相同，已合并为一个地块",
                                f"plot code {codes[first]} is on {len(rows)} features with equal values: "
                                f"merged into one plot"))
        keep.append(first)
    if errors:
        raise _failed(errors)

    keep_arr = np.asarray(keep, dtype=int)
    kept_geoms = geoms[keep_arr]
    issues += _overlaps(kept_geoms, [codes[i] for i in keep])
    issues += _areas(kept_geoms, [codes[i] for i in keep], per_row, keep_arr)

    # --- the rule file ---------------------------------------------------------------------------
    source = {"date": date}
    if title:
        source["title"] = title
    if issuer:
        source["issuer"] = issuer
    plots: dict[str, dict] = {}
    from .. import landuse as lu

    for i in keep:
        row = per_row[i]
        approval: dict[str, Any] = {"source": document}
        land = _lu(cells, i)
        if land != (None, None):
            code, name = land
            spec = {k: v for k, v in (("code", code), ("name", name)) if v is not None}
            resolved = lu.resolve(code or name, code=code, name=name)
            if resolved.code is None and code is not None:
                issues.append(Issue("land_use", codes[i], mp.fields.get("land_use"), code,
                                    f"地块 {codes[i]} 的用地代码 {code!r} 不在 GB 50137 / 2023 分类中，按原文保留",
                                    f"plot {codes[i]}: land-use code {code!r} is neither GB 50137 nor 2023; "
                                    f"kept as written"))
            approval["land_use"] = spec
        if "area" in row:
            approval["area"] = {"value": row["area"]["value"]}
        limits = {k: v for k, v in row.items() if k != "area"}
        if limits:
            approval["limits"] = limits
        if reviews[i]:
            approval["review"] = reviews[i]
        plots[codes[i]] = {"approvals": [approval]}
    rules = {"format": 1, "sources": {document: source}, "plots": plots}
    return PlanImport(rules=rules, codes=tuple(codes[i] for i in keep), geometries=kept_geoms,
                      crs=crs_text, mapping=mp, unplaced=tuple(map(str, unplaced)),
                      ignored=tuple(map(str, ignored)), rows=n, issues=tuple(issues), notes=tuple(notes),
                      scales=scales)


def _nan(v: Any) -> bool:
    return isinstance(v, float) and not math.isfinite(v)


def _sig(row: dict) -> tuple:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in row.items()))


def _lu(cells: dict, i: int) -> tuple[str | None, str | None]:
    def text(role):
        values = cells.get(role)  # (not a list of Nones per call: that was quadratic without the column)
        v = values[i] if values is not None else None
        if isinstance(v, float) and v.is_integer():
            v = int(v)  # a code column GDAL typed Real: 701, not "701.0"
        return None if v is None or not str(v).strip() else str(v).strip()

    return text("land_use"), text("land_use_name")


def _polygonal(geom):
    """The polygonal part of a repaired geometry (make_valid may leave lines where a bow-tie crosses)."""
    import shapely

    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _overlaps(geoms, codes: list[str]) -> list[Issue]:
    import numpy as np
    import shapely

    ok = np.flatnonzero(np.array([g is not None for g in geoms], dtype=bool))
    if len(ok) < 2:
        return []
    sub = geoms[ok]
    tree = shapely.STRtree(sub)
    a, b = tree.query(sub, predicate="overlaps")
    mask = a < b
    a, b = a[mask], b[mask]
    if not len(a):
        return []
    areas = shapely.area(shapely.intersection(sub[a], sub[b]))
    out = []
    for i, j, area in zip(a, b, areas):
        if area <= float(OVERLAP_TOLERANCE):
            continue
        ci, cj = codes[ok[i]], codes[ok[j]]
        out.append(Issue("overlap", ci, "geometry", cj,
                         f"地块 {ci} 与 {cj} 重叠 {area:.2f} m²", f"plots {ci} and {cj} overlap by {area:.2f} m²"))
    return out


def _areas(geoms, codes: list[str], per_row: list[dict], keep) -> list[Issue]:
    """A stated 用地面积 far from the polygon's area (a unit mix-up, or a boundary drawn wrong)."""
    import shapely

    from ..units import parse

    out = []
    for g, code, i in zip(geoms, codes, keep):
        spec = per_row[i].get("area")
        if g is None or spec is None:
            continue
        stated = parse(spec["value"], "area").value
        drawn = Fraction(float(shapely.area(g)))
        if drawn and abs(stated - drawn) > AREA_TOLERANCE * drawn:
            out.append(Issue("area_differs", code, "area", spec["value"],
                             f"地块 {code} 的用地面积 {spec['value']} 与边界面积 {float(drawn):.2f} m² 相差超过 5%",
                             f"plot {code}: stated area {spec['value']} differs from the boundary's "
                             f"{float(drawn):.2f} m² by more than 5 %"))
    return out


def _failed(errors: list[InputError]) -> InputError:
    if len(errors) == 1:
        return errors[0]
    if len(errors) > MAX_LISTED:
        rest = len(errors) - MAX_LISTED
        errors = errors[:MAX_LISTED] + [InputError(f"… and {rest} more errors", file=errors[0].file)]
    return ValidationFailed(errors)


def describe_mapping(result: PlanImport) -> list[str]:
    """Which attribute was taken for what, and which could not be placed (printed by the command)."""
    lines = []
    for role, (zh, en) in ROLE_NAMES.items():
        attr = result.mapping.fields.get(role)
        shown = attr if attr is not None else "—"
        unit = result.mapping.units.get(role)
        scale = result.mapping.percent.get(role)
        said = (f"（无单位的数按 {unit} / bare numbers in {unit}）" if unit else
                "（无单位的数按 % / bare numbers in %）" if scale else "")
        lines.append(f"  {zh} ({en}) ← {shown}{said}")
    if result.unplaced:
        lines.append("  未识别的属性 (not placed): " + ", ".join(result.unplaced))
    if result.ignored:
        lines.append("  忽略的 GIS 管理属性 (ignored bookkeeping): " + ", ".join(result.ignored))
    return lines
