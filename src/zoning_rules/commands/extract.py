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
def extract(texts, out):
    """Extract a draft rule book from letter texts (PDF text, many letters per file)."""
    from ..errors import InputError
    from ..extract import extract_files, to_yaml
    from ..rulebook.build import build
    from ..sourcefile import loads

    draft = extract_files(texts)
    header = ("Draft rule book written by `zoning-rules extract` from: " + ", ".join(texts) + "\n"
              "Check every approval against its quote and `lines`; `review:` lists what was not decided.\n"
              "Compare with the embedded book: zoning-rules review " + (out or "DRAFT.yaml"))
    text = to_yaml(draft, header)
    build([loads(text, out or "<draft>", fmt="yaml")])  # the draft must load; a failure here is a bug, reported as such
    n_approvals = sum(len(v) for v in draft.plots.values())
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
