"""Stories and near-duplicates in the database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tidings.enrich.dedup import fingerprint
from tidings.models import Article, CopyRef, Enrichment, ExtractedArticle, SourceRef
from tidings.pipeline import Pipeline, Processed, filing, prepared
from tidings.store import Outcome, Store
from tidings.store import articles as articles_module
from tidings.store.fitting import URL_CHARS
from tidings.store.stories import KEEP_KEYS, StoryUpdate, copies_of

START = datetime(2025, 7, 1, tzinfo=UTC)
QUIET = timedelta(days=4)
LIMIT = 20  # open stories per lookup
TEXT = (
    "The central bank raised its main interest rate by a quarter point on Thursday, "
    "the third increase this year, citing stubborn inflation in services and wages."
)


def saved(store: Store, n: int, text: str = TEXT, hours: int = 0, filed: bool = False) -> int:
    """Article ``n``, its fingerprint filed as the pipeline files it when ``filed``."""
    content = ExtractedArticle(
        url=f"https://news.example/{n}",
        title=f"Headline {n}",
        text=text,
        published=START + timedelta(hours=hours or n),
    )
    printed = filing(fingerprint(content.title, text)) if filed else None
    return store.articles.save(Article(content, Enrichment(language="en")), None, printed)[0]


def update(size: int, keys: list[str], last: datetime = START) -> StoryUpdate:
    return StoryUpdate({"size": size}, f"Story of {size}", START, last, size, keys)


def test_a_copy_is_found_by_its_band_keys_and_folded_into_the_article(store: Store) -> None:
    first = saved(store, 1, filed=True)
    copy = fingerprint("Headline 1", TEXT + " Updated.")
    found = store.stories.duplicate_candidates("https://wire.example/a", copy.band_keys)
    assert [(id_, len(data)) for id_, data in found] == [(first, 512)]
    # the article's own URL is an update of it, never a copy of another article
    assert store.stories.duplicate_candidates("https://news.example/1", copy.band_keys) == []
    store.stories.fold(first, "https://wire.example/a", None)
    store.stories.fold(first, "https://wire.example/a", None)  # a copy seen twice stays one
    assert store.reader.article_count() == 1
    assert store.articles.known(["https://wire.example/a"])["https://wire.example/a"].id == first
    with store.engine.connect() as connection:
        urls = connection.execute(text("select url from article_copies")).scalars().all()
        alternates = connection.execute(text("select alternate_urls from articles")).scalar_one()
    assert urls == ["https://wire.example/a"]
    assert "https://wire.example/a" in str(alternates)


def test_copies_another_instance_folded_are_kept_with_their_publishers(store: Store) -> None:
    """An export's copies come back as the article's other addresses; an address stored
    already stays as it is, so an export ingested twice adds nothing."""
    first, second = saved(store, 1), saved(store, 2, text="Another text.")
    store.stories.fold(second, "https://mirror.example/2", None)
    copies = [
        CopyRef("https://wire.example/1", SourceRef(name="Wire")),
        CopyRef("urn:tidings:0123abcd", SourceRef(name="Archive", url="urn:tidings:source:old")),
        CopyRef("https://wire.example/1", SourceRef(name="Wire again")),  # one address once
        CopyRef("https://news.example/2"),  # another article here: stays that article
        CopyRef("https://mirror.example/2"),  # another article's copy: stays its copy
        CopyRef("https://news.example/1"),  # the article's own address
        CopyRef("https://long.example/" + "x" * URL_CHARS),  # more than a row keeps
    ]
    assert store.stories.keep_copies(first, copies) == 2
    assert store.stories.keep_copies(first, copies) == 0
    with Session(store.engine) as session:
        kept = copies_of(session, [first, second])
    assert [(c.url, c.source and c.source.name) for c in kept[first]] == [
        ("https://wire.example/1", "Wire"),
        ("urn:tidings:0123abcd", "Archive"),
    ]
    assert [c.url for c in kept[second]] == ["https://mirror.example/2"]
    assert store.articles.known(["https://wire.example/1"])["https://wire.example/1"].id == first
    assert store.articles.known(["https://news.example/2"])["https://news.example/2"].id == second
    assert {s.url for s in store.sources.list(kind="archive")} == {
        "urn:tidings:source:wire",
        "urn:tidings:source:old",
    }
    assert store.reader.article_count() == 2


def test_a_story_written_from_a_stale_read_is_refused(store: Store) -> None:
    first, second, third = (saved(store, n) for n in (1, 2, 3))
    story_id = store.stories.start(first, update(1, ["t:rate", "g:Germany"]))
    [read] = store.stories.open_stories(["t:rate"], START, QUIET, LIMIT)
    assert store.stories.grow(second, read, update(2, ["t:rate", "t:bank"]))
    assert not store.stories.grow(third, read, update(2, ["t:rate"]))  # read before the growth
    [again] = store.stories.open_stories(["t:bank"], START, QUIET, LIMIT)
    assert (again.id, again.revision, again.profile) == (story_id, 2, {"size": 2})
    assert store.stories.open_stories(["g:Germany"], START, QUIET, LIMIT) == []  # keys replaced
    view = store.stories.story(story_id)
    assert view is not None and [a.id for a in view.articles] == [second, first]


def test_a_quiet_story_is_not_offered_to_new_articles(store: Store) -> None:
    store.stories.start(saved(store, 1), update(1, ["t:rate"], last=START))
    assert store.stories.open_stories(["t:rate"], START + QUIET / 2, QUIET, LIMIT)
    assert store.stories.open_stories(["t:rate"], START + 2 * QUIET, QUIET, LIMIT) == []
    assert store.stories.story(999) is None


def test_a_lookup_offers_the_stories_sharing_most_keys_then_the_freshest(store: Store) -> None:
    hour = timedelta(hours=1)
    keyed = {
        "one key, covered first": (["t:a"], START),
        "one key, covered last": (["t:a"], START + 3 * hour),
        "three keys": (["t:a", "t:b", "t:c"], START + hour),
        "two keys": (["t:a", "t:b"], START + 2 * hour),
    }
    ids = {
        name: store.stories.start(saved(store, n), update(1, keys, last=last))
        for n, (name, (keys, last)) in enumerate(keyed.items(), start=1)
    }
    found = store.stories.open_stories(["t:a", "t:b", "t:c"], START, QUIET, 3)
    assert [s.id for s in found] == [
        ids["three keys"],
        ids["two keys"],
        ids["one key, covered last"],
    ]


def test_a_list_shows_each_story_once_and_its_next_page_moves_on(store: Store) -> None:
    members = [saved(store, n, text=f"Text {n}.", hours=10 + n) for n in range(1, 5)]
    loners = [saved(store, n, text=f"Text {n}.", hours=n) for n in range(5, 8)]
    story_id = store.stories.start(members[0], update(1, ["t:a"]))
    for n, member in enumerate(members[1:], start=2):
        [read] = store.stories.open_stories(["t:a"], START, QUIET, LIMIT)
        assert store.stories.grow(member, read, update(n, ["t:a"]))
    first = store.reader.latest(limit=2, one_per_story=True)
    assert [a.id for a in first.articles] == [members[-1], loners[-1]]
    assert first.articles[0].story is not None and first.articles[0].story.articles == 4
    second = store.reader.latest(limit=2, cursor=first.next_cursor, one_per_story=True)
    assert [a.id for a in second.articles] == loners[-2::-1]
    assert second.next_cursor is None
    assert len(store.reader.latest(limit=10).articles) == 7  # the full list keeps them all
    assert store.stories.story(story_id).article_count == 4


def test_a_story_never_comes_back_on_a_later_page(store: Store) -> None:
    """Its older article lies beyond the rows one page reads: the page that reaches
    it must know an earlier page showed the story."""
    newest, oldest = saved(store, 1, hours=100), saved(store, 2, hours=1)
    loners = [saved(store, n, text=f"Text {n}.", hours=50 - n) for n in range(3, 12)]
    store.stories.start(oldest, update(1, ["t:a"]))
    [story] = store.stories.open_stories(["t:a"], START, QUIET, LIMIT)
    assert store.stories.grow(newest, story, update(2, ["t:a"]))
    listed, cursor = [], None
    while True:
        page = store.reader.latest(limit=1, cursor=cursor, one_per_story=True)
        listed += [a.id for a in page.articles]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert listed == [newest, *loners]


def test_a_merge_moves_the_younger_story_into_the_older_and_records_it(store: Store) -> None:
    first, second, third = (saved(store, n) for n in (1, 2, 3))
    older = store.stories.start(first, update(1, ["t:rate"]))
    younger = store.stories.start(second, update(1, ["t:bank"]))
    reads = {s.id: s for s in store.stories.open_stories(["t:rate", "t:bank"], START, QUIET, LIMIT)}
    assert store.stories.grow(
        third, reads[older], update(3, ["t:rate", "t:hike"]), [reads[younger]]
    )
    assert store.stories.successor(younger) == older and store.stories.successor(older) is None
    # its keys went with it
    assert store.stories.open_stories(["t:bank"], START, QUIET, LIMIT) == []
    view = store.stories.story(older)
    assert view is not None and sorted(a.id for a in view.articles) == [first, second, third]
    with store.engine.connect() as connection:
        merged_at = connection.execute(
            text("select merged_at from stories where id = :id"), {"id": younger}
        ).scalar_one()
    assert merged_at is not None


def test_a_merge_from_a_stale_read_of_either_story_changes_nothing(store: Store) -> None:
    first, second, third, fourth = (saved(store, n) for n in (1, 2, 3, 4))
    older = store.stories.start(first, update(1, ["t:rate"]))
    younger = store.stories.start(second, update(1, ["t:bank"]))
    reads = {s.id: s for s in store.stories.open_stories(["t:rate", "t:bank"], START, QUIET, LIMIT)}
    assert store.stories.grow(third, reads[younger], update(2, ["t:bank"]))  # younger moves on
    assert not store.stories.grow(fourth, reads[older], update(3, ["t:rate"]), [reads[younger]])
    assert store.stories.successor(younger) is None
    [again] = store.stories.open_stories(["t:rate"], START, QUIET, LIMIT)
    assert again.revision == 1  # the older story's half of the merge was rolled back too


def test_redirects_follow_a_chain_of_merges_to_the_survivor(store: Store) -> None:
    ids = [saved(store, n) for n in range(1, 5)]
    stories = [store.stories.start(ids[n], update(1, [f"t:{n}"])) for n in range(3)]
    for younger in (stories[2], stories[1]):
        survivor = stories[1] if younger == stories[2] else stories[0]
        found = store.stories.open_stories(["t:0", "t:1", "t:2"], START, QUIET, LIMIT)
        reads = {s.id: s for s in found}
        assert store.stories.grow(ids[3], reads[survivor], update(2, ["t:0"]), [reads[younger]])
    assert [store.stories.successor(s) for s in stories] == [None, stories[0], stories[0]]


def test_closed_stories_lose_their_keys_and_open_ones_keep_them(store: Store) -> None:
    late = START + KEEP_KEYS + timedelta(days=1)
    old = store.stories.start(saved(store, 1), update(1, ["t:rate", "g:Germany"], last=START))
    recent = store.stories.start(saved(store, 2), update(1, ["t:rate"], last=late))
    assert store.stories.prune_closed() == 2
    assert store.stories.prune_closed() == 0
    with store.engine.connect() as connection:
        left = connection.execute(text("select story_id from story_keys")).scalars().all()
    assert left == [recent]
    assert store.stories.story(old) is not None  # the story and its page stay


def _race(store: Store, body: Callable[[int], str], rounds: int = 4) -> None:
    """Two workers save ``body(worker)`` at once, ``rounds`` times over; each time
    exactly one article must stay, with the other worker's URL as its copy.

    Two threads, each with its own connection from the pool, released together."""
    pipeline = Pipeline(store, None)
    for round_ in range(rounds):
        gate = threading.Barrier(2)

        def save(worker: int, round_: int = round_, gate: threading.Barrier = gate) -> Processed:
            content = ExtractedArticle(
                url=f"https://w{worker}.example/{round_}",
                title="Rates",
                text=" ".join(f"{word}{round_}" for word in body(worker).split()),
            )
            gate.wait()
            return pipeline.save(prepared(Article(content, Enrichment(language="en"))))

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(save, range(2)))
        assert sorted(r.outcome for r in results) == [Outcome.DUPLICATE, Outcome.NEW]
        assert len({r.article_id for r in results}) == 1
    assert store.reader.article_count() == rounds
    urls = [f"https://w{w}.example/{r}" for w in (0, 1) for r in range(rounds)]
    assert len(store.articles.known(urls)) == 2 * rounds


def test_two_workers_saving_one_text_at_once_keep_one_article(store: Store) -> None:
    """Both see no earlier copy, both insert; the fingerprint claim keeps exactly one."""
    _race(store, lambda worker: TEXT)


def test_two_workers_saving_near_duplicates_at_once_keep_one_article(store: Store) -> None:
    """The same race with one sentence edited: the two fingerprints differ, so only
    the claim's look at the band keys, taken under a lock on them, can see the twin."""
    edits = ("on Thursday", "on Friday")
    _race(store, lambda worker: f"{TEXT} {TEXT.replace('on Thursday', edits[worker])}")


