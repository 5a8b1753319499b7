"""``tidings ingest``: archives (feed files, HTML pages, JSON Lines) through the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tidings.errors import Failure, IngestReport
from tidings.ingest.archives import read_paths
from tidings.pipeline import Pipeline
from tidings.store import Outcome

OUTCOME_FIELD = {
    Outcome.NEW: "new",
    Outcome.UPDATED: "updated",
    Outcome.UNCHANGED: "skipped",
    Outcome.DUPLICATE: "duplicates",
}


def ingest_paths(
    pipeline: Pipeline, paths: list[Path], on_item: Callable[[str], None] | None = None
) -> IngestReport:
    """Every document found under ``paths``; failures recorded, the run goes on."""
    report = IngestReport()
    for item in read_paths(paths):
        if isinstance(item, Failure):
            report.errors.append(item)
            continue
        processed = pipeline.process(item)
        if processed.failure:
            report.errors.append(processed.failure)
        elif processed.outcome is not None:
            field = OUTCOME_FIELD[processed.outcome]
            setattr(report, field, getattr(report, field) + 1)
        if on_item:
            on_item(item.url)
    return report
