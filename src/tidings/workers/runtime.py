"""What a worker process keeps between tasks: settings, store, enricher.

The enricher's models are loaded once in the parent before the pool forks
(shared copy-on-write); database connections must not cross a fork, so each
process opens its own store on first use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.extract import extract_article
from tidings.models import Document
from tidings.pipeline import Pipeline
from tidings.store import Store
from tidings.store.leases import LeaseRepo
from tidings.workers.failures import FailureLog


@dataclass
class Runtime:
    settings: Settings
    enricher: Enricher | None = None
    _store: Store | None = field(default=None, repr=False)
    _pid: int = field(default=0, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None or self._pid != os.getpid():
            self._store = Store.open(self.settings, upgrade=False)
            self._pid = os.getpid()
        return self._store

    @property
    def leases(self) -> LeaseRepo:
        return LeaseRepo(self.store.engine)

    @property
    def failures(self) -> FailureLog:
        return FailureLog.connect(self.settings)

    def pipeline(self) -> Pipeline:
        if self.enricher is None:
            self.enricher = Enricher.load(self.settings.section_encoder)
        return Pipeline(self.store, self.enricher)


_current: Runtime | None = None


WARM_UP = Document(
    url="urn:tidings:warm-up",
    html="<html><head><title>Ministers meet in Geneva</title></head><body><article>"
    + "<h1>Ministers meet in Geneva</h1>"
    + "".join(
        f"<p>On day {n} of the talks, ministers met in Geneva to discuss the ceasefire, "
        f"prisoner exchanges and trade routes; delegates said progress was slow.</p>"
        for n in range(1, 9)
    )
    + "</article></body></html>",
)


def configure(settings: Settings, *, preload_enricher: bool = False) -> Runtime:
    """Set up this process (and the pool it will fork) to run tasks for ``settings``.

    With ``preload_enricher`` the models are loaded and one throwaway document
    is extracted and enriched, so that what the stages build lazily on first
    use is built once here and shared by every pool process, instead of
    costing each of them seconds (and memory) on its first task.
    """
    global _current
    enricher = None
    if preload_enricher:
        enricher = Enricher.load(settings.section_encoder)
        enricher.enrich(extract_article(WARM_UP))
    _current = Runtime(settings, enricher)
    return _current


def current() -> Runtime:
    """The runtime of this process (configured from the environment if nobody did)."""
    return _current or configure(Settings.load())
