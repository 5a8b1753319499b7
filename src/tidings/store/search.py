"""Full-text search: whatever a reader types becomes a safe query, ranked by
relevance and recency, with highlighted snippets.

What is searched for is decided in ``search_terms.py``: safe terms, and per
article language the terms that are not its stop words, so that SQLite and
PostgreSQL find the same articles and a query of very common words only is told
so. A database engine plugs in as a ``SearchBackend`` keyed by SQLAlchemy
dialect name (SQLite FTS5 and PostgreSQL tsvector here).

Both index CJK runs as overlapping pairs and receive each term as the phrase of
its pairs (``store/cjk.py``); their passages come from that index text and are
read back into the original text here, once for both. Both keep a word's
combining marks in it (the vowel signs and viramas of Indic scripts), as the
query's terms do (``search_terms.words``; migration ``indic_search``).

To stay fast on a big archive the backend returns at most ``POOL`` matches,
newest first (FTS5 walks its index by rowid, which follows arrival); ranking
mixes relevance with recency within that pool.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Engine,
    bindparam,
    column,
    exists,
    func,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from tidings.store import cjk, pg_search
from tidings.store.listtime import UNDATED
from tidings.store.reading import views
from tidings.store.schema import SORT_KEY, ArticleRow, ArticleTagRow, TagRow, UTCDateTime
from tidings.store.search_terms import (
    TermPlan,
    common_words_message,
    may_drop,
    no_match_message,
    plan_terms,
    query_terms,
)
from tidings.store.views import ArticleView

POOL = 500  # each match costs a row read and a bm25; 500 keeps a common word fast
HALF_LIFE_DAYS = 7.0
RELEVANCE_WEIGHT = 0.7
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    tag: str | None = None
    section: str | None = None
    source_id: int | None = None
    language: str | None = None
    place: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: ArticleView
    snippet_html: str  # escaped text with <mark> around the matched words
    score: float


class Unanswered(StrEnum):
    """Why a search (or a list page, web/) has no results, for programs; ``message``
    says it to readers."""

    NO_WORDS = "no_words"  # nothing to search for
    COMMON_WORDS = "common_words"  # only words too common to be searched (stop words)
    NO_MATCH = "no_match"
    PAST_LAST_PAGE = "past_last_page"
    IMPOSSIBLE_FILTER = "impossible_filter"  # unknown tag or language, "from" after "to" (web/)
    UNAVAILABLE = "unavailable"  # no full-text search on this database


@dataclass(frozen=True, slots=True)
class SearchResults:
    hits: list[SearchHit]
    matches: int  # matches found, capped at POOL
    has_more: bool
    capped: bool = False  # there may be more matches than ``matches``
    message: str | None = None  # said to the reader instead of results
    reason: Unanswered | None = None  # why there are none, when there are none


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    relevance: float  # higher is better, any scale
    listed_at: datetime


class SearchBackend(Protocol):
    def candidates(
        self, session: Session, plan: TermPlan, request: SearchRequest
    ) -> list[Candidate]:
        """Up to ``POOL`` articles under the request's filters that match the terms the
        plan gives their language, newest first."""

    def snippets(self, session: Session, plan: TermPlan, ids: list[int]) -> dict[int, str]:
        """A passage of each article's index text, matches between the two marks."""


