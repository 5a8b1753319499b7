"""The one orchestrator of an article: document -> extract -> enrich -> store.

``crawl``, ``ingest`` and the Celery workers all hand documents to
``Pipeline.process``; a document that yields no article becomes a Failure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.errors import ExtractionError, Failure
from tidings.extract import extract_article
from tidings.ingest.urls import canonical_url
from tidings.models import Article, Document, Enrichment
from tidings.store import Outcome, Store


@dataclass(frozen=True, slots=True)
class Processed:
    """What happened to one document."""

    url: str
    article_id: int | None = None
    outcome: Outcome | None = None
    failure: Failure | None = None


class Pipeline:
    def __init__(self, store: Store, enricher: Enricher | None) -> None:
        """``enricher=None`` stores articles unenriched (benchmarks measure both)."""
        self.store = store
        self.enricher = enricher

    @classmethod
    def open(cls, settings: Settings, *, enrich: bool = True) -> Pipeline:
        """The pipeline of an instance: its store, and the enricher's models loaded once."""
        return cls(Store.open(settings), Enricher.load() if enrich else None)

    def process(self, document: Document, source_id: int | None = None) -> Processed:
        """Take one document all the way into the store, or say why not."""
        try:
            article = prepare_article(document, self.enricher)
        except ExtractionError as exc:
            return Processed(document.url, failure=Failure(document.url, str(exc)))
        return self.save(article, source_id)

    def save(self, article: Article, source_id: int | None = None) -> Processed:
        """Store a prepared article (the crawler prepares in worker processes)."""
        content = article.content
        if source_id is None:
            source_id = self.store.sources.for_archive(content.source.name, content.source.url)
        article_id, outcome = self.store.articles.save(article, source_id)
        return Processed(content.url, article_id, outcome)


def prepare_article(document: Document, enricher: Enricher | None) -> Article:
    """Extract and enrich one document, without the store; raises ExtractionError.

    Pure CPU work on picklable data, so it can run in another process.
    """
    content = extract_article(document)
    identity = canonical_url(content.url)
    alternates = {canonical_url(url) for url in [document.url, *content.alternate_urls]}
    content = replace(content, url=identity, alternate_urls=sorted(alternates - {identity}))
    enrichment = enricher.enrich(content) if enricher else Enrichment()
    return Article(content, enrichment)
