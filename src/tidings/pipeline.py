"""The one orchestrator of an article: document -> extract -> enrich -> store.

``crawl``, ``ingest`` and the Celery workers all hand documents to
``Pipeline.process``; a document that yields no article becomes a Failure.

Near-duplicates and stories are decided here, online, one article at a time: the
store fetches the neighbours (articles sharing a MinHash band key, open stories
sharing a candidate key) and the pure functions of ``enrich/dedup.py`` and
``enrich/stories.py`` decide. A republished copy is folded into the article it
repeats; a new article joins its best open story or starts one. The copies another
instance folded into an article (a ``tidings export`` line's) are kept with it as
they were, whatever the article's fate here: stored, or itself folded into another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.enrich.dedup import Fingerprint, fingerprint, is_near_duplicate
from tidings.enrich.section_encoder import EncoderUnavailable, unavailable
from tidings.enrich.stories import DEFAULT as STORY_PARAMS
from tidings.enrich.stories import (
    ArticleSignal,
    StoryProfile,
    absorb,
    article_signal,
    assign,
    candidate_keys,
    settle,
    story_keys,
)
from tidings.errors import ExtractionError, Failure, IngestReport, unexpected_failure
from tidings.extract import extract_article
from tidings.ingest.urls import canonical_url
from tidings.models import Article, Document, Enrichment, ExtractedArticle, TagKind
from tidings.store import Outcome, Store
from tidings.store.database import lost_connection
from tidings.store.fitting import URL_CHARS, storable_url
from tidings.store.prints import Filing
from tidings.store.problems import explain
from tidings.store.sources import now_utc
from tidings.store.stories import StoryUpdate

STORY_TAG_KINDS = (TagKind.PLACE, TagKind.ACTOR)  # what stories are indexed and compared by
GROW_ATTEMPTS = 5  # compare-and-set retries when another writer grew the same story


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article with what the writer compares it by.

    The fingerprint and the story signal are CPU work (about 1.7 ms an article
    beside the writer's 7 ms of storing): they are computed with the extraction,
    in a worker process, so that the one writer only reads neighbours and writes.
    """

    article: Article
    fingerprint: Fingerprint
    signal: ArticleSignal


@dataclass(frozen=True, slots=True)
class Processed:
    """What happened to one document."""

    url: str
    article_id: int | None = None
    outcome: Outcome | None = None
    failure: Failure | None = None

    def count_into(self, report: IngestReport) -> None:
        """Add this document to the run's counts (an unchanged article is "skipped")."""
        if self.failure:
            report.errors.append(self.failure)
        elif self.outcome is Outcome.NEW:
            report.new += 1
        elif self.outcome is Outcome.UPDATED:
            report.updated += 1
        elif self.outcome is Outcome.DUPLICATE:
            report.duplicates += 1
        else:
            report.skipped += 1


