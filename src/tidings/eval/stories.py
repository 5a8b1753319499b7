"""``tidings eval stories``: same-story grouping, B-cubed scores beside a TF-IDF baseline.

The data is JSON Lines with a gold ``cluster_id`` per article (the shared
``story_clusters_ecbplus/documents.jsonl.gz``). Articles are fed one at a time in
publication order (file order where there is no date), as they would arrive in
production; Tidings groups them through ``StoryStream``, an in-memory stand-in for
what the store does (key index, open-story lookup, closing quiet stories). The
baseline is the textbook single-pass clusterer: scikit-learn TF-IDF fitted on the
whole file (an advantage Tidings does not have), each article joining the most
similar centroid above one fixed threshold.

Besides the overall scores, each ``topic`` (ECB+ topics hold two events of the same
kind) is scored on its own articles (their share of the overall B-cubed, see
``per_topic``) and counted as better / tied / worse than the baseline.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tidings.enrich.stories import (
    DEFAULT,
    ArticleSignal,
    StoryParams,
    StoryProfile,
    absorb,
    article_signal,
    assign,
    candidate_keys,
    is_open,
    settle,
    story_keys,
)
from tidings.eval.jsonl import read_jsonl
from tidings.eval.metrics import f1_score

# Best on the ECB+ train topics (mean of 4 orders); on all 33 shared topics 0.225 is
# 0.0014 F1 better, less than the orders differ (tune_stories.py prints this check).
BASELINE_THRESHOLD = 0.2
TAG_KINDS = ("place", "actor")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

Record = dict


@dataclass
class StoryStream:
    """Online story grouping over an in-memory index, as the store will do it in SQL.

    ``by_key`` mirrors the store's ``(key, story_id)`` table; stories quiet for longer
    than ``params.quiet_after`` are dropped by ``close_quiet``, so memory follows the
    number of open stories, not the number of articles seen.
    """

    params: StoryParams = DEFAULT
    profiles: dict[str, StoryProfile] = field(default_factory=dict)
    by_key: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    keys_of: dict[str, list[str]] = field(default_factory=dict)
    merged_into: dict[str, str] = field(default_factory=dict)  # the store's redirects
    created: int = 0

    def add(self, signal: ArticleSignal, now: datetime) -> str:
        """File the article under a story and return the story's id (see ``resolve``)."""
        keys = candidate_keys(signal, self.params)
        shared = Counter(i for key in keys for i in self.by_key.get(key, ()))
        open_ids = [i for i in shared if is_open(self.profiles[i], now, self.params)]
        open_ids.sort(key=lambda i: (-shared[i], -_timestamp(self.profiles[i].last_seen)))
        chosen = sorted(open_ids[: self.params.candidates], key=_created)
        candidates = [(i, self.profiles[i]) for i in chosen]
        assigned = assign(signal, candidates, now, self.params)
        story_id = assigned.story_id
        if story_id is None:
            self.created += 1
            story_id = f"s{self.created}"
        profile = absorb(self.profiles.get(story_id), signal, self.params)
        if assigned.near:
            settled = settle(assigned, profile, candidates, self.params)
            story_id, profile = settled.story_id, settled.profile
            for younger in settled.absorbed:
                self._unindex(younger)
                del self.profiles[younger]
                self.merged_into[younger] = story_id
        self._file(story_id, profile)
        return story_id

    def resolve(self, story_id: str) -> str:
        """The story an id now stands for, following merges (as ``/story/{id}`` redirects)."""
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _file(self, story_id: str, profile: StoryProfile) -> None:
        self.profiles[story_id] = profile
        self._unindex(story_id)
        self.keys_of[story_id] = story_keys(profile, self.params)
        for key in self.keys_of[story_id]:
            self.by_key[key].add(story_id)

    def close_quiet(self, now: datetime) -> int:
        """Forget stories nobody covered for ``quiet_after``; how many were closed."""
        quiet = [i for i, p in self.profiles.items() if not is_open(p, now, self.params)]
        for story_id in quiet:
            self._unindex(story_id)
            del self.profiles[story_id]
        return len(quiet)

    def _unindex(self, story_id: str) -> None:
        for key in self.keys_of.pop(story_id, ()):
            members = self.by_key[key]
            members.discard(story_id)
            if not members:
                del self.by_key[key]


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


def _created(story_id: str) -> int:
    return int(story_id[1:])


