"""Helpers for the worker tests: a broker of their own, task logs, database snapshots.

Each test run gets its own Redis key prefix (and a random database number),
and removes its keys afterwards, so runs never see each other's messages.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from tidings.config import Settings
from tidings.store import Store
from tidings.store.schema import ArticleRow, ArticleTagRow, TagRow
from tidings.workers.local import LocalWorker

TASK_TIME_LIMIT = 8  # seconds; a killed worker's task comes back after 1.5 x this
RECEIVED = re.compile(r"Task (tidings\.\w+)\[([\w-]+)\] received")
SUCCEEDED = re.compile(r"Task (tidings\.\w+)\[([\w-]+)\] succeeded")


@dataclass
class Broker:
    """A Redis database number and key prefix of one's own."""

    url: str
    prefix: str

    @classmethod
    def fresh(cls, server: str) -> Broker:
        return cls(f"{server}/{random.randint(1, 15)}", f"test-{uuid.uuid4().hex[:10]}")

    def flush(self) -> None:
        client = redis.Redis.from_url(self.url)
        keys = list(client.scan_iter(f"{self.prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def worker_settings(data_dir: Path, database_url: str, broker: Broker) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        broker_url=broker.url,
        queue_prefix=broker.prefix,
        task_time_limit=TASK_TIME_LIMIT,
        allow_private_networks=True,
        per_host_delay=0,
    )


def task_ids(worker: LocalWorker, pattern: re.Pattern[str], name: str = "") -> list[str]:
    """Ids of the tasks whose log lines match ``pattern`` (received, succeeded)."""
    return [task_id for task, task_id in pattern.findall(worker.log()) if name in task]


def snapshot(store: Store) -> dict[str, tuple]:
    """What a reader sees of each article, keyed by URL (ids and times aside), with the
    URLs of its story (the grouping as a partition: story ids depend on arrival order)."""
    with Session(store.engine) as session:
        articles = session.execute(
            select(
                ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.text,
                ArticleRow.language, ArticleRow.section, ArticleRow.published_at,
                ArticleRow.story_id,
            )
        ).all()  # fmt: skip
        tags = session.execute(
            select(ArticleTagRow.article_id, TagRow.slug, ArticleTagRow.evidence)
            .join(TagRow)
            .order_by(ArticleTagRow.article_id, ArticleTagRow.rank)
        ).all()
    by_article: dict[int, list[tuple[str, str]]] = {}
    for article_id, slug, evidence in tags:
        by_article.setdefault(article_id, []).append((slug, evidence))
    stories: dict[int | None, list[str]] = {}
    for row in articles:
        stories.setdefault(row.story_id, []).append(row.url)
    return {
        url: (
            title, text, language, section, published, tuple(by_article.get(id_, [])),
            tuple(sorted(stories[story_id])) if story_id is not None else (),
        )
        for id_, url, title, text, language, section, published, story_id in articles
    }  # fmt: skip
