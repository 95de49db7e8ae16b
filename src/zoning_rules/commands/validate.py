"""``zoning-rules validate RULES...``: schema and consistency errors with file and line."""
from __future__ import annotations

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--standalone", is_flag=True,
              help="Validate the files on their own, not layered on the embedded rule book.")
def validate(files, standalone):
    """Validate rule files (layered on the embedded book unless --standalone)."""
    from ..rulebook import load_rulebook

    book = load_rulebook(*files, embedded=not standalone)
    n = sum(len(v) for v in book.approvals.values())
    click.echo(f"ok: {len(files)} file(s), {len(book.sources)} sources, {len(book.approvals)} plots, "
               f"{n} approvals")
    return 0
