"""``tidings scheduler``: queue a fetch task for every due source, as one leader.

Any number of schedulers may run (one per machine, for failover); a Redis
lock elects the one that enqueues, and a leader that dies loses the lock
when it expires. Even two leaders could not double a fetch: each due source
is leased in the database to the id of the task that is then sent, and a
lease outlives the task's time limit. A source whose message was lost is
claimed again once its lease expires.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

import redis
from celery import Celery

from tidings.config import Settings
from tidings.store import Store
from tidings.store.leases import LeaseRepo
from tidings.workers.app import FETCH_TASK, key

BATCH = 1000  # sources queued per tick at most, so one tick stays short


class Scheduler:
    def __init__(self, settings: Settings, app: Celery, store: Store, *, interval: float) -> None:
        self._app = app
        self._leases = LeaseRepo(store.engine)
        self._lease_for = timedelta(seconds=2 * settings.task_time_limit)
        self._interval = interval
        client = redis.Redis.from_url(settings.broker_url or "")
        self._lock = client.lock(key(settings, "scheduler-leader"), timeout=3 * interval)

    def lead(self) -> bool:
        """Become or stay the leader; False while another scheduler leads."""
        if self._lock.owned():
            return bool(self._lock.reacquire())
        return bool(self._lock.acquire(blocking=False))

    def once(self) -> int | None:
        """Queue the due sources once as leader and step down; None while another leads.

        Stepping down at once lets the next ``--once`` (a cron job) lead without
        waiting for the lock to expire."""
        if not self.lead():
            return None
        try:
            return self.tick()
        finally:
            self._lock.release()

    def tick(self) -> int:
        """Lease the due sources and queue one fetch task for each; returns how many."""
        claims = self._leases.claim_due(
            lambda: str(uuid.uuid4()), lease_for=self._lease_for, limit=BATCH
        )
        for claim in claims:
            self._app.send_task(FETCH_TASK, args=[claim.source_id], task_id=claim.owner)
        return len(claims)

    def run(self, stop: threading.Event, say: Callable[[str], None]) -> None:
        """Tick every ``interval`` seconds while leading, until ``stop`` is set."""
        leading = False
        try:
            while not stop.is_set():
                if self.lead() != leading:
                    leading = not leading
                    say("leading: queueing due sources" if leading else "standing by")
                if leading and (queued := self.tick()):
                    say(f"queued {queued} sources")
                stop.wait(self._interval)
        finally:
            if self._lock.owned():
                self._lock.release()
