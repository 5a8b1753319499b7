"""Stored articles brought up to today's cleaning, in place, on SQLite and PostgreSQL.

Rows are stored "the old way": through today's pipeline with the content an earlier
version extracted (undecoded title, relative and address-less images, WordPress
footer), then, where today's store refuses it, patched in SQL (an epoch date).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tidings import reprocess as reprocess_module
from tidings.errors import ExtractionError
from tidings.extract.text import html_to_text
from tidings.models import (
    Article,
    Enrichment,
    ExtractedArticle,
    SourceRef,
    TagAssignment,
    TagKind,
)
from tidings.pipeline import Pipeline, prepared
from tidings.reprocess import Reprocessor, rewrite_of
from tidings.store import Store
from tidings.store import rewrites as rewrites_module
from tidings.store.articles import row_values
from tidings.store.schema import ArticleBandRow, ArticleRow, ArticleTagRow, SourceRow
from tidings.store.search import Searcher, SearchRequest

PUBLISHED = datetime(2026, 10, 30, tzinfo=UTC)


def old_html(n: int) -> str:
    """A feed body as stored before the fixes, with words of its own."""
    return (
        f"<p>Owners in harbour{n} protested the quay closure on Monday, "
        f'<a href="/2026/talks-{n}">after talks</a> with the port authority of town{n}.</p>'
        f'<p><img src="/images/quay-{n}.jpg" alt="The quay"></p>'
        '<p><img alt="A lost picture"></p>'
        f'<p>The post <a href="https://blog.example/{n}">Quayside{n} notes</a> appeared first'
        ' on <a href="https://blog.example">Harbour Blog</a>.</p>'
    )


def old_article(n: int, *, source: SourceRef | None = None) -> Article:
    html = old_html(n)
    content = ExtractedArticle(
        url=f"https://blog.example/{n}",
        title=f"Caf&#233; owners protest closure{n} &#8220;at once&#8221;",
        text=html_to_text(html),
        html=html,
        author="Jos&#233; Quay",
        published=PUBLISHED,
        site_name="Harbour Blog",
        source=source if source is not None else SourceRef(),
    )
    return Article(content, Enrichment(language="en", section="business"))


def store_old(store: Store, n: int, *, source: SourceRef | None = None) -> int:
    """Store article ``n`` through today's pipeline, as an earlier version extracted it."""
    pipeline = Pipeline(store, None)
    article = old_article(n, source=source)
    source_id = None
    if source is not None:
        source_id = store.sources.add(source.url or "", title=source.name)[0].id
    processed = pipeline.save(prepared(article), source_id)
    assert processed.article_id is not None and processed.failure is None
    if source is None:  # today's pipeline names the publisher; the old one filed it nowhere
        with store.engine.begin() as connection:
            connection.execute(
                update(ArticleRow)
                .where(ArticleRow.id == processed.article_id)
                .values(source_id=None)
            )
    return processed.article_id


def row(store: Store, article_id: int) -> dict[str, Any]:
    with store.engine.connect() as connection:
        found = connection.execute(select(ArticleRow).where(ArticleRow.id == article_id)).one()
    values = found._asdict()
    values.pop("search_vector", None)  # PostgreSQL's generated column
    return values


def found(store: Store, words: str) -> list[str]:
    results = Searcher(store.engine).search(SearchRequest(text=words))
    return [hit.article.url for hit in results.hits]