def read_articles(path: Path, split: str | None = None) -> list[Record]:
    """Records with a gold cluster, in arrival order (by date, then file position)."""
    records = [r for r in read_jsonl(path) if r.get("cluster_id") is not None]
    if split:
        records = [r for r in records if r.get("split") == split]
    return arrival_order(records)


def arrival_order(records: list[Record]) -> list[Record]:
    """Publication order; an undated record keeps its place after the record before it."""
    dated, last = [], EPOCH
    for position, record in enumerate(records):
        last = _published(record) or last
        dated.append((last, position, record))
    return [record for _, _, record in sorted(dated, key=lambda t: t[:2])]


@dataclass(frozen=True)
class ArrivalOrder:
    """One order of arrival of a file's records, with what grouping and scoring need."""

    records: list[Record]
    arrivals: list[ArticleSignal]
    gold: list[str]
    topics: list[str]


def arrival_orders(records: list[Record], shuffles: int) -> list[ArrivalOrder]:
    """The file order and ``shuffles`` seeded shuffles of it (the seeds of ``--shuffle``).

    Signals are computed once: a single-pass grouping depends on arrival order, so the
    tuning and order scripts score every setting on several orders.
    """
    arrivals = signals(records, record_tags(records))
    found = []
    for seed in range(shuffles + 1):
        order = list(range(len(records)))
        if seed:
            random.Random(seed).shuffle(order)
        found.append(
            ArrivalOrder(
                [records[i] for i in order],
                [arrivals[i] for i in order],
                [str(records[i]["cluster_id"]) for i in order],
                [topic_of(records[i]) for i in order],
            )
        )
    return found


def headline_and_body(record: Record) -> tuple[str, str]:
    """ECB+ has no title field: its first line (``first_sentence``) serves as headline."""
    text = str(record.get("text") or "")
    title = str(record.get("title") or record.get("first_sentence") or "")
    first, _, rest = text.partition("\n")
    return title, rest if title and first.strip() == title.strip() else text


def signals(records: Sequence[Record], tags: Sequence[list[str]]) -> list[ArticleSignal]:
    """What each record brings to story grouping (computed once, grouped many times)."""
    found = []
    for record, record_tags in zip(records, tags, strict=True):
        title, body = headline_and_body(record)
        found.append(article_signal(title, body, record_tags, _published(record)))
    return found


def tidings_clusters(arrivals: Sequence[ArticleSignal], params: StoryParams = DEFAULT) -> list[str]:
    """Story id per article, grouped online in arrival order."""
    stream = StoryStream(params)
    found = [stream.add(signal, signal.published or EPOCH) for signal in arrivals]
    return [stream.resolve(story_id) for story_id in found]


def baseline_clusters(
    records: Sequence[Record], threshold: float = BASELINE_THRESHOLD
) -> list[int]:
    """Single-pass TF-IDF centroid clustering with one fixed cosine threshold."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["\n".join(headline_and_body(r)) for r in records]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    centroids: list[np.ndarray] = []
    labels = []
    for row in matrix:
        vector = row.toarray().ravel()
        scores = [float(c @ vector) / (np.linalg.norm(c) or 1.0) for c in centroids]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            centroids[best] = centroids[best] + vector
        else:
            centroids.append(vector.copy())
            best = len(centroids) - 1
        labels.append(best)
    return labels


def bcubed(gold: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) and the number of stories."""
    if not gold:
        return {"b3_precision": 0.0, "b3_recall": 0.0, "b3_f1": 0.0, "stories": 0.0}
    precision, recall = _means(bcubed_items(gold, predicted))
    return {
        "b3_precision": round(precision, 4),
        "b3_recall": round(recall, 4),
        "b3_f1": round(f1_score(precision, recall), 4),
        "stories": float(len(set(predicted))),
    }


def bcubed_items(gold: Sequence[object], predicted: Sequence[object]) -> list[tuple[float, float]]:
    """Each article's B-cubed precision and recall: the share of its story that reports
    its event, and the share of its event's articles that its story holds."""
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    overlap = Counter(zip(gold, predicted, strict=True))
    return [
        (overlap[g, p] / predicted_sizes[p], overlap[g, p] / gold_sizes[g])
        for g, p in zip(gold, predicted, strict=True)
    ]


