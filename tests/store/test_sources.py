"""Who names a source: its feed, again at every crawl or import, unless the operator did."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from tidings.store import Store
from tidings.store.schema import SourceRow

FEED = "https://rss.nytimes.example/world.xml"


def crawled(store: Store, source_id: int, name: str | None, declared: str | None) -> str | None:
    """The source's title after a crawl read a feed declaring ``declared``."""
    store.sources.record_success(
        source_id,
        next_check_in=timedelta(minutes=5),
        etag=None,
        last_modified=None,
        title=name,
        feed_title=declared,
        site_url="https://www.nytimes.example/",
    )
    view = store.sources.get(source_id)
    assert view is not None
    return view.title


def test_a_source_the_operator_did_not_name_follows_its_feed(store: Store) -> None:
    source, _ = store.sources.add(FEED)
    assert crawled(store, source.id, "NYT", "NYT > World News") == "NYT"
    assert crawled(store, source.id, "New York Times", "New York Times > World") == "New York Times"
    assert crawled(store, source.id, None, None) == "New York Times"  # a feed without a title
    assert store.sources.get(source.id).site_url == "https://www.nytimes.example/"


def test_the_operators_title_is_never_changed(store: Store) -> None:
    source, _ = store.sources.add(FEED, title="NYT > World News")  # as an OPML may give it
    assert crawled(store, source.id, "NYT", "NYT > World News") == "NYT > World News"
    store.sources.add(FEED)  # following it again names nothing
    assert crawled(store, source.id, "NYT", "NYT > World News") == "NYT > World News"


def test_a_title_stored_before_tidings_kept_who_named_it(store: Store) -> None:
    """The feed's own title is the feed's; any other is the operator's, for good."""
    from_feed, _ = store.sources.add(FEED, title="NYT > World News")
    operators, _ = store.sources.add("https://feeds.example/asia", title="Economist Asia")
    with store.engine.begin() as connection:
        connection.execute(update(SourceRow).values(title_from_feed=None))
    assert crawled(store, from_feed.id, "NYT", "NYT > World News") == "NYT"
    assert crawled(store, operators.id, "economist.com", "Asia") == "Economist Asia"
    assert crawled(store, operators.id, "economist.com", "Economist Asia") == "Economist Asia"


def test_an_archived_feed_is_named_by_what_its_archive_says_now(store: Store) -> None:
    path = "file:///archive/dawn.xml"
    source_id = store.sources.for_archive("Dawn - World", path)
    assert store.sources.for_archive("Dawn", path, "https://www.dawn.com/") == source_id
    view = store.sources.get(source_id)
    assert (view.title, view.site_url) == ("Dawn", "https://www.dawn.com/")
    assert store.sources.for_archive("Dawn", path, "http://elsewhere.example/") == source_id
    assert store.sources.get(source_id).site_url == "https://www.dawn.com/"


def test_a_source_known_by_its_name_keeps_its_first_spelling(store: Store) -> None:
    source_id = store.sources.for_archive("Reuters", None)
    assert store.sources.for_archive("REUTERS", None) == source_id
    assert store.sources.get(source_id).title == "Reuters"


def test_an_archive_does_not_rename_the_operators_feed(store: Store) -> None:
    source, _ = store.sources.add(FEED, title="My world news")
    assert store.sources.for_archive("NYT", FEED) == source.id  # an export's source_url
    assert store.sources.get(source.id).title == "My world news"