def test_an_old_row_is_cleaned_as_today_and_search_follows(store: Store) -> None:
    article_id = store_old(store, 1)
    with store.engine.begin() as connection:  # the pre-fix store kept placeholder dates
        epoch = datetime(1970, 1, 1, tzinfo=UTC)  # and listed the article at it
        connection.execute(
            update(ArticleRow)
            .where(ArticleRow.id == article_id)
            .values(published_at=epoch, listed_at=epoch)
        )
    before = row(store, article_id)
    assert found(store, "Quayside1") == ["https://blog.example/1"]  # the footer is indexed
    assert found(store, "café") == []  # the title holds "Caf&#233;"

    report = Reprocessor(store, None).run()

    assert (report.examined, report.changed, report.unchanged, report.errors) == (1, 1, 0, [])
    after = row(store, article_id)
    assert after["title"] == "Café owners protest closure1 “at once”"
    assert after["author"] == "José Quay"
    assert '<a href="https://blog.example/2026/talks-1"' in after["html"]
    assert '<img src="https://blog.example/images/quay-1.jpg" alt="The quay">' in after["html"]
    assert "A lost picture" not in after["html"]
    assert "appeared first" not in after["html"] and "appeared first" not in after["text"]
    assert after["published_at"] is None
    assert after["listed_at"] == after["first_seen_at"]  # a live article without a date
    assert after["updated_at"] == before["updated_at"]  # the crawler still compares against it
    assert after["previous_hashes"] == [before["content_hash"]]
    assert after["fingerprint"] != before["fingerprint"]
    assert after["story_id"] == before["story_id"] is not None
    with store.engine.connect() as connection:
        source = connection.execute(select(SourceRow.title, SourceRow.kind)).one()
        bands = connection.scalar(
            select(func.count()).where(ArticleBandRow.article_id == article_id)
        )
    assert tuple(source) == ("Harbour Blog", "archive") and after["source_id"] is not None
    assert bands
    assert found(store, "café closure1") == ["https://blog.example/1"]
    assert found(store, "Quayside1") == []


def test_a_second_run_changes_nothing(store: Store) -> None:
    ids = [store_old(store, n) for n in range(1, 4)]
    first = Reprocessor(store, None, batch_size=2).run()
    assert (first.examined, first.changed) == (3, 3)
    rows = [row(store, article_id) for article_id in ids]

    second = Reprocessor(store, None, batch_size=2).run()

    assert (second.examined, second.changed, second.unchanged, second.errors) == (3, 0, 3, [])
    assert [row(store, article_id) for article_id in ids] == rows


def test_an_article_that_fails_is_reported_and_left_as_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = store_old(store, 1), store_old(store, 2)
    untouched = row(store, bad)

    def failing(content: ExtractedArticle, written_at: datetime) -> ExtractedArticle:
        if content.url.endswith("/2"):
            raise RuntimeError("a bug met on this article")
        return real(content, written_at)

    real = reprocess_module.reclean
    monkeypatch.setattr(reprocess_module, "reclean", failing)
    report = Reprocessor(store, None).run()

    assert (report.examined, report.changed, report.unchanged) == (2, 1, 0)
    assert [failure.where for failure in report.errors] == ["https://blog.example/2"]
    assert "RuntimeError: a bug met on this article" in report.errors[0].why
    assert row(store, bad) == untouched
    assert row(store, good)["title"].startswith("Café")


def test_a_write_that_fails_is_rolled_back_alone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure comes after the row's UPDATE: its savepoint takes the UPDATE back."""
    good, bad = store_old(store, 1), store_old(store, 2)
    untouched = row(store, bad)
    real = rewrites_module.refile_fingerprint

    def failing(session: Any, article_id: int, *args: Any) -> None:
        if article_id == bad:
            raise ValueError("refused")
        real(session, article_id, *args)

    monkeypatch.setattr(rewrites_module, "refile_fingerprint", failing)
    report = Reprocessor(store, None).run()

    assert (report.changed, [f.where for f in report.errors]) == (1, ["https://blog.example/2"])
    assert row(store, bad) == untouched
    assert row(store, good)["title"].startswith("Café")
    assert found(store, "café closure1") == ["https://blog.example/1"]
    assert found(store, "café closure2") == []  # the index follows the row: both untouched
    assert found(store, "Quayside2") == ["https://blog.example/2"]


def test_a_dry_run_counts_and_writes_nothing(store: Store) -> None:
    article_id = store_old(store, 1)
    untouched = row(store, article_id)

    report = Reprocessor(store, None, dry_run=True).run()

    assert (report.changed, report.dry_run) == (1, True)
    assert row(store, article_id) == untouched
    assert store.sources.list() == []  # not even the publisher's source


