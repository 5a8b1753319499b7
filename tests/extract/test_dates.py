from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract.dates import declared_date, guessed_date, parse_date
from tidings.extract.page import parse_page


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01T10:00:00+02:00", datetime(2024, 3, 1, 8, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 10:00:00 EST", datetime(2024, 3, 1, 15, tzinfo=UTC)),
        ("1709287200", datetime(2024, 3, 1, 10, tzinfo=UTC)),
    ],
)
def test_parse_date_gives_aware_utc(raw: str, expected: datetime) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "12", "2999-01-01", "1850-01-01", "x" * 500])
def test_implausible_dates_are_dropped(raw: str) -> None:
    assert parse_date(raw) is None


def test_declared_date_skips_unparseable_candidates() -> None:
    assert declared_date(["soon", "2020-02-02"]) == datetime(2020, 2, 2, tzinfo=UTC)


def test_guessed_date_reads_url_and_text() -> None:
    tree = parse_page("<html><body><p>Published 14 June 2021</p></body></html>")
    assert tree is not None
    found = guessed_date(tree, "https://news.test/2021/06/14/story")
    assert found is not None and found.date().isoformat() == "2021-06-14"
