"""One scheduler leads; even two leaders could not queue a source twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backends import empty_postgres
from tests.support import tidings, tidings_json
from tests.workers.cluster import Broker, worker_settings
from tidings.store import Store
from tidings.workers.app import FETCH_QUEUE, make_app
from tidings.workers.scheduler import Scheduler
from tidings.workers.status import gather


@pytest.fixture
def setup(postgres_url: str, redis_url: str, tmp_path: Path):
    broker = Broker.fresh(redis_url)
    settings = worker_settings(tmp_path, postgres_url, broker)
    store = Store.open(settings)
    empty_postgres(postgres_url)
    try:
        yield settings, store
    finally:
        store.close()
        broker.flush()


@pytest.mark.postgres
@pytest.mark.redis
def test_one_leader_at_a_time_and_each_due_source_queued_once(setup) -> None:
    settings, store = setup
    for n in range(3):
        store.sources.add(f"https://feeds.example/{n}")
    first = Scheduler(settings, make_app(settings), store, interval=5)
    second = Scheduler(settings, make_app(settings), store, interval=5)
    assert first.lead() and not second.lead()
    assert first.lead(), "the leader renews its lock"
    assert first.tick() == 3 and second.tick() == 0  # leases, not only the lock, prevent doubles
    state = gather(settings, store, worker_timeout=0.1)
    assert state.queues[FETCH_QUEUE] == 3 and state.leased_sources == 3 and state.due_sources == 0
    assert state.workers == {}


def test_status_without_a_broker_reads_the_database(tmp_path: Path) -> None:
    tidings(tmp_path, "sources", "add", "https://feeds.example/rss")
    state = tidings_json(tmp_path, "status")
    assert state["broker"] is False and state["due_sources"] == 1 and state["queues"] == {}


@pytest.mark.postgres
@pytest.mark.redis
def test_a_once_run_steps_down_so_the_next_once_leads(setup) -> None:
    settings, store = setup
    store.sources.add("https://feeds.example/0")
    first = Scheduler(settings, make_app(settings), store, interval=60)
    second = Scheduler(settings, make_app(settings), store, interval=60)
    assert first.once() == 1
    assert second.once() == 0, "the first --once released its leader lock"
