"""A map of plots and the limits in force on a date: one plot and its neighbours, or the whole plan.

Plots are coloured by the major class of their land use (the usual colours of Chinese land-use
maps: 居住 yellow, 商业 red, 绿地 green …) and labelled with their code and the limits in force
(容积率, 建筑限高, 绿地率); a plot whose values were adjusted without publication, or that has no
approval in force, is hatched grey — never coloured as if it had limits.  matplotlib is imported
here only (``figure`` extra).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

COLOURS = {"R": "#ffe680", "B": "#f4837d", "A": "#f7a8d8", "G": "#7fc97f", "W": "#b7a4e0", "M": "#c49a6c",
           "S": "#cfcfcf", "U": "#7fb2e5", "E": "#a6dcf2", "H": "#e0c080"}
FOCUS = "#1f3b73"
FORMATS = (".png", ".svg", ".pdf")
#: The widest neighbourhood drawn around a plot (m): a whole city; beyond it --radius is a typo.
MAX_RADIUS = 100_000.0


def _label(row, lang: str) -> str:
    zh = lang == "zh"
    lines = [str(row["plot"])]
    if row["status"] == "unpublished":
        lines.append("指标未公布" if zh else "unpublished")
    elif row["status"] == "none":
        lines.append("无生效批复" if zh else "none in force")
    else:
        def num(v, pct=False):
            if v is None or v != v:  # NaN
                return None
            v = v * 100 if pct else v
            return f"{v:.2f}".rstrip("0").rstrip(".")

        far = num(row["far_max"])
        if far is not None:
            lo = num(row["far_min"])
            lines.append((f"容积率{lo}-{far}" if zh else f"FAR {lo}-{far}") if lo is not None else
                         (f"容积率≤{far}" if zh else f"FAR ≤{far}"))
        h = num(row["height_max"])
        if h is not None:
            lines.append(f"限高{h}m" if zh else f"H ≤{h} m")
        g = num(row["green_ratio_min"], pct=True)
        if g is not None:
            lines.append(f"绿地率≥{g}%" if zh else f"green ≥{g}%")
        if row["under_review"]:
            lines.append("待核定" if zh else "under review")
    return "\n".join(lines)


@dataclass(frozen=True)
class PlotMap:
    """What a map is drawn from: the plots to draw (a GeoDataFrame of ``export.plots_layer`` rows,
    limits in force on ``as_of``) and the plot in focus, if any.  A ``Report`` carries one
    (``Report.plot_map``) so that the HTML report draws exactly what the rule book said on the
    report's date, without re-reading any file."""

    layer: Any = field(repr=False)
    as_of: dt.date
    plot: str | None = None  # the plot in focus, as the rule book writes it

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.layer["plot"])


def plot_map(book, as_of: dt.date, plot: str | None = None, *, radius: float = 150.0, layer=None) -> PlotMap:
    """``plot`` and the plots within ``radius`` m of it (or every plot with a boundary); errors say why
    there is nothing to draw.  ``layer``: ``plots_layer(book, as_of, only_located=True)`` when the
    caller already has it (one per rule book and date, for many reports)."""
    from ..plotcodes import normalize
    from .export import plots_layer

    if not (isinstance(radius, (int, float)) and math.isfinite(radius) and 0 <= radius <= MAX_RADIUS):
        raise InputError(f"radius {radius!r} is not a distance to draw", field="--radius", value=radius,
                         expected=f"metres between 0 and {MAX_RADIUS:g}")
    if layer is None and plot is not None:  # the neighbours by geometry first: rows for them only
        layer = _neighbourhood(book, as_of, plot, radius)
    if layer is None:
        layer = plots_layer(book, as_of, only_located=True)
    if not len(layer):
        raise InputError("the rule book holds no plot boundaries to draw", field="--rules",
                         expected="a rule file written by `zoning-rules import-plan` (with its .gpkg)")
    if plot is None:
        return PlotMap(layer=layer, as_of=as_of)
    key = book.key(plot)
    hit = layer[layer["plot"].map(normalize) == key]
    if not len(hit):
        raise InputError(f"plot {plot} has no boundary in the rule book", field="PLOT", value=plot)
    focus = hit.geometry.iloc[0]
    near = layer[layer.distance(focus) <= radius]
    return PlotMap(layer=near, as_of=as_of, plot=str(hit["plot"].iloc[0]))


def _neighbourhood(book, as_of: dt.date, plot: str, radius: float):
    """The rows of ``plot`` and the plots within ``radius`` of it, found on the boundaries (one
    vectorised distance) before any plot is resolved — a plan of 50 000 plots is not resolved whole
    to draw ten of them."""
    import numpy as np
    import shapely

    from .export import plots_layer
    from .storage import boundaries

    b = boundaries(book)
    i = b.index().get(book.key(plot))
    if i is None:
        if not len(b):
            raise InputError("the rule book holds no plot boundaries to draw", field="--rules",
                             expected="a rule file written by `zoning-rules import-plan` (with its .gpkg)")
        raise InputError(f"plot {plot} has no boundary in the rule book", field="PLOT", value=plot)
    near = np.flatnonzero(shapely.distance(b.geometries, b.geometries[i]) <= radius)
    return plots_layer(book, as_of, only_located=True, keys={b.keys[j] for j in near})


