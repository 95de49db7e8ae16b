"""A plan's approvals as columns of its GeoPackage: the rule-book layout for tens of thousands of plots.

A YAML rule file of 50 000 plots is 1.7 million YAML nodes, and building it validates each approval
through pydantic: minutes, not a bulk operation.  ``import-plan --values gpkg`` instead writes the
plan's values as text columns of the boundaries' layer, in the rule book's own spelling (``2.4``,
``35%``, ``24 米``), and the YAML names them under ``table:``.  Reading is one pyogrio call and one
pass over the rows in which every distinct text is parsed once (plans repeat their values): the
same exact ``Fraction``s, the same checks (a minimum above a maximum, an area of zero, a unit of
the wrong kind) and errors that name the file, the column, the plot and the value.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..errors import InputError, RuleBookError

#: indicator → units kind of its bounds
BOUNDED = {"far": "number", "building_density": "ratio", "green_ratio": "ratio", "height": "length"}


def column_names() -> list[str]:
    cols = ["land_use_code", "land_use_name", "area"]
    for key in BOUNDED:
        cols += [f"{key}_min", f"{key}_max", f"{key}_min_exclusive", f"{key}_max_exclusive", f"{key}_text"]
    return cols + ["review"]


def columns_of(result) -> dict[str, list]:
    """The value columns for the plots of a ``PlanImport`` (aligned with ``result.codes``)."""
    plots = result.rules["plots"]
    out: dict[str, list] = {c: [] for c in column_names()}
    for code in result.codes:
        a = plots[code]["approvals"][0]
        lu = a.get("land_use") or {}
        out["land_use_code"].append(lu.get("code"))
        out["land_use_name"].append(lu.get("name"))
        out["area"].append((a.get("area") or {}).get("value"))
        limits = a.get("limits") or {}
        for key in BOUNDED:
            spec = limits.get(key) or {}
            for part in ("min", "max", "text"):
                out[f"{key}_{part}"].append(spec.get(part))
            for part in ("min_exclusive", "max_exclusive"):
                out[f"{key}_{part}"].append(bool(spec.get(part, False)))
        out["review"].append("\n".join(a.get("review", ())) or None)
    return out


@lru_cache(maxsize=65536)
def _parse(text: str, kind: str):
    from ..units import parse

    return parse(text, kind)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _land_use(code, name):
    from .. import landuse as lu

    return lu.resolve(name or code, code=code, name=name)


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v != v:  # NaN from a numeric column
        return None
    text = str(v).strip()
    return text or None


def read_table(spec, doc, sources) -> tuple[list, list[InputError]]:
    """(approvals, errors) from the table a rule file names under ``table:``."""
    from ..rulebook.model import Approval, Limit, Stated, normalize_document

    here = Path(doc.name).parent if not doc.name.startswith("<") else Path(".")
    path = Path(spec.file) if Path(spec.file).is_absolute() else here / spec.file
    where = {"file": doc.name, "field": "table.file", "line": doc.line_of(("table",))}
    source = sources.get(normalize_document(spec.source))
    if source is None:
        return [], [RuleBookError(f"source {spec.source!r} is not listed under `sources` in any rule file",
                                  value=spec.source, **{**where, "field": "table.source"})]
    if not path.is_file():
        return [], [RuleBookError("the plan table this rule file names is missing", value=str(path), **where)]
    try:
        import pyogrio

        frame = pyogrio.read_dataframe(str(path), layer=spec.layer, read_geometry=False)
    except ImportError:
        return [], [RuleBookError("a rule file with a plan table needs pyogrio",
                                  expected="pip install 'zoning-rules[plan]'", **where)]
    except Exception as exc:
        return [], [RuleBookError(f"cannot read the plan table: {exc}", value=str(path), **where)]
    missing = [c for c in [spec.code_field, *column_names()] if c not in frame.columns]
    if missing:
        return [], [RuleBookError(f"the plan table has no column {missing[0]!r}", value=str(path), **where,
                                  expected="the columns import-plan --values gpkg writes (docs/plan.md)")]
    cols = [frame[c].tolist() for c in [spec.code_field, *column_names()]]
    names = column_names()
    errors: list[InputError] = []
    approvals = []
    origin = str(path)
    for n, values in enumerate(zip(*cols)):
        code = _text(values[0])
        row = dict(zip(names, values[1:]))

        def bad(message, column, value):
            errors.append(RuleBookError(f"plot {code or '?'} (row {n}): {message}", file=origin, field=column,
                                        value=value))

        if code is None:
            bad("no plot code", spec.code_field, values[0])
            continue
        limits = {}
        for key, kind in BOUNDED.items():
            bounds = {}
            for part in ("min", "max"):
                text = _text(row[f"{key}_{part}"])
                if text is None:
                    continue
                try:
                    bounds[part] = _parse(text, kind)
                except InputError as exc:
                    bad(exc.message, f"{key}_{part}", text)
            note = _text(row[f"{key}_text"])
            lo, hi = bounds.get("min"), bounds.get("max")
            if lo is not None and hi is not None and lo.value > hi.value:
                bad(f"min {lo.written} is above max {hi.written}", f"{key}_min", lo.written)
                continue
            if bounds or note:
                limits[key] = Limit(indicator=key, min=lo, max=hi,
                                    min_exclusive=bool(row[f"{key}_min_exclusive"]),
                                    max_exclusive=bool(row[f"{key}_max_exclusive"]), text=note)
        area = None
        text = _text(row["area"])
        if text is not None:
            try:
                amount = _parse(text, "area")
            except InputError as exc:
                bad(exc.message, "area", text)
            else:
                if amount.value == 0:
                    bad("an area of zero", "area", text)
                else:
                    area = Stated(amount=amount)
        lu_code, lu_name = _text(row["land_use_code"]), _text(row["land_use_name"])
        land = _land_use(lu_code, lu_name) if (lu_code or lu_name) else None
        review = tuple(r for r in (_text(row["review"]) or "").split("\n") if r)
        approvals.append(Approval(
            plot=code, source=source, effective=source.date, land_use=land, area=area,
            limits=MappingProxyType(limits), review=review, origin=f"{origin}:{n}"))
    return approvals, errors
