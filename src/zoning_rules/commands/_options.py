"""Options shared by several sub-commands, declared once."""
from __future__ import annotations

import click

as_of_option = click.option("--as-of", "as_of", metavar="DATE",
                            help="Date the limits are taken as of (ISO, default today).")
rules_option = click.option("--rules", "rules", multiple=True, metavar="FILE",
                            type=click.Path(dir_okay=False),
                            help="Rule file layered on top of the embedded rule book (repeatable).")
lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                           help="Language of messages.")


def rulebook(rules: tuple[str, ...]):
    from ..rulebook import load_rulebook

    return load_rulebook(*rules)
