"""DXF → ``SitePlan``: closed polylines on layers that say what they are, as institutes exchange them.

Read with ezdxf.  Bulge arcs are replaced by chords on the true circle, none farther than the
policy's ``arc_tolerance`` from it (ezdxf's own flattening goes through Bézier curves, which bulge
outward by up to 0.03 % of the radius).  Nested closed outlines on one layer are holes (even-odd,
as a hatch would fill them), except a building outline with its own storey label inside another:
that is a building of its own (a tower on its podium; see ``_nest``).  A text inside a building
outline labels it:

- ``11F`` / ``11层`` — storeys; ``-2F`` / ``地下2层`` — basement storeys;
- ``层高3.0m`` — storey height (else the design's ``storey_height``);
- ``H=49.2m`` / ``高49.2m`` — parapet top (the building's height for a flat roof);
- ``檐口6.9m 屋脊10.5m`` — a pitched roof's eave and ridge;
- ``住宅`` / ``商业`` / ``办公`` — use; ``1#`` — the building's name.

Inside a green outline, ``覆土1.5m`` gives the soil depth over a basement roof.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from .assemble import POLYGONAL, RawFeature, assemble
from .crs import frame
from .model import GeometryError, checked_coordinate

#: role → layer names (case-insensitive); a design's ``dxf_layers`` replaces a role's list.
DEFAULT_LAYERS: dict[str, tuple[str, ...]] = {
    "site": ("用地红线", "ZR-SITE"),
    "building": ("建筑轮廓", "ZR-BUILDING"),
    "green": ("绿地", "ZR-GREEN"),
    "green_concentrated": ("集中绿地", "ZR-GREEN-CONCENTRATED"),
    "green_roof_over_basement": ("地下室顶板绿地", "ZR-GREEN-ROOF"),
    "road": ("道路红线", "ZR-ROAD"),
    "entrance": ("出入口", "ZR-ENTRANCE"),
    "neighbour": ("相邻地块", "ZR-NEIGHBOUR"),
}
_GREEN_KIND = {"green": "ground", "green_concentrated": "concentrated",
               "green_roof_over_basement": "roof_over_basement"}
#: $INSUNITS → metres per drawing unit (0 = unitless: metres assumed).
_UNITS = {0: 1.0, 6: 1.0, 4: 0.001, 5: 0.01, 14: 0.1, 7: 1000.0}

_STOREYS = re.compile(r"(?<![\d.\-])(\d+)\s*(?:F|层)(?![\w])", re.I)
_BASEMENT = re.compile(r"(?:-(\d+)\s*F|地下\s*(\d+)\s*层)", re.I)
_STOREY_HEIGHT = re.compile(r"层高\s*[=:：]?\s*(\d+(?:\.\d+)?)\s*(?:m|米)?", re.I)
_PARAPET = re.compile(r"(?:\bH\s*=|高\s*)\s*(\d+(?:\.\d+)?)\s*(?:m|米)?", re.I)
_EAVE = re.compile(r"檐口\s*[=:：]?\s*(\d+(?:\.\d+)?)\s*(?:m|米)?", re.I)
_RIDGE = re.compile(r"屋脊\s*[=:：]?\s*(\d+(?:\.\d+)?)\s*(?:m|米)?", re.I)
_SOIL = re.compile(r"(?:覆土|soil)\s*[=:：]?\s*(\d+(?:\.\d+)?)\s*(?:m|米)?", re.I)
_NAME = re.compile(r"([A-Za-z]*\d+\s*#)")
_USES = ("住宅", "商业", "办公", "residential", "commercial", "office")


def layer_map(overrides: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Layer name (casefolded) → role key, with the design's overrides applied."""
    roles = dict(DEFAULT_LAYERS)
    for role, names in (overrides or {}).items():
        if role not in roles:
            raise GeometryError(f"dxf_layers: unknown role {role!r}", field="dxf_layers",
                                expected="one of " + ", ".join(roles))
        roles[role] = (names,) if isinstance(names, str) else tuple(names)
    out: dict[str, str] = {}
    for role, names in roles.items():
        for name in names:
            out[str(name).casefold()] = role
    return out


