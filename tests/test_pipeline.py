"""Near-duplicates through `tidings ingest`: a republished text is one article with its
other URLs and publishers; two reports of one event stay two articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.backends import drop_connections, empty_postgres, postgres_url
from tests.ecbplus import archive_record, ecb_records, write_archive
from tests.support import encoder_folder, tidings_json, without_encoder_extra
from tidings.config import Settings
from tidings.enrich.section_encoder import EncoderUnavailable
from tidings.ingest.urls import canonical_url
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.pipeline import Pipeline, Processed, prepared
from tidings.store import Outcome, Store, database
from tidings.store.schema import ArticleRow

__all__ = ["postgres_url"]


def test_republished_copies_fold_into_the_article_they_repeat(
    tmp_path: Path, shared_data: Path
) -> None:
    cluster = [r for r in ecb_records(shared_data, {1}) if r["cluster_id"] == "1_ecb"]
    longest, other = sorted(cluster, key=lambda r: -len(r["text"]))[:2]
    original = archive_record(0, longest) | {"url": "https://news.example/reid", "source": "Daily"}
    lines = original["text"].split("\n")
    edited = [*lines[:3], "Her spokesman would not say how long she will stay.", *lines[4:]]
    copies = [
        original | {"url": "https://wire.example/reid?utm_source=rss", "source": "Wire"},
        original | {"url": "https://mirror.example/reid", "text": "  \n".join(lines) + "\n\n"},
        original | {"url": "https://news.example/reid-updated", "text": "\n".join(edited)},
    ]
    tracked = original | {"url": "https://news.example/reid?utm_medium=social"}
    archive = write_archive(
        tmp_path / "copies.jsonl",
        [original, archive_record(1, other), *copies, tracked],
    )
    report = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert (report["new"], report["duplicates"], report["skipped"]) == (2, 3, 1)
    store = Store.open(Settings(data_dir=tmp_path / "data"))
    with store.engine.connect() as connection:
        alternates = connection.execute(
            select(ArticleRow.alternate_urls).where(ArticleRow.url == "https://news.example/reid")
        ).scalar_one()
        publishers = connection.execute(
            text("select s.title from article_copies c join sources s on s.id = c.source_id")
        ).scalars()
        assert set(publishers) == {"Wire", "Daily"}  # the mirror's record names Daily too
    assert set(alternates) >= {canonical_url(copy["url"]) for copy in copies}
    assert store.reader.article_count() == 2
    store.close()


def _brief(n: int, source: str, title: str, text: str) -> dict:
    return {
        "url": f"https://{source.lower()}.example/{n}",
        "title": title,
        "text": text,
        "source": source,
        "published": f"2026-02-17T0{n}:00:00+00:00",
    }


def test_one_feeds_briefs_about_different_events_stay_apart(tmp_path: Path) -> None:
    """AllAfrica-style items: each a headline and a line, all with the feed's dateline
    and prefix. They once made one story, hiding six of them behind the seventh."""
    items = [
        ("Kenya: Aviation Workers Suspend Strike", "Aviation workers have suspended their strike."),
        ("Kenya: Traders Warn Tobacco Bill May Fuel Illicit Trade", "Traders urged the Senate."),
        ("Kenya: State House Spending Surpasses Allocation", "State House spent its budget."),
        ("Kenya: Champions Return to Magical Kenya Open", "Six previous champions return."),
    ]
    records = [
        _brief(n, "AllAfrica", title, f"[Capital FM] Nairobi -- {text}")
        for n, (title, text) in enumerate(items)
    ]
    archive = write_archive(tmp_path / "briefs.jsonl", records)
    report = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert report["new"] == len(items)
    store = Store.open(Settings(data_dir=tmp_path / "data"))
    with store.engine.connect() as connection:
        stories = connection.execute(select(ArticleRow.story_id)).scalars().all()
    store.close()
    assert len(set(stories)) == len(items)


def test_an_encoder_without_torch_stops_the_pipeline_before_it_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_encoder_extra(monkeypatch)
    settings = Settings(data_dir=tmp_path, section_encoder=encoder_folder(tmp_path / "encoder"))
    with pytest.raises(EncoderUnavailable, match=re.escape("pip install -e '.[encoder]'")):
        Pipeline.open(settings)
    assert not (tmp_path / "tidings.db").exists()
    Pipeline.open(settings, enrich=False).store.close()  # storing only needs no encoder


@pytest.mark.postgres
def test_an_article_whose_connection_was_cut_is_saved_on_a_new_one(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server went away between two articles (a restart) while the connection was in
    steady use, so no ping looked: the article is saved again rather than failed."""
    monkeypatch.setattr(database, "REST_BEFORE_PING", 3600.0)
    store = Store.open(Settings(data_dir=tmp_path, database_url=postgres_url))
    empty_postgres(postgres_url)
    pipeline = Pipeline(store, None)

    def save(n: int) -> Processed:
        content = ExtractedArticle(f"https://news.example/{n}", f"Story {n}", f"Text {n}. " * 40)
        return pipeline.save(prepared(Article(content, Enrichment(language="en"))))

    assert save(1).outcome is Outcome.NEW
    assert drop_connections(postgres_url) >= 1
    assert save(2).outcome is Outcome.NEW
    assert store.reader.article_count() == 2
    store.close()
