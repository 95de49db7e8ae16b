"""The ``zoning-rules`` command: sub-commands load lazily, every ZoningError is one line and exit 2.

Exit codes of ``check``: 0 nothing fails or is indeterminate; 1 a limit is violated; 2 bad input
or usage; 3 nothing violated but something indeterminate.
"""
from __future__ import annotations

import importlib
import sys

import click

from .exitcodes import EXIT_FAIL, EXIT_INDETERMINATE, EXIT_OK, EXIT_USAGE  # noqa: E402,F401 (re-exported)

# name → "module:attribute"; each sub-command lives in its own module under commands/.
COMMANDS = {
    "check": "zoning_rules.commands.check:check",
    "limits": "zoning_rules.commands.limits:limits",
    "plots": "zoning_rules.commands.plots:plots",
    "validate": "zoning_rules.commands.validate:validate",
    "schema": "zoning_rules.commands.schema:schema",
    "envelope": "zoning_rules.commands.envelope:envelope",
    "extract": "zoning_rules.commands.extract:extract",
    "diff": "zoning_rules.commands.diff:diff",
    "review": "zoning_rules.commands.diff:review",
    "serve": "zoning_rules.commands.serve:serve",
    "import-plan": "zoning_rules.commands.import_plan:import_plan",
    "locate": "zoning_rules.commands.locate:locate",
    "map": "zoning_rules.commands.map:map_",
}


class LazyGroup(click.Group):
    """Imports a sub-command's module only when that sub-command runs (fast cold start)."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zoning-rules")
def cli() -> None:
    """控规指标核验 — check designs against the latest approved planning limits."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: turns our errors into one clear line on stderr and exit code 2."""
    from .errors import ZoningError

    try:
        result = cli.main(args=argv, prog_name="zoning-rules", standalone_mode=False)
    except ZoningError as exc:
        click.echo(f"zoning-rules: error: {exc}", err=True)
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("zoning-rules: aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    if isinstance(result, int):
        return result
    return EXIT_OK


def run() -> None:  # pragma: no cover - console-script wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