class Pipeline:
    def __init__(
        self,
        store: Store,
        enricher: Enricher | None,
        *,
        load_enricher: bool = False,
        section_encoder: Path | None = None,
    ) -> None:
        """``enricher=None`` stores articles unenriched (benchmarks measure both) unless
        ``load_enricher``: the models (with ``section_encoder``) then load on first use,
        so a crawl whose worker processes enrich never holds them here as well."""
        self.store = store
        self._enricher = enricher
        self.enriches = enricher is not None or load_enricher
        self._section_encoder = section_encoder

    @classmethod
    def open(cls, settings: Settings, *, enrich: bool = True) -> Pipeline:
        """The pipeline of an instance: its store, and the enricher when first needed.

        A section encoder that cannot load stops it here, before any worker starts
        and fails on it."""
        encoder = settings.section_encoder
        if enrich and encoder is not None and (why := unavailable(encoder)) is not None:
            raise EncoderUnavailable(str(why))
        return cls(
            Store.open(settings),
            None,
            load_enricher=enrich,
            section_encoder=settings.section_encoder,
        )

    @property
    def enricher(self) -> Enricher | None:
        if self._enricher is None and self.enriches:
            self._enricher = Enricher.load(self._section_encoder)
        return self._enricher

    def process(self, document: Document, source_id: int | None = None) -> Processed:
        """Take one document all the way into the store, or say why not."""
        try:
            prepared = prepare_article(document, self.enricher)
        except ExtractionError as exc:
            return Processed(document.url, failure=Failure(document.url, str(exc)))
        except Exception as exc:
            return Processed(document.url, failure=contained(document.url, exc))
        return self.save(prepared, source_id)

    def save(self, prepared: Prepared, source_id: int | None = None) -> Processed:
        """Store a prepared article (the crawler prepares in worker processes); a bug met
        on this article is its failure, not the run's."""
        try:
            processed = self._save_on_a_live_connection(prepared, source_id)
            copies = prepared.article.content.copies
            if copies and processed.article_id is not None:
                self.store.stories.keep_copies(processed.article_id, copies)
            return processed
        except Exception as exc:
            url = prepared.article.content.url
            return Processed(url, failure=contained(url, exc))

    def _save_on_a_live_connection(self, prepared: Prepared, source_id: int | None) -> Processed:
        """``_save``, once more if the database connection was lost on the way (a
        PostgreSQL restart): saving is idempotent, and an article whose save committed
        before the loss is found stored and finished as after a crash."""
        try:
            return self._save(prepared, source_id)
        except Exception as exc:
            if not lost_connection(exc):
                raise
        return self._save(prepared, source_id)

    def _save(self, prepared: Prepared, source_id: int | None) -> Processed:
        article = prepared.article
        content = article.content
        if source_id is None:
            source = content.source
            source_id = self.store.sources.for_archive(source.name, source.url, source.site_url)
        filed = filing(prepared.fingerprint)
        original = self._original_of(content.url, filed)
        if original is not None:
            self.store.stories.fold(original, content.url, source_id)
            return Processed(content.url, original, Outcome.DUPLICATE)
        article_id, outcome = self.store.articles.save(article, source_id, filed)
        if outcome is Outcome.DUPLICATE:  # a twin saved at the same moment won the text
            return Processed(content.url, article_id, outcome)
        # A crash between the article and its story leaves it unfinished: a redelivered
        # task finds it UNCHANGED and completes it as if new.
        if outcome is Outcome.NEW or self.store.stories.unfinished(article_id):
            self._join_story(article_id, prepared.signal)
        return Processed(content.url, article_id, outcome)

    def _original_of(self, url: str, filed: Filing) -> int | None:
        """The stored article this text repeats (the oldest if several), if any."""
        for article_id, data in self.store.stories.duplicate_candidates(url, filed.band_keys):
            if filed.repeats(data):
                return article_id
        return None

    def _join_story(self, article_id: int, signal: ArticleSignal) -> None:
        """Join the best open story or start one; re-decide if another writer grew it first."""
        when = signal.published or now_utc()
        for _ in range(GROW_ATTEMPTS):
            stories = self.store.stories.open_stories(
                candidate_keys(signal), when, STORY_PARAMS.quiet_after, STORY_PARAMS.candidates
            )
            profiles = {story.id: StoryProfile.from_json(story.profile) for story in stories}
            known = [(str(i), p) for i, p in sorted(profiles.items())]  # oldest first
            chosen = assign(signal, known, when)
            if chosen.story_id is None:
                self.store.stories.start(article_id, story_update(absorb(None, signal)))
                return
            by_id = {str(story.id): story for story in stories}
            settled = settle(chosen, absorb(profiles[int(chosen.story_id)], signal), known)
            absorbed = [by_id[i] for i in settled.absorbed]
            update = story_update(settled.profile)
            if self.store.stories.grow(article_id, by_id[settled.story_id], update, absorbed):
                return
        # Contention this heavy is a burst on one story; a story of its own beats none.
        self.store.stories.start(article_id, story_update(absorb(None, signal)))


def contained(where: str, exc: Exception) -> Failure:
    """``exc`` as the failure of one source, file or article, so the run goes on; but a
    problem of the store itself (a full disk, a read-only file) is everyone's: it is
    raised again, to stop the run with a plain message."""
    if explain(exc) is not None:
        raise exc
    return unexpected_failure(where, exc)


def filing(printed: Fingerprint) -> Filing:
    """The fingerprint as the store files it, with dedup's test of a near-duplicate."""
    return Filing(
        printed.to_bytes(),
        printed.band_keys,
        lambda data: is_near_duplicate(printed, Fingerprint.from_bytes(data)),
    )


def story_signal(content: ExtractedArticle, enrichment: Enrichment) -> ArticleSignal:
    """What story grouping compares: the text, place and actor tags, the time and the
    publisher (its feed or site URL, else its name).

    An undated article counts as published now: a story needs a time to close."""
    tags = [tag.slug for tag in enrichment.tags if tag.kind in STORY_TAG_KINDS]
    published = content.published or now_utc()
    source = content.source.url or content.source.name
    language = enrichment.language
    return article_signal(content.title, content.text, tags, published, language, source)


def story_update(profile: StoryProfile) -> StoryUpdate:
    return StoryUpdate(
        profile=profile.to_json(),
        title=profile.headline,
        first_seen_at=profile.first_seen,
        last_seen_at=profile.last_seen,
        size=profile.size,
        keys=story_keys(profile),
    )


def prepare_article(document: Document, enricher: Enricher | None) -> Prepared:
    """Extract, enrich and fingerprint one document, without the store; raises
    ExtractionError.

    Pure CPU work on picklable data, so it can run in another process.
    """
    content = extract_article(document)
    identity = canonical_url(content.url)
    if not storable_url(identity):  # the Failure names the address
        raise ExtractionError(
            f"a web address of {len(identity):,} characters, longer than an article's"
            f" may be ({URL_CHARS:,})"
        )
    alternates = {canonical_url(url) for url in [document.url, *content.alternate_urls]}
    copies = [replace(copy, url=canonical_url(copy.url)) for copy in content.copies]
    content = replace(
        content, url=identity, alternate_urls=sorted(alternates - {identity}), copies=copies
    )
    enrichment = enricher.enrich(content) if enricher else Enrichment()
    return prepared(Article(content, enrichment))


def prepared(article: Article) -> Prepared:
    """``article`` with its fingerprint and story signal, ready for ``Pipeline.save``."""
    content = article.content
    return Prepared(
        article,
        fingerprint(content.title, content.text),
        story_signal(content, article.enrichment),
    )
