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
    _no_letter_from_the_future(book, files)
    n = sum(len(v) for v in book.approvals.values())
    click.echo(f"ok: {len(files)} file(s), {len(book.sources)} sources, {len(book.approvals)} plots, "
               f"{n} approvals")
    return 0


def _where(files) -> dict:
    """Document number → (file, line) of its entry under ``sources`` in the files validated."""
    from ..errors import ZoningError
    from ..rulebook.model import normalize_document
    from ..sourcefile import load

    out: dict = {}
    for f in files:
        try:
            doc = load(f)
        except ZoningError:  # pragma: no cover - the book loaded it a moment ago
            continue
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for raw in sources if isinstance(sources, dict) else ():
            out.setdefault(normalize_document(str(raw)), (f, doc.line_of(("sources", raw, "date"))))
    return out


def _no_letter_from_the_future(book, files=()) -> None:
    """A letter dated after today cannot have been issued: a typo (2099 for 2019) that would keep
    its limits out of force until then, or a draft passed off as approved; one dated before 1949
    is a typo too.  The bounds are ``dates.issue_bounds``, as for ``import-plan --date``."""
    from ..dates import issue_bounds, issue_problem
    from ..errors import RuleBookError, ValidationFailed

    earliest, latest = issue_bounds()
    where = _where(files)
    errors = [RuleBookError(f"document {s.id} is dated {s.date.isoformat()}, {why}", field=f"sources.{s.id}.date",
                            value=s.date.isoformat(), file=where.get(s.id, (None, None))[0],
                            line=where.get(s.id, (None, None))[1],
                            expected=f"a date between {earliest.isoformat()} and {latest.isoformat()}")
              for s in book.sources.values() if (why := issue_problem(s.date)) is not None]
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationFailed(errors)
