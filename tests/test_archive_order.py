"""An archive imported today does not lead the site (SQLite and PostgreSQL).

Its undated pages were "first seen" at the import and so listed above the day's
dated news; now each takes the date its archive gives (a WARC capture, an archived
feed's date), and the pages with none list after every dated article.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backends import empty_postgres, postgres_url
from tests.ingest.test_warc import write_dated_warc
from tests.test_offline import own_words
from tidings.config import Settings
from tidings.models import Document
from tidings.offline import ingest_paths
from tidings.pipeline import Pipeline
from tidings.store import Outcome
from tidings.web.app import create_app

__all__ = ["postgres_url"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    return Settings(
        data_dir=tmp_path / "data", database_url=url, page_size=3, rate_limit_per_minute=0
    )


@pytest.fixture
def pipeline(settings: Settings) -> Iterator[Pipeline]:
    """An empty store (unenriched, so the run is quick) behind the pipeline."""
    opened = Pipeline.open(settings, enrich=False)
    if settings.database_url:
        empty_postgres(settings.database_url)
    yield opened
    opened.store.close()


def write_archive(folder: Path) -> None:
    """Undated pages in each archive format: a WARC, a feed file, a saved page, JSON Lines."""
    folder.mkdir()
    write_dated_warc(
        folder / "a-crawl.warc.gz",
        [
            ("https://old.example/one", "2019-03-04T12:00:00Z", None),
            ("https://old.example/two", "2019-05-06T12:00:00Z", None),
        ],
    )
    items = "".join(
        f"<item><title>feed-{n}</title><link>https://blog.example/{n}</link>"
        f"<description>{own_words(20 + n)}</description></item>"
        for n in range(2)
    )
    (folder / "b-feed.xml").write_text(
        '<rss version="2.0"><channel><title>Blog</title>'
        f"<lastBuildDate>Wed, 01 Jan 2020 10:00:00 GMT</lastBuildDate>{items}</channel></rss>"
    )
    paragraphs = "".join(f"<p>{own_words(30 + i)}</p>" for i in range(4))
    (folder / "c-saved.html").write_text(
        '<html><head><title>saved-page</title><link rel="canonical"'
        ' href="https://saved.example/page"></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    )
    records = [
        {"url": f"https://records.example/{n}", "title": f"record-{n}", "text": own_words(40 + n)}
        for n in range(2)
    ]
    (folder / "d-records.jsonl").write_text("\n".join(map(json.dumps, records)))


def test_an_archive_of_undated_pages_does_not_lead_the_home_page(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    source, _ = pipeline.store.sources.add("https://live.example/feed.xml", title="Live")
    now = datetime.now(UTC)
    for n in range(4):
        live = Document(
            url=f"https://live.example/{n}",
            title=f"live-{n}",
            text=own_words(10 + n),
            published=now - timedelta(hours=n + 1),
        )
        assert pipeline.process(live, source.id).outcome is Outcome.NEW
    write_archive(tmp_path / "archive")
    report = ingest_paths(pipeline, [tmp_path / "archive"])
    assert (report.new, report.errors) == (7, [])

    client = TestClient(create_app(settings, pipeline.store))
    titles, cursor = [], None
    for _ in range(10):  # 11 articles, 3 a page
        page = client.get("/api/", params={"cursor": cursor} if cursor else {}).json()
        titles += [article["title"] for article in page["articles"]]
        if not (cursor := page["next_cursor"]):
            break
    assert titles == [
        "live-0",
        "live-1",
        "live-2",
        "live-3",  # the dated news first, however old the import's records are
        "feed-1",  # the feed file's date, 2020 (both entries; the later arrival first)
        "feed-0",
        "Page 1",  # WARC captures of 2019-05 and 2019-03
        "Page 0",
        "record-1",  # no date anywhere: after every dated article, latest arrival first
        "record-0",
        "saved-page",
    ]


def test_an_undated_archive_page_is_still_on_its_source_page_and_in_search(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    write_archive(tmp_path / "archive")
    ingest_paths(pipeline, [tmp_path / "archive"])
    client = TestClient(create_app(settings, pipeline.store))
    [hit] = client.get("/api/search", params={"q": own_words(31).split()[0]}).json()["hits"]
    assert hit["article"]["title"] == "saved-page" and hit["article"]["listed_at"] is None
    source = client.get(f"/api/source/{hit['article']['source']['id']}").json()
    assert [article["title"] for article in source["articles"]] == ["saved-page"]