def test_a_row_updated_since_it_was_read_is_left_to_that_writer(store: Store) -> None:
    article_id = store_old(store, 1)
    (stored,) = store.rewrites.batch(after_id=0, limit=10)
    newer = old_article(1)
    newer.content.text = "The publisher corrected the story. " * 5
    store.articles.save(newer, None)
    updated = row(store, article_id)

    (result,) = store.rewrites.write([rewrite_of(stored, None)])

    assert not result.changed and result.refused and "another writer" in result.refused
    assert row(store, article_id) == updated


class Tagging:
    """An enricher that reads what a model would: the cleaned title."""

    def enrich(self, content: ExtractedArticle) -> Enrichment:
        evidence = content.title
        tag = TagAssignment("harbourLife", "Harbour life", TagKind.CONCEPT, 0.8, evidence)
        return Enrichment(language="en", section="society", section_evidence="test", tags=[tag])


def test_enrichment_is_redone_and_the_story_stays(store: Store) -> None:
    article_id = store_old(store, 1)
    story = row(store, article_id)["story_id"]

    report = Reprocessor(store, Tagging()).run()  # type: ignore[arg-type]

    assert report.changed == 1
    view = store.reader.article(article_id)
    assert view is not None and view.section == "society"
    assert [(t.tag.slug, t.evidence) for t in view.tags] == [("harbourLife", view.title)]
    assert row(store, article_id)["story_id"] == story
    again = Reprocessor(store, Tagging()).run()  # type: ignore[arg-type]
    assert (again.changed, again.unchanged) == (0, 1)
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ArticleTagRow)) == 1


def test_a_run_is_narrowed_to_a_source_and_a_day(store: Store) -> None:
    feed = SourceRef("Harbour Blog", "https://blog.example/feed")
    store_old(store, 1, source=feed)
    store_old(store, 2)
    source = store.sources.get("https://blog.example/feed")
    assert source is not None

    by_source = Reprocessor(store, None, source_id=source.id, dry_run=True).run()
    later = Reprocessor(store, None, since=datetime(2999, 1, 1, tzinfo=UTC), dry_run=True)

    assert (by_source.examined, by_source.changed) == (1, 1)
    assert later.total() == 0 and later.run().examined == 0


def test_a_failure_to_settle_is_reported(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = store_old(store, 1)
    untouched = row(store, article_id)

    def unsettled(content: ExtractedArticle, written_at: datetime) -> ExtractedArticle:
        raise ExtractionError("cleaning does not settle; left as stored")

    monkeypatch.setattr(reprocess_module, "reclean", unsettled)
    report = Reprocessor(store, None).run()
    assert [f.why for f in report.errors] == ["cleaning does not settle; left as stored"]
    assert row(store, article_id) == untouched


def test_rewrites_compare_every_column_a_save_writes() -> None:
    written = row_values(old_article(1), None, datetime.now(UTC))
    assert set(written) == {*rewrites_module._COLUMNS, "source_id", "updated_at"}


def test_the_cjk_search_form_follows_a_rewritten_text(store: Store) -> None:
    """The index reads the pair form of the text (store/cjk.py), saved beside it."""
    html = (
        "<p>Owners in harbour protested the quay closure on Monday.</p>"
        '<p>The post <a href="https://blog.example/9">北京暴雨</a> appeared first'
        ' on <a href="https://blog.example">Harbour Blog</a>.</p>'
    )
    article = old_article(9)
    article.content.html, article.content.text = html, html_to_text(html)
    processed = Pipeline(store, None).save(prepared(article), None)
    assert processed.article_id is not None
    assert found(store, "暴雨") == ["https://blog.example/9"]  # the footer is indexed

    Reprocessor(store, None).run()

    assert "appeared first" not in row(store, processed.article_id)["text"]
    assert found(store, "暴雨") == []
