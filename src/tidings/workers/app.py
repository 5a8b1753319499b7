"""The Celery application of an instance: queues, routes and delivery guarantees.

Delivery is at least once, and every task is idempotent, so nothing is lost
and nothing is doubled: a message is acknowledged only after its task ran
(``acks_late``), a task whose worker process died is put back
(``reject_on_worker_lost``), and a message whose whole worker vanished
(SIGKILL, power loss) becomes visible again after the visibility timeout.
Each worker process holds one message at a time (prefetch 1), and fetching
and processing have queues of their own, so slow sites never starve
enrichment. All Redis keys start with ``queue_prefix``, so several instances
(or test runs) share one Redis.
"""

from __future__ import annotations

from celery import Celery

from tidings.config import Settings

FETCH_QUEUE = "fetch"
PROCESS_QUEUE = "process"
QUEUES = (FETCH_QUEUE, PROCESS_QUEUE)
FETCH_TASK = "tidings.fetch_source"
PROCESS_TASK = "tidings.process_document"
VISIBILITY_FACTOR = 1.5  # a vanished worker's message returns after 1.5 task time limits


def make_app(settings: Settings) -> Celery:
    """The Celery app for ``settings`` (which must name a broker), with the tasks registered."""
    if not settings.broker_url:
        raise ValueError("workers need a broker: set TIDINGS_BROKER_URL=redis://...")
    from tidings.workers.tasks import register

    app = Celery("tidings", broker=settings.broker_url, set_as_current=False)
    visibility = settings.task_time_limit * VISIBILITY_FACTOR
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=settings.task_time_limit * 0.9,
        worker_prefetch_multiplier=1,
        task_default_queue=PROCESS_QUEUE,
        task_routes={FETCH_TASK: {"queue": FETCH_QUEUE}, PROCESS_TASK: {"queue": PROCESS_QUEUE}},
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "global_keyprefix": key(settings, ""),
            "visibility_timeout": visibility,
            "unacked_restore_interval": max(1, min(10, int(visibility / 4))),
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
    )
    register(app)
    return app


def key(settings: Settings, name: str) -> str:
    """A Redis key of this instance."""
    return f"{settings.queue_prefix}:{name}"
