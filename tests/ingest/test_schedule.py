from datetime import UTC, datetime, timedelta

from tidings.config import Settings
from tidings.ingest.schedule import next_check_after_failure, next_check_after_success

SETTINGS = Settings()
NOW = datetime(2025, 6, 24, 12, tzinfo=UTC)


def test_busy_feeds_are_checked_often_and_quiet_ones_rarely_within_bounds() -> None:
    every_minute = [NOW - timedelta(minutes=n) for n in range(20)]
    every_two_hours = [NOW - timedelta(hours=2 * n) for n in range(20)]
    weekly = [NOW - timedelta(weeks=n) for n in range(5)]
    assert next_check_after_success(SETTINGS, every_minute) == timedelta(minutes=5)
    assert next_check_after_success(SETTINGS, every_two_hours) == timedelta(hours=1)
    assert next_check_after_success(SETTINGS, weekly) == timedelta(hours=24)
    assert next_check_after_success(SETTINGS, [None, NOW]) == timedelta(hours=6)


def test_failures_back_off_exponentially_up_to_the_maximum() -> None:
    waits = [next_check_after_failure(SETTINGS, n) for n in (1, 2, 3, 40)]
    assert waits == [
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(hours=24),
    ]