def test_an_article_is_never_stored_without_its_fingerprint(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row and its claim are one transaction (one commit, one flush to disk on
    PostgreSQL): a claim that fails takes the article with it."""

    def failing(*_args: object) -> int:
        raise RuntimeError("the claim failed")

    monkeypatch.setattr(articles_module, "claim", failing)
    content = ExtractedArticle(url="https://news.example/1", title="Rates", text=TEXT)
    result = Pipeline(store, None).save(prepared(Article(content, Enrichment(language="en"))))
    assert result.failure is not None and "the claim failed" in result.failure.why
    assert store.reader.article_count() == 0


def test_an_article_saved_before_a_crash_gets_its_story_when_saved_again(store: Store) -> None:
    """The process died after the article's row and before its story; the redelivered
    task finds the row unchanged and finishes it."""
    article = Article(
        ExtractedArticle(url="https://news.example/cut", title="Rates", text=TEXT, published=START),
        Enrichment(language="en"),
    )
    article_id, _ = store.articles.save(article, None)  # where the crash struck
    assert store.stories.unfinished(article_id)
    again = Pipeline(store, None).save(prepared(article))
    assert (again.article_id, again.outcome) == (article_id, Outcome.UNCHANGED)
    assert not store.stories.unfinished(article_id)
    with store.engine.connect() as connection:
        bands = connection.execute(text("select count(*) from article_bands")).scalar()
    assert bands > 0  # its fingerprint is filed too: later copies fold into it


def test_an_updated_article_gives_up_its_old_text_to_the_next_publisher_of_it(
    store: Store,
) -> None:
    """After a rewrite, the old text is nobody's: a later article with it stands alone."""
    pipeline = Pipeline(store, None)

    def save(url: str, body: str) -> Processed:
        content = ExtractedArticle(url=url, title="Rates", text=body, published=START)
        return pipeline.save(prepared(Article(content, Enrichment(language="en"))))

    first = save("https://news.example/live", TEXT)
    rewrite = "Storms closed the harbour for a week and fishing boats stayed tied up. " * 3
    assert save("https://news.example/live", rewrite).outcome is Outcome.UPDATED
    later = save("https://other.example/rates", TEXT)
    assert later.outcome is Outcome.NEW and later.article_id != first.article_id
    assert save("https://wire.example/storms", rewrite).article_id == first.article_id


def test_looking_for_stories_at_the_ends_of_the_calendar_does_not_overflow(store: Store) -> None:
    for around in (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)):
        assert store.stories.open_stories(["place:France"], around, QUIET, LIMIT) == []
