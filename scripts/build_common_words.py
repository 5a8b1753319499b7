"""Build ``enrich/tags/data/common_words_en.txt.gz``: words news writes in lower case.

A capital at the start of a sentence says nothing, so "Actor Bruce Willis is suing"
and "Ailing EuroDisney vows a turnaround" open with a capitalised common word that
the name finder cannot tell from a first name ("Tyler Hansbrough scored"). The
difference is how the word is written inside sentences across many stories: "actor"
and "ailing" in lower case, "Tyler" capitalised. This lists the words written in
lower case at least ``MIN_LOWER`` times and in at least ``MIN_SHARE`` of their
mid-sentence uses.

Run: ``python scripts/build_common_words.py --data /work/shared/data``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

from tidings.enrich.tags.analysis import analyse

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/common_words_en.txt.gz"
CORPORA = (
    "news_category_bbc/articles.jsonl.gz",
    "news_topics_reuters21578/articles.jsonl.gz",
    "news_category_agnews_test/articles.jsonl.gz",
)
MIN_LOWER = 3
MIN_SHARE = 0.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for rel in CORPORA:
        with gzip.open(args.data / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                analysis = analyse("", record.get("text") or "", "en")
                tokens = analysis.tokens
                for before, token in pairwise(tokens):
                    if before.sentence == token.sentence and token.surface[0].isalpha():
                        counter = lower if token.surface[0].islower() else capital
                        counter[token.lower] += 1
    words = sorted(
        w
        for w, n in lower.items()
        if n >= MIN_LOWER and n >= MIN_SHARE * (n + capital[w]) and "\n" not in w
    )
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        raw.write("".join(f"{w}\n" for w in words).encode())
    print(f"{len(words)} words -> {OUT.name} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
