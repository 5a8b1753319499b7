"""Every malformed and edge-case feed of three public test corpora: items or a readable error.

Parsing must never raise anything but FeedError; the counts are printed (run
with ``-s``) and held to floors so that a regression in a format reader shows.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from tidings.errors import FeedError
from tidings.ingest.feeds import parse_feed

REAL_WORLD_MAX_BYTES = 150_000  # feedparser needs ~0.3 s per large feed; keep the test fast


def outcomes(files: list[tuple[Path, dict[str, str]]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path, headers in files:
        content = path.read_bytes()
        if path.suffix == ".gz":
            content = gzip.decompress(content)
        try:
            feed = parse_feed(content, "https://example.org/feed", headers)
        except FeedError as exc:
            assert str(exc).strip(), path
            counts["error"] += 1
            continue
        counts["items" if feed.entries else "no items"] += 1
    print(dict(counts))
    return counts


def index(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "index.jsonl").read_text().splitlines()]


def headers_of(record: dict) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in record.get("http_headers") or [] if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def test_feedparser_suite(shared_data: Path) -> None:
    folder = shared_data / "feeds_feedparser_tests"
    files = [(folder / r["file"], headers_of(r)) for r in index(folder)]
    counts = outcomes(files)
    assert sum(counts.values()) == len(files)
    assert counts["error"] <= 0.02 * len(files)


def test_feed_rs_fixtures(shared_data: Path) -> None:
    folder = shared_data / "feeds_feedrs_fixtures"
    counts = outcomes([(folder / r["feed_file"], {}) for r in index(folder)])
    assert counts["items"] >= 0.8 * sum(counts.values())


def test_real_world_feeds(shared_data: Path) -> None:
    folder = shared_data / "feeds_realworld_fastfeedparser"
    records = [r for r in index(folder) if r["bytes"] <= REAL_WORLD_MAX_BYTES]
    counts = outcomes([(folder / r["file"], {}) for r in records])
    assert counts["items"] >= 0.95 * len(records)
