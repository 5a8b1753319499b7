"""Failures as data.

A failure about one source, one file or one article is recorded and reported;
it never stops the run. Exceptions are kept for bugs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

log = logging.getLogger("tidings")


@dataclass(frozen=True, slots=True)
class Failure:
    """Something that could not be ingested, and why, in plain words."""

    where: str  # a source URL, a file path (with ":line"), an article URL
    why: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "why": self.why}


@dataclass(frozen=True, slots=True)
class Notice(Failure):
    """A source that was read, minus what it could not give: entries without a usable
    link, a feed that is not well-formed XML, a capped sitemap. The operator should
    know, but nothing failed."""


def unexpected_failure(where: str, exc: BaseException) -> Failure:
    """An exception no stage meant to raise, met on one source, file or article: a bug.

    It is logged with its traceback, so that it gets fixed, and becomes that item's
    failure, so that one bad feed item cannot stop a crawl of every source."""
    log.error("unexpected error on %s", where, exc_info=exc)
    detail = (str(exc) or type(exc).__name__).splitlines()[0][:200]
    return Failure(where, f"unexpected error ({type(exc).__name__}: {detail}); see the log")


class FetchError(Exception):
    """A source or page could not be fetched; ``reason`` is for the operator."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503)


class Disallowed(FetchError):
    """robots.txt refuses the URL or one it redirects to; nothing was fetched from it."""


class FeedError(Exception):
    """Bytes that were meant to be a feed hold no feed we can read."""


class ExtractionError(Exception):
    """A document holds no article that can be shown to a reader. The message is the
    reason alone: the ``Failure`` that reports it names the document."""


@dataclass(slots=True)
class IngestReport:
    """Counts of one crawl or ingest run, printed by the CLI (``--json`` too)."""

    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[Failure] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    sources_ok: int = 0
    sources_failed: int = 0
    robots_disallowed: int = 0  # article pages robots.txt refused; the feed's content was used
    duplicates: int = 0  # republished copies folded into an article they repeat

    def merge(self, other: IngestReport) -> None:
        self.new += other.new
        self.updated += other.updated
        self.skipped += other.skipped
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.sources_ok += other.sources_ok
        self.sources_failed += other.sources_failed
        self.robots_disallowed += other.robots_disallowed
        self.duplicates += other.duplicates

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": [failure.as_dict() for failure in self.errors],
            "warnings": [notice.as_dict() for notice in self.warnings],
            "sources_ok": self.sources_ok,
            "sources_failed": self.sources_failed,
            "robots_disallowed": self.robots_disallowed,
            "duplicates": self.duplicates,
        }
