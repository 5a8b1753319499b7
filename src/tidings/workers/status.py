"""``tidings status``: what the workers are doing and what is waiting for them."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis

from tidings.config import Settings
from tidings.errors import Failure
from tidings.store import Store
from tidings.store.leases import LeaseRepo
from tidings.store.views import SourceView
from tidings.workers.app import QUEUES, key, make_app
from tidings.workers.failures import FailureLog


@dataclass
class Status:
    due_sources: int  # due and waiting for the scheduler
    leased_sources: int  # queued or being fetched
    failing_sources: list[SourceView]
    broker: bool = False
    queues: dict[str, int] = field(default_factory=dict)  # messages waiting, per queue
    in_flight: int = 0  # delivered to a worker, not yet acknowledged
    workers: dict[str, int] = field(default_factory=dict)  # worker -> tasks running
    recent_failures: list[Failure] = field(default_factory=list)
    failure_count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "due_sources": self.due_sources,
            "leased_sources": self.leased_sources,
            "failing_sources": [
                {"id": s.id, "url": s.url, "error": s.last_error, "broken": s.broken}
                for s in self.failing_sources
            ],
            "broker": self.broker,
            "queues": self.queues,
            "in_flight": self.in_flight,
            "workers": self.workers,
            "failures": self.failure_count,
            "recent_failures": [failure.as_dict() for failure in self.recent_failures],
        }


def gather(settings: Settings, store: Store, *, worker_timeout: float = 1.0) -> Status:
    """Read the database, and the broker when there is one (workers answer within the timeout)."""
    counts = LeaseRepo(store.engine).counts()
    failing = [s for s in store.sources.list(kind="feed") if s.last_error]
    status = Status(counts.due, counts.leased, failing)
    if settings.broker_url:
        _read_broker(settings, status, worker_timeout)
    return status


def _read_broker(settings: Settings, status: Status, worker_timeout: float) -> None:
    app = make_app(settings)
    client = redis.Redis.from_url(settings.broker_url or "")
    status.broker = True
    # Kombu keeps a Redis queue as a list under its name (tasks carry no priority).
    status.queues = {queue: int(client.llen(key(settings, queue))) for queue in QUEUES}
    status.in_flight = int(client.hlen(key(settings, "unacked")))
    active = app.control.inspect(timeout=worker_timeout).active() or {}
    status.workers = {name: len(tasks) for name, tasks in sorted(active.items())}
    log = FailureLog.connect(settings)
    status.recent_failures, status.failure_count = log.recent(10), log.count()
