"""``tidings eval extract``: body-text quality of Tidings beside trafilatura and readability.

Two data formats (see /work/shared/data/*/README.md):

- ``aeb``: the Article Extraction Benchmark (``text`` = full ground-truth body).
  Scored like the benchmark's evaluate.py: 4-token shingles of ``\\w+`` tokens,
  per page true/false positives normalised to sum 1, precision and recall
  averaged over pages, F1 from the two averages.
- ``snippets``: trafilatura's evaluation set (``with`` snippets must appear,
  ``without`` boilerplate must not). Snippet counts are pooled over pages like
  trafilatura's own evaluation. Where the record has a ``date``, the
  publication-date found-rate and two accuracies are reported, for Tidings and
  for htmldate alone: ``date_accuracy`` (the UTC day equals the annotated day)
  and ``date_accuracy_local`` (the UTC instant falls within the annotated day
  in some time zone, UTC-12 to UTC+14: annotators wrote the publisher's local
  day, Tidings stores UTC). ``title_accuracy`` is the share of annotated
  titles matched exactly (whitespace aside).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import trafilatura
import typer
from htmldate import find_date
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument
from rich.console import Console
from rich.table import Table

from tidings.errors import ExtractionError
from tidings.eval.metrics import f1_score
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
    published: datetime | None = None
    title: str | None = None


Extractor = Callable[[Page], Output]


# ------------------------------------------------------------------ systems


def _tidings(page: Page) -> Output:
    try:
        article = extract_article(Document(url=page.url, html=page.html))
    except ExtractionError:
        return Output("")
    return Output(article.text, article.published, article.title)


def _trafilatura(page: Page) -> Output:
    return Output(trafilatura.extract(page.html, url=page.url) or "")


def _htmldate(page: Page) -> Output:
    found = find_date(page.html, url=page.url, original_date=True)
    return Output("", datetime.fromisoformat(found).replace(tzinfo=UTC) if found else None)


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
    return {"precision": precision, "recall": recall, "f1": f1_score(precision, recall)}


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
    return {"precision": precision, "recall": recall, "f1": f1_score(precision, recall)}


def date_scores(pairs: list[tuple[datetime | None, str]]) -> dict[str, float]:
    """Found-rate and day accuracies over records whose ground truth has a date."""
    dated = [(found, date.fromisoformat(truth[:10])) for found, truth in pairs if _is_day(truth)]
    if not dated:
        return {}
    return {
        "date_found_rate": _share(found is not None for found, _ in dated),
        "date_accuracy": _share(found is not None and found.date() == day for found, day in dated),
        "date_accuracy_local": _share(_within_local_day(found, day) for found, day in dated),
    }


def title_scores(pairs: list[tuple[str | None, str]]) -> dict[str, float]:
    """Share of records with an annotated title whose title matches it exactly."""
    titled = [(found, truth) for found, truth in pairs if truth.strip()]
    if not titled:
        return {}
    return {
        "title_accuracy": _share(_squash(found or "") == _squash(truth) for found, truth in titled)
    }


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _within_local_day(found: datetime | None, day: date) -> bool:
    if found is None:
        return False
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight - timedelta(hours=14) <= found < midnight + timedelta(hours=36)


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values)


# ------------------------------------------------------------------ run


def run(
    data: Path, data_format: str = "auto", limit: int | None = None
) -> dict[str, dict[str, float]]:
    """Score every system on ``data``; returns ``{system: {metric: value}}``.

    On the snippet format htmldate joins as a date-only reference system.
    """
    data_format = detect_format(data) if data_format == "auto" else data_format
    pages = list(load_pages(data, limit))
    systems = dict(SYSTEMS) if data_format == "aeb" else SYSTEMS | {"htmldate": _htmldate}
    results: dict[str, dict[str, float]] = {}
    for name, extractor in systems.items():
        start = time.perf_counter()
        outputs = [extractor(page) for page in pages]
        elapsed = time.perf_counter() - start
        pairs = list(zip(pages, outputs, strict=True))
        if data_format == "aeb":
            scores = aeb_scores([shingle_counts(str(p.record["text"]), o.text) for p, o in pairs])
        elif name == "htmldate":
            scores = {}
        else:
            scores = snippet_scores([snippet_counts(p.record, o.text) for p, o in pairs])
        if name in ("tidings", "htmldate") and data_format != "aeb":
            scores |= date_scores(
                [(o.published, str(p.record.get("date") or "")) for p, o in pairs]
            )
        if name == "tidings" and data_format != "aeb":
            scores |= title_scores([(o.title, str(p.record.get("title") or "")) for p, o in pairs])
        scores["articles_per_s"] = len(pages) / elapsed if elapsed else 0.0
        results[name] = scores
    return results


class Format(StrEnum):
    AUTO = "auto"
    AEB = "aeb"
    SNIPPETS = "snippets"


def command(
    data: Annotated[
        Path,
        typer.Option(exists=True, file_okay=False, help="folder with ground_truth.jsonl and html/"),
    ],
    data_format: Annotated[
        Format, typer.Option("--format", help="aeb (full text) or snippets (trafilatura)")
    ] = Format.AUTO,
    limit: Annotated[int | None, typer.Option(help="score only the first N pages")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Body-text precision/recall/F1 and speed of Tidings, trafilatura and readability."""
    try:
        results = run(data, data_format.value, limit)
    except (OSError, ValueError) as error:  # no ground_truth.jsonl, unreadable records
        raise typer.BadParameter(str(error), param_hint="--data") from error
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
