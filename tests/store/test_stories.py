"""Stories and near-duplicates in the database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tidings.enrich.dedup import fingerprint
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.stories import StoryUpdate

START = datetime(2025, 7, 1, tzinfo=UTC)
QUIET = timedelta(days=4)
TEXT = (
    "The central bank raised its main interest rate by a quarter point on Thursday, "
    "the third increase this year, citing stubborn inflation in services and wages."
)


def saved(store: Store, n: int, text: str = TEXT, hours: int = 0) -> int:
    content = ExtractedArticle(
        url=f"https://news.example/{n}",
        title=f"Headline {n}",
        text=text,
        published=START + timedelta(hours=hours or n),
    )
    return store.articles.save(Article(content, Enrichment(language="en")), None)[0]


def update(size: int, keys: list[str], last: datetime = START) -> StoryUpdate:
    return StoryUpdate({"size": size}, f"Story of {size}", START, last, size, keys)


def test_a_copy_is_found_by_its_band_keys_and_folded_into_the_article(store: Store) -> None:
    first = saved(store, 1)
    printed = fingerprint("Headline 1", TEXT)
    store.stories.save_fingerprint(first, printed.to_bytes(), printed.band_keys)
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


def test_a_story_written_from_a_stale_read_is_refused(store: Store) -> None:
    first, second, third = (saved(store, n) for n in (1, 2, 3))
    story_id = store.stories.start(first, update(1, ["t:rate", "g:Germany"]))
    [read] = store.stories.open_stories(["t:rate"], START, QUIET)
    assert store.stories.grow(second, read, update(2, ["t:rate", "t:bank"]))
    assert not store.stories.grow(third, read, update(2, ["t:rate"]))  # read before the growth
    [again] = store.stories.open_stories(["t:bank"], START, QUIET)
    assert (again.id, again.revision, again.profile) == (story_id, 2, {"size": 2})
    assert store.stories.open_stories(["g:Germany"], START, QUIET) == []  # keys replaced
    view = store.stories.story(story_id)
    assert view is not None and [a.id for a in view.articles] == [second, first]


def test_a_quiet_story_is_not_offered_to_new_articles(store: Store) -> None:
    store.stories.start(saved(store, 1), update(1, ["t:rate"], last=START))
    assert store.stories.open_stories(["t:rate"], START + QUIET / 2, QUIET)
    assert store.stories.open_stories(["t:rate"], START + 2 * QUIET, QUIET) == []
    assert store.stories.story(999) is None


def test_a_list_shows_each_story_once_and_its_next_page_moves_on(store: Store) -> None:
    members = [saved(store, n, text=f"Text {n}.", hours=10 + n) for n in range(1, 5)]
    loners = [saved(store, n, text=f"Text {n}.", hours=n) for n in range(5, 8)]
    story_id = store.stories.start(members[0], update(1, ["t:a"]))
    for n, member in enumerate(members[1:], start=2):
        [read] = store.stories.open_stories(["t:a"], START, QUIET)
        assert store.stories.grow(member, read, update(n, ["t:a"]))
    first = store.reader.latest(limit=2, one_per_story=True)
    assert [a.id for a in first.articles] == [members[-1], loners[-1]]
    assert first.articles[0].story is not None and first.articles[0].story.articles == 4
    second = store.reader.latest(limit=2, cursor=first.next_cursor, one_per_story=True)
    assert [a.id for a in second.articles] == loners[-2::-1]
    assert second.next_cursor is None
    assert len(store.reader.latest(limit=10).articles) == 7  # the full list keeps them all
    assert store.stories.story(story_id).article_count == 4
