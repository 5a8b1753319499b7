"""Stream articles through duplicate detection and story assignment; print speed and memory.

The shared news texts (BBC, ECB+, Reuters) are repeated with light edits until
``--count`` articles are reached, dated ``--per-day`` articles a day, and each goes
through what the pipeline will do per article: ``dedup.fingerprint`` and a look-up of
the articles sharing a band key, then ``article_signal`` and ``StoryStream.add`` (the
in-memory stand-in for the store's key index). Band rows older than ``DEDUP_WINDOW``
and stories quiet for ``quiet_after`` are dropped every ``PRUNE_EVERY`` articles, as
the store will prune them, so memory should follow open stories, not articles seen.

At 10 %, 50 % and 100 % of the stream it prints articles/s since the previous
checkpoint (wall clock and CPU time: the CPU rate is steadier on a shared machine),
open stories, index sizes and resident memory.

Run: ``python bench/stories.py [--count 100000] [--data DATA] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import defaultdict, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tidings.enrich.dedup import fingerprint, is_near_duplicate
from tidings.enrich.stories import article_signal
from tidings.eval.stories import StoryStream

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = (
    "news_category_bbc/articles.jsonl.gz",
    "story_clusters_ecbplus/documents.jsonl.gz",
    "news_topics_reuters21578/articles.jsonl.gz",
)
START = datetime(2026, 1, 1, tzinfo=UTC)
DEDUP_WINDOW = timedelta(days=7)
PRUNE_EVERY = 1_000
EDITS = ("Updated.", "This story has been corrected.", "(Reuters)", "Read more.")


def load_texts(data: Path) -> list[tuple[str, str]]:
    texts = []
    for rel in SOURCES:
        with gzip.open(data / rel, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = str(record.get("text") or "")
                title = str(record.get("title") or record.get("first_sentence") or "")
                if text.strip():
                    texts.append((title, text))
    return texts


def edited(title: str, text: str, rng: random.Random) -> tuple[str, str]:
    """A light republication: a note appended, spacing changed, a word dropped."""
    words = text.split()
    if len(words) > 10:
        del words[rng.randrange(len(words))]
    return f"{title} ", "  ".join(words) + " " + rng.choice(EDITS)


class DedupIndex:
    """band key -> article ids, as the store's band table, pruned to ``DEDUP_WINDOW``."""

    def __init__(self) -> None:
        self.by_band: defaultdict[str, list[int]] = defaultdict(list)
        self.prints: dict[int, object] = {}
        self.arrivals: deque[tuple[datetime, int]] = deque()

    def add(self, article_id: int, title: str, text: str, when: datetime) -> bool:
        """Index the article; whether it repeats one seen within the window."""
        fp = fingerprint(title, text)
        candidates = {i for key in fp.band_keys for i in self.by_band.get(key, ())}
        duplicate = any(is_near_duplicate(fp, self.prints[i]) for i in candidates)
        for key in fp.band_keys:
            self.by_band[key].append(article_id)
        self.prints[article_id] = fp
        self.arrivals.append((when, article_id))
        return duplicate

    def prune(self, now: datetime) -> None:
        while self.arrivals and now - self.arrivals[0][0] > DEDUP_WINDOW:
            _, article_id = self.arrivals.popleft()
            for key in self.prints.pop(article_id).band_keys:
                ids = self.by_band[key]
                ids.remove(article_id)
                if not ids:
                    del self.by_band[key]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(count: int, data: Path, per_day: int) -> list[dict[str, float]]:
    texts = load_texts(data)
    rng = random.Random(20251129)
    dedup, stories = DedupIndex(), StoryStream()
    checkpoints = sorted({max(1, count // 10), max(1, count // 2), count})
    rows, duplicates = [], 0
    wall, cpu, last = time.perf_counter(), time.process_time(), 0
    for i in range(count):
        title, text = texts[i % len(texts)]
        if i >= len(texts):
            title, text = edited(title, text, rng)
        when = START + timedelta(days=i / per_day)
        duplicates += dedup.add(i, title, text, when)
        stories.add(article_signal(title, text, (), when), when)
        if (i + 1) % PRUNE_EVERY == 0:
            dedup.prune(when)
            stories.close_quiet(when)
        if i + 1 in checkpoints:
            now_wall, now_cpu = time.perf_counter(), time.process_time()
            done = i + 1 - last
            rows.append(
                {
                    "articles": float(i + 1),
                    "articles_per_s": round(done / (now_wall - wall), 1),
                    "articles_per_cpu_s": round(done / (now_cpu - cpu), 1),
                    "open_stories": float(len(stories.profiles)),
                    "story_keys": float(len(stories.by_key)),
                    "indexed_articles": float(len(dedup.prints)),
                    "duplicates": float(duplicates),
                    "rss_mb": round(rss_mb(), 1),
                }
            )
            wall, cpu, last = now_wall, now_cpu, i + 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=2_000, help="articles a simulated day")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rows = run(args.count, args.data, args.per_day)
    if args.json:
        metrics = {"articles_per_s": min(r["articles_per_s"] for r in rows)}
        for row in rows:
            at = int(row["articles"])
            metrics |= {f"{k}@{at}": v for k, v in row.items() if k != "articles"}
        print(json.dumps({"tidings": metrics}))
        return
    table = Table(title="Duplicate detection + story assignment, one process")
    for column in rows[0]:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(f"{v:,.0f}" if v >= 100 else f"{v:g}" for v in row.values()))
    Console().print(table)


if __name__ == "__main__":
    main()