class Searcher:
    """Full-text search over the store, with the backend of its database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def search(self, request: SearchRequest) -> SearchResults:
        with Session(self._engine) as session:
            return search(session, request)


def search(session: Session, request: SearchRequest) -> SearchResults:
    terms = query_terms(request.text)
    if not terms:
        return _none(Unanswered.NO_WORDS, "Type a word or two to search the news.")
    backend = BACKENDS.get(session.get_bind().dialect.name)
    if backend is None:
        return _none(Unanswered.UNAVAILABLE, "Full-text search is not available on this database.")
    plan = _plan(session, terms, request.language)
    if plan.everywhere:
        return _none(Unanswered.COMMON_WORDS, common_words_message(plan.words))
    found = backend.candidates(session, plan, request)
    if not found:
        return _none(Unanswered.NO_MATCH, no_match_message(plan))
    ranked = _rank(found)
    start = (max(request.page, 1) - 1) * request.page_size
    page = ranked[start : start + request.page_size]
    if not page:  # a page past the last, from an old link or an edited URL
        last = math.ceil(len(ranked) / request.page_size)
        message = (
            "No more results: 1 article matches, on page 1."
            if len(ranked) == 1
            else f"No more results: {len(ranked)} articles match, on pages 1 to {last}."
        )
        return SearchResults(
            [], len(found), False, message=message, reason=Unanswered.PAST_LAST_PAGE
        )
    rows = {
        row.id: row
        for row in session.scalars(
            select(ArticleRow).where(ArticleRow.id.in_([c.id for _s, c in page]))
        )
    }
    articles = {view.id: view for view in views(session, list(rows.values()))}
    passages = backend.snippets(session, plan, list(articles))
    words, marks = cjk.query_words(terms), (MARK_OPEN, MARK_CLOSE)
    hits = [
        SearchHit(
            articles[c.id],
            highlight(cjk.readable(passages.get(c.id, ""), words, marks)),
            round(score, 4),
        )
        for score, c in page
        if c.id in articles
    ]
    more = start + request.page_size < len(ranked)
    return SearchResults(hits, len(found), more, capped=len(found) >= POOL)


def _none(reason: Unanswered, message: str) -> SearchResults:
    return SearchResults([], 0, False, message=message, reason=reason)


def _plan(session: Session, terms: list[str], language: str | None) -> TermPlan:
    """The terms per article language, over the language asked for or every one
    stored; the stored ones are read only when some term is a stop word somewhere."""
    if not may_drop(terms):
        return TermPlan(tuple(terms))
    return plan_terms(terms, [language] if language else stored_languages(session))


STORED_LANGUAGES = text(
    """WITH RECURSIVE codes(code) AS (
        SELECT min(language) FROM articles
        UNION ALL
        SELECT (SELECT min(language) FROM articles WHERE language > codes.code)
        FROM codes WHERE codes.code IS NOT NULL)
    SELECT code FROM codes WHERE code IS NOT NULL"""
)


def stored_languages(session: Session) -> set[str | None]:
    """The languages of the stored articles (None: some have no known language).

    One index seek per language (``ix_articles_language``), where SELECT DISTINCT
    reads the whole index on both databases."""
    codes: set[str | None] = set(session.scalars(STORED_LANGUAGES))
    if session.scalar(select(exists().where(ArticleRow.language.is_(None)))):
        codes.add(None)
    return codes


def _rank(found: list[Candidate]) -> list[tuple[float, Candidate]]:
    """Relevance (scaled to the best match) blended with a one-week half-life."""
    best = max(c.relevance for c in found) or 1.0
    newest = max(c.listed_at for c in found)
    scored = []
    for c in found:
        age_days = max((newest - c.listed_at).total_seconds(), 0) / 86400
        recency = math.pow(0.5, age_days / HALF_LIFE_DAYS)
        score = RELEVANCE_WEIGHT * c.relevance / best + (1 - RELEVANCE_WEIGHT) * recency
        scored.append((score, c))
    scored.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    return scored


def highlight(passage: str) -> str:
    """Escape a passage, then turn the engine's markers into <mark> elements."""
    parts = passage.split(MARK_OPEN)
    out = [html.escape(parts[0].replace(MARK_CLOSE, ""), quote=False)]
    for part in parts[1:]:
        inside, _sep, after = part.partition(MARK_CLOSE)
        after = after.replace(MARK_CLOSE, "")
        out.append(
            f"<mark>{html.escape(inside, quote=False)}</mark>{html.escape(after, quote=False)}"
        )
    return "".join(out)


def _filters(request: SearchRequest) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for slug in (request.tag, request.place):
        if slug:
            conditions.append(
                exists()
                .where(ArticleTagRow.article_id == ArticleRow.id)
                .where(
                    ArticleTagRow.tag_id
                    == select(TagRow.id).where(TagRow.slug == slug).scalar_subquery()
                )
            )
    if request.section:
        conditions.append(ArticleRow.section == request.section)
    if request.source_id is not None:
        conditions.append(ArticleRow.source_id == request.source_id)
    if request.language:
        conditions.append(ArticleRow.language == request.language)
    if request.since:
        conditions.append(bindparam("since", request.since, type_=UTCDateTime()) <= SORT_KEY)
    if request.until:
        conditions.append(bindparam("until", request.until, type_=UTCDateTime()) > SORT_KEY)
        # An article with no date at all is not known to be before anything.
        conditions.append(bindparam("undated", UNDATED, type_=UTCDateTime()) < SORT_KEY)
    return conditions


FTS_TABLE = table("articles_fts", column("rowid"))


