"""The CPU work of a check, run in the server's worker pool so the event loop never waits on it.

Everything here takes and returns plain, picklable data (bytes in, rendered text out), so the same
functions run in a process pool (the server) or a thread pool (tests).  Uploaded files are written
to a temporary directory made for this one call and removed when it returns, whatever happens;
the only paths that reach the file system are the ones made here from sanitised upload names.
A design's ``site_plan`` must name a file uploaded with it — a path (``../../etc/passwd``, an
absolute one) is refused before anything is read.

The report is the CLI's: ``checker.check`` on the saved design, rendered by ``reporters.html`` (the
page the officer sees and prints), ``reporters.json_`` and any other download format registered in
``reporters.REPORTERS`` (BCF once it exists).  Nothing is decided here.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

DESIGN_SUFFIXES = (".yaml", ".yml", ".json")
PLAN_SUFFIXES = (".geojson", ".dxf")
#: Model inputs checked on their own (no design file), once the ifc input exists; see ``_model_suffixes``.
MODEL_SUFFIXES = (".ifc",)
#: Download formats rendered at check time when a reporter for them is registered (besides html, pdf).
DOWNLOADS = ("json", "bcf")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class Refused(Exception):
    """Input the check cannot take: the message is the one the CLI prints (file, field, value,
    what was expected), with no server path in it.  Shown on the page with HTTP 400 (or ``status``)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, status)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


class Failed(Exception):
    """Something unexpected broke in a worker; the traceback went to the server's log, not the page."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Checked:
    """One design's report, rendered in every language and download format."""

    name: str  # the uploaded file name
    design_name: str | None
    plot: str
    status: str
    counts: dict
    html: dict  # lang → the HTML report (the reporter's document)
    downloads: dict = field(default_factory=dict)  # format → str | bytes


@dataclass(frozen=True)
class Outcome:
    as_of: str
    items: tuple[Checked, ...]
    batch_json: str


def safe_name(name: str) -> str:
    """The file name of an upload (no directory), or ``Refused``: browsers send a bare name, but
    a client may send anything, so separators, control characters and dot files are refused."""
    raw = str(name or "")
    base = PurePosixPath(raw.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base).strip()
    if (not base or base in (".", "..") or base.startswith(".") or _BAD_NAME.search(base)
            or len(base.encode("utf-8")) > 200 or base != raw.strip()):
        raise Refused(f"{raw!r}: not a usable file name (expected a plain name such as design.yaml, "
                      f"without a directory)")
    return base


def _model_suffixes() -> tuple[str, ...]:
    """``.ifc`` when this installation reads BIM models (``zoning_rules.ifc``), else nothing: the
    page offers exactly what the command line can check."""
    import importlib.util

    return MODEL_SUFFIXES if importlib.util.find_spec("zoning_rules.ifc") is not None else ()


def accepted_suffixes() -> tuple[str, ...]:
    return DESIGN_SUFFIXES + PLAN_SUFFIXES + _model_suffixes()


def _plan_reference(doc, name: str, uploaded: set[str]) -> str | None:
    """The uploaded file a design's ``site_plan`` names, or ``Refused``: only a bare name of a file
    sent in the same request reaches a reader.  Decided on the parsed file before the design is
    loaded — loading already opens a model the design names (to take its plot code)."""
    from ..errors import InputError

    if not isinstance(doc.data, dict) or doc.data.get("site_plan") is None:
        return None
    text = str(doc.data["site_plan"])
    p = PurePosixPath(text.replace("\\", "/"))
    line = doc.line_of(("site_plan",))
    if (text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text) or len(p.parts) != 1
            or p.name in (".", "..") or _BAD_NAME.search(p.name)):
        raise InputError("the web application reads only files uploaded with the design; a path is "
                         "not accepted", file=name, line=line, field="site_plan", value=text,
                         expected="the bare file name of a site plan (GeoJSON/DXF) or model (IFC) uploaded "
                                  "together with this design")
    if text not in uploaded:
        raise InputError(f"{text!r} was not uploaded with the design", file=name, line=line,
                         field="site_plan", value=text,
                         expected="upload the site plan (GeoJSON/DXF) or model (IFC) together with the design")
    return text


def warm(rules: tuple[str, ...] = ()) -> None:
    """Worker initialiser: import the checker and reporters and load the rule book once, so the
    first request does not pay for it."""
    from ..checker import check  # noqa: F401
    from ..reporters import html, json_  # noqa: F401
    from ..rulebook import load_rulebook

    load_rulebook(*rules)


def check_uploads(uploads: list[Upload], as_of: str | None, comparison: str = "full",
                  rules: tuple[str, ...] = ()) -> Outcome:
    """Check every uploaded design (site plans ride along with the design naming them)."""
    try:
        with tempfile.TemporaryDirectory(prefix="zr-web-") as tmp:
            try:
                return _check(Path(tmp), uploads, as_of, comparison, rules)
            except Refused:
                raise
            except Exception as exc:
                from ..errors import ZoningError

                if isinstance(exc, ZoningError):
                    raise Refused(_scrub(str(exc), tmp)) from None
                raise
    except (Refused, Failed):
        raise
    except Exception:
        traceback.print_exc(file=sys.stderr)  # the server's log; the page says only that it failed
        raise Failed("the check failed unexpectedly") from None


