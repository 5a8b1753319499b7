"""Source leases: at most one worker fetches a source at a time.

A lease is taken with one conditional UPDATE (free, expired, or already
ours), so the database settles races between workers and schedulers alike.
The owner is the id of the task that will fetch: the scheduler claims a due
source for a task before sending it, the task renews the claim, and a task
redelivered after its worker was killed carries the same id and gets its
source back. An unreleased lease simply expires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select, update
from sqlalchemy.orm import Session

from tidings.store.schema import SourceRow
from tidings.store.sources import now_utc


@dataclass(frozen=True, slots=True)
class Claim:
    source_id: int
    owner: str


@dataclass(frozen=True, slots=True)
class ScheduleCounts:
    """How much work the sources hold, for ``tidings status``."""

    due: int  # due and not leased: waiting for the scheduler
    leased: int  # queued or being fetched


class LeaseRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim_due(
        self, new_owner: Callable[[], str], *, lease_for: timedelta, limit: int
    ) -> list[Claim]:
        """Lease up to ``limit`` due, unleased feeds, each to a fresh owner id."""
        now = now_utc()
        with Session(self._engine) as session, session.begin():
            candidates = session.scalars(
                select(SourceRow.id)
                .where(_due(now), _free(now))
                .order_by(SourceRow.next_check_at)
                .limit(limit)
            ).all()
            claims = []
            for source_id in candidates:
                claim = Claim(source_id, new_owner())
                if _take(session, claim, now, lease_for):
                    claims.append(claim)
            return claims

    def take(self, source_id: int, owner: str, *, lease_for: timedelta) -> bool:
        """Lease one source to ``owner`` (renewing it if ``owner`` holds it already)."""
        with Session(self._engine) as session, session.begin():
            return _take(session, Claim(source_id, owner), now_utc(), lease_for)

    def release(self, source_id: int, owner: str) -> None:
        """Give the source back, unless the lease expired and someone else holds it now."""
        with Session(self._engine) as session, session.begin():
            session.execute(
                update(SourceRow)
                .where(SourceRow.id == source_id, SourceRow.lease_owner == owner)
                .values(leased_until=None, lease_owner=None)
            )

    def is_due(self, source_id: int) -> bool:
        """Whether the source still needs fetching (a stale duplicate task must not refetch)."""
        with Session(self._engine) as session:
            query = select(SourceRow.id).where(SourceRow.id == source_id, _due(now_utc()))
            return session.scalar(query) is not None

    def counts(self) -> ScheduleCounts:
        now = now_utc()
        with Session(self._engine) as session:
            due = session.scalar(select(func.count()).where(_due(now), _free(now)))
            leased = session.scalar(select(func.count()).where(~_free(now)))
        return ScheduleCounts(due or 0, leased or 0)


def _take(session: Session, claim: Claim, now: datetime, lease_for: timedelta) -> bool:
    result = session.execute(
        update(SourceRow)
        .where(SourceRow.id == claim.source_id)
        .where(or_(_free(now), SourceRow.lease_owner == claim.owner))
        .values(leased_until=now + lease_for, lease_owner=claim.owner)
    )
    return result.rowcount == 1


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(
        SourceRow.kind == "feed",
        SourceRow.broken.is_(False),
        or_(SourceRow.next_check_at.is_(None), SourceRow.next_check_at <= now),
    )


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(SourceRow.leased_until.is_(None), SourceRow.leased_until < now)
