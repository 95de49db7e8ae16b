"""``zoning-rules extract TEXT... [--out draft.yaml]``: letters as text → a draft rule book.

The draft is in the rule-book format (``validate``, ``check --rules`` and ``review`` read it);
what the extractor could not decide is under ``review:`` of each approval.  A summary goes to
stderr so that stdout stays pure YAML.
"""
from __future__ import annotations

import click


@click.command()
@click.argument("texts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the draft here instead of stdout.")
@click.option("--document", metavar="文号", help="Document number of the one source read (a notice often has none).")
@click.option("--issuer", metavar="NAME", help="Issuer (bureau) of the one source read; overrides the text.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Date of the one source read; overrides the text.")
@click.option("--title", metavar="TEXT", help="Title of the one source read; overrides the text.")
def extract(texts, out, document, issuer, date_, title):
    """Extract a draft rule book from letter or notice texts (PDF or web-page text)."""
    import datetime as dt

    from ..errors import InputError
    from ..extract import extract_files, to_yaml
    from ..rulebook.build import build
    from ..sourcefile import loads

    day = None
    if date_ is not None:
        from ..dates import parse_issue_date

        try:
            dt.date.fromisoformat(date_.strip())
        except ValueError:
            raise InputError(f"{date_!r} is not a date", field="--date", value=date_, expected="YYYY-MM-DD") from None
        day = parse_issue_date(date_, field="--date")  # not in the future: validate would refuse the draft
    for name, given in (("--document", document), ("--issuer", issuer), ("--title", title)):
        if given is not None and not given.strip():
            raise InputError("is empty (留空)", field=name, value=given,
                             expected="a value, or leave the option out to take it from the text")
    if out:
        from ..safeio import not_an_input

        not_an_input(out, texts, field="--out", what="a text being extracted")  # the draft would replace it
    identity = {"document": document, "issuer": issuer, "date": day, "title": title}
    draft = extract_files(texts, identity)
    header = ("Draft rule book written by `zoning-rules extract` from: " + ", ".join(texts) + "\n"
              "Check every approval against its quote and `lines`; `review:` lists what was not decided.\n"
              "Compare with the embedded book: zoning-rules review " + (out or "DRAFT.yaml"))
    text = to_yaml(draft, header)
    build([loads(text, out or "<draft>", fmt="yaml")])  # the draft must load; a failure here is a bug, reported as such
    n_approvals = sum(len(v) for v in draft.plots.values())
    for doc, (named, limited, old) in draft.stats.items():
        extra = f", {old} quoting old figures (notes only)" if old else ""
        click.echo(f"{doc}: {named} sentence(s) named an indicator, {limited} became limits{extra}", err=True)
    summary = (f"extracted {draft.letters} letter(s) → {len(draft.sources)} source(s), {len(draft.plots)} plot(s), "
               f"{n_approvals} approval(s), {draft.review_count()} item(s) to review")
    if out:
        from ..safeio import write_text

        write_text(out, text, field="out")
        click.echo(f"{summary}; written to {out}", err=True)
    else:
        click.echo(text, nl=False)
        click.echo(summary, err=True)
    return 0
