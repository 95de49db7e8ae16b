"""The ``zoning-rules`` command: sub-commands load lazily, every ZoningError is one line and exit 2.

Exit codes of ``check``: 0 nothing fails or is indeterminate; 1 a limit is violated; 2 bad input
or usage (also: the output cannot be written); 3 nothing violated but something indeterminate;
4 only warnings, with ``--fail-on warn``; 5 an internal error — a bug, never a verdict: one line
asks to report it, and ``--debug`` shows the trace.
"""
from __future__ import annotations

import importlib
import sys

import click

from .exitcodes import EXIT_FAIL, EXIT_INDETERMINATE, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE  # noqa: E402,F401 (re-exported)

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
@click.option("--debug", is_flag=True, help="On an internal error, show the Python trace.")
def cli(debug: bool = False) -> None:
    """控规指标核验 — check designs against the latest approved planning limits."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: bad input is one line on stderr and exit 2; a bug is one line and exit 5.

    No traceback reaches the user unless ``--debug`` (before the sub-command) asks for it; an output
    that cannot be written (a full disk, a closed pipe) is exit 2 with a message, never a crash
    at exit.
    """
    from .errors import ZoningError
    from .textsafe import shown

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args[: _first_command(args)]
    _never_unencodable()
    try:
        result = cli.main(args=args, prog_name="zoning-rules", standalone_mode=False)
        _flush(sys.stdout)
    except ZoningError as exc:
        _say(f"zoning-rules: error: {_one_per_line(exc)}")
        return EXIT_USAGE
    except click.exceptions.Abort:
        _say("zoning-rules: aborted")
        return EXIT_USAGE
    except click.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # no command at all: the help, as asked
            exc.show()
            return EXIT_USAGE
        _say(_usage_line(exc))
        return EXIT_USAGE
    except OSError as exc:
        if not _is_output_error(exc):
            return _internal(exc, debug)
        _quiet_stdout()
        what = "the output pipe was closed" if isinstance(exc, BrokenPipeError) else (
            f"cannot write the output: {exc.strerror or exc}")
        _say(f"zoning-rules: error: {what} (无法写出结果)")
        return EXIT_USAGE
    except SystemExit as exc:
        # click turns a closed stdout (EPIPE) into sys.exit(1) — which CI would read as a violation
        if type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":  # click marks that case so
            _quiet_stdout()
            _say("zoning-rules: error: the output pipe was closed (无法写出结果)")
            return EXIT_USAGE
        raise
    except KeyboardInterrupt:
        _say("zoning-rules: interrupted (已中断)")
        return 130
    except MemoryError:  # not a bug to report: an input too large for the memory this process may use
        _say("zoning-rules: error: out of memory (内存不足): the input is too large for the memory available; "
             "split it (a table: check_dask), or raise the limit")
        return EXIT_USAGE
    except Exception as exc:  # a bug: never a traceback, never a verdict
        return _internal(exc, debug)
    if isinstance(result, int):
        return result
    return EXIT_OK


def _one_per_line(exc) -> str:
    """Each error on its own line (several, when a file is validated in one pass), and a newline
    inside one — in a file name, a value — written as an escape, so that one error is one line."""
    from .textsafe import shown

    errors = getattr(exc, "errors", None) or (exc,)
    return "\n".join(_cut(shown(e)) for e in errors)


#: Characters of one error line shown: a value megabytes long (a plot code, a unit) is cut in the
#: middle, keeping where it is and what was expected.
MAX_ERROR_LINE = 1000


def _cut(line: str) -> str:
    if len(line) <= MAX_ERROR_LINE:
        return line
    head, tail = MAX_ERROR_LINE * 6 // 10, MAX_ERROR_LINE * 3 // 10
    return f"{line[:head]} …[{len(line) - head - tail} characters cut]… {line[-tail:]}"


def _never_unencodable() -> None:
    """A terminal in GBK or Latin-1 (PYTHONIOENCODING=gbk) cannot show every character of a report
    (m², ≤, 〔〕): shown escaped (m\\xb2) rather than an internal error after the check ran."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding and encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError, TypeError):  # a stream that cannot change (closed, detached)
                pass


def _usage_line(exc) -> str:
    """A usage error (an unknown option, a bad choice, a missing argument) as one line like every
    other error — click's own three lines (Usage/Try/Error) repeated the message once set."""
    from .textsafe import shown

    text = " ".join(shown(exc.format_message()).split())
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None and ctx.command_path else ""
    return f"zoning-rules: error: {text}{hint}"


def _first_command(args: list[str]) -> int:
    """Index of the sub-command in ``args`` (options before it belong to the group)."""
    for i, a in enumerate(args):
        if a in COMMANDS:
            return i
    return len(args)


def _flush(stream) -> None:
    try:
        stream.flush()
    except ValueError:  # closed by the caller (a test harness)
        pass


def _say(line: str) -> None:
    try:
        click.echo(line, err=True)
    except (OSError, ValueError):  # stderr itself is gone: the exit code still tells
        pass


def _is_output_error(exc: OSError) -> bool:
    """A write to stdout that failed: a full disk (ENOSPC), a closed pipe (EPIPE), an I/O error."""
    import errno

    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO,
                                                             errno.EDQUOT, errno.EFBIG)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _internal(exc: BaseException, debug: bool) -> int:
    from .textsafe import shown

    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    detail = shown(f"{type(exc).__name__}: {exc}")[:300]
    hint = "" if debug else "; run with --debug for the trace"
    _say(f"zoning-rules: internal error — please report (内部错误，请报告): {detail}{hint}")
    return EXIT_INTERNAL


def run() -> None:  # pragma: no cover - console-script wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
