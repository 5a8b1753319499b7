"""How specific an English stem is in news text (built by ``scripts/build_word_stats.py``)."""

from __future__ import annotations

import gzip
import math
from functools import cache

from tidings.enrich.tags.gazetteer import DATA


class Idf:
    """Inverse document frequency; stems missing from the table count as rare."""

    def __init__(self, document_frequency: dict[str, int], documents: int) -> None:
        self._df = document_frequency
        self._n = documents
        self.rare = math.log(documents + 1)

    def __call__(self, stem: str) -> float:
        df = self._df.get(stem)
        return math.log((self._n + 1) / (df + 1)) if df else self.rare

    def known(self, stem: str) -> bool:
        return stem in self._df


@cache
def english_idf() -> Idf:
    with gzip.open(DATA / "idf_en.tsv.gz", "rt", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        documents = int(header[1])
        table = {}
        for line in fh:
            stem, count = line.rstrip("\n").split("\t")
            table[stem] = int(count)
    return Idf(table, documents)
