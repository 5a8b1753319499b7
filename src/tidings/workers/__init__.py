"""Celery workers: the pipeline spread over processes and machines.

``TIDINGS_BROKER_URL=redis://...`` turns them on. The scheduler leases due
sources and queues one fetch task per source; fetch tasks run the crawler's
own per-source step and queue every fresh document for the process queue,
where ``Pipeline.process`` extracts, enriches and stores it. Nothing here
duplicates pipeline logic: the tasks only move work between processes.
"""
