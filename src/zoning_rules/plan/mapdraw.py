"""A map of plots and the limits in force on a date: one plot and its neighbours, or the whole plan.

Plots are coloured by the major class of their land use (the usual colours of Chinese land-use
maps: 居住 yellow, 商业 red, 绿地 green …) and labelled with their code and the limits in force
(容积率, 建筑限高, 绿地率); a plot whose values were adjusted without publication, or that has no
approval in force, is hatched grey — never coloured as if it had limits.  matplotlib is imported
here only (``figure`` extra).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError

COLOURS = {"R": "#ffe680", "B": "#f4837d", "A": "#f7a8d8", "G": "#7fc97f", "W": "#b7a4e0", "M": "#c49a6c",
           "S": "#cfcfcf", "U": "#7fb2e5", "E": "#a6dcf2", "H": "#e0c080"}
FOCUS = "#1f3b73"
FORMATS = (".png", ".svg", ".pdf")


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


def draw_map(book, out: str | Path, *, as_of: dt.date, plot: str | None = None, radius: float = 150.0,
             lang: str = "zh", title: str | None = None) -> Path:
    """Draw ``plot`` and the plots within ``radius`` m of it (or every plot) to PNG/SVG/PDF."""
    from ..geometry.figure import _cjk_font, _mpl
    from ..plotcodes import normalize
    from .export import plots_layer

    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"cannot draw a map as {out.suffix or 'no suffix'!r}", field="--output", value=str(out),
                         expected="a .png, .svg or .pdf file name")
    layer = plots_layer(book, as_of, only_located=True)
    if not len(layer):
        raise InputError("the rule book holds no plot boundaries to draw", field="--rules",
                         expected="a rule file written by `zoning-rules import-plan` (with its .gpkg)")
    focus = None
    if plot is not None:
        key = book.key(plot)
        hit = layer[layer["plot"].map(normalize) == key]
        if not len(hit):
            raise InputError(f"plot {plot} has no boundary in the rule book", field="PLOT", value=plot)
        focus = hit.geometry.iloc[0]
        layer = layer[layer.distance(focus) <= radius]
    matplotlib, plt = _mpl()
    font = _cjk_font()
    lang = lang if font else "en"
    rc = {"svg.fonttype": "none"}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(9, 9))
        minx, miny, _, _ = layer.total_bounds
        shifted = layer.translate(-minx, -miny)  # metres from the corner: readable axes
        for (idx, row), geom in zip(layer.iterrows(), shifted):
            code = row["land_use_code"] if isinstance(row["land_use_code"], str) else ""
            known = row["status"] == "in_force"
            colour = COLOURS.get(code[:1], "#eeeeee") if known else "#e6e6e6"
            focused = focus is not None and normalize(row["plot"]) == normalize(plot)
            for part in getattr(geom, "geoms", [geom]):
                x, y = part.exterior.xy
                ax.fill(x, y, facecolor=colour, edgecolor=FOCUS if focused else "#555555",
                        linewidth=2.5 if focused else 0.6, hatch=None if known else "///", zorder=2 if focused else 1)
            c = geom.representative_point()
            size = 7 if len(layer) <= 40 else 5 if len(layer) <= 200 else 0
            if size:
                ax.text(c.x, c.y, _label(row, lang), ha="center", va="center", fontsize=size,
                        fontweight="bold" if focused else "normal", zorder=3)
        ax.set_aspect("equal")
        ax.set_xlabel(f"m (E − {minx:,.0f}, {book_crs(layer)})")
        ax.set_ylabel(f"m (N − {miny:,.0f})")
        heading = title or (f"控规地块及生效指标 {as_of}" if lang == "zh" else f"Plots and limits in force on {as_of}")
        if plot is not None:
            heading += f" — {plot}"
        ax.set_title(heading)
        fig.tight_layout()
        try:
            fig.savefig(out, dpi=130)
        except OSError as exc:
            raise InputError(f"cannot write the map: {exc.strerror}", file=str(out)) from None
        finally:
            plt.close(fig)
    return out


def book_crs(layer) -> str:
    epsg = layer.crs.to_epsg() if layer.crs is not None else None
    return f"EPSG:{epsg}" if epsg else "local"
