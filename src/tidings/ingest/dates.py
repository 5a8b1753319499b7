"""Dates as publishers write them (ISO 8601, RFC 822) to aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 or RFC 822 text to an aware UTC datetime; None when unreadable."""
    if not value:
        return None
    text = str(value).strip()
    parsed: datetime | None
    try:
        parsed = (
            datetime.combine(date.fromisoformat(text), datetime.min.time())
            if DATE_ONLY.match(text)
            else datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
