"""``tidings eval extract``: body-text quality of Tidings beside trafilatura and readability.

Two data formats (see /work/shared/data/*/README.md):

- ``aeb``: the Article Extraction Benchmark (``text`` = full ground-truth body).
  Scored like the benchmark's evaluate.py: 4-token shingles of ``\\w+`` tokens,
  per page true/false positives normalised to sum 1, precision and recall
  averaged over pages, F1 from the two averages.
- ``snippets``: trafilatura's evaluation set (``with`` snippets must appear,
  ``without`` boilerplate must not). Snippet counts are pooled over pages like
  trafilatura's own evaluation; the publication-date found-rate and exact-day
  accuracy are reported where the record has a ``date``.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import trafilatura
import typer
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument
from rich.console import Console
from rich.table import Table

from tidings.errors import ExtractionError
from tidings.extract import extract_article
from tidings.models import Document

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    html: str
    record: dict[str, object]


@dataclass(frozen=True, slots=True)
class Output:
    text: str
    published: date | None = None


Extractor = Callable[[Page], Output]


# ------------------------------------------------------------------ systems


def _tidings(page: Page) -> Output:
    try:
        article = extract_article(Document(url=page.url, html=page.html))
    except ExtractionError:
        return Output("")
    return Output(article.text, article.published.date() if article.published else None)


def _trafilatura(page: Page) -> Output:
    return Output(trafilatura.extract(page.html, url=page.url) or "")


def _readability(page: Page) -> Output:
    try:
        summary = ReadabilityDocument(page.html).summary(html_partial=True)
        return Output(lxml_html.fromstring(summary).text_content())
    except Exception:  # readability raises bare Exceptions on pages it cannot read
        return Output("")


SYSTEMS: dict[str, Extractor] = {
    "tidings": _tidings,
    "trafilatura": _trafilatura,
    "readability": _readability,
}


# ------------------------------------------------------------------ data


def detect_format(data: Path) -> str:
    """``aeb`` when records carry a full ``text``, ``snippets`` when they carry ``with``."""
    with (data / "ground_truth.jsonl").open(encoding="utf-8") as lines:
        first = json.loads(next(lines))
    if "text" in first:
        return "aeb"
    if "with" in first:
        return "snippets"
    raise typer.BadParameter(f"{data}: records have neither 'text' nor 'with'")


def load_pages(data: Path, limit: int | None = None) -> Iterator[Page]:
    with (data / "ground_truth.jsonl").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            record = json.loads(line)
            raw = gzip.decompress((data / record["html_file"]).read_bytes())
            yield Page(record["url"], raw.decode("utf-8", errors="replace"), record)


# ------------------------------------------------------------------ metrics


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    windows = range(max(1, len(tokens) - _SHINGLE + 1))
    return Counter(shingle for i in windows if (shingle := tuple(tokens[i : i + _SHINGLE])))


def shingle_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """True/false positives and false negatives of one page, normalised to sum 1."""
    expected, got = _shingles(truth), _shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def aeb_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Page-averaged precision and recall, F1 of the averages (the benchmark's way)."""
    precision = statistics.fmean(_page_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.fmean(_page_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _squash(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(record: dict[str, object], predicted: str) -> tuple[int, int, int]:
    """(found ``with``, found ``without``, missed ``with``) snippets of one page."""
    text = _squash(predicted)
    wanted = [_squash(str(s)) for s in record.get("with") or []]  # type: ignore[attr-defined]
    unwanted = [_squash(str(s)) for s in record.get("without") or []]  # type: ignore[attr-defined]
    found = sum(1 for snippet in wanted if snippet in text)
    return found, sum(1 for snippet in unwanted if snippet in text), len(wanted) - found


def snippet_scores(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    tp, fp, fn = (sum(column) for column in zip(*counts, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def date_scores(pairs: list[tuple[date | None, str]]) -> dict[str, float]:
    """Found-rate and exact-day accuracy over records whose ground truth has a date."""
    dated = [(found, truth) for found, truth in pairs if truth]
    if not dated:
        return {}
    hits = sum(1 for found, truth in dated if found and found.isoformat() == truth[:10])
    return {
        "date_found_rate": sum(1 for found, _ in dated if found) / len(dated),
        "date_accuracy": hits / len(dated),
    }


# ------------------------------------------------------------------ run


def run(
    data: Path, data_format: str = "auto", limit: int | None = None
) -> dict[str, dict[str, float]]:
    """Score every system on ``data``; returns ``{system: {metric: value}}``."""
    data_format = detect_format(data) if data_format == "auto" else data_format
    pages = list(load_pages(data, limit))
    results: dict[str, dict[str, float]] = {}
    for name, extractor in SYSTEMS.items():
        start = time.perf_counter()
        outputs = [extractor(page) for page in pages]
        elapsed = time.perf_counter() - start
        if data_format == "aeb":
            scores = aeb_scores(
                [
                    shingle_counts(str(p.record["text"]), o.text)
                    for p, o in zip(pages, outputs, strict=True)
                ]
            )
        else:
            scores = snippet_scores(
                [snippet_counts(p.record, o.text) for p, o in zip(pages, outputs, strict=True)]
            )
            if name == "tidings":
                scores |= date_scores(
                    [
                        (o.published, str(p.record.get("date") or ""))
                        for p, o in zip(pages, outputs, strict=True)
                    ]
                )
        scores["articles_per_s"] = len(pages) / elapsed if elapsed else 0.0
        results[name] = scores
    return results


def command(
    data: Annotated[Path, typer.Option(help="folder with ground_truth.jsonl and html/")],
    data_format: Annotated[
        str, typer.Option("--format", help="auto, aeb (full text) or snippets (trafilatura)")
    ] = "auto",
    limit: Annotated[int | None, typer.Option(help="score only the first N pages")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Body-text precision/recall/F1 and speed of Tidings, trafilatura and readability."""
    results = run(data, data_format, limit)
    if as_json:
        print(json.dumps(results))
        return
    metrics = sorted({metric for scores in results.values() for metric in scores})
    table = Table(title=f"extraction on {data}")
    table.add_column("system")
    for metric in metrics:
        table.add_column(metric, justify="right")
    for system, scores in results.items():
        table.add_row(system, *(f"{scores[m]:.3f}" if m in scores else "" for m in metrics))
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
