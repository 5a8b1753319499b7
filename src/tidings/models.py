"""The data that flows between the stages.

Every stage takes and returns these plain dataclasses, never ORM rows or HTTP
responses, so a stage can be tested, benchmarked or reused (by the CLI, the
Celery workers, the eval commands) without the others.

Flow: ingest produces ``Document``s; extract turns one into an
``ExtractedArticle``; enrich adds an ``Enrichment``; the store keeps the pair
as one article row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class TagKind(StrEnum):
    """Why a hashtag exists: the reader sees the kind beside the evidence."""

    CONCEPT = "concept"  # from a vocabulary (IPTC Media Topics, Tidings' own)
    PLACE = "place"  # a country, region or city
    ACTOR = "actor"  # an organisation or a person
    EMERGING = "emerging"  # a keyphrase no vocabulary knows yet


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The publisher an article came from, as far as ingest knows it."""

    name: str | None = None
    url: str | None = None  # the feed or site URL that identifies the source
    site_url: str | None = None  # the publisher's web site (http/https) its feed names


@dataclass(frozen=True, slots=True)
class CopyRef:
    """Another address of an article's text and who published it there: a republication
    that an exporting instance folded into the article (``tidings export``'s ``copies``)."""

    url: str
    source: SourceRef = field(default_factory=SourceRef)


# How an article without a web address is named: a saved file's own page by its
# ``file:`` URI, a record without a URL by a ``urn:tidings:`` hash of its text. Such a
# name is an identity, never fetched; an article so named came from an archive.
URN_PREFIX = "urn:tidings:"
ARCHIVE_IDENTITIES = ("file:", URN_PREFIX)


@dataclass(frozen=True, slots=True)
class Archived:
    """A document read from an offline archive rather than fetched now.

    For a live fetch, "first seen now" is a fair stand-in for an undated entry's
    age; for an archive it is the day of the import, which says nothing about the
    article. ``at`` is the best date the archive itself gives for the page (the
    earliest it shows the page existed: a WARC record's date or the HTTP
    Last-Modified it kept, an archived feed's own date); None when it gives none.
    """

    at: datetime | None = None


@dataclass(slots=True)
class Document:
    """One article candidate as ingest found it, before extraction.

    Any field may be missing: a feed entry has a summary but no page until the
    page is fetched; a JSON Lines record may carry clean text and no HTML.
    """

    url: str
    html: str | None = None  # the article page, when fetched or given
    title: str | None = None
    text: str | None = None  # plain text given by an archive record
    summary_html: str | None = None  # the feed's own content or summary
    summary: str | None = None  # plain text, as an archive record gives it
    published: datetime | None = None
    author: str | None = None
    section: str | None = None  # the publisher's section or feed category
    keywords: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    source: SourceRef = field(default_factory=SourceRef)
    copies: list[CopyRef] = field(default_factory=list)  # folded in by another instance
    archived: Archived | None = None  # None: fetched live, now


@dataclass(slots=True)
class ExtractedArticle:
    """Full text and metadata of one article, reconciled from page and feed."""

    url: str  # canonical URL: the article's identity
    title: str
    text: str  # plain text, paragraphs separated by blank lines
    html: str | None = None  # sanitised body HTML for display, when known
    summary: str | None = None  # the publisher's description or lead
    author: str | None = None
    published: datetime | None = None  # timezone-aware UTC when known
    image: str | None = None
    language: str | None = None  # as declared by the page, ISO 639-1
    site_name: str | None = None
    section: str | None = None  # the publisher's own section label
    keywords: list[str] = field(default_factory=list)  # the publisher's own
    source: SourceRef = field(default_factory=SourceRef)
    alternate_urls: list[str] = field(default_factory=list)
    copies: list[CopyRef] = field(default_factory=list)  # the document's
    archived: Archived | None = None  # the document's: lists place undated articles by it


@dataclass(frozen=True, slots=True)
class TagAssignment:
    """One hashtag on one article, with what earned it."""

    slug: str  # camelCase, e.g. "diplomaticConflict", "Azerbaijan"
    display: str  # e.g. "Diplomatic conflict", "Azerbaijan"
    kind: TagKind
    score: float  # 0..1, higher is stronger
    evidence: str  # the sentence or field that earned the tag


@dataclass(slots=True)
class Enrichment:
    """What Tidings adds to an article: language, section and hashtags."""

    language: str | None = None  # ISO 639-1, None when unknown
    section: str | None = None  # a slug from enrich.sections.SECTIONS
    section_evidence: str | None = None
    tags: list[TagAssignment] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """An article ready to store: extracted content plus enrichment."""

    content: ExtractedArticle
    enrichment: Enrichment
