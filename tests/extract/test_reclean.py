"""Today's cleaning on an article as an earlier version stored it."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tidings.errors import ExtractionError, FeedError
from tidings.extract import extract_article
from tidings.extract import reclean as reclean_module
from tidings.extract.reclean import reclean
from tidings.extract.reconcile import MAX_TITLE_CHARS
from tidings.extract.text import html_to_text
from tidings.ingest.feeds import parse_feed
from tidings.models import Document, ExtractedArticle, SourceRef

WRITTEN = datetime(2026, 11, 1, tzinfo=UTC)
URL = "https://blog.example/2026/harbour-strike"
# A feed body as stored before the fixes: a relative link and image, an image whose
# relative address the old sanitiser refused, WordPress's footer.
OLD_HTML = (
    '<p>The harbour strike ended on Monday, <a href="/2026/talks">after talks</a>.</p>'
    '<p><img src="/images/quay.jpg" alt="The quay"></p>'
    '<p><img alt="A lost picture"></p>'
    '<p>The post <a href="https://blog.example/2026/harbour-strike">Harbour strike</a>'
    ' appeared first on <a href="https://blog.example">Harbour Blog</a>.</p>'
)


def stored(**fields: object) -> ExtractedArticle:
    values: dict[str, object] = {
        "url": URL,
        "title": "&#8220;Harbour&#8221; strike ends",
        "text": html_to_text(OLD_HTML),
        "html": OLD_HTML,
        "author": "Jos&#233; Quay",
        "published": datetime(2026, 10, 30, tzinfo=UTC),
        "site_name": "Harbour Blog",
        "source": SourceRef("Harbour Blog", "https://blog.example/feed"),
    }
    values.update(fields)
    return ExtractedArticle(**values)  # type: ignore[arg-type]


def test_an_old_feed_body_is_cleaned_as_today() -> None:
    cleaned = reclean(stored(), WRITTEN)
    assert cleaned.title == "“Harbour” strike ends" and cleaned.author == "José Quay"
    assert cleaned.html is not None
    assert '<a href="https://blog.example/2026/talks"' in cleaned.html
    assert '<img src="https://blog.example/images/quay.jpg" alt="The quay">' in cleaned.html
    assert "A lost picture" not in cleaned.html and "appeared first on" not in cleaned.html
    assert cleaned.text == "The harbour strike ended on Monday, after talks."


def test_cleaning_twice_changes_nothing() -> None:
    once = reclean(stored(), WRITTEN)
    assert reclean(once, WRITTEN) == once


def test_a_title_escaped_twice_settles_in_one_call() -> None:
    assert reclean(stored(title="Tom &amp;amp; Jerry"), WRITTEN).title == "Tom & Jerry"


@pytest.mark.parametrize("title", ["AT&T buys a <b> tag", "Q&A: what 1 < 2 means", "Plain"])
def test_a_title_without_character_references_is_left_as_it_is(title: str) -> None:
    """``clean`` turned ``&lt;b&gt;`` into a literal ``<b>``: it is text now, not markup."""
    assert reclean(stored(title=title), WRITTEN).title == title


def test_an_extractors_text_is_not_rebuilt_from_the_html() -> None:
    """A page's text comes from the extractors' blocks, not from its display HTML."""
    own_text = "The harbour strike ended on Monday.\n\nA paragraph only the text has."
    cleaned = reclean(stored(text=own_text), WRITTEN)
    assert cleaned.text == own_text and cleaned.html != OLD_HTML


def test_a_body_that_is_only_the_footer_keeps_it() -> None:
    footer = '<p>The post <a href="https://blog.example/x">X</a> appeared first on Blog.</p>'
    cleaned = reclean(stored(html=footer, text=html_to_text(footer)), WRITTEN)
    assert "appeared first on" in cleaned.text


@pytest.mark.parametrize(
    "published",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, tzinfo=UTC),
        WRITTEN + timedelta(days=3),  # after the row was written: not a publication date
    ],
)
def test_an_impossible_date_becomes_unknown(published: datetime) -> None:
    assert reclean(stored(published=published), WRITTEN).published is None


def test_a_date_is_judged_against_when_the_row_was_written_not_today() -> None:
    tomorrow_then = WRITTEN + timedelta(hours=20)
    assert reclean(stored(published=tomorrow_then), WRITTEN).published == tomorrow_then


def test_an_article_filed_under_no_source_is_named_by_its_publisher() -> None:
    assert reclean(stored(source=SourceRef()), WRITTEN).source == SourceRef("Harbour Blog")
    nameless = stored(source=SourceRef(), site_name=None)
    assert reclean(nameless, WRITTEN).source == SourceRef("blog.example")


def test_cleaning_that_does_not_settle_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reclean_module, "_decoded", lambda value: f"{value}!" if value else value)
    with pytest.raises(ExtractionError, match="does not settle"):
        reclean(stored(), WRITTEN)


def test_what_todays_pipeline_stores_is_already_clean(shared_data: Path) -> None:
    """The items of 40 real feeds: each article extracted today is a fixed
    point of ``reclean``, but for a title whose feed escaped it twice."""
    folder = shared_data / "feeds_realworld_fastfeedparser"
    articles, changed = 0, []
    for line in (folder / "index.jsonl").read_text().splitlines()[:40]:
        record = json.loads(line)
        try:
            raw = gzip.decompress((folder / record["file"]).read_bytes())
            feed = parse_feed(raw, "https://example.org/feed", {})
        except FeedError:
            continue
        for document in feed.entries:
            try:
                content = extract_article(document)
            except ExtractionError:
                continue
            articles += 1
            cleaned = reclean(content, datetime.now(UTC))
            if cleaned != content:
                changed.append(replace(content, html=None, text=""))
    assert articles > 500
    assert all("&" in content.title for content in changed), changed


def test_what_todays_extraction_of_a_page_stores_is_already_clean(shared_data: Path) -> None:
    """The extractors' bodies (sanitised without a base, links made absolute while
    converting) are fixed points too: a reprocess leaves page articles alone."""
    folder = shared_data / "article_extraction_aeb"
    records = [json.loads(line) for line in (folder / "ground_truth.jsonl").open()][:8]
    for record in records:
        html = gzip.decompress((folder / record["html_file"]).read_bytes()).decode(errors="replace")
        content = extract_article(Document(url=record["url"], html=html))
        assert reclean(content, datetime.now(UTC)) == content, record["url"]


def test_an_archive_record_as_ingested_today_is_already_clean() -> None:
    """Reprocessing an article this version just stored changes nothing (it used to
    rewrite the quotes of every archive record's body and count it as changed)."""
    text = 'Markets rose & fell; the minister\'s "plan" <stalled>.\n\nNo deal   today.'
    article = extract_article(Document(url=URL, title="Talks", text=text))
    assert article.html
    assert reclean(article, WRITTEN) == article


def test_a_title_stored_whole_at_a_hundred_thousand_characters_is_cut_as_today() -> None:
    words = " ".join(f"word{n}" for n in range(15_000))
    cleaned = reclean(stored(title=words), WRITTEN)
    assert len(cleaned.title) <= MAX_TITLE_CHARS and cleaned.title.endswith("…")
    assert reclean(cleaned, WRITTEN) == cleaned
