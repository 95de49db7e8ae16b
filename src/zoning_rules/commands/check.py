"""``zoning-rules check DESIGN_DIR_OR_GLOB...``: one report per design, one summary, one exit code.

Rendering (``--format``) and the exit-code policy (``--fail-on``) are separate: reporters never
decide anything, and the exit code never depends on the format.
"""
from __future__ import annotations

import sys

import click

from ..exitcodes import EXIT_WARN, exit_code_of  # noqa: F401 (EXIT_WARN re-exported)
from ._options import as_of_option, lang_option, rules_option, rulebook

FORMATS = ("text", "json", "markdown", "html", "pdf", "junit", "sarif", "bcf")
DESIGN_SUFFIXES = (".yaml", ".yml", ".json")
#: Progress bar on stderr from this many designs on, when stderr is a terminal.
PROGRESS_FROM = 20


@click.command()
@click.argument("designs", nargs=-1, metavar="DESIGN|DIR|GLOB...")
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@lang_option
@click.option("--output", "-o", "output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the report to FILE; the summary still prints on stdout.")
@click.option("--fail-on", "fail_on", type=click.Choice(["fail", "indeterminate", "warn"]), default=None,
              help="What makes the exit code non-zero: fail → only violations (1); indeterminate → also "
                   "undecidable findings (3); warn → also warnings (4). Default: the core codes 0/1/3.")
@click.option("--progress/--no-progress", "progress", default=None,
              help="Progress bar on stderr (default: on a terminal, for 20 designs or more).")
@click.option("--figure", "figure", metavar="FILE.png|FILE.svg", type=click.Path(dir_okay=False),
              help="Draw the site plan of each design with a site_plan (several designs: FILE-<design>.png).")
@click.option("--geometry-policy", "geometry_policy", metavar="NAME", default=None,
              help="How indicators are computed from site plans: gb-default, tall-storeys-2x3x, "
                   "tall-storeys-1.5x (see docs/geometry.md).")
@click.option("--ifc-mapping", "ifc_mapping", metavar="FILE.yaml", type=click.Path(dir_okay=False), default=None,
              help="Where IFC models keep the plot code and declared figures, replacing the default "
                   "(Wuhan) property-set names (see docs/ifc.md).")
@click.option("--comparison", "comparison", type=click.Choice(["full", "rounded"]), default="full",
              show_default=True,
              help="full: the unrounded value decides (GB/T 8170 全数值比较法); rounded: values are first "
                   "rounded to the limit's digits (修约值比较法), only where a bureau's rule says so.")
@click.option("--table", "table", metavar="FILE.csv|FILE.parquet", type=click.Path(dir_okay=False),
              help="Check a table of designs (one per row, numbers in m, m², fractions); results to "
                   "--output FILE.parquet|.csv|.json (needs the batch extra).")
@click.option("--skip-non-designs", "skip_non_designs", is_flag=True,
              help="Skip named YAML/JSON files that are not designs (no plot field), with a note, as is "
                   "always done for files found in directories (the pre-commit hook names files).")
def check(designs, as_of, rules, fmt, lang, output, fail_on, progress, figure=None, geometry_policy=None,
          table=None, comparison="full", ifc_mapping=None, skip_non_designs=False):
    """Check designs (YAML or JSON files, directories searched recursively, or globs) against the
    limits in force.

    Exit codes: 0 all pass; 1 a limit is violated; 2 bad input (also a design that cannot exist, or
    an output that cannot be written); 3 nothing violated but something indeterminate (unpublished
    limits, no limits in force, a missing value); 4 only warnings, with --fail-on warn; 5 an
    internal error (a bug, never a verdict; --debug before check shows the trace).  Waived failures
    (a design's ``waivers:``) never fail.
    """
    from dataclasses import replace

    from ..checker import DEFAULT_POLICY
    from ..dates import parse_date

    if table is not None:
        from ..batch.cli import run as run_table

        if figure is not None or geometry_policy is not None:
            raise click.UsageError("--figure and --geometry-policy are for design files, not --table")
        _not_an_input(output, [table, *rules])  # the results would replace the table being checked

        return run_table(table, designs, as_of, rules, fmt, lang, output, fail_on,
                         policy=replace(DEFAULT_POLICY, comparison=comparison))
    if not designs:
        raise click.UsageError("give at least one design file, directory or glob")
    paths = expand_designs(designs, skip_non_designs=skip_non_designs)
    _not_an_input(output, [*paths, *rules, *([ifc_mapping] if ifc_mapping else []), *_site_plans(paths, output)])
    book = rulebook(rules)
    day = parse_date(as_of)
    policy = replace(DEFAULT_POLICY, comparison=comparison)
    if figure is not None or geometry_policy is not None:
        from ..geometry.cli import check_policy, check_target

        policy = replace(DEFAULT_POLICY, geometry=check_policy(geometry_policy), comparison=comparison)
        if figure is not None:
            check_target(figure)
            _not_the_report(figure, output)
    with _ifc_mapping(ifc_mapping):
        batch = run_batch(paths, book, day, progress=progress, policy=policy)
        if fmt in ("html", "pdf") and book.boundaries:  # the report draws the plot and its neighbours
            from ..plan.mapdraw import with_plot_maps

            batch = with_plot_maps(batch, book)
        emit(batch, fmt, lang, output)
        if figure is not None:
            from ..geometry.cli import draw_figures

            draw_figures(paths, batch, figure, policy, lang)
    return exit_code(batch, fail_on)


def _not_an_input(output, inputs) -> None:
    """``-o`` must not name a design, rule file or site plan being read: the report would replace it."""
    from ..safeio import not_an_input

    not_an_input(output, inputs, field="--output", what="an input of this check")


