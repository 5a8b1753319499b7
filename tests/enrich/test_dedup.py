"""Near-duplicates: republished shared articles are caught, different reports are not."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tidings.enrich.dedup import (
    BANDS,
    EMPTY,
    SHINGLE,
    Fingerprint,
    fingerprint,
    is_near_duplicate,
)

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _records(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def bbc(shared_data: Path) -> list[dict]:
    return _records(shared_data / "news_category_bbc/articles.jsonl.gz")


@pytest.fixture(scope="module")
def ecb(shared_data: Path) -> list[dict]:
    return _records(shared_data / "story_clusters_ecbplus/documents.jsonl.gz")


def republished(title: str, text: str, rng: random.Random) -> tuple[str, str]:
    """The same article as another site shows it: new title suffix, reflowed, one
    sentence rewritten by the editor."""
    sentences = SENTENCE.split(text.strip())
    i = rng.randrange(len(sentences))
    words = sentences[i].split()
    cut = max(1, len(words) // 3)
    sentences[i] = " ".join(["Officials", "said", "on", "Tuesday", "that", *words[cut:]])
    return f"  {title} | Example News ", "\n\n".join(
        "  ".join(sentences[j : j + 2]) for j in range(0, len(sentences), 2)
    )


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def exact_jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_republished_bbc_articles_are_all_caught_through_a_shared_band_key(bbc):
    rng = random.Random(7)
    for record in rng.sample(bbc, 300):
        original = fingerprint(record["title"], record["text"])
        copy = fingerprint(*republished(record["title"], record["text"], rng))
        assert is_near_duplicate(original, copy), record["id"]
        assert set(original.band_keys) & set(copy.band_keys), record["id"]


def test_distinct_bbc_articles_are_not_duplicates(bbc):
    rng = random.Random(3)
    sample = rng.sample(bbc, 150)
    prints = [fingerprint(r["title"], r["text"]) for r in sample]
    for (a, fa), (b, fb) in itertools.combinations(zip(sample, prints, strict=True), 2):
        if is_near_duplicate(fa, fb):  # the corpus holds a few verbatim copies
            similar = exact_jaccard(shingles(a["text"]), shingles(b["text"]))
            assert similar > 0.8, (a["id"], b["id"])


def test_reports_of_one_event_by_different_writers_are_not_merged(ecb):
    """ECB+ clusters hold many reports of one event: only real copies may be flagged."""
    by_cluster = defaultdict(list)
    for record in ecb:
        by_cluster[record["cluster_id"]].append(record)
    flagged = rewrites = 0
    for members in by_cluster.values():
        prints = [fingerprint("", r["text"]) for r in members]
        sets = [shingles(r["text"]) for r in members]
        for a, b in itertools.combinations(range(len(members)), 2):
            similar = exact_jaccard(sets[a], sets[b])
            if is_near_duplicate(prints[a], prints[b]):
                flagged += 1
                assert similar >= 0.4, (members[a]["id"], members[b]["id"])
            elif similar < 0.3:
                rewrites += 1
    assert rewrites > 3000
    assert flagged < 60


def test_fingerprint_survives_the_round_trip_through_bytes():
    original = fingerprint("Title", "Some words of an article that is long enough to shingle.")
    restored = Fingerprint.from_bytes(original.to_bytes())
    assert restored == original
    assert len(original.to_bytes()) == 512
    assert len(original.band_keys) == BANDS


@pytest.mark.parametrize("data", [b"", b"\x00" * 7, b"\x01" * 1000])
def test_malformed_bytes_give_the_empty_fingerprint(data):
    assert Fingerprint.from_bytes(data) == EMPTY


def test_empty_and_tiny_texts_are_nobodys_duplicate():
    empty = fingerprint("", "   \n ")
    assert empty == EMPTY
    assert not is_near_duplicate(empty, empty)
    short = fingerprint("Hi", "")
    assert short.band_keys
    assert is_near_duplicate(short, fingerprint("hi!", ""))


def test_huge_text_is_fingerprinted_by_its_beginning():
    body = " ".join(f"word{i}" for i in range(1_000_000))
    huge = fingerprint("Title", body)
    assert is_near_duplicate(huge, fingerprint("Title", body[:60_000]))
