"""What ``zoning-rules check --figure/--geometry-policy`` needs, kept out of the command module."""
from __future__ import annotations

from pathlib import Path

import click

from .figure import FORMATS
from .model import GeometryError
from .policy import geometry_policy


def check_policy(name: str | None):
    """The named geometry policy, validated before any work (the checker's policy holds it)."""
    return geometry_policy(name)


def check_target(figure: str) -> None:
    if Path(figure).suffix.lower() not in FORMATS:
        raise GeometryError(f"cannot draw a figure as {Path(figure).suffix or 'no suffix'!r}",
                            field="--figure", value=figure, expected="a .png, .svg or .pdf file name")


def figure_paths(paths: list[str], figure: str) -> list[Path]:
    target = Path(figure)
    if len(paths) == 1:
        return [target]
    return [target.with_name(f"{target.stem}-{Path(p).stem}{target.suffix}") for p in paths]


def draw_figures(paths: list[str], batch, figure: str, policy, lang: str = "zh") -> list[Path]:
    """One figure per design that has a site plan; a design without one is said so on stderr."""
    from ..design import load_design
    from . import load_figures
    from .figure import _txt, draw

    written = []
    for path, report, out in zip(paths, batch.reports, figure_paths(paths, figure)):
        loaded = load_design(path)
        if loaded.design.site_plan is None:
            if len(paths) == 1:
                raise GeometryError("--figure needs a design with a site_plan", file=path, field="site_plan")
            click.echo(f"{path}: no site_plan, no figure", err=True)
            continue
        figs = report.site_figures  # what the report's numbers were computed from
        if figs is None:
            figs = load_figures(loaded, policy.geometry if policy is not None else None)
        parts = [_txt(report.plot), Path(path).name, _txt(loaded.design.name)]
        title = " | ".join(p for p in parts if p) + f"  ({figs.plan.crs.replace('→', '->')})"
        written.append(draw(figs, out, report, title=title, lang=lang))
        click.echo(f"figure: {out}", err=True)
    return written
