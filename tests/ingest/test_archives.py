import codecs
import gzip
import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.errors import Failure, Notice
from tidings.ingest.archives import read_paths
from tidings.models import Archived, Document


def test_jsonl_lines_become_documents_and_bad_lines_failures(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://x.org/a", "title": "A", "text": "Body", "section": "World"}),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps(
            {"title": "No url", "text": "Some text", "source": "Wire", "published": "2025-07-10"}
        ),
    ]
    path = tmp_path / "items.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    items = list(read_paths([path]))
    assert isinstance(items[0], Document) and items[0].section == "World"
    assert isinstance(items[1], Failure) and items[1].where.endswith(":2")
    assert isinstance(items[2], Failure) and "neither" in items[2].why
    assert isinstance(items[3], Document) and items[3].url.startswith("urn:tidings:")
    assert items[3].published is not None and items[3].published.year == 2025


def test_html_file_url_is_its_canonical_else_its_file_uri(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><link rel="canonical" href="https://news.example/a"></head></html>'
    )
    (tmp_path / "b.htm").write_text("<html><body><p>Hi</p></body></html>")
    docs = list(read_paths([tmp_path]))
    assert [d.url for d in docs if isinstance(d, Document)] == [
        "https://news.example/a",
        (tmp_path / "b.htm").resolve().as_uri(),
    ]


def test_missing_and_unknown_files_are_failures(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("plain words")
    items = list(read_paths([tmp_path / "nope", tmp_path / "notes.txt"]))
    assert all(isinstance(item, Failure) and not isinstance(item, Notice) for item in items)


def test_a_file_beside_the_archives_in_a_folder_is_a_note_not_an_error(tmp_path: Path) -> None:
    """A data folder's README is no failed archive; a failure count that includes it
    hides the real ones."""
    (tmp_path / "README.md").write_text("# The feeds of this folder")
    (tmp_path / "a.jsonl").write_text(json.dumps({"url": "https://x.test/a", "text": "Words."}))
    items = list(read_paths([tmp_path]))
    assert [type(item) for item in items] == [Notice, Document]
    assert items[0].where.endswith("README.md") and "skipped" in items[0].why


def test_a_corrupt_gzip_file_is_a_failure_and_the_next_file_is_read(tmp_path: Path) -> None:
    good = gzip.compress(b"<rss><channel><title>T</title></channel></rss>" * 3)
    (tmp_path / "a.xml.gz").write_bytes(good[:10] + b"\xff" * 8 + good[18:])  # deflate broken
    (tmp_path / "b.jsonl").write_text(json.dumps({"url": "https://x.org/b", "text": "Body"}))
    items = list(read_paths([tmp_path]))
    assert isinstance(items[0], Failure) and "cannot read file" in items[0].why
    assert isinstance(items[1], Document)


def test_a_truncated_gzip_file_gives_the_records_before_the_cut_and_says_so(
    tmp_path: Path,
) -> None:
    records = [{"url": f"https://x.org/{n}", "text": f"Body {n} " * 40} for n in range(200)]
    packed = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])  # a download that stopped half-way
    *items, notice = read_paths([path])  # said where the cut is met, the file being streamed
    assert isinstance(notice, Notice) and "cut short" in notice.why
    documents = [item for item in items if isinstance(item, Document)]
    assert len(documents) > 50
    assert [d.url for d in documents] == [r["url"] for r in records[: len(documents)]]
    assert [type(item) for item in items[len(documents) :]] == [Failure]  # the line cut in two


def test_gzip_members_one_after_another_are_all_read(tmp_path: Path) -> None:
    first, second = ({"url": f"https://x.org/{n}", "text": "Body"} for n in "ab")
    members = gzip.compress(json.dumps(first).encode() + b"\n") + gzip.compress(
        json.dumps(second).encode()
    )
    (tmp_path / "joined.jsonl.gz").write_bytes(members + b"\0" * 16)
    items = list(read_paths([tmp_path / "joined.jsonl.gz"]))
    assert [item.url for item in items if isinstance(item, Document)] == [
        "https://x.org/a",
        "https://x.org/b",
    ]
    assert not any(isinstance(item, Failure) for item in items)


