"""Full-text search on PostgreSQL: ``store/search.py``'s backend there.

Articles are indexed in their own language (migration
``scale_postgres_search``), so the query is parsed once per language present
and the parts are OR-ed: "elections" finds the English article through the
English stemmer and the French one through the French stemmer, and the GIN
index serves every part. ``websearch_to_tsquery`` accepts what people type
(quotes, ``or``, ``-word``) and never raises on syntax.

CJK runs are indexed as overlapping pairs (``store/cjk.py``); the site's search
hands over each term as the phrase of its pairs (``phrases_query``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import ColumnElement, Engine, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from tidings.store.cjk import SEPARATOR, Phrase
from tidings.store.schema import ArticleRow

SEARCH_VECTOR = literal_column("articles.search_vector", TSVECTOR)
INDEXED_CHARS = 100_000  # as in migration scale_postgres_search


def text_query(query: str, languages: Iterable[str | None]) -> ColumnElement[object]:
    """A tsquery matching ``query`` in any of ``languages`` (and unstemmed, always)."""
    return _any_language(languages, lambda config: func.websearch_to_tsquery(config, query))


def phrases_query(phrases: list[Phrase], languages: Iterable[str | None]) -> ColumnElement[object]:
    """A tsquery matching all ``phrases`` in any of ``languages`` (and unstemmed, always).

    The phrases are quoted for ``websearch_to_tsquery``, as a reader's quotes are;
    one ending in a prefix character follows it with ``'京':*`` (``tsquery_phrase``),
    which ``websearch_to_tsquery`` cannot say.
    """
    whole = " ".join(f'"{phrase.words}"' for phrase in phrases if not phrase.prefix)
    prefixed = [phrase for phrase in phrases if phrase.prefix]

    def in_config(config: ColumnElement[object]) -> ColumnElement[object]:
        parts = [func.websearch_to_tsquery(config, whole)] if whole else []
        parts += [_prefix_phrase(config, phrase) for phrase in prefixed]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined.op("&&")(part)
        return combined

    return _any_language(languages, in_config)


def _prefix_phrase(config: ColumnElement[object], phrase: Phrase) -> ColumnElement[object]:
    prefix = func.to_tsquery(config, f"'{phrase.prefix}':*")  # one CJK letter: no quote
    if not phrase.words.strip(f"{SEPARATOR} "):
        return prefix
    return func.tsquery_phrase(func.websearch_to_tsquery(config, f'"{phrase.words}"'), prefix)


def _any_language(
    languages: Iterable[str | None],
    query: Callable[[ColumnElement[object]], ColumnElement[object]],
) -> ColumnElement[object]:
    codes = sorted({*languages, None}, key=lambda code: code or "")
    parts = [query(func.tidings_regconfig(code)) for code in codes]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.op("||")(part)
    return combined


def matches(tsquery: ColumnElement[object]) -> ColumnElement[bool]:
    """The WHERE condition: an article whose index matches ``tsquery``."""
    return SEARCH_VECTOR.op("@@")(tsquery)


def rank(tsquery: ColumnElement[object]) -> ColumnElement[float]:
    """Relevance: cover density, title hits weighted above text hits."""
    return func.ts_rank_cd(SEARCH_VECTOR, tsquery)


def _languages(session: Session) -> list[str | None]:
    return list(session.scalars(select(ArticleRow.language).distinct()))


def search_postgres(
    engine: Engine, query: str, *, limit: int = 20, offset: int = 0
) -> list[tuple[int, float]]:
    """Article ids matching ``query`` with their rank, most relevant (then newest id) first.

    ``query`` is read as websearch syntax, as is: a CJK word inside a run is found
    only through the site's search (``store/search.py``), which cuts it into pairs.
    """
    if not query.strip():
        return []
    with Session(engine) as session:
        tsquery = text_query(query, _languages(session))
        relevance = rank(tsquery).label("rank")
        rows = session.execute(
            select(ArticleRow.id, relevance)
            .where(matches(tsquery))
            .order_by(relevance.desc(), ArticleRow.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return [(id_, float(score)) for id_, score in rows]
