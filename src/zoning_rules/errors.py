"""One base exception, with stdlib-compatible subclasses that carry where the bad input is.

The CLI turns any ``ZoningError`` into one line on stderr and exit code 2; Python callers can catch
``ValueError``/``KeyError`` as they are used to, or ``ZoningError`` for everything of ours.
"""
from __future__ import annotations

from typing import Any


class ZoningError(Exception):
    """Base of every error raised by zoning_rules."""


class InputError(ValueError, ZoningError):
    """A value the user gave is not usable: names the file, the field, the value and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        value: Any = None,
        expected: str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.field = field
        self.value = value
        self.expected = expected
        self.line = line
        super().__init__(message, file, field, value, expected, line)

    def located(self, *, file: str | None = None, field: str | None = None,
                line: int | None = None) -> "InputError":
        """A copy that knows more about where it happened (outer layers add the file and line)."""
        return type(self)(
            self.message,
            file=self.file or file,
            field=self.field if self.field is not None else field,
            value=self.value,
            expected=self.expected,
            line=self.line if self.line is not None else line,
        )

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        text = f"{where}{field}{self.message}"
        if self.expected and "expected" not in self.message:
            text += f" (expected {self.expected})"
        return text

    def __reduce__(self):  # keyword-only __init__ needs help to pickle
        return (_rebuild_input_error, (type(self), self.message, self.file, self.field,
                                       self.value, self.expected, self.line))


def _rebuild_input_error(cls, message, file, field, value, expected, line):
    return cls(message, file=file, field=field, value=value, expected=expected, line=line)


class UnitError(InputError):
    """A quantity with an unknown unit, the wrong dimension, or an impossible value."""


class RuleBookError(InputError):
    """A rule file that is malformed or inconsistent (also when layering several files)."""


class DesignError(InputError):
    """A design file that is malformed."""


class ValidationFailed(InputError):
    """Several errors at once, one per line, so a file can be fixed in one pass."""

    def __init__(self, errors: list[InputError]):
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(first.message, file=first.file, field=first.field, value=first.value,
                         line=first.line)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __reduce__(self):
        return (ValidationFailed, (list(self.errors),))


class UnknownPlotError(KeyError, ZoningError):
    """A plot code that no rule book knows; names the nearest known codes."""

    def __init__(self, plot: str, suggestions: tuple[str, ...] = (), *, file: str | None = None):
        self.plot = plot
        self.suggestions = tuple(suggestions)
        self.file = file
        super().__init__(plot, self.suggestions, file)

    def __str__(self) -> str:
        where = f"{self.file}: plot: " if self.file else ""
        hint = f"; nearest known: {', '.join(self.suggestions)}" if self.suggestions else ""
        return f"{where}unknown plot {self.plot!r} (未知地块){hint}"

    def __reduce__(self):
        return (_rebuild_unknown_plot, (self.plot, self.suggestions, self.file))


def _rebuild_unknown_plot(plot, suggestions, file):
    return UnknownPlotError(plot, suggestions, file=file)
