from tidings.ingest.dates import parse_datetime


def test_parse_datetime_accepts_common_forms() -> None:
    assert parse_datetime("2025-06-24T10:00:00Z").hour == 10
    assert parse_datetime("2025-06-24").day == 24
    assert parse_datetime("Tue, 24 Jun 2025 10:00:00 GMT").day == 24
    assert parse_datetime("yesterday") is None and parse_datetime(None) is None
