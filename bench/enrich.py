"""Benchmark the enrich stage: articles/s overall on all cores and per part, peak memory.

Usage: ``python bench/enrich.py --data /work/shared/data/news_category_bbc/articles.jsonl.gz
[--limit N] [--workers 2] [--section-encoder DIR] [--json]``. The whole-stage figure runs
``Enricher.enrich`` in ``--workers`` processes (each loads its own models, as pipeline
workers do); the parts run one after another in this process on the same texts, so their
rates show where the time goes. Load time is reported apart and not counted in the rates.

On a shared machine wall-clock rates depend on what else runs, so each rate is also
given per CPU second of this process (parts) or of the workers (``cpu_bound_...``: the
rate ``--workers`` idle cores would reach). ``--section-encoder`` measures the optional
fine-tuned MiniLM beside the linear section model (workers then start by spawn, as torch
does not survive a fork after its threads started).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tidings.enrich import Enricher
from tidings.enrich.engine import LANGUAGE_SAMPLE
from tidings.enrich.language import detect_language
from tidings.enrich.tags.analysis import Analysis
from tidings.enrich.tags.names import find_names
from tidings.eval.jsonl import read_jsonl
from tidings.models import ExtractedArticle

_worker: Enricher | None = None


def load_articles(path: Path, limit: int) -> list[ExtractedArticle]:
    articles = []
    for i, record in enumerate(read_jsonl(path)):
        if i >= limit:
            break
        articles.append(
            ExtractedArticle(
                url=f"https://example.org/{i}", title=record.get("title") or "", text=record["text"]
            )
        )
    return articles


def _init_worker(section_encoder: Path | None) -> None:
    global _worker
    _worker = Enricher.load(section_encoder)


def _enrich_chunk(articles: list[ExtractedArticle]) -> tuple[int, float]:
    """(articles done, CPU seconds this worker spent on them)."""
    assert _worker is not None
    cpu_started = time.process_time()
    for article in articles:
        _worker.enrich(article)
    return len(articles), time.process_time() - cpu_started


def whole_stage(
    articles: list[ExtractedArticle], workers: int, section_encoder: Path | None
) -> tuple[float, float]:
    """Articles/s of ``Enricher.enrich`` over ``workers`` processes: wall and CPU-bound."""
    chunks = [articles[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("spawn" if section_encoder else None)
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(section_encoder,)
    ) as pool:
        list(pool.map(_enrich_chunk, [a[:1] for a in chunks]))  # load models first
        started = time.perf_counter()
        results = list(pool.map(_enrich_chunk, chunks))
        wall = time.perf_counter() - started
    done = sum(n for n, _ in results)
    cpu = sum(c for _, c in results)
    return done / wall, done * workers / max(cpu, 1e-9)


def _rate(items: list, step: Callable) -> tuple[float, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    for item in items:
        step(item)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return len(items) / wall, len(items) / max(cpu, 1e-9)


def parts(enricher: Enricher, articles: list[ExtractedArticle]) -> dict[str, tuple[float, float]]:
    """Articles/s of each part on one core: wall clock and per CPU second."""
    tagger = enricher.tagger
    analyses: list[Analysis] = [tagger.analyse(a.title, a.text, "en") for a in articles]
    return {
        "language": _rate(
            articles, lambda a: detect_language(f"{a.title}\n{a.text}"[:LANGUAGE_SAMPLE])
        ),
        "section": _rate(articles, lambda a: enricher.sections.classify(a, "en")),
        "analysis": _rate(articles, lambda a: tagger.analyse(a.title, a.text, "en")),
        "concepts": _rate(analyses, tagger.concepts.tag),
        "places": _rate(analyses, tagger.places.tag),
        "actors": _rate(analyses, lambda a: tagger.actors.tag(a, find_names(a))),
        "keyphrases": _rate(analyses, tagger.keyphrases.tag),
        "tags_total": _rate(articles, lambda a: tagger.tag(a.title, a.text, "en")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="JSON Lines with title, text")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--section-encoder", type=Path, help="folder of a fine-tuned MiniLM")
    parser.add_argument("--json", action="store_true", dest="as_json")
    args = parser.parse_args()
    articles = load_articles(args.data, args.limit)
    started = time.perf_counter()
    enricher = Enricher.load(args.section_encoder)
    load_s = time.perf_counter() - started
    rates = {}
    for name, (wall, cpu) in parts(enricher, articles).items():
        rates[f"{name}_articles_per_s"] = wall
        rates[f"{name}_articles_per_cpu_s"] = cpu
    overall, cpu_bound = whole_stage(articles, args.workers, args.section_encoder)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "tidings": {
            "articles_per_s": round(overall, 1),
            "cpu_bound_articles_per_s": round(cpu_bound, 1),
            **{k: round(v, 1) for k, v in rates.items()},
            "load_s": round(load_s, 2),
            "peak_rss_mb": round(peak_mb, 1),
            "worker_peak_rss_mb": round(worker_peak_mb, 1),
            "articles": len(articles),
            "workers": args.workers,
        }
    }
    if args.as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return
    table = Table(title=f"enrich on {len(articles)} articles ({args.data.name})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result["tidings"].items():
        table.add_row(key, str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
