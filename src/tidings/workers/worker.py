"""``tidings worker``: a Celery worker for this instance's queues."""

from __future__ import annotations

import os
import socket

from tidings.config import Settings
from tidings.store import Store
from tidings.workers.app import PROCESS_QUEUE, make_app
from tidings.workers.runtime import configure


def run_worker(settings: Settings, queues: list[str], concurrency: int, loglevel: str) -> None:
    """Run until stopped. The schema is migrated first, once, so that the pool's
    processes (and other workers starting at the same time) find it ready.
    ``queues`` are names from ``QUEUES``; the command line checks them."""
    Store.open(settings).close()
    configure(settings, preload_enricher=PROCESS_QUEUE in queues)
    app = make_app(settings)
    name = f"{'+'.join(queues)}-{os.getpid()}@{socket.gethostname()}"
    app.worker_main(
        [
            "worker",
            f"--queues={','.join(queues)}",
            f"--concurrency={concurrency}",
            f"--hostname={name}",
            f"--loglevel={loglevel}",
            "--pool=prefork",
            "--without-mingle",
            "--without-gossip",
        ]
    )
