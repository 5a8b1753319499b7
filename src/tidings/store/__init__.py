"""Storage: the only package that talks to the database.

``Store.open(settings)`` creates or upgrades the schema and hands out the
repositories by use: ``sources``, ``articles`` (writes), ``reader`` (pages),
``stories`` (near-duplicates and story grouping) and ``rewrites`` (stored articles
brought up to today's cleaning by ``tidings reprocess``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from tidings.config import Settings
from tidings.store.articles import ArticleRepo, Outcome
from tidings.store.database import make_engine, migrate
from tidings.store.reading import BadCursor, Reader
from tidings.store.rewrites import ArticleRewrites
from tidings.store.sources import SourceRepo
from tidings.store.stories import StoryRepo

__all__ = ["BadCursor", "Outcome", "Store"]


@dataclass
class Store:
    engine: Engine
    sources: SourceRepo
    articles: ArticleRepo
    reader: Reader
    stories: StoryRepo
    rewrites: ArticleRewrites

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True) -> Store:
        engine = make_engine(settings.resolved_database_url)
        if upgrade:
            migrate(engine)
        return cls(
            engine,
            SourceRepo(engine),
            ArticleRepo(engine),
            Reader(engine),
            StoryRepo(engine),
            ArticleRewrites(engine),
        )

    def close(self) -> None:
        self.engine.dispose()