def test_bad_jsonl_lines_are_failures_of_their_own_line(tmp_path: Path) -> None:
    lines = [
        "[" * 200_000,  # json.loads recurses into every bracket
        json.dumps({"url": "javascript:alert(1)", "text": "Body"}),
        json.dumps({"url": "https://x.org/a:b", "title": "bad \ud800 x", "text": "Body"}),
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines))
    deep, script, lone = read_paths([path])
    assert isinstance(deep, Failure) and deep.where.endswith(":1") and "deeply" in deep.why
    assert isinstance(script, Failure) and "not an http(s) URL" in script.why
    assert isinstance(lone, Document) and lone.title == "bad \ufffd x"


def test_a_feed_file_with_a_byte_order_mark_and_no_suffix_is_read(tmp_path: Path) -> None:
    feed = b'<rss version="2.0"><channel><item><link>https://x.org/a</link></item></channel></rss>'
    (tmp_path / "saved").write_bytes(codecs.BOM_UTF8 + feed)
    [item] = read_paths([tmp_path / "saved"])
    assert isinstance(item, Document) and item.url == "https://x.org/a"


def _urls_read(path: Path, content: bytes) -> list[str]:
    path.write_bytes(content)
    return [item.url for item in read_paths([path]) if isinstance(item, Document)]


def test_a_feed_a_generator_prefixed_with_an_html_doctype_is_read_as_a_feed(
    tmp_path: Path,
) -> None:
    """A real Atom file opens with <!DOCTYPE html>: it was stored as one 1 MB 'page'."""
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE html><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Tom</title><entry><title>A</title><link href='https://t.example/a'/></entry>"
        b"<entry><title>B</title><link href='https://t.example/b'/></entry></feed>"
    )
    assert _urls_read(tmp_path / "saved", feed) == ["https://t.example/a", "https://t.example/b"]


def test_an_archived_feeds_links_written_without_a_scheme_are_web_addresses(
    tmp_path: Path,
) -> None:
    """<link>coghlan.me/post/</link> resolved against the archive file gave file: URLs."""
    feed = (
        b'<rss version="2.0"><channel><link>coghlan.me/</link>'
        b"<item><title>A</title><link>coghlan.me/things-to-remember/</link></item>"
        b"<item><title>B</title><link>notes/index.html</link></item></channel></rss>"
    )
    first, second = _urls_read(tmp_path / "feed.xml", feed)
    assert first == "https://coghlan.me/things-to-remember/"
    assert second.startswith("file:") and second.endswith("/notes/index.html")  # a path


def test_an_archived_feeds_relative_links_resolve_against_the_site_it_declares(
    tmp_path: Path,
) -> None:
    """Saved Hugo and Jekyll feeds link "/blog/x": against the file that gave
    file:///blog/x, the same address for every site's /blog/x."""
    rss = (
        b'<rss version="2.0"><channel><link>https://site.example/blog/</link>'
        b"<item><title>A</title><link>/blog/a/</link></item></channel></rss>"
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<link href="https://t.example/blog/feed.xml" rel="self"/><link href="/blog/"/>'
        b'<entry><title>A</title><link href="posts/a/"/></entry></feed>'
    )
    feed = b'{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "https://j.example/",'
    feed += b' "items": [{"id": "1", "url": "/p/1", "content_text": "x"}]}'
    assert _urls_read(tmp_path / "rss.xml", rss) == ["https://site.example/blog/a/"]
    assert _urls_read(tmp_path / "atom.xml", atom) == ["https://t.example/blog/posts/a/"]
    assert _urls_read(tmp_path / "feed.json", feed) == ["https://j.example/p/1"]


