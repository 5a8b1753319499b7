"""Real worker processes for the tests: start, watch their logs, kill, compare.

Each test run gets its own Redis key prefix (and a random database number),
and removes its keys afterwards, so runs never see each other's messages.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.support import LOOPBACK_ENV
from tidings.config import Settings
from tidings.store import Store
from tidings.store.schema import ArticleRow, ArticleTagRow, TagRow

TASK_TIME_LIMIT = 10  # seconds; a killed worker's task comes back after 1.5 x this
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


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        **LOOPBACK_ENV,
        "PYTHONUNBUFFERED": "1",
        "TIDINGS_DATA_DIR": str(settings.data_dir),
        "TIDINGS_DATABASE_URL": settings.resolved_database_url,
        "TIDINGS_BROKER_URL": settings.broker_url or "",
        "TIDINGS_QUEUE_PREFIX": settings.queue_prefix,
        "TIDINGS_TASK_TIME_LIMIT": str(settings.task_time_limit),
    }


@dataclass
class Worker:
    """One ``tidings worker`` process group, its log in a file."""

    process: subprocess.Popen[bytes]
    log_path: Path
    _log: object = field(repr=False, default=None)

    @classmethod
    def start(cls, settings: Settings, log_path: Path, *args: str) -> Worker:
        log = log_path.open("wb")
        command = [sys.executable, "-m", "tidings.cli", "worker", "--concurrency=1", *args]
        process = subprocess.Popen(
            command, env=environment(settings), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        return cls(process, log_path, log)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def tasks(self, pattern: re.Pattern[str], name: str = "") -> list[str]:
        return [task_id for task, task_id in pattern.findall(self.log()) if name in task]

    def wait_ready(self, timeout: float = 30) -> None:
        wait_for(lambda: " ready." in self.log(), timeout, f"worker never ready:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool, no chance to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.2)


def snapshot(store: Store) -> dict[str, tuple]:
    """What a reader sees of each article, keyed by URL (ids and times aside)."""
    with Session(store.engine) as session:
        articles = session.execute(
            select(
                ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.text,
                ArticleRow.language, ArticleRow.section, ArticleRow.published_at,
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
    return {
        url: (title, text, language, section, published, tuple(by_article.get(id_, [])))
        for id_, url, title, text, language, section, published in articles
    }
