"""SIGKILL during a crawl loses, duplicates and half-writes nothing (bench/crash.py, small).

Extraction runs on the writer thread here: starting worker processes took most of
each short crawl (85 s for the test, 25 s without); the writes, the transactions a
kill may cut, are the same. ``python bench/crash.py --kills 20`` runs the default
worker pool."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.benches import load_bench

crash = load_bench("crash")


def test_killed_crawls_end_like_an_uninterrupted_one(shared_data: Path) -> None:
    report = crash.run(
        shared_data / "article_extraction_aeb",
        kills=5,
        pages=16,
        seed=3,
        max_delay=0.3,
        extract_processes=1,
    )
    assert report.kills >= 2, report.stored_at_kills  # kills landed mid-crawl
    assert report.reference_articles == 16
    assert report.missing == [] and report.extra == [] and report.different == []
    assert report.duplicates == 0
    assert report.integrity == "ok"