def read_dxf(path: str | Path, *, crs: str | None = None, storey_height: Fraction | None = None,
             layers: Mapping[str, Any] | None = None, arc_tolerance: float = 0.001):
    try:
        import ezdxf
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise GeometryError("reading DXF site plans needs ezdxf", file=str(path),
                            expected="pip install 'zoning-rules[geo]'") from None
    from ..safeio import regular_file

    file = str(path)
    regular_file(path, what="site plan", cls=GeometryError)  # no FIFO, device or oversized file
    try:
        doc = ezdxf.readfile(file)
    except (OSError, ezdxf.DXFError) as exc:
        raise GeometryError(f"not a readable DXF file: {exc}", file=file) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError, RecursionError) as exc:
        # ezdxf's tag loader raises plain Python errors on a malformed value (a coordinate that is
        # not a number …): still a file that cannot be read, not a bug of ours
        from ..textsafe import shown

        raise GeometryError(f"not a readable DXF file: {type(exc).__name__}: {shown(str(exc))[:200]}",
                            file=file) from None
    return from_document(doc, file, crs=crs, storey_height=storey_height, layers=layers,
                         arc_tolerance=arc_tolerance)


def from_document(doc, file: str = "<dxf>", *, crs: str | None = None,
                  storey_height: Fraction | None = None, layers: Mapping[str, Any] | None = None,
                  arc_tolerance: float = 0.001):
    from shapely.geometry import LineString, Point, Polygon

    units = doc.header.get("$INSUNITS", 0)
    if units not in _UNITS:
        raise GeometryError(f"DXF drawing units $INSUNITS={units} are not supported", file=file,
                            expected="millimetres (4), centimetres (5), metres (6) or unitless (metres)")
    scale = _UNITS[units]
    fr = frame(crs, "local")
    by_layer = layer_map(layers)
    msp = doc.modelspace()
    present = sorted({e.dxf.layer for e in msp})
    if not any(name.casefold() in by_layer for name in present):
        raise GeometryError(
            "the DXF has none of the expected layers (layers present: "
            f"{', '.join(present) or 'none'})", file=file,
            expected="layers such as 用地红线/ZR-SITE, 建筑轮廓/ZR-BUILDING, 道路红线/ZR-ROAD, or a "
                     "dxf_layers mapping in the design")
    rings: dict[str, list[tuple[str, list]]] = {}
    raws: list[RawFeature] = []
    texts: list[tuple[str, tuple[float, float]]] = []
    for e in msp:
        kind = e.dxftype()
        if kind in ("TEXT", "MTEXT"):
            text = e.plain_text() if kind == "MTEXT" else e.dxf.text
            ins = e.dxf.insert
            texts.append((text, (ins.x * scale, ins.y * scale)))
            continue
        role = by_layer.get(e.dxf.layer.casefold())
        if role is None:
            continue
        ref = f"DXF handle {e.dxf.handle} on layer {e.dxf.layer}"
        base = "green" if role.startswith("green") else role
        if base == "entrance":
            loc = _point_of(e)
            if loc is None:
                raise GeometryError(f"{ref}: an entrance must be a POINT, INSERT or CIRCLE, not {kind}",
                                    file=file)
            raws.append(RawFeature("entrance", ref, Point(*_checked([loc], scale, ref, file)[0]), {}))
            continue
        pts, closed = _outline(e, arc_tolerance / scale, ref, file)
        if pts is None:
            continue  # text, hatch, dimension … on a mapped layer: not geometry we read
        pts = _checked(pts, scale, ref, file)
        if base in POLYGONAL:
            if not closed:
                raise GeometryError(f"{ref}: polyline is not closed ({len(pts)} points, first "
                                    f"{_xy(pts[0])} ≠ last {_xy(pts[-1])})", file=file,
                                    expected="a closed polyline for a site, building or green outline")
            if len(pts) < 3:
                raise GeometryError(f"{ref}: an outline needs at least 3 points", file=file)
            rings.setdefault(role, []).append((ref, pts))
        else:  # road red line: open or closed
            raws.append(RawFeature("road", ref, Polygon(pts) if closed and len(pts) >= 3 else LineString(pts), {}))
    for role, items in rings.items():
        base = "green" if role.startswith("green") else role
        for ref, poly in _nest(items, texts, base, file):
            props: dict = {}
            if base == "green":
                props["kind"] = _GREEN_KIND[role]
            raws.append(RawFeature(base, ref, poly, props))
    _label(raws, texts, file)
    return assemble(raws, fr, file=file, storey_height=storey_height)


