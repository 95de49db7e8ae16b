"""``zoning-rules check DESIGN...``: one report per design, exit code from the worst finding."""
from __future__ import annotations

import click

from ._options import as_of_option, lang_option, rules_option, rulebook


@click.command()
@click.argument("designs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
def check(designs, as_of, rules, fmt, lang):
    """Check designs (YAML or JSON) against the limits in force.

    Exit codes: 0 all pass; 1 a limit is violated; 2 bad input; 3 nothing violated but
    something indeterminate (unpublished limits, no limits in force, a missing value).
    """
    from ..checker import check as run_check, parse_date
    from ..report import BatchReport
    from ..reporters import render

    book = rulebook(rules)
    day = parse_date(as_of)
    batch = BatchReport(tuple(run_check(path, book, day) for path in designs))
    click.echo(render(batch, fmt, lang), nl=False)
    return exit_code(batch.status)


def exit_code(status: str) -> int:
    from ..cli import EXIT_FAIL, EXIT_INDETERMINATE, EXIT_OK

    return {"fail": EXIT_FAIL, "indeterminate": EXIT_INDETERMINATE}.get(status, EXIT_OK)
