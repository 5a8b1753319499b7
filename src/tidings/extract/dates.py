"""The publication date of a page, as a timezone-aware UTC datetime.

Order of trust: what the page declares in machine-readable form (JSON-LD,
meta tags, ``<time pubdate>``) keeps the time and offset; htmldate's search of
the URL and the visible markup only finds a day, so it comes last.
"""

from __future__ import annotations

import logging
import re
import warnings
from datetime import UTC, datetime

from dateutil import parser as date_parser
from htmldate import find_date
from lxml import html as lxml_html

from tidings.ingest.dates import FUTURE_TOLERANCE, from_timestamp, plausible_date

_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
# Abbreviations newsrooms print after times; ambiguous ones (IST, CST) take the
# reading most common in English-language news. Unknown ones count as UTC.
_ZONES = {
    name: int(hours * 3600)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "IST": 5.5,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
    }.items()
}

logging.getLogger("htmldate").setLevel(logging.ERROR)


def parse_date(value: str | None) -> datetime | None:
    """Parse one date string; naive values are taken as UTC; implausible ones dropped."""
    if not value or len(value) > 64:
        return None
    value = value.strip()
    if value.isdigit() and len(value) in (10, 13):  # a Unix timestamp, s or ms
        return from_timestamp(int(value))
    try:
        if _YEAR.search(value):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # unknown zone names: read as UTC below
                parsed = date_parser.parse(value, tzinfos=_ZONES)
        else:
            return None
    except (ValueError, OverflowError, TypeError):
        return None
    return plausible_date(parsed)


def declared_date(candidates: list[str]) -> datetime | None:
    """The first declared date that parses and is plausible."""
    return next((date for date in map(parse_date, candidates) if date), None)


def guessed_date(tree: lxml_html.HtmlElement, url: str | None) -> datetime | None:
    """htmldate's original-date heuristic over URL, markup and text."""
    try:
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            outputformat="%Y-%m-%d",
            max_date=(datetime.now(UTC) + FUTURE_TOLERANCE).strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError, RecursionError):
        return None
    return parse_date(found)