class SqliteFts5:
    """SQLite's FTS5 table ``articles_fts`` (title weighted 5x over the body).

    FTS5 has no stop words: each part of the plan (the languages whose stop words
    leave the same terms) is one MATCH, narrowed to its languages."""

    @staticmethod
    def match(terms: tuple[str, ...], joint: str = " AND ") -> str:
        """Every term as a quoted phrase; a trailing CJK character as a prefix (``"京"*``)."""
        return joint.join(_fts5_phrase(cjk.query_phrase(term)) for term in terms)

    def candidates(
        self, session: Session, plan: TermPlan, request: SearchRequest
    ) -> list[Candidate]:
        named = sorted(plan.by_language)
        language = ArticleRow.language
        found: dict[int, Candidate] = {}
        for terms, languages in plan.parts():
            if languages is not None:
                among = [language.in_(sorted(languages))]
            else:  # the query's every term, for the languages it keeps them all in
                among = [or_(language.is_(None), language.not_in(named))] if named else []
            query = (
                select(ArticleRow.id, text("-bm25(articles_fts, 5.0, 1.0)"), SORT_KEY)
                .select_from(FTS_TABLE)
                .join(ArticleRow, ArticleRow.id == FTS_TABLE.c.rowid)
                .where(text("articles_fts MATCH :match").bindparams(match=self.match(terms)))
                .where(*among, *_filters(request))
                .order_by(FTS_TABLE.c.rowid.desc())
                .limit(POOL)
            )
            for id_, rel, moment in session.execute(query):
                found[id_] = Candidate(id_, float(rel), moment)
        return sorted(found.values(), key=lambda c: c.id, reverse=True)[:POOL]

    def snippets(self, session: Session, plan: TermPlan, ids: list[int]) -> dict[int, str]:
        """Any term marks a passage: an article matched its language's terms, which
        may be fewer than all."""
        if not ids:
            return {}
        query = text(
            "SELECT rowid, snippet(articles_fts, 1, :open, :close, '…', 24) FROM articles_fts "
            "WHERE articles_fts MATCH :match AND rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        match = self.match(plan.terms, " OR ")
        params = {"open": MARK_OPEN, "close": MARK_CLOSE, "match": match, "ids": ids}
        return {id_: passage for id_, passage in session.execute(query, params)}


def _fts5_phrase(phrase: cjk.Phrase) -> str:
    if phrase.prefix:
        return '"' + f"{phrase.words} {phrase.prefix}".replace('"', "") + '"*'
    return '"' + phrase.words.replace('"', "") + '"'


class PostgresTsvector:
    """PostgreSQL's language-aware ``articles.search_vector`` (``store/pg_search.py``).

    The configurations drop each language's stop words themselves (the plan is the
    same per language); the languages the query says nothing in are left out in
    SQL too, so that no other configuration's parse of the query matches there."""

    @staticmethod
    def _query(session: Session, terms: tuple[str, ...]) -> ColumnElement[object]:
        """Each term (a word or a phrase) quoted, so a phrase stays one."""
        languages = stored_languages(session)
        return pg_search.phrases_query([cjk.query_phrase(term) for term in terms], languages)

    def candidates(
        self, session: Session, plan: TermPlan, request: SearchRequest
    ) -> list[Candidate]:
        tsquery = self._query(session, plan.terms)
        conditions = _filters(request)
        if plan.silent:
            language = ArticleRow.language
            conditions.append(or_(language.is_(None), language.not_in(sorted(plan.silent))))
        query = (
            select(ArticleRow.id, pg_search.rank(tsquery), SORT_KEY)
            .where(pg_search.matches(tsquery), *conditions)
            .order_by(SORT_KEY.desc(), ArticleRow.id.desc())
            .limit(POOL)
        )
        return [Candidate(id_, float(rel), moment) for id_, rel, moment in session.execute(query)]

    def snippets(self, session: Session, plan: TermPlan, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        tsquery = self._query(session, plan.terms)
        options = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MinWords=15, MaxWords=35"
        passage = func.ts_headline(
            func.tidings_regconfig(ArticleRow.language),
            func.left(
                func.coalesce(ArticleRow.search_text, ArticleRow.text), pg_search.INDEXED_CHARS
            ),
            tsquery,
            options,
        )
        query = select(ArticleRow.id, passage).where(ArticleRow.id.in_(ids))
        return {id_: text_ for id_, text_ in session.execute(query)}


BACKENDS: dict[str, SearchBackend] = {"sqlite": SqliteFts5(), "postgresql": PostgresTsvector()}
