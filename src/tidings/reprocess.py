"""``tidings reprocess``: stored articles brought up to today's cleaning and enrichment.

An article stored before a fix keeps the old output until something rewrites it;
a crawl skips what it has. The store keeps no page or feed entry, so what can be
redone is the cleaning of the stored fields (``extract/reclean.py`` lists the steps
and what needs a re-fetch instead), then, optionally, the enrichment of the result:
language, section, hashtags with their evidence.

The flow, per batch of articles in id order: the store reads them back as
``Article``s, each is recleaned and enriched here (a failure is that article's,
recorded, and the article left as stored), and the store writes the ones that
change in one transaction (``store/rewrites.py``). A changed title or text gets a
new fingerprint, as an updated article does in ``Pipeline.save``, so later copies
of the new text still fold into it. Stories stay as they are: a story's id is its
permanent address, and an old article re-decided would move between stories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tidings.enrich import Enricher
from tidings.enrich.dedup import fingerprint
from tidings.errors import ExtractionError, Failure
from tidings.extract.reclean import reclean
from tidings.models import Article
from tidings.pipeline import contained
from tidings.store import Store
from tidings.store.rewrites import ArticleAsStored, Rewrite, Rewritten

BATCH = 100  # articles read, cleaned and written per transaction


@dataclass(slots=True)
class ReprocessReport:
    """Counts of one run, printed by the CLI (``--json`` too)."""

    examined: int = 0
    changed: int = 0  # would change, on a dry run
    unchanged: int = 0
    errors: list[Failure] = field(default_factory=list)  # each article left as stored
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "examined": self.examined,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "errors": [failure.as_dict() for failure in self.errors],
            "dry_run": self.dry_run,
        }


class Reprocessor:
    """One run over the stored articles; ``report`` holds what it did so far, so a run
    that is interrupted can still say what its committed batches changed."""

    def __init__(
        self,
        store: Store,
        enricher: Enricher | None,
        *,
        source_id: int | None = None,
        since: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = BATCH,
    ) -> None:
        """``enricher=None`` keeps each article's language, section and hashtags."""
        self.store = store
        self.enricher = enricher
        self.source_id = source_id
        self.since = since
        self.batch_size = batch_size
        self.report = ReprocessReport(dry_run=dry_run)

    def total(self) -> int:
        """How many articles the run examines (for a progress bar)."""
        return self.store.rewrites.count(source_id=self.source_id, since=self.since)

    def run(self, on_batch: Callable[[int], None] | None = None) -> ReprocessReport:
        """Every chosen article, batch after batch; ``on_batch`` hears each batch's size."""
        after = 0
        while batch := self.store.rewrites.batch(
            after_id=after, limit=self.batch_size, source_id=self.source_id, since=self.since
        ):
            after = batch[-1].id
            self._one_batch(batch)
            if on_batch:
                on_batch(len(batch))
        return self.report

    def _one_batch(self, batch: list[ArticleAsStored]) -> None:
        rewrites = []
        for stored in batch:
            self.report.examined += 1
            rewrite = self._rewrite(stored)
            if isinstance(rewrite, Failure):
                self.report.errors.append(rewrite)
            else:
                rewrites.append(rewrite)
        urls = {rewrite.stored.id: rewrite.stored.article.content.url for rewrite in rewrites}
        for result in self.store.rewrites.write(rewrites, keep=not self.report.dry_run):
            self._count(result, urls[result.id])

    def _rewrite(self, stored: ArticleAsStored) -> Rewrite | Failure:
        """What ``stored`` becomes, or why it stays as it is."""
        url = stored.article.content.url
        try:
            return rewrite_of(stored, self.enricher)
        except ExtractionError as exc:
            return Failure(url, str(exc))
        except Exception as exc:
            return contained(url, exc)

    def _count(self, result: Rewritten, url: str) -> None:
        if result.changed:
            self.report.changed += 1
        elif result.refused is not None:
            self.report.errors.append(Failure(url, result.refused))
        elif result.error is not None:
            self.report.errors.append(contained(url, result.error))
        else:
            self.report.unchanged += 1


def rewrite_of(stored: ArticleAsStored, enricher: Enricher | None) -> Rewrite:
    """``stored`` cleaned as today's pipeline cleans, enriched again when ``enricher``
    is given, with a new fingerprint when its title or text changed; raises
    ExtractionError when the cleaning does not settle."""
    old = stored.article.content
    content = reclean(old, stored.written_at)
    enrichment = enricher.enrich(content) if enricher else stored.article.enrichment
    article = Article(content, enrichment)
    if (content.title, content.text) == (old.title, old.text):
        return Rewrite(stored, article)
    printed = fingerprint(content.title, content.text)
    return Rewrite(stored, article, printed.to_bytes(), printed.band_keys)