def _site_plans(paths, output) -> list[str]:
    """The site plans the designs name — read only when ``-o`` names an existing file, which a
    report must not replace (a GeoJSON or IFC model overwritten by the text report)."""
    import os

    if output is None or not os.path.exists(output):
        return []
    from ..errors import ZoningError
    from ..sourcefile import load

    out = []
    for p in paths:
        if not p.lower().endswith((".yaml", ".yml", ".json")):
            continue
        try:
            plan = load(p).data.get("site_plan")
        except (ZoningError, AttributeError):  # the check itself says what is wrong with it
            continue
        if isinstance(plan, str) and plan.strip():
            out.append(plan if os.path.isabs(plan) else os.path.join(os.path.dirname(p), plan))
    return out


def _not_the_report(figure: str, output: str | None) -> None:
    """``--figure`` and ``-o`` naming one file: one would silently replace the other."""
    from ..safeio import not_an_input

    not_an_input(figure, [output], field="--figure", what="also the report's --output")


def _ifc_mapping(path):
    """The IFC property-set mapping in force while checking (``--ifc-mapping``)."""
    if path is None:
        from contextlib import nullcontext

        return nullcontext()
    from ..ifc.mapping import load_mapping, using

    return using(load_mapping(path))


def expand_designs(args, *, skip_non_designs: bool = False) -> list[str]:
    """Files as given; directories searched recursively for *.yaml/*.yml/*.json and *.ifc (hidden
    ones skipped; a model a design there takes as its site plan is checked through the design); anything else with wildcards expanded as a glob.  Order kept, duplicates once.
    Files found in a directory or by a glob that are clearly not designs (CI configs, mkdocs.yml)
    are skipped with a note (``designfiles``); files named explicitly only with ``skip_non_designs``."""
    import os

    from ..designfiles import MODEL_SUFFIXES, designs_only, without_used_models
    from ..errors import InputError
    from ..textsafe import shown

    def note(text: str) -> None:
        click.echo(f"zoning-rules: note: {shown(text)}", err=True)

    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.realpath(p or ".")  # as Path(p).resolve(): no pathlib on one file's path (cold start)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for arg in args:
        if not arg.strip():  # an unset variable ("$DESIGNS"), not the current directory
            raise InputError(f"an empty design path {arg!r}", field="DESIGN", value=arg,
                             expected="a design file, a directory or a glob (. for the current directory)")
        here = arg
        if os.path.isdir(here):
            from pathlib import Path

            p = Path(arg)
            found = sorted(str(f) for f in p.rglob("*") if f.is_file()
                           and f.suffix.lower() in DESIGN_SUFFIXES + MODEL_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            found = without_used_models(designs_only(found, note), note)
            if not found:
                raise InputError(f"no design files (*.yaml, *.yml, *.json) or models (*.ifc) under {arg}",
                                 value=arg, expected="a directory holding design files or models")
            for f in found:
                add(f)
        elif os.path.exists(here) or not _has_magic(arg):
            if not (skip_non_designs and os.path.isfile(here) and not designs_only([arg], note)):
                add(arg)  # a missing plain path is reported by the loader, with its name
        else:
            import glob

            found = designs_only(sorted(f for f in glob.glob(arg, recursive=True) if os.path.isfile(f)), note)
            if not found:
                raise InputError(f"no file matches {arg}", value=arg, expected="a glob matching design files")
            for f in found:
                add(f)
    return out


def _has_magic(arg: str) -> bool:
    import glob  # only for a path that does not exist: one named file needs none of it

    return glob.has_magic(arg)


def run_batch(paths, book, day, *, progress: bool | None = None, policy=None):
    """Check every design in one process; a progress bar on stderr only, never in the report."""
    from functools import partial

    from ..checker import DEFAULT_POLICY, check
    from ..report import BatchReport

    run_check = partial(check, policy=policy or DEFAULT_POLICY)

    show = progress if progress is not None else (len(paths) >= PROGRESS_FROM and sys.stderr.isatty())
    if not show:
        return BatchReport(tuple(run_check(p, book, day) for p in paths))
    reports = []
    with click.progressbar(paths, label="checking", file=sys.stderr, show_pos=True) as bar:
        for p in bar:
            reports.append(run_check(p, book, day))
    return BatchReport(tuple(reports))


def emit(batch, fmt: str, lang: str, output: str | None) -> None:
    """The report to stdout or to --output (then the summary to stdout).  A machine-readable report
    on stdout gets its summary on stderr, so the stream stays parseable."""
    from ..errors import InputError
    from ..reporters import BINARY, MACHINE_READABLE, render
    from ..reporters.text import summary

    if output is None and fmt in BINARY and sys.stdout.isatty():
        raise InputError(f"the {fmt} report is binary; write it to a file with --output", field="output",
                         expected="--output FILE")
    colour = fmt == "text" and output is None and sys.stdout.isatty()
    rendered = render(batch, fmt, lang, color=colour)
    if output is not None:
        from ..safeio import write_bytes

        # whole or not at all: an interrupted write never leaves a report that looks complete
        write_bytes(output, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
        click.echo(summary(batch, lang, color=sys.stdout.isatty()), nl=False)
        click.echo(("报告已写入 " if lang == "zh" else "report written to ") + output)
        return
    if isinstance(rendered, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered)
        sys.stdout.flush()
    else:
        click.echo(rendered, nl=False, color=colour)
    if fmt in MACHINE_READABLE and len(batch.reports) > 1:
        click.echo(summary(batch, lang, color=sys.stderr.isatty()), nl=False, err=True)


def exit_code(batch, fail_on: str | None = None) -> int:
    """The exit-code policy (``exitcodes.exit_code_of``), apart from rendering."""
    return exit_code_of({f.status for r in batch.reports for f in r.findings}, fail_on)
