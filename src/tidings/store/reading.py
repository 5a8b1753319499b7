"""Queries by use, for the pages: lists newest first, one article, tags, sources.

Lists use keyset pagination: the cursor is the (list time, id) of the last
article shown, so a page stays stable while new articles arrive on top. The list
time is a stored column (``store/listtime.py`` decides it), so the order, the
cursor and the indexes are the same plain ``(listed_at, id)`` on both databases.

A list of one tag walks that tag's own time index (``article_tags`` carries
each article's list time), so a page costs the same for a tag of ten articles
and one of a hundred thousand. Other lists walk the time index of the
articles, narrowed by section, source or language indexes where they apply.
"""

from __future__ import annotations

import base64
import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    union,
)
from sqlalchemy.orm import Session, aliased

from tidings.store.listtime import shown_time
from tidings.store.schema import (
    MAX_ID,
    SORT_KEY,
    ArticleCopyRow,
    ArticleRow,
    ArticleTagRow,
    StoryRow,
    TagRow,
    UTCDateTime,
)
from tidings.store.sources import source_view
from tidings.store.views import ArticlePage, ArticleTagView, ArticleView, StoryRef, TagView

STORY_FETCH_FACTOR = 4  # rows read per card when a story's articles fold into one card


class BadCursor(ValueError):
    """A cursor that this instance did not hand out."""


@dataclass(frozen=True, slots=True)
class ListFilter:
    """What a list is narrowed to; every field left empty means "everything".

    ``tags`` and ``source_ids`` are alternatives (an article with any of them
    is listed: "For you"); ``place`` and ``language`` narrow further (an
    edition); ``muted`` tags remove articles.
    """

    tags: tuple[str, ...] = ()
    source_ids: tuple[int, ...] = ()
    section: str | None = None
    language: str | None = None
    place: str | None = None
    muted: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == ListFilter()


def encode_cursor(row: ArticleRow) -> str:
    """The cursor of the list after ``row``: its (list time, id), as lists are ordered."""
    raw = f"{row.listed_at.isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (time, id) of a cursor; an id no row can have is refused before it
    reaches the database (SQLite cannot even bind one past 64 bits)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, id_ = raw.rsplit("|", 1)
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            raise ValueError("naive cursor time")
        if not 1 <= int(id_) <= MAX_ID:
            raise ValueError("no row has this id")
        return parsed, int(id_)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc


