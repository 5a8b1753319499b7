from datetime import timedelta
from itertools import count

from tidings.store import Store
from tidings.store.leases import LeaseRepo

MINUTE = timedelta(minutes=1)


def owners():
    numbers = count(1)
    return lambda: f"task-{next(numbers)}"


def test_a_due_source_is_claimed_once_and_only_its_owner_renews_it(store: Store) -> None:
    leases = LeaseRepo(store.engine)
    source, _ = store.sources.add("https://feeds.example/rss")
    [claim] = leases.claim_due(owners(), lease_for=MINUTE, limit=10)
    assert claim.source_id == source.id and claim.owner == "task-1"
    assert leases.claim_due(owners(), lease_for=MINUTE, limit=10) == []
    assert leases.counts().leased == 1 and leases.counts().due == 0
    assert not leases.take(source.id, "another-task", lease_for=MINUTE)
    assert leases.take(source.id, "task-1", lease_for=MINUTE)  # a redelivered task
    leases.release(source.id, "another-task")  # not the owner: no effect
    assert not leases.take(source.id, "another-task", lease_for=MINUTE)
    leases.release(source.id, "task-1")
    assert leases.take(source.id, "another-task", lease_for=MINUTE)


def test_an_expired_lease_is_free_again(store: Store) -> None:
    leases = LeaseRepo(store.engine)
    source, _ = store.sources.add("https://feeds.example/rss")
    assert leases.take(source.id, "killed-worker", lease_for=-MINUTE)
    assert leases.is_due(source.id)
    [claim] = leases.claim_due(owners(), lease_for=MINUTE, limit=10)
    assert claim.source_id == source.id


def test_sources_not_due_or_broken_are_not_claimed(store: Store) -> None:
    leases = LeaseRepo(store.engine)
    fresh, _ = store.sources.add("https://feeds.example/fresh")
    broken, _ = store.sources.add("https://feeds.example/broken")
    store.sources.record_success(fresh.id, next_check_in=MINUTE, etag=None, last_modified=None)
    store.sources.record_failure(broken.id, "HTTP 500", retry_in=-MINUTE, broken_after=1)
    assert leases.claim_due(owners(), lease_for=MINUTE, limit=10) == []
    assert not leases.is_due(fresh.id) and leases.counts().due == 0
