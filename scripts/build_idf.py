"""Build ``enrich/tags/data/idf_en.tsv.gz``: how common each English stem is in news.

Keyphrase and concept scoring need to know that "said" or "year" says nothing about an
article while "ceasefire" does; a document-frequency table over a few thousand news
stories gives that without fitting anything at run time. Stems seen in fewer than
``MIN_DF`` stories are left out (the tagger treats them as rare), which keeps the file
small.

Run: ``python scripts/build_idf.py --data /work/shared/data``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path

from tidings.enrich.tags.analysis import TOKEN, stem_words

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/idf_en.tsv.gz"
CORPORA = (
    "news_category_bbc/articles.jsonl.gz",
    "news_topics_reuters21578/articles.jsonl.gz",
    "news_category_agnews_test/articles.jsonl.gz",
)
MIN_DF = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    df: Counter[str] = Counter()
    n = 0
    for rel in CORPORA:
        with gzip.open(args.data / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                text = f"{record.get('title') or ''} {record.get('text') or ''}".lower()
                if text.strip():
                    df.update(set(stem_words(TOKEN.findall(text), "en")))
                    n += 1
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        raw.write(f"# documents\t{n}\n".encode())
        for stem, count in sorted(df.items()):
            if count >= MIN_DF and "\t" not in stem:
                raw.write(f"{stem}\t{count}\n".encode())
    kept = sum(1 for c in df.values() if c >= MIN_DF)
    print(f"{kept} stems from {n} stories -> {OUT.name} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
