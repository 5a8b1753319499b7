"""Near-duplicates in the database: fingerprints, their band keys and claims, and copies.

The decision is ``enrich/dedup.py``'s; here an article's MinHash fingerprint is filed
twice: under its band keys (``article_bands``), where a later text sharing a band
finds it, and as a claim on the exact fingerprint (``article_prints``), which the
first writer of a text wins. A text that repeats a stored one is not stored again: its
URL is folded into that article as a copy (``article_copies``).

Concurrency: two copies of one text saved at the same moment by two workers (neither
sees the other's bands yet) both insert their article, then race to claim the
fingerprint; the loser deletes its fresh row and becomes a copy of the winner.
Near-duplicates have different fingerprints, so the claim also locks the article's
band keys and looks again at the articles filed under them (``_lock_bands``). The
claim runs in the transaction that saves the article (``ArticleRepo.save``), so an
article costs one commit, not two: on PostgreSQL each is a flush of the log to disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import (
    Select,
    String,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from tidings.store.database import dialect_insert
from tidings.store.schema import ArticleBandRow, ArticleCopyRow, ArticlePrintRow, ArticleRow
from tidings.store.sources import now_utc

MAX_DUPLICATE_CANDIDATES = 50  # a text repeated more often than this still finds one
_STORED = aliased(ArticleRow, name="stored")  # made once: an alias proxies every column

# PostgreSQL's look-up of band keys one at a time (``_filed_under``), made once too:
# building it costs half a millisecond.
_KEYS = func.unnest(bindparam("band_keys", type_=ARRAY(String)))
_KEY = _KEYS.table_valued("key").render_derived(name="k")
_PROBE = select(ArticleBandRow.article_id).where(ArticleBandRow.band_key == _KEY.c.key)
_FILED = _PROBE.offset(0).lateral("filed")
_FILED_UNDER_EACH = select(_FILED.c.article_id).select_from(_KEY).join(_FILED, true())


@dataclass(frozen=True, slots=True)
class Filing:
    """An article's fingerprint as the store files it, with the test (``enrich.dedup``'s,
    which the store does not import) of whether a stored fingerprint is its near-duplicate."""

    fingerprint: bytes
    band_keys: tuple[str, ...]
    repeats: Callable[[bytes], bool]


def band_sharers(
    session: Session,
    band_keys: tuple[str, ...],
    *,
    other_than: int | None = None,
    unless_stored: str | None = None,
) -> list[tuple[int, bytes]]:
    """(id, fingerprint) of stored articles filed under any of ``band_keys``, oldest first;
    none at all when an article is stored at the URL ``unless_stored`` (one query)."""
    query = (
        select(ArticleRow.id, ArticleRow.fingerprint)
        .where(ArticleRow.id.in_(_filed_under(session, band_keys)))
        .where(ArticleRow.fingerprint.is_not(None))
        .order_by(ArticleRow.id)
        .limit(MAX_DUPLICATE_CANDIDATES)
    )
    if other_than is not None:
        query = query.where(ArticleRow.id != other_than)
    if unless_stored is not None:
        query = query.where(~exists().where(_STORED.url == unless_stored))
    return [(id_, bytes(print_)) for id_, print_ in session.execute(query)]


def _filed_under(session: Session, band_keys: tuple[str, ...]) -> Select[tuple[int]]:
    """The ids of the articles filed under any of ``band_keys``.

    PostgreSQL looks the keys up one by one in the band index (``OFFSET 0`` keeps the
    lateral subquery a look-up per key): handed the whole list, it plans a read of every
    band row whenever the table lacks statistics, as a young one does until autovacuum
    analyses it (or always, with autovacuum off): 10 ms an article at 30,000 band rows,
    and growing with the table. SQLite looks each key of an IN list up in its index.
    """
    if session.get_bind().dialect.name != "postgresql":
        return select(ArticleBandRow.article_id).where(ArticleBandRow.band_key.in_(band_keys))
    return _FILED_UNDER_EACH.params(band_keys=list(band_keys))


def claim(
    session: Session, article_id: int, filing: Filing, url: str, source_id: int | None, fresh: bool
) -> int:
    """The article that keeps this text: ``article_id`` if no earlier article holds it (it
    is then filed under its band keys), else that article, into which ``article_id``,
    deleted, folds as a copy at ``url``.

    An earlier article holds the text when it claimed the same fingerprint or when it
    shares a band key and ``filing.repeats`` its fingerprint. The band keys are locked
    first, so of two near-duplicates claimed at once the second sees the first's bands.
    ``fresh``: the row was just inserted with its fingerprint, so it has nothing filed.
    """
    key = _print_key(filing.fingerprint)
    claimed = _insert_claim(session, article_id, key)
    owner = article_id if claimed else _claimant(session, key)
    if owner is None or owner == article_id:
        owner = _near_twin(session, article_id, filing)
    if owner is None:
        if not fresh:
            _reset_fingerprint(session, article_id, filing.fingerprint)
        _file_bands(session, article_id, filing.band_keys)
        return article_id
    session.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
    fold(session, owner, url, source_id)
    return owner


def refile_fingerprint(
    session: Session, article_id: int, fingerprint: bytes, band_keys: tuple[str, ...]
) -> None:
    """File an article's new version under its band keys and its claim, replacing the
    earlier version's: the old text is no longer this article's to keep."""
    session.execute(delete(ArticlePrintRow).where(ArticlePrintRow.article_id == article_id))
    if band_keys:
        _insert_claim(session, article_id, _print_key(fingerprint))
    _reset_fingerprint(session, article_id, fingerprint)
    _file_bands(session, article_id, band_keys)


def fold(session: Session, article_id: int, url: str, source_id: int | None) -> None:
    """Keep ``url`` (and its publisher) as another address of ``article_id``."""
    file_copies(session, article_id, [(url, source_id)])


def file_copies(session: Session, article_id: int, copies: list[tuple[str, int | None]]) -> None:
    """Keep each (url, source id) as another address of ``article_id``; an address
    kept already stays as it is."""
    if not copies:
        return
    now = now_utc()
    rows = [
        # a microsecond apart, so that they list in the order they were given
        {
            "url": url,
            "article_id": article_id,
            "source_id": source,
            "seen_at": now + timedelta(microseconds=n),
        }
        for n, (url, source) in enumerate(copies)
    ]
    insert = dialect_insert(session)(ArticleCopyRow)
    session.execute(insert.on_conflict_do_nothing(index_elements=["url"]), rows)
    add_alternates(session, article_id, [url for url, _ in copies])


def add_alternates(session: Session, article_id: int, urls: list[str]) -> None:
    """Add ``urls`` to the article's other addresses, under a row lock."""
    known = session.scalar(
        select(ArticleRow.alternate_urls).where(ArticleRow.id == article_id).with_for_update()
    )
    if known is not None and not set(urls) <= set(known):
        session.execute(
            update(ArticleRow)
            .where(ArticleRow.id == article_id)
            .values(alternate_urls=sorted({*known, *urls}))
        )