def test_jsonl_records_keep_the_identities_tidings_gives_pages_without_a_web_address(
    tmp_path: Path,
) -> None:
    """`tidings export` writes them: a saved page's file: URI, a record's urn:tidings: name."""
    names = ["file:///archive/page.html", "urn:tidings:0123abcd"]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps({"url": n, "text": "Body"}) + "\n" for n in names))
    assert [item.url for item in read_paths([path]) if isinstance(item, Document)] == names


def test_jsonl_titles_and_authors_with_markup_become_plain_text(tmp_path: Path) -> None:
    record = {
        "url": "https://x.org/a",
        "title": "Kendrick Lamar&#8217;s <b>surprise</b> album",
        "author": "Data &amp; Society",
        "text": "Body",
    }
    plain = {"url": "https://x.org/b", "title": "AT&T and R&D", "text": "Body"}
    path = tmp_path / "items.jsonl"
    path.write_text(f"{json.dumps(record)}\n{json.dumps(plain)}\n")
    first, second = read_paths([path])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.title == "Kendrick Lamar\u2019s surprise album"
    assert first.author == "Data & Society"
    assert second.title == "AT&T and R&D"


def test_every_archived_document_is_marked_with_the_archives_date_if_any(tmp_path: Path) -> None:
    """The day of an import is no article's age: each document says it came from an
    archive, with the date the archive gives (an archived feed's lastBuildDate)."""
    (tmp_path / "a.xml").write_text(
        '<rss version="2.0"><channel><title>T</title>'
        "<lastBuildDate>Mon, 04 Mar 2019 10:00:00 GMT</lastBuildDate>"
        "<item><title>Undated</title><link>https://x.org/1</link></item>"
        "<item><title>Dated</title><link>https://x.org/2</link>"
        "<pubDate>Sun, 03 Mar 2019 09:00:00 GMT</pubDate></item></channel></rss>"
    )
    (tmp_path / "b.html").write_text("<html><body><p>A saved page.</p></body></html>")
    (tmp_path / "c.jsonl").write_text(json.dumps({"url": "https://x.org/c", "text": "Body"}))
    feed_undated, feed_dated, page, record = read_paths([tmp_path])
    built = datetime(2019, 3, 4, 10, tzinfo=UTC)
    assert feed_undated.archived == feed_dated.archived == Archived(at=built)
    assert (feed_undated.published, feed_dated.published) == (
        None,
        datetime(2019, 3, 3, 9, tzinfo=UTC),
    )
    assert page.archived == record.archived == Archived(at=None)


def test_jsonl_dates_as_unix_times_are_read_and_unreadable_ones_said(tmp_path: Path) -> None:
    records = [
        {"url": "https://x.org/s", "text": "Body", "published": 1700000000},
        {"url": "https://x.org/ms", "text": "Body", "published": 1700000000000},
        {"url": "https://x.org/odd", "text": "Body", "published": "yesterday-ish"},
    ]
    path = tmp_path / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    seconds, millis, odd, note = read_paths([path])
    assert isinstance(seconds, Document) and isinstance(millis, Document)
    assert seconds.published == millis.published == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert isinstance(odd, Document) and odd.published is None
    assert isinstance(note, Notice) and note.where.endswith(":3") and "yesterday-ish" in note.why


def test_jsonl_paragraph_lists_are_joined_and_objects_hold_no_text(tmp_path: Path) -> None:
    """["a", "b"] was stored as the Python text "['a', 'b']"."""
    records = [
        {"url": "https://x.org/p", "title": "Two", "text": ["First part.", " ", "Second part."]},
        {"url": "https://x.org/o", "title": {"en": "Odd"}, "text": "Body"},
        {"url": "https://x.org/n", "text": [1, 2]},
    ]
    path = tmp_path / "shapes.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    paragraphs, odd, numbers = read_paths([path])
    assert isinstance(paragraphs, Document) and paragraphs.text == "First part.\n\nSecond part."
    assert isinstance(odd, Document) and odd.title is None and odd.text == "Body"
    assert isinstance(numbers, Failure) and "neither 'text' nor 'html'" in numbers.why