def _checked(pts, scale: float, ref: str, file: str) -> list[tuple[float, float]]:
    """The points in metres, each coordinate finite and within ``MAX_COORDINATE`` (a NaN or 1e300
    in a drawing would otherwise reach GEOS, which warns and answers nonsense)."""
    return [(checked_coordinate(x * scale, ref, file, x), checked_coordinate(y * scale, ref, file, y))
            for x, y in pts]


def _finite(values, ref: str, file: str) -> None:
    """Raw drawing numbers finite and within reach (in drawing units, up to millimetres: the
    bound in metres is checked again once scaled)."""
    for v in values:
        checked_coordinate(v / 1000, ref, file, v)


def _xy(p) -> str:
    return f"({p[0]:.3f}, {p[1]:.3f})"


def _point_of(e) -> tuple[float, float] | None:
    kind = e.dxftype()
    if kind == "POINT":
        v = e.dxf.location
    elif kind == "INSERT":
        v = e.dxf.insert
    elif kind == "CIRCLE":
        v = e.dxf.center
    else:
        return None
    return (v.x, v.y)


#: Points one arc may become: at the default 1 mm tolerance, a half circle of 8 000 km radius.  An
#: arc needing more (a circle of radius 1e11 in a drawing) is refused before its points are made —
#: they once took 3 GB and 20 s to fail.
MAX_ARC_POINTS = 100_000


def _arc_points(p1, p2, bulge: float, tol: float, ref: str = "", file: str = "<dxf>") -> list[tuple[float, float]]:
    """Points strictly inside the arc from p1 to p2 with the given bulge, on the true circle."""
    (x1, y1), (x2, y2) = p1, p2
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy)
    if bulge == 0 or d == 0:
        return []
    theta = 4 * math.atan(bulge)  # signed included angle, CCW positive
    r = d / (2 * math.sin(theta / 2))  # signed
    off = r * math.cos(theta / 2)
    cx, cy = (x1 + x2) / 2 - dy / d * off, (y1 + y2) / 2 + dx / d * off
    radius = abs(r)
    step = 2 * math.acos(max(-1.0, 1 - tol / radius)) if tol < radius else math.pi / 2
    n = max(2, math.ceil(abs(theta) / step)) if step > 0 else MAX_ARC_POINTS + 1
    if n > MAX_ARC_POINTS:
        raise GeometryError(f"{ref}: an arc of radius {radius:.6g} would take {n} points to draw within "
                            f"{tol:g} (圆弧过大)", file=file,
                            expected=f"arcs of a site's size (at most {MAX_ARC_POINTS} points each)")
    a0 = math.atan2(y1 - cy, x1 - cx)
    return [(cx + radius * math.cos(a0 + theta * k / n), cy + radius * math.sin(a0 + theta * k / n))
            for k in range(1, n)]