class Reader:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def latest(
        self,
        *,
        limit: int = 20,
        cursor: str | None = None,
        tag: str | None = None,
        source_id: int | None = None,
        section: str | None = None,
        where: ListFilter | None = None,
        one_per_story: bool = False,
    ) -> ArticlePage:
        """Newest articles, optionally of one tag, source or section, or a ``ListFilter``.

        ``one_per_story`` lists a story once, as its newest article in the list: a
        later page passes over the articles of stories an earlier page showed.
        """
        where = where or ListFilter()
        if tag is not None:
            where = ListFilter(**{**_fields(where), "tags": (*where.tags, tag)})
        if source_id is not None:
            where = ListFilter(**{**_fields(where), "source_ids": (*where.source_ids, source_id)})
        if section is not None:
            where = ListFilter(**{**_fields(where), "section": section})
        after = decode_cursor(cursor) if cursor else None
        with Session(self._engine) as session:
            narrowed = narrowed_query(session, where)
            if narrowed is None:
                return ArticlePage([], None)
            matching, moment, id_ = narrowed
            query = matching.order_by(moment.desc(), id_.desc())
            key = tuple_(moment, id_)
            position = tuple_(literal(after[0], UTCDateTime()), after[1]) if after else None
            if position is not None:
                query = query.where(key < position)
            fetch = limit * STORY_FETCH_FACTOR if one_per_story else limit
            rows = list(session.scalars(query.limit(fetch + 1)).unique())
            if one_per_story:
                earlier = matching.where(key >= position) if position is not None else None
                shown, used = _one_per_story(rows[:fetch], limit, _shown(session, earlier, rows))
            else:
                shown, used = rows[:limit], min(len(rows), limit)
            articles = views(session, shown)
        more = 0 < used < len(rows)
        return ArticlePage(articles, encode_cursor(rows[used - 1]) if more else None)

    def article(self, article_id: int) -> ArticleView | None:
        with Session(self._engine) as session:
            row = session.get(ArticleRow, article_id)
            return views(session, [row])[0] if row else None

    def tag(self, slug: str) -> TagView | None:
        with Session(self._engine) as session:
            row = session.scalar(select(TagRow).where(TagRow.slug == slug))
            return _tag_view(row) if row else None

    def find_tag(self, name: str, *, kind: str | None = None) -> TagView | None:
        """The tag a reader means by ``name``: its slug, else its slug or display name
        in any case ("france", "United States"); an edition's country, a search filter.

        The exact slug wins over a tag that only differs in case."""
        with Session(self._engine) as session:
            lowered = name.lower()
            query = select(TagRow).where(
                or_(func.lower(TagRow.slug) == lowered, func.lower(TagRow.display) == lowered)
            )
            if kind is not None:
                query = query.where(TagRow.kind == kind)
            best = case((TagRow.slug == name, 0), (func.lower(TagRow.slug) == lowered, 1), else_=2)
            row = session.scalars(query.order_by(best, TagRow.id).limit(1)).first()
            return _tag_view(row) if row else None

    def close_tags(self, slug: str, limit: int = 5) -> list[TagView]:
        """Tags spelled like ``slug``: the 404 page's "did you mean"."""
        needle = slug.lower()
        with Session(self._engine) as session:
            query = select(TagRow).where(
                or_(
                    func.lower(TagRow.slug).like(f"%{needle[:4]}%"),
                    func.lower(TagRow.display).like(f"%{needle[:4]}%"),
                )
            )
            rows = {row.slug.lower(): row for row in session.scalars(query.limit(2000))}
        names = difflib.get_close_matches(needle, list(rows), n=limit, cutoff=0.5)
        return [_tag_view(rows[n]) for n in names]

    def article_count(self) -> int:
        with Session(self._engine) as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def newest_time(self) -> datetime | None:
        """When the newest article was listed: "now" for an archive that stopped;
        None when no article has a time."""
        with Session(self._engine) as session:
            newest = session.scalar(select(SORT_KEY).order_by(SORT_KEY.desc()).limit(1))
            return shown_time(newest) if newest is not None else None


def _fields(where: ListFilter) -> dict[str, object]:
    return {name: getattr(where, name) for name in ListFilter.__slots__}


def _tag_view(row: TagRow) -> TagView:
    return TagView(row.slug, row.display, row.kind)


def _tag_ids(session: Session, slugs: tuple[str, ...]) -> list[int]:
    if not slugs:
        return []
    return list(session.scalars(select(TagRow.id).where(TagRow.slug.in_(slugs))))


def _has_tag(tag_ids: list[int]) -> ColumnElement[bool]:
    link = aliased(ArticleTagRow)  # the list may join article_tags itself
    return exists().where(link.article_id == ArticleRow.id, link.tag_id.in_(tag_ids))


Narrowed = tuple[Select[tuple[ArticleRow]], ColumnElement[datetime], ColumnElement[int]]


def narrowed_query(session: Session, where: ListFilter) -> Narrowed | None:
    """The query for ``where`` and the (time, id) columns it is ordered by;
    None when it cannot match anything."""
    query = select(ArticleRow)
    moment: ColumnElement[datetime] = SORT_KEY
    id_: ColumnElement[int] = ArticleRow.id
    wanted = _tag_ids(session, where.tags)
    if where.tags and not wanted and not where.source_ids:
        return None
    if len(wanted) == 1 and not where.source_ids:
        link = aliased(ArticleTagRow)
        query = query.join(link, link.article_id == ArticleRow.id).where(link.tag_id == wanted[0])
        moment, id_ = link.listed_at, link.article_id
    elif wanted or where.source_ids:
        alternatives = [_has_tag(wanted)] if wanted else []
        if where.source_ids:
            alternatives.append(ArticleRow.source_id.in_(where.source_ids))
        query = query.where(or_(*alternatives))
    if where.section is not None:
        query = query.where(ArticleRow.section == where.section)
    if where.language is not None:
        query = query.where(ArticleRow.language == where.language)
    if where.place is not None:
        place = _tag_ids(session, (where.place,))
        if not place:
            return None
        query = query.where(_has_tag(place))
    muted = _tag_ids(session, where.muted)
    if muted:
        query = query.where(~_has_tag(muted))
    return query, moment, id_


