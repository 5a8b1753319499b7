import pytest

from tidings.errors import FeedError
from tidings.ingest.opml import Subscription, parse_opml, write_opml


def test_opml_round_trip_keeps_folders() -> None:
    subs = [
        Subscription("https://a.example/rss", "A", "https://a.example/", "Europe"),
        Subscription("https://b.example/atom", "B", None, None),
    ]
    assert sorted(parse_opml(write_opml(subs).encode()), key=lambda s: s.url) == subs


def test_default_sources_cover_twenty_publishers() -> None:
    from importlib.resources import files

    content = files("tidings.ingest").joinpath("default_sources.opml").read_bytes()
    subs = parse_opml(content)
    assert len({s.title for s in subs}) >= 20
    assert len({s.category for s in subs}) >= 4


def test_default_sources_are_titled_by_their_publishers() -> None:
    """The titles are what readers see on every article; a feed's title would say
    "BBC News - World" where a publisher's name says "BBC News"."""
    from importlib.resources import files

    from tidings.ingest.publisher import publisher_name

    content = files("tidings.ingest").joinpath("default_sources.opml").read_bytes()
    for sub in parse_opml(content):
        assert publisher_name(sub.title, sub.site_url) == sub.title


def test_not_opml_is_an_error() -> None:
    with pytest.raises(FeedError):
        parse_opml(b"<rss></rss>")
    with pytest.raises(FeedError):
        parse_opml(b"not xml")