def _outline(e, tol: float, ref: str, file: str) -> tuple[list | None, bool]:
    kind = e.dxftype()
    if kind == "LWPOLYLINE":
        verts = [(x, y, b) for x, y, b in e.get_points("xyb")]
        closed = bool(e.closed)
    elif kind == "POLYLINE":
        if not (e.is_2d_polyline or e.is_3d_polyline):
            return None, False
        verts = [(v.dxf.location.x, v.dxf.location.y, v.dxf.get("bulge", 0)) for v in e.vertices]
        closed = bool(e.is_closed)
    elif kind == "LINE":
        s, t = e.dxf.start, e.dxf.end
        return [(s.x, s.y), (t.x, t.y)], False
    elif kind == "CIRCLE":
        c, r = e.dxf.center, e.dxf.radius
        _finite((c.x, c.y, r), ref, file)
        half = _arc_points((c.x + r, c.y), (c.x - r, c.y), 1.0, tol, ref, file)
        other = _arc_points((c.x - r, c.y), (c.x + r, c.y), 1.0, tol, ref, file)
        return [(c.x + r, c.y), *half, (c.x - r, c.y), *other], True
    else:
        return None, False
    if not verts:
        raise GeometryError(f"{ref}: an empty polyline", file=file)
    for v in verts:  # before any arc is drawn: a NaN bulge or an infinite vertex breaks the maths
        _finite(v, ref, file)
    if not closed and len(verts) > 2 and verts[0][:2] == verts[-1][:2]:
        closed, verts = True, verts[:-1]
    elif closed and len(verts) > 1 and verts[0][:2] == verts[-1][:2] and verts[-1][2] == 0:
        verts = verts[:-1]
    pts: list[tuple[float, float]] = []
    n = len(verts)
    for i, (x, y, b) in enumerate(verts):
        pts.append((x, y))
        if i + 1 < n or closed:
            nx, ny, _ = verts[(i + 1) % n]
            pts.extend(_arc_points((x, y), (nx, ny), b, tol, ref, file))
    return pts, closed


def _nest(items: list[tuple[str, list]], texts: list[tuple[str, tuple[float, float]]] = (),
          role: str = "building", file: str = "<dxf>"):
    """Nested outlines on one layer: even-odd (an outline inside another is its hole, an outline
    inside a hole is a shape again) — except that on a building layer an outline that carries its
    own storey label is a building of its own, a tower drawn on its podium.

    Such a tower stands from the ground (its label counts its storeys from there, as 30F does) and
    the outline around it keeps it as a hole, so no floor is counted twice and the footprints still
    cover the whole outline.  A label in a hole that is not a storey label (a name, a use, a height
    without storeys; or a soil depth in a hole of green) leaves the drawing ambiguous: an error
    naming both outlines, never a label silently dropped.
    """
    from shapely import ops
    from shapely.geometry import Point, Polygon

    polys = [(ref, Polygon(pts)) for ref, pts in items]
    polys.sort(key=lambda rp: -abs(rp[1].area))
    parent: dict[int, int | None] = {}
    for i, (ref, p) in enumerate(polys):
        best = None
        for j in range(i):
            q = polys[j][1]
            if q.is_valid and p.is_valid and q.contains(p):
                best = j  # later containers are smaller: the last one found is the innermost
        parent[i] = best
    children = {i: [j for j in parent if parent[j] == i] for i in parent}

    def own_texts(i: int) -> list[str]:
        """Texts inside outline i and not inside any outline nested in it."""
        shell = Polygon(polys[i][1].exterior.coords)
        inner = [Polygon(polys[j][1].exterior.coords) for j in children[i]]
        return [t for t, xy in texts
                if shell.contains(Point(xy)) and not any(c.contains(Point(xy)) for c in inner)]

    solid: dict[int, bool] = {}
    for i, (ref, p) in enumerate(polys):  # containers come first (larger areas)
        up = parent[i]
        if up is None or not solid[up]:
            solid[i] = True  # an outline, or an island inside a hole
            continue
        labels = [t for t in own_texts(i) if _is_label(t, role)]
        if role == "building" and any(_storeys_in(t) for t in labels):
            solid[i] = True  # a building on top of / inside another: its own label says so
            continue
        if labels:
            what = "a building with its own storey label (such as 30F), or a courtyard without labels" \
                if role == "building" else "labels inside the outline they describe"
            raise GeometryError(
                f"{ref}: an outline nested inside {polys[up][0]} holds the label "
                f"“{labels[0].strip()}”, but a nested outline without a storey label is a hole "
                f"(courtyard); the label would be lost", file=file, expected=what)
        solid[i] = False
    out = []
    for i, (ref, p) in enumerate(polys):
        if not solid[i]:
            continue
        holes = [polys[j][1].exterior.coords for j in children[i] if not solid[j]]
        shape = Polygon(p.exterior.coords, holes) if holes else p
        towers = [j for j in children[i] if solid[j]]
        if towers and shape.is_valid:
            shape = shape.difference(ops.unary_union([polys[j][1] for j in towers]))
            if shape.geom_type != "Polygon" or shape.is_empty:
                raise GeometryError(
                    f"{ref}: the building(s) drawn inside it ({', '.join(polys[j][0] for j in towers)}) "
                    f"cut it into {len(getattr(shape, 'geoms', ())) or 'no'} pieces", file=file,
                    expected="each remaining piece drawn as its own closed outline with its own label")
        out.append((ref, shape))
    return out


