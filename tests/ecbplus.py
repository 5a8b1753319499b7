"""A slice of the shared ECB+ corpus written as a JSON Lines archive for `tidings ingest`.

ECB+ documents have no URL, publisher, title or date; each gets a URL and one of a
few publishers by its position, its first line as headline, and a time a minute
after the one before, so the slice reads like a morning of news.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2025, 7, 1, 6, tzinfo=UTC)
PUBLISHERS = 5


def ecb_records(shared_data: Path, topics: set[int]) -> list[dict]:
    path = shared_data / "story_clusters_ecbplus/documents.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [r for r in records if r["topic"] in topics]


def url_of(position: int, record: dict) -> str:
    return f"https://pub{position % PUBLISHERS}.example/{record['id']}"


def archive_record(position: int, record: dict) -> dict:
    title, _, body = record["text"].partition("\n")
    return {
        "url": url_of(position, record),
        "title": title,
        "text": body or title,  # a one-line document is its own text
        "source": f"Publisher {position % PUBLISHERS}",
        "published": (START + timedelta(minutes=position)).isoformat(),
    }


def write_archive(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
