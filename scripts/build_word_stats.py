"""Build the English word statistics the tagger ships, in one pass over news text.

``enrich/tags/data/idf_en.tsv.gz``: how many stories each stem occurs in. Keyphrase
and concept scoring need to know that "said" or "year" says nothing about an article
while "ceasefire" does; a document-frequency table over a few thousand news stories
gives that without fitting anything at run time. Stems seen in fewer than ``MIN_DF``
stories are left out (the tagger treats them as rare), which keeps the file small.

``enrich/tags/data/common_words_en.txt.gz``: the words news writes in lower case
inside sentences, at least ``MIN_LOWER`` times and in at least ``MIN_SHARE`` of their
mid-sentence uses. A capital at the start of a sentence says nothing, so "Actor Bruce
Willis is suing" and "Ailing EuroDisney vows" open with a capitalised common word the
name finder cannot otherwise tell from a first name ("Tyler Hansbrough scored"):
"actor" and "ailing" are written in lower case elsewhere, "Tyler" never.

Run: ``python scripts/build_word_stats.py --data /work/shared/data``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

from tidings.enrich.tags.analysis import TOKEN, analyse, stem_words

DATA_DIR = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data"
CORPORA = (
    "news_category_bbc/articles.jsonl.gz",
    "news_topics_reuters21578/articles.jsonl.gz",
    "news_category_agnews_test/articles.jsonl.gz",
)
MIN_DF = 3
MIN_LOWER = 3
MIN_SHARE = 0.8


class WordStats:
    """Stem document frequencies and mid-sentence lower/capitalised counts."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.documents = 0
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()

    def add(self, title: str, text: str) -> None:
        """One story: its stems count once each; its body's words by how they are written."""
        joined = f"{title} {text}".lower()
        if joined.strip():
            self.df.update(set(stem_words(TOKEN.findall(joined), "en")))
            self.documents += 1
        for before, token in pairwise(analyse("", text, "en").tokens):
            if before.sentence == token.sentence and token.surface[0].isalpha():
                counter = self.lower if token.surface[0].islower() else self.capital
                counter[token.lower] += 1

    def write_idf(self, path: Path) -> int:
        kept = sorted((s, n) for s, n in self.df.items() if n >= MIN_DF and "\t" not in s)
        lines = [f"# documents\t{self.documents}\n", *(f"{s}\t{n}\n" for s, n in kept)]
        _write_gzip(path, lines)
        return len(kept)

    def write_common_words(self, path: Path) -> int:
        words = sorted(
            w
            for w, n in self.lower.items()
            if n >= MIN_LOWER and n >= MIN_SHARE * (n + self.capital[w]) and "\n" not in w
        )
        _write_gzip(path, [f"{w}\n" for w in words])
        return len(words)


def _write_gzip(path: Path, lines: list[str]) -> None:
    """Gzip without a timestamp: the same counts give the same bytes."""
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write("".join(lines).encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    stats = WordStats()
    for rel in CORPORA:
        with gzip.open(args.data / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                stats.add(record.get("title") or "", record.get("text") or "")
    stems = stats.write_idf(DATA_DIR / "idf_en.tsv.gz")
    words = stats.write_common_words(DATA_DIR / "common_words_en.txt.gz")
    print(
        f"{stems} stems from {stats.documents} stories, {words} lower-case words "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
