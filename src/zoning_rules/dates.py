"""The as-of date every command and API takes: a ``date``, a ``datetime``, ISO text, or today; and
the bounds on the date a document was issued (a letter, a plan)."""
from __future__ import annotations

import datetime as dt
import re

#: No plan or letter of the People's Republic is older: an earlier date is a typo (0219, 1019).
EARLIEST_ISSUE = dt.date(1949, 10, 1)


def parse_date(value: dt.date | str | None, *, field: str = "as_of") -> dt.date:
    from .errors import InputError

    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _CHINESE_DATE.fullmatch(text)
    try:
        if m:  # 2021年11月1日, as letters write it
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{value!r} is not a date", field=field, value=value,
                         expected="an ISO date such as 2021-06-01") from None


_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def issue_bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(earliest, latest) date a document can have been issued on: not after today — a date to
    come is a typo (2099 for 2019) that would keep its limits out of force until then, or a draft
    passed off as approved — and not before the People's Republic.  An as-of date has no such
    bound: asking what will be in force later is a fair question."""
    return EARLIEST_ISSUE, today or dt.date.today()


def issue_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``day`` cannot be the date a document was issued ("after today (…): …"), or None."""
    earliest, latest = issue_bounds(today)
    if day > latest:
        return f"after today ({latest.isoformat()}): a document cannot be issued in the future"
    if day < earliest:
        return f"before {earliest.isoformat()}: no plan or letter is that old"
    return None


def parse_issue_date(value: dt.date | str, *, field: str) -> dt.date:
    """The date a document was issued (``import-plan --date``): ISO, within ``issue_bounds``."""
    from .errors import InputError

    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError("no date given", field=field, value=value, expected="an ISO date such as 2019-06-01")
    day = parse_date(value, field=field)
    why = issue_problem(day)
    if why is not None:
        earliest, latest = issue_bounds()
        raise InputError(f"{day.isoformat()} is {why}", field=field, value=str(value),
                         expected=f"the date the document was issued, between {earliest.isoformat()} and "
                                  f"{latest.isoformat()}")
    return day