def _print_key(fingerprint: bytes) -> str:
    return hashlib.sha256(fingerprint).hexdigest()


def _insert_claim(session: Session, article_id: int, key: str) -> bool:
    """Claim the fingerprint for the article unless another already holds it; whether
    this claimed it now (one statement: the insert says so itself)."""
    insert = dialect_insert(session)(ArticlePrintRow).values(print_key=key, article_id=article_id)
    inserted = insert.on_conflict_do_nothing(index_elements=["print_key"])
    return session.execute(inserted.returning(ArticlePrintRow.article_id)).first() is not None


def _claimant(session: Session, key: str) -> int | None:
    return session.scalar(
        select(ArticlePrintRow.article_id).where(ArticlePrintRow.print_key == key)
    )


def _near_twin(session: Session, article_id: int, filing: Filing) -> int | None:
    """The oldest other article under the band keys whose text ``article_id`` repeats."""
    _lock_bands(session, filing.band_keys)
    sharers = band_sharers(session, filing.band_keys, other_than=article_id)
    return next((other for other, data in sharers if filing.repeats(data)), None)


def _lock_bands(session: Session, band_keys: tuple[str, ...]) -> None:
    """Make writers of articles sharing a band key take turns until they commit.

    PostgreSQL: one transaction-scoped advisory lock per band key, taken in one sorted
    order so that two writers cannot deadlock. SQLite needs none: the article's insert
    already holds the database's only write lock.
    """
    if session.get_bind().dialect.name != "postgresql" or not band_keys:
        return
    locks = sorted({_lock_number(key) for key in band_keys})
    session.execute(
        text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:locks AS bigint[])) AS k"),
        {"locks": locks},
    )


def _lock_number(band_key: str) -> int:
    """A band key as a signed 64-bit advisory lock number."""
    return int.from_bytes(hashlib.blake2b(band_key.encode(), digest_size=8).digest(), signed=True)


def _reset_fingerprint(session: Session, article_id: int, fingerprint: bytes) -> None:
    """Give the article ``fingerprint`` and drop its band rows (an earlier version's, or
    the rows of a writer that died after filing them), before its bands are filed."""
    session.execute(
        update(ArticleRow).where(ArticleRow.id == article_id).values(fingerprint=fingerprint)
    )
    session.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == article_id))


def _file_bands(session: Session, article_id: int, band_keys: tuple[str, ...]) -> None:
    rows = [{"band_key": key, "article_id": article_id} for key in set(band_keys)]
    if rows:
        session.execute(insert(ArticleBandRow), rows)  # one executemany, no ORM objects
