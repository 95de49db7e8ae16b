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
from ..status import Status

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


_CJK_NAMES = ("CJK", "Noto Sans SC", "WenQuanYi", "SimHei", "Source Han", "Droid Sans Fallback")
_CJK_FILES = ("cjk", "wqy", "wenquanyi", "droidsansfallback", "sourcehan", "simhei")


@lru_cache(maxsize=1)
def _cjk_font() -> str | None:
    """A font that has Chinese characters, preferring sans-serif faces.

    matplotlib caches its font list the first time it runs, so fonts installed later (as
    scripts/install-browser does) are missing from it: look for them on disk and add them.
    """
    from matplotlib import font_manager

    def known():
        names = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in _CJK_NAMES)]
        return sorted(names, key=lambda n: ("Sans" not in n, n))

    names = known()
    if not names:
        for path in font_manager.findSystemFonts():
            if any(k in path.lower().replace("-", "").replace("_", "") for k in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # an unreadable font file: try the next
                    continue
        names = known()
    return names[0] if names else None


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
    return {f.indicator for f in report.findings if f.status == Status.FAIL}


WORDS = {
    "en": {"site": "site boundary", "road": "road red line", "building": "building (storeys, height)",
           "green": "green counted {a} m²", "no_green": "no green drawn", "discounted": "green not counted {a} m²",
           "violation": "violation", "entrance": "entrance ({side})", "east": "m east of the site's west edge",
           "north": "m north of the site's south edge", "large": " (large commercial)",
           "computed": "computed from the plan", "site_area": "site area", "footprint": "footprint",
           "floor_area": "floor area (FAR)", "green_area": "green counted", "none_drawn": "none drawn",
           "far": "FAR", "coverage": "coverage", "green_ratio": "green ratio", "height": "height",
           "setback": "least setback", "outside": "outside site", "VIOLATION": "VIOLATION", "FAIL": "FAIL",
           "sides": {"north": "north", "south": "south", "east": "east", "west": "west"}},
    "zh": {"site": "用地红线", "road": "道路红线", "building": "建筑（层数、高度）",
           "green": "计入绿地 {a} m²", "no_green": "未绘制绿地", "discounted": "不计入绿地 {a} m²",
           "violation": "违规", "entrance": "出入口（{side}）", "east": "距用地西界（m，向东）",
           "north": "距用地南界（m，向北）", "large": "（大型商业建筑）",
           "computed": "总平面图计算值", "site_area": "用地面积", "footprint": "建筑基底面积",
           "floor_area": "计容建筑面积", "green_area": "计入绿地面积", "none_drawn": "未绘制",
           "far": "容积率", "coverage": "建筑密度", "green_ratio": "绿地率", "height": "建筑高度",
           "setback": "最小退让红线", "outside": "超出用地红线", "VIOLATION": "违规", "FAIL": "不通过",
           "sides": {"north": "北侧", "south": "南侧", "east": "东侧", "west": "西侧"}},
}


def draw(figs: SiteFigures, path: str | Path, report: Any = None, *, title: str | None = None,
         lang: str = "zh") -> Path:
    """Write the figure to ``path`` (.png, .svg or .pdf) and return it.

    Labels are Chinese by default (officers read the plan in Chinese), English with ``lang="en"``
    or when no CJK font is installed (a figure with boxes instead of characters helps nobody).
    """
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
    words = WORDS["zh" if lang == "zh" and font else "en"]
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
        _setbacks(ax, figs, origin, fails, words)
        for e, facing in figs.entrance_sides:
            ax.plot(e.point.x - origin[0], e.point.y - origin[1], marker="^", markersize=11, color="#7b3294",
                    markeredgecolor="white", zorder=6)
            ax.annotate(words["entrance"].format(side=words["sides"].get(facing, facing)), (e.point.x - origin[0], e.point.y - origin[1]),
                        textcoords="offset points", xytext=(6, 8), fontsize=8, color="#7b3294")
        pad = 0.08 * max(w, h)
        ax.set_xlim(-pad, w + pad)
        ax.set_ylim(-pad, h + pad)
        ax.set_aspect("equal")
        ax.set_xlabel(words["east"])
        ax.set_ylabel(words["north"])
        ax.grid(True, linewidth=0.3, alpha=0.5)
        ax.annotate("N", xy=(0.97, 0.97), xytext=(0.97, 0.90), xycoords="axes fraction", ha="center",
                    fontsize=12, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black"})
        handles = [
            Line2D([], [], color=SITE, linestyle="-.", linewidth=2.4, label=words["site"]),
            Line2D([], [], color=ROAD, linestyle="--", linewidth=2.2, label=words["road"]),
            Patch(facecolor=BUILDING, edgecolor="#333333", label=words["building"]),
            Patch(facecolor=COUNTED, label=(words["green"].format(a=f"{float(figs.green_area):,.0f}")
                                            if figs.green_area is not None else words["no_green"])),
            Patch(facecolor=DISCOUNTED, edgecolor="#8fbf88", hatch="////",
                  label=words["discounted"].format(
                      a=f"{(not_counted.area if not_counted is not None else 0):,.0f}")),
            Patch(facecolor=RED, alpha=0.6, label=words["violation"]),
        ]
        side.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
        y = 0.74
        rows = [(*row, False) for row in _summary(figs, words)] + [("", "", False)] + list(
            _status_lines(figs, fails, words))
        for label, value, bad in rows:
            style = dict(transform=side.transAxes, fontsize=9, va="top", color=RED if bad else "black",
                         fontweight="bold" if bad else "normal")
            side.text(0.0, y, label, **style)
            side.text(0.98, y, value, ha="right", **style)
            y -= 0.026
        ax.set_title(_txt(title) or f"{_txt(plan.site.name, 'site')} | {Path(plan.source).name}  ({plan.crs})",
                     fontsize=10)
        fig.savefig(out, dpi=150, bbox_inches="tight")
        plt.close(fig)
    return out


def _setbacks(ax, figs: SiteFigures, origin, fails: set[str], words: dict) -> None:
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
        tag = words["large"] if b.large_commercial else ""
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


def _summary(figs: SiteFigures, words: dict):
    yield words["computed"], ""
    yield words["site_area"], f"{float(figs.site_area):,.2f} m²"
    yield words["footprint"], f"{float(figs.footprint_area):,.2f} m²"
    yield words["floor_area"], f"{float(figs.floor_area):,.2f} m²"
    yield words["green_area"], (f"{float(figs.green_area):,.2f} m²" if figs.green_area is not None
                                else words["none_drawn"])


def _status_lines(figs: SiteFigures, fails: set[str], words: dict):
    rows = [("far", words["far"], f"{float(figs.far):.2f}"),
            ("building_density", words["coverage"], f"{float(figs.building_density) * 100:.2f} %"),
            ("green_ratio", words["green_ratio"],
             f"{float(figs.green_ratio) * 100:.2f} %" if figs.green_ratio is not None else "—"),
            ("height", words["height"], f"{float(figs.height):.2f} m")]
    if figs.setback is not None:
        rows.append(("setback", words["setback"], f"{float(figs.setback):.2f} m"))
    if any(b.outside_area > b.outside_band for b in figs.buildings):
        rows.append(("within_site", words["outside"], words["VIOLATION"]))
    for key, name, value in rows:
        bad = key in fails
        yield name, f"{value}{'  ' + words['FAIL'] if bad else ''}", bad
