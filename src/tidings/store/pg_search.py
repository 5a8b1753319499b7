"""Full-text search on PostgreSQL: ``store/search.py``'s backend there.

Articles are indexed in their own language (migration
``scale_postgres_search``), so the query is parsed once per language present
and the parts are OR-ed: "elections" finds the English article through the
English stemmer and the French one through the French stemmer, and the GIN
index serves every part. ``websearch_to_tsquery`` accepts what people type
(quotes, ``or``, ``-word``) and never raises on syntax.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Engine, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from tidings.store.schema import SORT_KEY, ArticleRow

if TYPE_CHECKING:
    from tidings.store.search import Candidate, SearchRequest

SEARCH_VECTOR = literal_column("articles.search_vector", TSVECTOR)
INDEXED_CHARS = 100_000  # as in migration scale_postgres_search


def text_query(query: str, languages: Iterable[str | None]) -> ColumnElement[object]:
    """A tsquery matching ``query`` in any of ``languages`` (and unstemmed, always)."""
    codes = sorted({*languages, None}, key=lambda code: code or "")
    parts = [func.websearch_to_tsquery(func.tidings_regconfig(code), query) for code in codes]
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


class PostgresTsvector:
    """The ``SearchBackend`` of ``store/search.py`` on PostgreSQL: same terms, same
    filters, same pool of newest matches as SQLite's FTS5, stemmed per language."""

    def candidates(
        self, session: Session, terms: list[str], request: SearchRequest
    ) -> list[Candidate]:
        from tidings.store.search import POOL, Candidate, _filters  # search.py imports us

        tsquery = _terms_query(session, terms)
        query = (
            select(ArticleRow.id, rank(tsquery), SORT_KEY)
            .where(matches(tsquery), *_filters(request))
            .order_by(SORT_KEY.desc(), ArticleRow.id.desc())
            .limit(POOL)
        )
        return [Candidate(id_, float(rel), moment) for id_, rel, moment in session.execute(query)]

    def snippets(self, session: Session, terms: list[str], ids: list[int]) -> dict[int, str]:
        from tidings.store.search import MARK_CLOSE, MARK_OPEN

        if not ids:
            return {}
        options = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12"
        passage = func.ts_headline(
            func.tidings_regconfig(ArticleRow.language),
            func.left(ArticleRow.text, INDEXED_CHARS),
            _terms_query(session, terms),
            options,
        )
        rows = session.execute(select(ArticleRow.id, passage).where(ArticleRow.id.in_(ids)))
        return {id_: text for id_, text in rows}


def _terms_query(session: Session, terms: list[str]) -> ColumnElement[object]:
    """All ``terms`` (words or phrases of word characters), each quoted: a phrase stays one."""
    return text_query(" ".join(f'"{term}"' for term in terms), _languages(session))


def _languages(session: Session) -> list[str | None]:
    return list(session.scalars(select(ArticleRow.language).distinct()))


def search_postgres(
    engine: Engine, query: str, *, limit: int = 20, offset: int = 0
) -> list[tuple[int, float]]:
    """Article ids matching ``query`` with their rank, most relevant (then newest id) first."""
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
