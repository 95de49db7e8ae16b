"""The site plan drawn for an officer: boundary, buildings, green, road red lines, setback, violations.

Officers look before they read.  Counted green is solid, discounted green (wall strips, thin soil,
outside the site) is pale and hatched; the least setback is dimensioned; whatever breaks a rule is
red.  Labels are English unless a CJK font is installed (Chinese names are then kept as written).
matplotlib comes with the ``figure`` extra and is imported only here.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .compute import SiteFigures
from .model import GeometryError

RED = "#d62728"
COUNTED = "#59a14f"
DISCOUNTED = "#d4ecd0"
BUILDING = "#b8b8b8"
ROAD = "#e07b00"
SITE = "#1f3b73"
FORMATS = (".png", ".svg", ".pdf")


def _mpl():
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise GeometryError("drawing the site plan needs matplotlib",
                            expected="pip install 'zoning-rules[figure]'") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return matplotlib, plt


@lru_cache(maxsize=1)
def _cjk_font() -> str | None:
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(k in f.name for k in ("CJK", "Noto Sans SC", "WenQuanYi", "SimHei", "Source Han", "Droid Sans Fallback")):
            return f.name
    return None


def _txt(s: str | None, fallback: str = "") -> str:
    if s is None:
        return fallback
    if _cjk_font():
        return s
    ascii_only = "".join(c for c in s if ord(c) < 128).strip()
    return " ".join(ascii_only.split()) or fallback


def _parts(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("Polygon", "LineString", "Point"):
        return [geom]
    return [p for g in geom.geoms for p in _parts(g)]


def _poly(ax, geom, origin, **kw):
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    ox, oy = origin
    for p in _parts(geom):
        if p.geom_type != "Polygon":
            continue
        verts, codes = [], []
        for ring in (p.exterior, *p.interiors):
            xy = [(x - ox, y - oy) for x, y in ring.coords]
            verts += xy
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MPath(verts, codes), **kw))


def _line(ax, geom, origin, **kw):
    ox, oy = origin
    for p in _parts(geom):
        ring = p.exterior if p.geom_type == "Polygon" else p
        xs, ys = zip(*[(x - ox, y - oy) for x, y in ring.coords])
        ax.plot(xs, ys, **kw)
        kw.pop("label", None)


def _failing(report) -> set[str]:
    if report is None:
        return set()
    return {f.indicator for f in report.findings if f.status == "fail"}


def draw(figs: SiteFigures, path: str | Path, report: Any = None, *, title: str | None = None) -> Path:
    """Write the figure to ``path`` (.png, .svg or .pdf) and return it."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise GeometryError(f"cannot draw a figure as {out.suffix or 'no suffix'!r}", field="--figure",
                            value=str(path), expected="a .png, .svg or .pdf file name")
    matplotlib, plt = _mpl()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    font = _cjk_font()
    rc = {"svg.fonttype": "none"}  # text stays text in SVG: searchable, selectable
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    fails = _failing(report)
    plan = figs.plan
    minx, miny, maxx, maxy = plan.site.area.bounds
    origin = (minx, miny)
    w, h = maxx - minx, maxy - miny
    with matplotlib.rc_context(rc):
        aspect = min(1.5, max(0.5, h / w))
        fig = plt.figure(figsize=(13, max(6.5, 9.2 * aspect + 1.0)))
        grid = fig.add_gridspec(1, 2, width_ratios=[3.0, 1.05], wspace=0.04)
        ax, side = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        side.axis("off")
        for n in plan.neighbours:
            _poly(ax, n.area, origin, facecolor="none", edgecolor="#999999", linestyle=":", linewidth=1)
        from shapely import ops

        all_green = ops.unary_union([g.area for g in plan.greens]) if plan.greens else None
        not_counted = all_green.difference(figs.counted_green) if all_green is not None else None
        _poly(ax, not_counted, origin, facecolor=DISCOUNTED, edgecolor="#8fbf88", hatch="////",
              linewidth=0.4)
        _poly(ax, figs.counted_green, origin, facecolor=COUNTED, edgecolor="none", alpha=0.85)
        for r in plan.roads:
            _line(ax, r.line, origin, color=ROAD, linewidth=2.2, linestyle="--")
        _line(ax, plan.site.area, origin, color=SITE, linewidth=2.4, linestyle="-.")
        height_fail = "height" in fails
        for i, b in enumerate(figs.buildings, 1):
            tall = height_fail and b.height == figs.height
            _poly(ax, b.building.footprint, origin, facecolor=BUILDING, edgecolor=RED if tall else "#333333",
                  linewidth=2.2 if tall else 1.0)
            if b.outside_area > 0:
                _poly(ax, b.outside, origin, facecolor=RED, edgecolor=RED, alpha=0.6, hatch="xx")
            c = b.building.footprint.representative_point()
            name = _txt(b.building.name, f"B{i}")
            ax.text(c.x - origin[0], c.y - origin[1],
                    f"{name}\n{b.building.storeys}F  {float(b.height):.1f} m",
                    ha="center", va="center", fontsize=7.5, color=RED if tall else "black", zorder=5)
        _setbacks(ax, figs, origin, fails)
        for e, facing in figs.entrance_sides:
            ax.plot(e.point.x - origin[0], e.point.y - origin[1], marker="^", markersize=11, color="#7b3294",
                    markeredgecolor="white", zorder=6)
            ax.annotate(f"entrance ({facing})", (e.point.x - origin[0], e.point.y - origin[1]),
                        textcoords="offset points", xytext=(6, 8), fontsize=8, color="#7b3294")
        pad = 0.08 * max(w, h)
        ax.set_xlim(-pad, w + pad)
        ax.set_ylim(-pad, h + pad)
        ax.set_aspect("equal")
        ax.set_xlabel("m east of the site's west edge")
        ax.set_ylabel("m north of the site's south edge")
        ax.grid(True, linewidth=0.3, alpha=0.5)
        ax.annotate("N", xy=(0.97, 0.97), xytext=(0.97, 0.90), xycoords="axes fraction", ha="center",
                    fontsize=12, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black"})
        handles = [
            Line2D([], [], color=SITE, linestyle="-.", linewidth=2.4, label="site boundary"),
            Line2D([], [], color=ROAD, linestyle="--", linewidth=2.2, label="road red line"),
            Patch(facecolor=BUILDING, edgecolor="#333333", label="building (storeys, height)"),
            Patch(facecolor=COUNTED, label=(f"green counted {float(figs.green_area):,.0f} m²"
                                            if figs.green_area is not None else "no green drawn")),
            Patch(facecolor=DISCOUNTED, edgecolor="#8fbf88", hatch="////",
                  label=f"green not counted {(not_counted.area if not_counted is not None else 0):,.0f} m²"),
            Patch(facecolor=RED, alpha=0.6, label="violation"),
        ]
        side.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
        y = 0.74
        for text, bad in [(line, False) for line in _summary(figs).splitlines()] + [("", False)] + list(
                _status_lines(figs, fails)):
            side.text(0.0, y, text, transform=side.transAxes, fontsize=9, va="top", family="monospace",
                      color=RED if bad else "black", fontweight="bold" if bad else "normal")
            y -= 0.026
        ax.set_title(_txt(title) or f"{_txt(plan.site.name, 'site')} | {Path(plan.source).name}  ({plan.crs})",
                     fontsize=10)
        fig.savefig(out, dpi=150, bbox_inches="tight")
        plt.close(fig)
    return out


def _setbacks(ax, figs: SiteFigures, origin, fails: set[str]) -> None:
    least = figs.least_setback
    shown = [least] if least is not None else []
    large = [b for b in figs.buildings if b.large_commercial and b.setback is not None]
    if large:
        nearest_large = min(large, key=lambda b: b.setback)
        if nearest_large is not least:
            shown.append(nearest_large)
    for b in shown:
        (px, py), (qx, qy) = _dimension(b, figs)
        ox, oy = origin
        bad = "setback" in fails and (b.large_commercial or b is least)
        if bad:
            _poly(ax, b.building.footprint, origin, facecolor="none", edgecolor=RED, linewidth=2.4, zorder=4)
        color = RED if bad else "black"
        ax.annotate("", xy=(px - ox, py - oy), xytext=(qx - ox, qy - oy),
                    arrowprops={"arrowstyle": "<|-|>", "color": color, "linewidth": 1.6}, zorder=7)
        tag = " (large commercial)" if b.large_commercial else ""
        ax.annotate(f"{float(b.setback):.2f} m{tag}", ((px + qx) / 2 - ox, (py + qy) / 2 - oy),
                    textcoords="offset points", xytext=(6, 2), fontsize=8.5, color=color,
                    fontweight="bold", zorder=8,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _dimension(b, figs: SiteFigures):
    """Where to dimension a building's setback: the middle of the wall stretch that is nearest the
    road red line (a corner when only a corner is nearest)."""
    from shapely import ops

    roads = ops.unary_union([r.line for r in figs.plan.roads])
    near = b.building.footprint.exterior.intersection(roads.buffer(float(b.setback) + 1e-6))
    from shapely.geometry import LineString

    segments = [LineString([a, c]) for g in _parts(near) if g.geom_type == "LineString"
                for a, c in zip(g.coords, list(g.coords)[1:]) if a != c]
    if not segments:
        return b.nearest
    mid = max(segments, key=lambda g: g.length).interpolate(0.5, normalized=True)
    p, q = ops.nearest_points(mid, roads)
    return (p.x, p.y), (q.x, q.y)


def _summary(figs: SiteFigures) -> str:
    rows = [("site area", f"{float(figs.site_area):,.2f} m²"),
            ("footprint", f"{float(figs.footprint_area):,.2f} m²"),
            ("floor area (FAR)", f"{float(figs.floor_area):,.2f} m²"),
            ("green counted", f"{float(figs.green_area):,.2f} m²" if figs.green_area is not None else "none drawn")]
    return "computed from the plan\n" + "\n".join(f"{k:<17}{v:>16}" for k, v in rows)


def _status_lines(figs: SiteFigures, fails: set[str]):
    rows = [("far", "FAR", f"{float(figs.far):.2f}"),
            ("building_density", "coverage", f"{float(figs.building_density) * 100:.2f} %"),
            ("green_ratio", "green ratio",
             f"{float(figs.green_ratio) * 100:.2f} %" if figs.green_ratio is not None else "—"),
            ("height", "height", f"{float(figs.height):.2f} m")]
    if figs.setback is not None:
        rows.append(("setback", "least setback", f"{float(figs.setback):.2f} m"))
    if any(b.outside_area > b.outside_band for b in figs.buildings):
        rows.append(("within_site", "outside site", "VIOLATION"))
    for key, name, value in rows:
        bad = key in fails
        yield f"{name:<17}{value:>16}{'  FAIL' if bad else ''}", bad
