"""The crawler's hand-off to the process queue.

``crawl.Crawler`` fetches a source, parses it, skips known entries, fetches
pages and hands each document to its pipeline. Given a ``Dispatcher`` as that
pipeline, a fetch task reuses all of it unchanged, and the documents go to
the process queue instead of being processed in the fetching process.
"""

from __future__ import annotations

from collections.abc import Callable

from tidings.models import Document
from tidings.pipeline import Pipeline, Processed
from tidings.store import Store

Send = Callable[[Document, int | None], None]


class Dispatcher(Pipeline):
    def __init__(self, store: Store, send: Send) -> None:
        super().__init__(store, enricher=None)
        self._send = send
        self.queued = 0

    def process(self, document: Document, source_id: int | None = None) -> Processed:
        """Queue the document; its outcome is decided by the task that processes it."""
        self._send(document, source_id)
        self.queued += 1
        return Processed(document.url)
