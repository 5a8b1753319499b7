"""``tidings ingest``: archives (feed files, HTML pages, JSON Lines, WARC) through the pipeline.

Pages are read in the crawl's worker processes when there is more than one
core (``pool``), in archive order; the one writer stores them as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tidings.config import Settings
from tidings.errors import Failure, IngestReport, Notice
from tidings.ingest.archives import read_paths
from tidings.models import Document
from tidings.pipeline import Pipeline, Processed
from tidings.preparing import PreparePool


def ingest_paths(
    pipeline: Pipeline,
    paths: list[Path],
    on_item: Callable[[str], None] | None = None,
    pool: PreparePool | None = None,
    *,
    max_bytes: int = Settings.max_body_bytes,
) -> IngestReport:
    """Every document found under ``paths``; failures recorded, the run goes on.

    A record (a line, a page, a feed file, a WARC record) larger than ``max_bytes`` is
    a failure of its own, as a fetched body that large is."""
    report = IngestReport()
    documents = _documents(read_paths(paths, max_bytes), report)
    for processed in _processed(pipeline, documents, pool):
        processed.count_into(report)
        if on_item:
            on_item(processed.url)
    return report


def _documents(items: Iterable[Document | Failure], report: IngestReport) -> Iterator[Document]:
    """The readable documents; an unreadable file or record, or what a readable one
    lacked, goes to the report."""
    for item in items:
        if isinstance(item, Notice):
            report.warnings.append(item)
        elif isinstance(item, Failure):
            report.errors.append(item)
        else:
            yield item


def _processed(
    pipeline: Pipeline, documents: Iterable[Document], pool: PreparePool | None
) -> Iterator[Processed]:
    if pool is None:
        yield from map(pipeline.process, documents)
        return
    for document, prepared in pool.prepare_in_order(documents):
        if isinstance(prepared, Failure):
            yield Processed(document.url, failure=prepared)
        else:
            yield pipeline.save(prepared)