def with_plot_maps(batch, book, *, radius: float = 150.0):
    """``batch`` with each report carrying the map of its plot and neighbours (``Report.plot_map``)
    where the rule book has that plot's boundary; unchanged for a book without boundaries.  Each
    map resolves only the plot and its neighbours (found on the boundaries), not the whole plan."""
    from dataclasses import replace

    from ..errors import ZoningError
    from ..report import BatchReport

    if not book.boundaries:
        return batch
    try:
        reports = []
        for report in batch.reports:
            drawn = None
            try:
                drawn = plot_map(book, report.as_of, report.plot, radius=radius)
            except ZoningError:  # a plot without a boundary (or unknown): the report has no map
                pass
            reports.append(replace(report, plot_map=drawn) if drawn is not None else report)
    except ImportError:  # pragma: no cover - the plan extra is not installed: no map to carry
        return batch
    return BatchReport(tuple(reports))


def draw_map(book, out: str | Path, *, as_of: dt.date, plot: str | None = None, radius: float = 150.0,
             lang: str = "zh", title: str | None = None) -> Path:
    """Draw ``plot`` and the plots within ``radius`` m of it (or every plot) to PNG/SVG/PDF."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"cannot draw a map as {out.suffix or 'no suffix'!r}", field="--output", value=str(out),
                         expected="a .png, .svg or .pdf file name")
    drawn = plot_map(book, as_of, plot, radius=radius)
    try:
        from ..safeio import replacing

        with replacing(out) as tmp:  # whole or not at all
            draw(drawn, tmp, fmt=out.suffix.lower().lstrip("."), lang=lang, title=title)
    except OSError as exc:
        raise InputError(f"cannot write the map: {exc.strerror}", file=str(out)) from None
    return out


def svg(drawn: PlotMap, lang: str = "zh", title: str | None = None) -> str:
    """The map as SVG markup to inline in an HTML document (no XML prolog, text kept as text)."""
    import io

    buffer = io.BytesIO()
    draw(drawn, buffer, fmt="svg", lang=lang, title=title)
    text = buffer.getvalue().decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def draw(drawn: PlotMap, target, *, fmt: str, lang: str = "zh", title: str | None = None) -> None:
    """The one drawing of plots and their limits (``map``, the web page, the HTML report): to a path
    or a binary file object, as ``fmt`` (png, svg, pdf)."""
    from ..geometry.figure import _cjk_font, _mpl
    from ..plotcodes import normalize

    layer, plot, as_of = drawn.layer, drawn.plot, drawn.as_of
    matplotlib, plt = _mpl()
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    font = _cjk_font()
    lang = lang if font else "en"
    rc = {"svg.fonttype": "none"}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(9, 9))
        try:
            minx, miny, maxx, maxy = layer.total_bounds
            shifted = layer.translate(-minx, -miny)  # metres from the corner: readable axes
            # a boundary of 10⁵ vertices draws as well with the ones a pixel apart (the drawing only looks;
            # decisions use the rule book's boundaries)
            shifted = shifted.simplify(max(maxx - minx, maxy - miny) / 4000, preserve_topology=True)
            groups: dict[tuple[bool, bool], tuple[list, list]] = {}  # (known, focused) → patches, colours
            for (idx, row), geom in zip(layer.iterrows(), shifted):
                code = row["land_use_code"] if isinstance(row["land_use_code"], str) else ""
                known = row["status"] == "in_force"
                colour = COLOURS.get(code[:1], "#eeeeee") if known else "#e6e6e6"
                focused = plot is not None and normalize(row["plot"]) == normalize(plot)
                patches, colours = groups.setdefault((known, focused), ([], []))
                for part in getattr(geom, "geoms", [geom]):
                    patches.append(PathPatch(ring_path(part)))
                    colours.append(colour)
                c = geom.representative_point()
                size = 7 if len(layer) <= 40 else 5 if len(layer) <= 200 else 0
                if size:
                    ax.text(c.x, c.y, _label(row, lang), ha="center", va="center", fontsize=size,
                            fontweight="bold" if focused else "normal", zorder=3)
            for (known, focused), (patches, colours) in sorted(groups.items(), key=lambda g: g[0][1]):
                # one collection per look: 50 000 plots are one artist, not 50 000 (minutes → seconds)
                ax.add_collection(PatchCollection(patches, facecolors=colours,
                                                  edgecolors=FOCUS if focused else "#555555",
                                                  linewidths=2.5 if focused else 0.6,
                                                  hatch=None if known else "///", zorder=2 if focused else 1))
            ax.autoscale_view()  # collections do not move the view by themselves
            ax.set_aspect("equal")
            ax.set_xlabel(f"m (E − {minx:,.0f}, {book_crs(layer)})")
            ax.set_ylabel(f"m (N − {miny:,.0f})")
            heading = title or (f"控规地块及生效指标 {as_of}" if lang == "zh" else f"Plots and limits in force on {as_of}")
            if plot is not None:
                heading += f" — {plot}"
            ax.set_title(heading)
            fig.tight_layout()
            # target: the tmp file of safeio.replacing( ) in draw_map, or svg()'s in-memory buffer —
            # never the user's path itself (whole or not at all)
            fig.savefig(target, dpi=130, format=fmt)
        finally:
            plt.close(fig)


def ring_path(polygon):
    """A polygon as one matplotlib path, its holes included: a plot that surrounds another (a park
    round a pavilion's plot) must not be painted over the one inside it."""
    from matplotlib.path import Path as MplPath
    from shapely.geometry.polygon import orient

    polygon = orient(polygon, 1.0)  # shell anticlockwise, holes clockwise: matplotlib fills by winding
    rings = [polygon.exterior, *polygon.interiors]
    return MplPath.make_compound_path(*(MplPath(list(r.coords), closed=True) for r in rings))


def book_crs(layer) -> str:
    epsg = layer.crs.to_epsg() if layer.crs is not None else None
    return f"EPSG:{epsg}" if epsg else "local"
