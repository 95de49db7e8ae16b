"""BCF 2.1 (BIM Collaboration Format): the findings handed back to the architect's BIM tool.

One topic per failed or indeterminate finding — its code, message, the letter and clause the limit
comes from — with a viewpoint that selects (and colours) the elements that decided it: the IfcGUIDs
a model's evidence names (the tallest building and its parapet for height, the buildings for
density, the green for the green ratio …).  A finding without model evidence (land use) selects
the site.  Warnings and passes are not issues to open in a BIM tool and are left out; every
report's findings are still in the other formats.

Written with the standard library (a zip of small XML files, bcf.version + project.bcfp +
<topic>/markup.bcf + <topic>/viewpoint.bcfv as the BCF 2.1 XSDs order them); the tests read it
back with IfcOpenShell's bcf-client, whose classes are generated from those XSDs.  Topic GUIDs are
UUIDs derived from the design, the finding and its position, so a re-run gives the same topics.
"""
from __future__ import annotations

import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET
import zipfile

from .. import fmt
from ..indicators import describe
from ..status import Status

#: The statuses that become topics.
TOPIC_STATUSES = (Status.FAIL, Status.INDETERMINATE)
NAMESPACE = uuid.UUID("6f1c8a52-8f0e-4a4c-9a43-2b1f0e7c5d11")
AUTHOR = "zoning-rules"
COLOUR = {Status.FAIL: "FF0000", Status.INDETERMINATE: "FFA500"}
STATUS_TEXT = {"zh": {Status.FAIL: "不通过", Status.INDETERMINATE: "无法判定"},
               "en": {Status.FAIL: "fails", Status.INDETERMINATE: "indeterminate"}}


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _source(f, lang: str) -> str:
    a = f.approval
    if a is None:
        return ""
    from ._common import clause_text

    clause = clause_text(a.clause, lang) if a.clause else ""
    if lang == "zh":
        return f"{a.source.id} {clause}（{a.effective.isoformat()} 起）".replace(" （", "（")
    return f"{a.source.id} {clause}, in force from {a.effective.isoformat()}".replace(" ,", ",")


def _elements(report, f) -> tuple[str, ...]:
    ev = report.evidence
    item = ev.get(f.indicator)
    if item is None and f.indicator in ("far",):
        item = ev.get("floor_area")
    if item is None:
        item = ev.get("site_area")  # no element decided it: the site it is about
    return tuple(item.elements) if item is not None else ()


def _model_name(report) -> tuple[str, str | None]:
    model = report.evidence.get("model")
    if model is not None:
        # "bz-13-10.ifc (IFC4, length unit …)": the file name is what precedes the parenthesis
        return model.source_en.split(" (")[0], (model.elements[0] if model.elements else None)
    return (report.path or report.design), None


def topics(report, lang: str = "zh"):
    """(topic uuid, finding, element GUIDs) for each finding that becomes a topic."""
    out = []
    for i, f in enumerate(report.findings):
        if f.status not in TOPIC_STATUSES:
            continue
        tid = uuid.uuid5(NAMESPACE, f"{report.design}|{report.plot}|{i}|{f.code}|{f.reason}")
        out.append((tid, f, _elements(report, f)))
    return out


def _markup(report, tid, f, guids, lang: str, now: str) -> bytes:
    ind = describe(f.indicator)
    name = ind.zh if lang == "zh" else ind.en
    root = ET.Element("Markup")
    filename, project = _model_name(report)
    header = _sub(root, "Header")
    file_el = _sub(header, "File", IfcProject=project, isExternal="true")
    _sub(file_el, "Filename", filename)
    topic = _sub(root, "Topic", Guid=str(tid), TopicType="Error" if f.status == Status.FAIL else "Issue",
                 TopicStatus="Open")
    status = STATUS_TEXT[lang][f.status]
    _sub(topic, "Title", f"[{f.code}] {name} {status} · {report.plot}")
    _sub(topic, "Priority", "High" if f.status == Status.FAIL else "Normal")
    for label in (f.code, f.status, report.plot):
        _sub(topic, "Labels", label)
    _sub(topic, "CreationDate", now)
    _sub(topic, "CreationAuthor", AUTHOR)
    lines = [f.message(lang)]
    if f.limit is not None:
        lines.append(("限值：" if lang == "zh" else "limit: ") + fmt.limit_text(f.limit, lang))
    if f.approval is not None:
        lines.append(("依据：" if lang == "zh" else "source: ") + _source(f, lang))
    if guids:
        lines.append(("相关构件：" if lang == "zh" else "elements: ") + ", ".join(guids))
    _sub(topic, "Description", "\n".join(lines))
    vid = uuid.uuid5(tid, "viewpoint")
    comment = _sub(root, "Comment", Guid=str(uuid.uuid5(tid, "comment")))
    _sub(comment, "Date", now)
    _sub(comment, "Author", AUTHOR)
    other = "en" if lang == "zh" else "zh"
    _sub(comment, "Comment", f.message(other))
    _sub(comment, "Viewpoint", Guid=str(vid))
    vps = _sub(root, "Viewpoints", Guid=str(vid))
    _sub(vps, "Viewpoint", "viewpoint.bcfv")
    return _xml(root)


def _viewpoint(tid, f, guids) -> bytes:
    root = ET.Element("VisualizationInfo", Guid=str(uuid.uuid5(tid, "viewpoint")))
    comps = _sub(root, "Components")
    if guids:
        sel = _sub(comps, "Selection")
        for g in guids:
            _sub(sel, "Component", IfcGuid=g)
    _sub(comps, "Visibility", DefaultVisibility="true")
    if guids:
        col = _sub(comps, "Coloring")
        colour = _sub(col, "Color", Color=COLOUR[f.status])
        for g in guids:
            _sub(colour, "Component", IfcGuid=g)
    return _xml(root)


def render(batch, lang: str = "zh", **_options) -> bytes:
    lang = "en" if str(lang).lower().startswith("en") else "zh"
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        version = ET.Element("Version", VersionId="2.1")
        _sub(version, "DetailedVersion", "2.1")
        z.writestr("bcf.version", _xml(version))
        plots = sorted({r.plot for r in batch.reports})
        project = ET.Element("ProjectExtension")
        p = _sub(project, "Project", ProjectId=str(uuid.uuid5(NAMESPACE, "|".join(plots))))
        _sub(p, "Name", "zoning-rules: " + ", ".join(plots))
        _sub(project, "ExtensionSchema", "")
        z.writestr("project.bcfp", _xml(project))
        for report in batch.reports:
            for tid, f, guids in topics(report, lang):
                z.writestr(f"{tid}/markup.bcf", _markup(report, tid, f, guids, lang, now))
                z.writestr(f"{tid}/viewpoint.bcfv", _viewpoint(tid, f, guids))
    return buf.getvalue()