def _storeys_in(text: str) -> bool:
    return bool(_STOREYS.search(_BASEMENT.sub(" ", text.strip())))


def _is_label(text: str, role: str) -> bool:
    """Whether a text says something ``_label`` would read for an outline of this role."""
    t = text.strip()
    if role == "green":
        return bool(_SOIL.search(t))
    if role != "building":
        return False
    return bool(_storeys_in(t) or _BASEMENT.search(t) or _STOREY_HEIGHT.search(t) or _PARAPET.search(t)
                or _EAVE.search(t) or _RIDGE.search(t) or _NAME.search(t)
                or any(u in t.lower() for u in _USES))


def _num(text: str) -> Decimal:
    return Decimal(text)


def _label(raws: list[RawFeature], texts: list[tuple[str, tuple[float, float]]], file: str) -> None:
    """Properties from the texts that lie inside each building or green outline."""
    from shapely.geometry import Point

    for raw in raws:
        if raw.role not in ("building", "green"):
            continue
        inside = [t for t, (x, y) in texts if raw.geom.is_valid and raw.geom.contains(Point(x, y))]
        found: dict[str, Any] = {}

        def put(key: str, value: Any, text: str) -> None:
            if key in found and found[key] != value:
                raise GeometryError(f"{raw.ref}: labels disagree on {key}: {found[key]} and {value} "
                                    f"(“{text}”)", file=file)
            found[key] = value

        for text in inside:
            t = text.strip()
            if raw.role == "green":
                m = _SOIL.search(t)
                if m:
                    put("soil_depth", _num(m[1]), t)
                continue
            for m in _BASEMENT.finditer(t):
                put("basement_storeys", int(m[1] or m[2]), t)
            rest = _BASEMENT.sub(" ", t)
            m = _STOREYS.search(rest)
            if m:
                put("storeys", int(m[1]), t)
            m = _STOREY_HEIGHT.search(t)
            if m:
                put("storey_height", _num(m[1]), t)
            m = _PARAPET.search(_STOREY_HEIGHT.sub(" ", t))
            if m:
                put("parapet", _num(m[1]), t)
            m = _EAVE.search(t)
            if m:
                put("eave", _num(m[1]), t)
            m = _RIDGE.search(t)
            if m:
                put("ridge", _num(m[1]), t)
                put("roof", "pitched", t)
            for use in _USES:
                if use in t.lower():
                    put("use", use, t)
            m = _NAME.search(t)
            if m:
                put("name", m[1].replace(" ", ""), t)
        if raw.role == "building" and "storeys" not in found:
            raise GeometryError(f"{raw.ref}: no storey label (such as 11F or 11层) inside the building "
                                f"outline", file=file, expected="a TEXT or MTEXT label inside the outline")
        raw.props.update(found)
