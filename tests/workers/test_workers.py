"""Crawl a loopback news site through real workers, SIGKILL one mid-crawl,
and get the same database as a single-process SQLite crawl."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.backends import empty_postgres
from tests.support import tidings, tidings_json
from tests.workers.cluster import (
    RECEIVED,
    SUCCEEDED,
    TASK_TIME_LIMIT,
    Broker,
    snapshot,
    task_ids,
    worker_settings,
)
from tidings.config import Settings
from tidings.eval.newsserver import NewsServer, load_pages
from tidings.store import Store
from tidings.workers.app import FETCH_QUEUE, FETCH_TASK, make_app
from tidings.workers.local import LocalWorker, wait_for
from tidings.workers.scheduler import Scheduler
from tidings.workers.status import gather

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
PAGES = 16
FEEDS = ("/rss.xml", "/atom.xml")


@pytest.fixture(scope="module")
def site(shared_data: Path):
    with NewsServer(load_pages(shared_data / "article_extraction_aeb", limit=PAGES)) as server:
        yield server


@pytest.fixture(scope="module")
def single_process(site: NewsServer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The reference: the same feeds crawled by ``tidings crawl`` into SQLite."""
    data_dir = tmp_path_factory.mktemp("sqlite")
    for path in FEEDS:
        tidings(data_dir, "sources", "add", site.url(path))
    report = tidings_json(data_dir, "crawl")
    assert report["errors"] == [] and report["new"] == PAGES
    store = Store.open(Settings(data_dir=data_dir))
    try:
        return snapshot(store)
    finally:
        store.close()


@pytest.fixture
def cluster(postgres_url: str, redis_url: str, site: NewsServer, tmp_path: Path):
    """An empty PostgreSQL database with the feeds, a broker prefix, and a way to start workers."""
    broker = Broker.fresh(redis_url)
    settings = worker_settings(tmp_path, postgres_url, broker)
    store = Store.open(settings)
    empty_postgres(postgres_url)
    sources = [store.sources.add(site.url(path))[0] for path in FEEDS]
    workers: list[LocalWorker] = []

    def start(name: str, queues: str = "") -> LocalWorker:
        worker = LocalWorker.start(settings, tmp_path / f"{name}.log", queues=queues)
        workers.append(worker)
        return worker

    try:
        yield settings, store, sources, start
    finally:
        for worker in workers:
            worker.kill()  # what is left in the queues goes with the broker prefix
        store.close()
        broker.flush()


def drained(settings: Settings, store: Store, articles: int) -> bool:
    state = gather(settings, store, worker_timeout=0.5)
    done = not any(state.queues.values()) and state.in_flight == 0
    return done and store.reader.article_count() >= articles


def test_a_worker_killed_mid_crawl_loses_nothing(cluster, single_process) -> None:
    settings, store, _sources, start = cluster
    doomed, survivor = start("doomed"), start("survivor")
    doomed.wait_ready()
    survivor.wait_ready()
    scheduler = Scheduler(settings, make_app(settings), store, interval=1)
    assert scheduler.lead() and scheduler.tick() == len(FEEDS)

    def unfinished() -> set[str]:
        return set(task_ids(doomed, RECEIVED)) - set(task_ids(doomed, SUCCEEDED))

    def busy_mid_crawl() -> bool:
        return len(task_ids(doomed, SUCCEEDED, "process")) >= 2 and bool(unfinished())

    wait_for(busy_mid_crawl, 60, doomed.log())
    doomed.kill()
    killed_tasks = unfinished()
    wait_for(lambda: drained(settings, store, PAGES), 4 * TASK_TIME_LIMIT, survivor.log())

    assert snapshot(store) == single_process
    assert killed_tasks <= set(task_ids(survivor, SUCCEEDED)), "the killed task ran again"
    assert store.sources.due() == []


def test_duplicate_fetch_tasks_fetch_a_source_once(cluster, site) -> None:
    settings, _store, sources, start = cluster
    workers = [start("one", queues=FETCH_QUEUE), start("two", queues=FETCH_QUEUE)]
    for worker in workers:
        worker.wait_ready()
    app = make_app(settings)
    before = len(site.requests)
    for _ in range(3):
        app.send_task(FETCH_TASK, args=[sources[0].id], task_id=str(uuid.uuid4()))

    def fetch_tasks_done() -> int:
        return sum(len(task_ids(worker, SUCCEEDED, "fetch")) for worker in workers)

    wait_for(lambda: fetch_tasks_done() == 3, 30, workers[0].log() + workers[1].log())
    fetched = [path for path in site.requests[before:] if path == FEEDS[0]]
    assert fetched == [FEEDS[0]]


class SlowFeed(BaseHTTPRequestHandler):
    """A feed that answers after the task time limit (the worker must give up first)."""

    def do_GET(self) -> None:
        time.sleep(2 * TASK_TIME_LIMIT)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_a_source_slower_than_the_time_limit_backs_off_and_shows_in_status(cluster) -> None:
    settings, store, _sources, start = cluster
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowFeed)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        slow, _ = store.sources.add(f"http://127.0.0.1:{server.server_address[1]}/feed.xml")
        worker = start("patient", queues=FETCH_QUEUE)
        worker.wait_ready()
        app = make_app(settings)
        app.send_task(FETCH_TASK, args=[slow.id], task_id=str(uuid.uuid4()))

        def failed() -> bool:
            return gather(settings, store, worker_timeout=0.1).failure_count == 1

        wait_for(failed, 3 * TASK_TIME_LIMIT, worker.log())
    finally:
        server.shutdown()
        server.server_close()
    state = gather(settings, store, worker_timeout=0.1)
    assert "SoftTimeLimitExceeded" in state.recent_failures[0].why
    assert state.leased_sources == 0, "the lease was released"
    source = store.sources.get(slow.id)
    assert source.last_error == f"fetching took longer than {TASK_TIME_LIMIT} s"
    assert source.next_check_at > datetime.now(UTC)
    assert [s.url for s in state.failing_sources] == [source.url]