def _means(items: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return sum(p for p, _ in items) / len(items), sum(r for _, r in items) / len(items)


def record_tags(records: Iterable[Record]) -> list[list[str]]:
    """Place and actor hashtags of each record, from the tagger the pipeline uses."""
    from tidings.enrich.tags.tagger import Tagger

    tagger = Tagger.load()
    return [
        [t.slug for t in tagger.tag(*headline_and_body(r), "en") if t.kind.value in TAG_KINDS]
        for r in records
    ]


TopicTotals = dict[str, tuple[float, float, int]]


def topic_of(record: Record) -> str:
    return str(record.get("topic", "all"))


def topic_totals(
    topics: Sequence[str], gold: Sequence[object], predicted: Sequence[object]
) -> TopicTotals:
    """Per topic: its articles' summed B-cubed precision and recall, each measured in
    the whole grouping, and how many articles it has (sums, so topics can be pooled)."""
    totals: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for topic, (p, r) in zip(topics, bcubed_items(gold, predicted), strict=True):
        total = totals[topic]
        total[0] += p
        total[1] += r
        total[2] += 1
    return {t: (p, r, int(n)) for t, (p, r, n) in totals.items()}


def topics_f1(totals: TopicTotals, topics: Iterable[str]) -> float:
    """The B-cubed F1 of these topics' articles, rounded as the eval prints it."""
    chosen = [totals[t] for t in topics]
    n = sum(c[2] for c in chosen)
    return round(f1_score(sum(c[0] for c in chosen) / n, sum(c[1] for c in chosen) / n), 4)


def per_topic(
    records: Sequence[Record], gold: list[str], ours: list[str], theirs: list[int]
) -> dict[str, float]:
    """How many topics Tidings scores better than, as well as, or worse than the baseline.

    A topic's score is its own articles' share of the overall B-cubed: the mean of
    their per-article precision and recall, each measured in the whole grouping. So
    a story that mixes a topic's event with another topic's articles counts against
    both topics (scoring each topic's articles as if they were the whole file would
    hide such merges), and the overall scores are the article-weighted mean of the
    topics' precision and recall.
    """
    topics = [topic_of(r) for r in records]
    mine, base = topic_totals(topics, gold, ours), topic_totals(topics, gold, theirs)
    verdicts: Counter[str] = Counter()
    for topic in mine:
        a, b = topics_f1(mine, [topic]), topics_f1(base, [topic])
        verdicts["topics_better" if a > b else "topics_worse" if a < b else "topics_tied"] += 1
    return {k: float(verdicts[k]) for k in ("topics_better", "topics_tied", "topics_worse")}


def run(
    data: Path,
    split: str | None = None,
    params: StoryParams = DEFAULT,
    use_tags: bool = True,
    shuffle_seed: int | None = None,
) -> dict[str, dict[str, float]]:
    """B-cubed scores of Tidings and the baseline on one file (optionally one split)."""
    records = read_articles(data, split)
    if not records:  # the baseline cannot fit an empty vocabulary, and nothing is measured
        where = f"with split {split!r} " if split else ""
        raise ValueError(f"no record of {data} {where}has a cluster_id")
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(records)
    gold = [str(r["cluster_id"]) for r in records]
    tags = record_tags(records) if use_tags else [[] for _ in records]
    ours = tidings_clusters(signals(records, tags), params)
    theirs = baseline_clusters(records)
    return {
        "tidings": bcubed(gold, ours) | per_topic(records, gold, ours, theirs),
        "baseline": bcubed(gold, theirs),
    }


def _published(record: Record) -> datetime | None:
    value = record.get("published") or record.get("date")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def command(
    data: Path = typer.Option(..., exists=True, dir_okay=False, help="JSON Lines with cluster_id"),
    split: str | None = typer.Option(None, help="only records whose `split` field is this"),
    tags: bool = typer.Option(True, help="use the tagger's place/actor tags"),
    shuffle: int | None = typer.Option(None, help="shuffle arrival order with this seed"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Same-story grouping: B-cubed precision/recall/F1 beside single-pass TF-IDF."""
    try:
        results = run(data, split, use_tags=tags, shuffle_seed=shuffle)
    except (OSError, ValueError) as error:  # unreadable file, nothing with a gold story
        raise typer.BadParameter(str(error), param_hint="--data") from error
    if as_json:
        print(json.dumps(results))
        return
    metrics = list(dict.fromkeys(itertools.chain.from_iterable(results.values())))
    table = Table(title=f"Same-story grouping: {data.name}" + (f" ({split})" if split else ""))
    table.add_column("system")
    for metric in metrics:
        table.add_column(metric, justify="right")
    for system, values in results.items():
        table.add_row(system, *(_cell(values.get(m)) for m in metrics))
    Console().print(table)


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if value == int(value) and value > 1 else f"{value:.4f}"


if __name__ == "__main__":
    typer.run(command)