def views(session: Session, rows: list[ArticleRow]) -> list[ArticleView]:
    """Plain views of article rows with their tags, for any query that found them."""
    tags = _tags_by_article(session, [row.id for row in rows])
    stories = _story_refs(session, {row.story_id for row in rows if row.story_id is not None})
    return [
        ArticleView(
            id=row.id,
            url=row.url,
            title=row.title,
            text=row.text,
            html=row.html,
            summary=row.summary,
            author=row.author,
            image_url=row.image_url,
            language=row.language,
            published_at=row.published_at,
            first_seen_at=row.first_seen_at,
            listed_at=shown_time(row.listed_at),
            section=row.section,
            section_evidence=row.section_evidence,
            publisher_section=row.publisher_section,
            source=source_view(row.source) if row.source else None,
            tags=tags.get(row.id, []),
            story=stories.get(row.story_id) if row.story_id is not None else None,
        )
        for row in rows
    ]


def _tags_by_article(session: Session, ids: list[int]) -> dict[int, list[ArticleTagView]]:
    if not ids:
        return {}
    query = (
        select(ArticleTagRow)
        .where(ArticleTagRow.article_id.in_(ids))
        .order_by(ArticleTagRow.article_id, ArticleTagRow.rank)
    )
    found: dict[int, list[ArticleTagView]] = {}
    for link in session.scalars(query):
        view = ArticleTagView(_tag_view(link.tag), link.score, link.evidence)
        found.setdefault(link.article_id, []).append(view)
    return found


def _story_refs(session: Session, ids: set[int]) -> dict[int, StoryRef]:
    """Size and publisher count of each story, for the cards of one page."""
    if not ids:
        return {}
    own = select(ArticleRow.story_id, ArticleRow.source_id).where(ArticleRow.story_id.in_(ids))
    copied = (
        select(ArticleRow.story_id, ArticleCopyRow.source_id)
        .join(ArticleRow, ArticleRow.id == ArticleCopyRow.article_id)
        .where(ArticleRow.story_id.in_(ids))
    )
    publishers = union(own, copied).subquery()
    counts = select(publishers.c.story_id, func.count(publishers.c.source_id)).group_by(
        publishers.c.story_id
    )
    sources: dict[int, int] = {id_: n for id_, n in session.execute(counts)}
    query = select(StoryRow.id, StoryRow.article_count).where(StoryRow.id.in_(ids))
    return {id_: StoryRef(id_, size, sources.get(id_, 0)) for id_, size in session.execute(query)}


def _shown(session: Session, earlier: Select | None, rows: list[ArticleRow]) -> set[int]:
    """The stories among ``rows`` with an article in ``earlier`` (the matching articles
    up to the cursor): an earlier page showed them already."""
    stories = {row.story_id for row in rows if row.story_id is not None}
    if earlier is None or not stories:
        return set()
    query = earlier.where(ArticleRow.story_id.in_(stories))
    return set(session.scalars(query.with_only_columns(ArticleRow.story_id).distinct()))


def _one_per_story(
    rows: list[ArticleRow], limit: int, seen: set[int]
) -> tuple[list[ArticleRow], int]:
    """The rows to show (the newest of each story not in ``seen``) and how many rows
    they used up."""
    shown: list[ArticleRow] = []
    for used, row in enumerate(rows):
        if row.story_id is not None and row.story_id in seen:
            continue
        if len(shown) == limit:
            return shown, used
        shown.append(row)
        if row.story_id is not None:
            seen.add(row.story_id)
    return shown, len(rows)
