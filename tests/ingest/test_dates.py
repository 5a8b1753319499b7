import pytest

from tidings.ingest.dates import parse_datetime


def test_parse_datetime_accepts_common_forms() -> None:
    assert parse_datetime("2025-06-24T10:00:00Z").hour == 10
    assert parse_datetime("2025-06-24").day == 24
    assert parse_datetime("Tue, 24 Jun 2025 10:00:00 GMT").day == 24
    assert parse_datetime("yesterday") is None and parse_datetime(None) is None


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+01:00",  # JSON Feed from a generator's zero date, with an offset
        "Mon, 01 Jan 0001 00:00:00 +0000",  # Hugo's RSS
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",  # the Unix epoch: a zero timestamp
        "1899-12-31",
        "2100-01-01T00:00:00Z",
    ],
)
def test_placeholder_and_impossible_dates_are_unknown(value: str) -> None:
    assert parse_datetime(value) is None


def test_an_archives_old_dates_are_kept() -> None:
    """Researchers ingest old wire archives: Reuters-21578 is dated 1987."""
    assert parse_datetime("1987-02-26T15:01:01Z").year == 1987
    assert parse_datetime("Thu, 01 Jan 1970 00:00:01 GMT").year == 1970
