"""Exit codes of every command, and the policy that turns finding statuses into one (``--fail-on``).

0 all pass; 1 something fails; 2 bad input or usage (raised as a ZoningError, printed as one line);
3 something is indeterminate; 4 only warnings, with ``--fail-on warn``.  CI systems depend on
these numbers: never renumber.
"""
from __future__ import annotations

from .status import Status

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INDETERMINATE, EXIT_WARN = 0, 1, 2, 3, 4


def exit_code_of(statuses, fail_on: str | None = None) -> int:
    """The code for a set of finding statuses.

    Default (None): 1 if anything fails, else 3 if anything is indeterminate, else 0.  ``fail``:
    only failures count.  ``indeterminate``: the same as the default.  ``warn``: also 4 when
    nothing fails or is indeterminate but a warning was raised.
    """
    if Status.FAIL in statuses:
        return EXIT_FAIL
    if fail_on == Status.FAIL:
        return EXIT_OK
    if Status.INDETERMINATE in statuses:
        return EXIT_INDETERMINATE
    if fail_on == Status.WARN and Status.WARN in statuses:
        return EXIT_WARN
    return EXIT_OK
