"""Dates as publishers write them (ISO 8601, RFC 822) to aware UTC datetimes.

``plausible_date`` is the one rule for which dates are believed: every date a
feed, an archive record or a page gives passes through it before it is stored
or compared.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ZERO_YEAR = re.compile(r"\b0\d{3}\b")  # "0001": email.utils would read it as 2001
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # archives reach back (Reuters-21578: 1987)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a zero timestamp, never a real date
FUTURE_TOLERANCE = timedelta(days=1)  # time zones and clock skew, not a publisher's bug


def plausible_date(when: datetime | None, now: datetime | None = None) -> datetime | None:
    """``when`` as aware UTC, or None when it cannot be a publication date.

    Generators write placeholders: Hugo's ``0001-01-01``, the Unix epoch, ``9999-12-31``.
    Believed, they sort an article first or last forever and break date arithmetic
    (a story's window of days around year 1 or 9999 overflows), so they mean "unknown".
    """
    if when is None:
        return None
    try:
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except OverflowError:  # a year-1 or year-9999 date with an offset
        return None
    if when == UNIX_EPOCH or not EARLIEST <= when <= (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        return None
    return when


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 or RFC 822 text, or a Unix time as a number, to an aware UTC datetime;
    None when unreadable or implausible."""
    if not value:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_timestamp(value)
    text = str(value).strip()
    parsed: datetime | None
    try:
        parsed = (
            datetime.combine(date.fromisoformat(text), datetime.min.time())
            if DATE_ONLY.match(text)
            else datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    except ValueError:
        if ZERO_YEAR.search(text):
            return None
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return plausible_date(parsed)


def from_timestamp(value: float) -> datetime | None:
    """A Unix time, in seconds or (past the year 5138 in seconds) milliseconds, to the
    second, as JSON Lines exports of databases and pages' meta tags write it."""
    seconds = int(value / 1000 if abs(value) > 1e11 else value)
    try:
        return plausible_date(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None
