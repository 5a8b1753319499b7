"""Stop words by article language: what PostgreSQL's text search never matches.

PostgreSQL indexes and parses each article in its language's configuration
(migration ``scale_postgres_search``), which drops that language's stop words:
an English article cannot match "the of and" there, though SQLite's FTS5, which
has no stop words, matches nearly every English article. Search gives each article
language the query's terms less its stop words, on both databases alike
(``store/search_terms.py``).

The lists are PostgreSQL's own (see README.md in this folder), keyed like
``tidings_regconfig``: by the first two letters of the ISO 639-1 code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent
# The configurations of migration scale_postgres_search that have a stop-word list.
LISTS = {
    "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french",
    "de": "german", "hu": "hungarian", "it": "italian", "ne": "nepali", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ru": "russian",
    "es": "spanish", "sv": "swedish", "tr": "turkish",
}  # fmt: skip


def list_name(language: str | None) -> str | None:
    """The stop-word list of ``language`` ("english"), None when it has none."""
    return LISTS.get((language or "")[:2].lower())


@cache
def _words(name: str) -> frozenset[str]:
    lines = (FOLDER / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def stop_words(language: str | None) -> frozenset[str]:
    """The stop words of ``language`` (ISO 639-1); none for a language without a list."""
    name = list_name(language)
    return _words(name) if name else frozenset()


@cache
def all_stop_words() -> frozenset[str]:
    """The stop words of every language: a term none of them holds is searched everywhere."""
    return frozenset().union(*(_words(name) for name in set(LISTS.values())))
