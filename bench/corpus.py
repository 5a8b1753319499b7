"""Ingest every shared feed and article-extraction file: each gives articles or a recorded error.

Runs ``offline.ingest_paths`` (what ``tidings ingest`` runs) over each
``feeds_*`` and ``article_extraction_*`` folder into a fresh database and
counts files, articles and recorded errors per folder. An uncaught exception
is the only failure; it is caught here, counted and printed.

    python bench/corpus.py [--data /work/shared/data] [--no-enrich] [--json]
"""

from __future__ import annotations

import json
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.enrich import Enricher
from tidings.offline import ingest_paths
from tidings.pipeline import Pipeline
from tidings.store import Store

PATTERNS = ("feeds_*", "article_extraction_*")


@dataclass(frozen=True, slots=True)
class FolderResult:
    folder: str
    files: int
    new: int
    updated: int
    skipped: int
    errors: int
    crashed: str | None
    seconds: float

    def as_dict(self) -> dict[str, float]:
        return {
            "files": self.files,
            "new": self.new,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "crashes": int(self.crashed is not None),
            "seconds": round(self.seconds, 1),
        }


def folders(data: Path) -> list[Path]:
    return sorted(p for pattern in PATTERNS for p in data.glob(pattern) if p.is_dir())


def ingest_folder(folder: Path, pipeline: Pipeline) -> FolderResult:
    files = sum(1 for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    started = time.monotonic()
    try:
        report = ingest_paths(pipeline, [folder])
    except Exception:
        return FolderResult(folder.name, files, 0, 0, 0, 0, traceback.format_exc(), 0.0)
    took = time.monotonic() - started
    return FolderResult(
        folder.name,
        files,
        report.new,
        report.updated,
        report.skipped,
        len(report.errors),
        None,
        took,
    )


def run(data: Path, *, enrich: bool = True) -> list[FolderResult]:
    enricher = Enricher.load() if enrich else None
    results = []
    for folder in folders(data):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(Settings(data_dir=Path(tmp)))
            results.append(ingest_folder(folder, Pipeline(store, enricher)))
            store.close()
    return results


def main(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = Path("/work/shared/data"),
    enrich: Annotated[bool, typer.Option(help="Tag and classify too.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    results = run(data, enrich=enrich)
    total = {
        key: sum(r.as_dict()[key] for r in results)
        for key in ("files", "new", "updated", "skipped", "errors", "crashes", "seconds")
    }
    if as_json:
        per_folder = {f"{r.folder}_{k}": v for r in results for k, v in r.as_dict().items()}
        print(json.dumps({"tidings": {**total, **per_folder}}))
    else:
        table = Table("folder", "files", "new", "updated", "skipped", "errors", "crashes", "s")
        for r in [*results]:
            table.add_row(r.folder, *(str(v) for v in r.as_dict().values()))
        table.add_row("total", *(str(v) for v in total.values()))
        console = Console()
        console.print(table)
        for r in results:
            if r.crashed:
                console.print(f"[red]{r.folder} crashed:[/]\n{r.crashed}")
    if total["crashes"]:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
