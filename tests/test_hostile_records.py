"""Hostile archive records are stored bounded and clean, on SQLite and PostgreSQL.

SQLite keeps whatever it is given; PostgreSQL refuses a NUL in text and a title too
large for its full-text index. Both now store the same, and the run goes on.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.test_archive_order import pipeline, postgres_url, settings
from tests.test_offline import own_words
from tidings.config import Settings
from tidings.extract.reconcile import MAX_TITLE_CHARS
from tidings.offline import ingest_paths
from tidings.pipeline import Pipeline
from tidings.web.app import create_app

__all__ = ["pipeline", "postgres_url", "settings"]


def test_a_huge_title_and_nuls_are_stored_bounded_and_clean(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    huge = " ".join(f"t{n}x{n * 7}" for n in range(100_000))  # 1.2 MB: past the 1 MB index
    records = [
        {"url": "https://x.example/huge", "title": huge, "text": own_words(1)},
        {
            "url": "https://x.example/nul",
            "title": "Nul\u0000led",
            "text": own_words(2) + "\u0000",
            "author": "Ann\u0000",
            "source": "Wire\u0000",
        },
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(map(json.dumps, records)))
    report = ingest_paths(pipeline, [path])
    assert (report.new, report.errors) == (2, [])
    client = TestClient(create_app(settings, pipeline.store))
    stored = {a["url"]: a for a in client.get("/api/").json()["articles"]}
    title = stored["https://x.example/huge"]["title"]
    assert len(title) <= MAX_TITLE_CHARS and huge.startswith(title.removesuffix("…"))
    nul = client.get(f"/api/article/{stored['https://x.example/nul']['id']}").json()
    assert (nul["title"], nul["author"], nul["source"]["name"]) == ("Nulled", "Ann", "Wire")
    assert "\u0000" not in "".join(nul["paragraphs"])


def test_names_and_addresses_longer_than_their_columns_are_cut_or_dropped(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    """PostgreSQL refused them (VARCHAR widths), losing each article as an unexpected error."""
    long = " ".join(f"w{n}" for n in range(1_000))  # 4,890 characters
    far = "https://x.example/" + "p" * 3_000
    records = [
        {"url": "https://x.example/long", "text": own_words(3), "author": long, "section": long}
        | {"image": far, "source": long, "source_url": far},
        {"url": far, "text": own_words(4)},
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(map(json.dumps, records)))
    report = ingest_paths(pipeline, [path])
    assert report.new == 1
    [failure] = report.errors
    assert failure.where == far and "a web address of 3,018 characters" in failure.why
    client = TestClient(create_app(settings, pipeline.store))
    [listed] = client.get("/api/").json()["articles"]
    article = client.get(f"/api/article/{listed['id']}").json()
    assert (article["author"], article["source"]["name"]) == (long[:512], long[:512])
    assert (article["image_url"], article["publisher_section"]) == (None, long[:256])
    assert article["source"]["kind"] == "archive"


def test_a_feeds_nul_references_are_dropped_not_lost_on_postgresql(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    """feedparser turns ``&#0;`` (and a raw NUL byte) into a NUL, which PostgreSQL refuses."""
    path = tmp_path / "nul.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wi&#0;re</title>'
        b"<link>https://wire.example/</link><item><title>Nul&#0;led \x00headline</title>"
        b"<link>https://wire.example/1</link><author>Ann&#x0;</author>"
        b"<category>Wor&#0;ld</category><description>"
        + own_words(4).encode()
        + b"&#0;</description></item></channel></rss>"
    )
    report = ingest_paths(pipeline, [path])
    assert (report.new, report.errors) == (1, [])
    client = TestClient(create_app(settings, pipeline.store))
    (listed,) = client.get("/api/").json()["articles"]
    stored = client.get(f"/api/article/{listed['id']}").json()
    assert (stored["title"], stored["author"], stored["source"]["name"]) == (
        "Nulled headline",
        "Ann",
        "Wire",
    )
    assert "\u0000" not in "".join(stored["paragraphs"])
