"""Opening a 报建 model safely: bounded, checked, with the project's own units.

A hostile or broken file must end in an ``InputError`` naming it, before any heavy work where
that can be told cheaply: the size is checked before reading, the STEP header and trailer before
parsing (a file cut short loses its ``END-ISO-10303-21;``), the entity count before geometry.
Lengths are never assumed to be metres or millimetres: the project's ``IfcUnitAssignment`` says,
and a model without a length unit is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

#: Largest model read (bytes): a city-block 报建 model is tens of MB; beyond this is refused.
MAX_BYTES = 300 * 1024 * 1024
#: Most entity instances parsed; geometry is the expensive part, so this is checked before it.
MAX_ENTITIES = 8_000_000
#: Most products with a shape; each is triangulated.
MAX_ELEMENTS = 250_000
SCHEMAS = ("IFC2X3", "IFC4", "IFC4X3", "IFC4X3_ADD2")


class ModelError(InputError):
    """A model that cannot be read, or cannot give a trustworthy figure."""


#: Longest element name shown in messages and reports; a longer one is cut, visibly ("…").
NAME_CHARS = 80


def label(el, default: str | None = None) -> str:
    """An element's name for messages and reports (its GUID, or ``default``, when it has none)."""
    name = str(el.Name or default or el.GlobalId)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS] + "…"


@dataclass(frozen=True)
class OpenModel:
    path: str
    model: Any  # ifcopenshell.file
    schema: str
    length_scale: float  # project length unit → metres
    area_scale: float  # project area unit → m²
    length_unit: str  # as the project names it, e.g. "MILLI METRE"


def _import():
    try:
        import ifcopenshell  # noqa: F401
        import ifcopenshell.util.unit  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ModelError("reading IFC models needs IfcOpenShell",
                         expected="pip install 'zoning-rules[ifc]'") from None
    import ifcopenshell

    return ifcopenshell


def preflight(path: str | Path, max_bytes: int = MAX_BYTES) -> None:
    """Refuse what is not a whole STEP-encoded IFC file, reading only its first and last bytes."""
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ModelError("model not found", file=file) from None
    except OSError as exc:
        raise ModelError(f"cannot read the model: {exc.strerror}", file=file) from None
    if not p.is_file():
        raise ModelError("not a file", file=file, expected="an .ifc file")
    if size > max_bytes:
        raise ModelError(f"the model is {size / 2**20:.0f} MiB, more than the {max_bytes / 2**20:.0f} MiB "
                         f"read", file=file, expected="a smaller model (split it by building or site)")
    try:
        with p.open("rb") as fh:
            head = fh.read(256)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError as exc:
        raise ModelError(f"cannot read the model: {exc.strerror}", file=file) from None
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ISO-10303-21;"):
        if head[:2] == b"PK":
            raise ModelError("the model is a zip (.ifczip); unzip it first", file=file,
                             expected="a STEP-encoded .ifc file")
        raise ModelError("not an IFC file: it does not start with ISO-10303-21;", file=file,
                         expected="a STEP-encoded .ifc file (IFC2X3 or IFC4)")
    if b"END-ISO-10303-21;" not in tail:
        raise ModelError("the model is truncated: END-ISO-10303-21; is missing at its end", file=file,
                         expected="a complete .ifc file")


def _parse_errors() -> list[str]:
    """The errors IfcOpenShell logged since it was last asked (reading the log empties it)."""
    import re

    from ifcopenshell import ifcopenshell_wrapper

    log = ifcopenshell_wrapper.get_log() or ""
    return [re.sub(r"^\[error\] (\[[^]]*\] )?", "", line).strip()
            for line in log.splitlines() if line.startswith("[error]")]


def open_model(path: str | Path, *, max_bytes: int = MAX_BYTES,
               max_entities: int = MAX_ENTITIES) -> OpenModel:
    file = str(path)
    preflight(path, max_bytes)
    ifcopenshell = _import()
    import ifcopenshell.util.unit as unit_util

    _parse_errors()  # drop what an earlier read left in the parser's log
    try:
        model = ifcopenshell.open(file)
    except Exception as exc:  # the parser's errors are of several types, none of them ours
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot parse the model: {text}", file=file,
                         expected="a valid STEP-encoded IFC2X3 or IFC4 file") from None
    errors = _parse_errors()
    if errors:
        # The parser skips what it cannot read (an entity cut short, a reference to nothing) and
        # carries on: reading on would silently drop part of the model.
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ModelError(f"the model does not parse cleanly: {errors[0]}{more}", file=file,
                         expected="a complete, valid STEP-encoded IFC file")
    schema = str(model.schema).upper()
    if schema not in SCHEMAS:
        raise ModelError(f"schema {model.schema!r} is not supported", file=file, expected="IFC2X3 or IFC4")
    count = int(model.get_max_id())  # the largest instance id: a bound on the count
    if count > max_entities:
        raise ModelError(f"the model has up to {count} entities, more than the {max_entities} read",
                         file=file, expected="a smaller model")
    projects = model.by_type("IfcProject")
    if len(projects) != 1:
        raise ModelError(f"the model has {len(projects)} IfcProject: it is damaged or not a building model",
                         file=file, expected="exactly one IfcProject")
    length = unit_util.get_project_unit(model, "LENGTHUNIT")
    if length is None:
        raise ModelError("the project gives no length unit (IfcUnitAssignment has no LENGTHUNIT); "
                         "metres or millimetres cannot be told", file=file, field="IfcProject.UnitsInContext",
                         expected="a LENGTHUNIT in the project's IfcUnitAssignment")
    try:
        length_scale = float(unit_util.calculate_unit_scale(model, "LENGTHUNIT"))
        area_unit = unit_util.get_project_unit(model, "AREAUNIT")
        area_scale = float(unit_util.calculate_unit_scale(model, "AREAUNIT")) if area_unit is not None \
            else length_scale ** 2
    except Exception as exc:
        raise ModelError(f"cannot read the project's units: {exc}", file=file,
                         field="IfcProject.UnitsInContext") from None
    if not (1e-4 <= length_scale <= 1e3):
        raise ModelError(f"the project's length unit scales to {length_scale:g} m", file=file,
                         field="IfcProject.UnitsInContext", expected="a length unit such as metre or millimetre")
    name = " ".join(str(x) for x in (getattr(length, "Prefix", None), getattr(length, "Name", None)) if x)
    return OpenModel(path=file, model=model, schema=schema, length_scale=length_scale,
                     area_scale=area_scale, length_unit=name or str(length.is_a()))
