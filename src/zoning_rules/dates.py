"""The as-of date every command and API takes: a ``date``, a ``datetime``, ISO text, or today."""
from __future__ import annotations

import datetime as dt


def parse_date(value: dt.date | str | None) -> dt.date:
    from .errors import InputError

    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a date", field="as_of", value=value,
                         expected="an ISO date such as 2021-06-01") from None