def _scrub(text: str, tmp: str) -> str:
    """Messages name the file as uploaded, never the temporary directory it was saved in."""
    for prefix in (tmp + os.sep, str(Path(tmp).resolve()) + os.sep, tmp):
        text = text.replace(prefix, "")
    return text


def _check(tmp: Path, uploads: list[Upload], as_of, comparison: str, rules) -> Outcome:
    from ..checker import DEFAULT_POLICY, check, parse_date
    from ..design import load_design
    from ..report import BatchReport
    from ..reporters import render
    from ..rulebook import load_rulebook
    from ..sourcefile import load

    if not uploads:
        raise Refused("no file uploaded (expected at least one design file: .yaml, .yml or .json)")
    suffixes = accepted_suffixes()
    names: list[str] = []
    for up in uploads:
        name = safe_name(up.name)
        if name in names:
            raise Refused(f"{name}: uploaded twice (expected each file once)")
        if not name.lower().endswith(suffixes):
            raise Refused(f"{name}: not a design or site-plan file (expected {', '.join(suffixes)})")
        names.append(name)
        (tmp / name).write_bytes(up.data)
    day = parse_date(as_of)
    policy = replace(DEFAULT_POLICY, comparison=comparison)
    book = load_rulebook(*rules)
    uploaded = set(names)
    models = _model_suffixes()
    referenced: set[str] = set()
    loaded = {}
    for name in names:
        if name.lower().endswith(DESIGN_SUFFIXES):
            plan = _plan_reference(load(tmp / name), name, uploaded)
            if plan is not None:
                referenced.add(plan)
            loaded[name] = load_design(str(tmp / name))
    # A model no design names is checked on its own, as `zoning-rules check model.ifc` does.
    designs = [n for n in names if n in loaded or (models and n.lower().endswith(models) and n not in referenced)]
    if not designs:
        raise Refused("no design file among the uploads (a site plan needs the design file that names it: "
                      ".yaml, .yml or .json)")
    stray = [n for n in names if n.lower().endswith(PLAN_SUFFIXES) and n not in referenced]
    if stray:
        raise Refused(f"{stray[0]}: no uploaded design names this site plan (expected a design with "
                      f"site_plan: {stray[0]})")
    reports = []
    for name in designs:
        target = loaded.get(name, str(tmp / name))
        report = check(target, book, day, policy=policy)
        reports.append(replace(report, design=name))  # path stays: the figure re-reads the plan
    if book.boundaries:  # the officer's report draws the plot and its neighbours, as check --format html
        from ..plan.mapdraw import with_plot_maps

        reports = list(with_plot_maps(BatchReport(tuple(reports)), book).reports)
    items = []
    for report in reports:
        one = BatchReport((report,))
        html = {lang: _scrub(render(one, "html", lang), str(tmp)) for lang in ("zh", "en")}
        downloads = {}
        for fmt in _download_formats():
            out = render(one, fmt, "zh")
            downloads[fmt] = out if isinstance(out, bytes) else _scrub(out, str(tmp))
        counts = report.counts()
        items.append(Checked(name=report.design, design_name=report.design_name, plot=report.plot,
                             status=report.status, counts=counts, html=html, downloads=downloads))
    batch = BatchReport(tuple(reports))
    return Outcome(as_of=day.isoformat(), items=tuple(items),
                   batch_json=_scrub(render(batch, "json", "zh"), str(tmp)))


def _download_formats() -> tuple[str, ...]:
    from ..reporters import REPORTERS

    return tuple(f for f in DOWNLOADS if f in REPORTERS)


def print_pdf(html: str) -> bytes:
    """The report page as PDF (WeasyPrint, through the PDF reporter)."""
    from ..reporters.pdf import print_html

    return print_html(html)


def draw_plot_map(rules: tuple[str, ...], plot: str, as_of: str, lang: str) -> bytes:
    """The ``map`` command's drawing of a plot and its neighbours, as PNG bytes."""
    from ..checker import parse_date
    from ..errors import ZoningError
    from ..plan.mapdraw import draw_map
    from ..rulebook import load_rulebook

    try:
        with tempfile.TemporaryDirectory(prefix="zr-web-") as tmp:
            try:
                out = draw_map(load_rulebook(*rules), Path(tmp) / "map.png", as_of=parse_date(as_of), plot=plot,
                               lang=lang)
                return out.read_bytes()
            except ZoningError as exc:
                raise Refused(_scrub(str(exc), tmp)) from None
    except Refused:
        raise
    except Exception:
        traceback.print_exc(file=sys.stderr)
        raise Failed("drawing the map failed unexpectedly") from None