def test_a_dangling_link_in_a_folder_is_said_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"url": "https://x.org/a", "text": "Body"}))
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "moved-away.jsonl")
    document, dangling = read_paths([tmp_path])
    assert isinstance(document, Document)
    assert isinstance(dangling, Failure) and dangling.where.endswith("gone.jsonl")


@pytest.mark.parametrize("name", ["export.jsonl", "export.jsonl.gz"])
def test_a_record_over_the_limit_is_its_own_failure_and_never_read_whole(
    tmp_path: Path, name: str
) -> None:
    """A 20 MB record was read, and stored, whole; a fetched page stops at the limit."""
    huge = b'{"url": "https://x.org/huge", "text": "' + b"word " * 4_000_000 + b'"}'
    lines = [json.dumps({"url": f"https://x.org/{n}", "text": "Body"}).encode() for n in (1, 3)]
    content = b"\n".join([lines[0], huge, lines[1]])
    path = tmp_path / name
    path.write_bytes(gzip.compress(content, compresslevel=1) if name.endswith(".gz") else content)
    del huge, content
    tracemalloc.start()
    try:
        first, oversized, third = read_paths([path], max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000
    assert isinstance(first, Document) and isinstance(third, Document)
    assert isinstance(oversized, Failure) and oversized.where.endswith(":2")
    assert oversized.why == "record larger than 1,000,000 bytes (max_body_bytes), skipped"


@pytest.mark.parametrize("name", ["page.html", "feed.xml", "feed.xml.gz"])
def test_a_page_or_feed_file_over_the_limit_is_a_failure_as_a_fetched_one(
    tmp_path: Path, name: str
) -> None:
    padding = "<!-- padding -->" * 10_000
    content = f"<rss><channel><item><link>https://x.org/a</link></item>{padding}</channel></rss>"
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode()) if name.endswith(".gz") else content.encode())
    (tmp_path / "z.jsonl").write_text(json.dumps({"url": "https://x.org/z", "text": "Body"}))
    failure, document = read_paths([tmp_path], max_bytes=100_000)
    assert isinstance(failure, Failure) and failure.where == str(path)
    assert "larger than 100,000 bytes" in failure.why
    assert isinstance(document, Document) and document.url == "https://x.org/z"


def test_a_record_holding_a_unicode_line_separator_is_one_record(tmp_path: Path) -> None:
    """Split as text, a record whose string held U+2028 became two lines of broken JSON."""
    record = {"url": "https://x.org/a", "title": "One\u2028two", "text": "Para\u2029graph\x85"}
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [document] = read_paths([path])
    assert isinstance(document, Document) and document.url == "https://x.org/a"


def test_nuls_are_dropped_from_records_and_json_that_is_no_object_is_a_failure(
    tmp_path: Path,
) -> None:
    """PostgreSQL refuses NUL in text: a record holding one was lost whole there."""
    record = {
        "url": "https://x.org/a",
        "title": "Nul\u0000led",
        "text": "Bo\u0000dy",
        "author": "\u0000Ann",
        "source": "Wire\u0000",
        "keywords": ["k\u0000ey"],
    }
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join([json.dumps(record), "[1, 2]", "42", '"text"', "null"]))
    document, *failures = read_paths([path])
    assert isinstance(document, Document)
    assert (document.title, document.text, document.author) == ("Nulled", "Body", "Ann")
    assert (document.source.name, document.keywords) == ("Wire", ["key"])
    assert [(f.where.rsplit(":", 1)[1], f.why) for f in failures] == [
        (str(line), "a JSON Lines record must be an object") for line in range(2, 6)
    ]
