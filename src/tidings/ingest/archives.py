"""Offline material through the same pipeline: feed files, HTML, JSON Lines, WARC.

Researchers hand Tidings folders of saved pages and exports. Each file is
recognised by its content (not only its name), ``.gz`` is read transparently,
and every unreadable file or line becomes a Failure with its path and line
number while the rest of the run goes on. Files are streamed (``bounded.py``):
a record larger than ``max_body_bytes``, the limit of a fetched body, is a
Failure of its own and never held in memory, however large the file.

Every document is marked ``Archived``, with the archive's own date for it where
the archive has one (a feed file's date; WARC records in ``warc.py``), so that
the day of the import never passes for the age of an undated article. A file's
modification time is not used: copying or checking out a folder resets it.

A ``tidings export`` line is read back as the exporting instance left the article:
its identity without a web address, its publisher's section, its list time, its
summary and the copies folded into it (``copies.py``), so that an export moves an
instance.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from hashlib import sha1
from pathlib import Path
from typing import Any, BinaryIO

from lxml import html as lxml_html

from tidings.config import Settings
from tidings.errors import Failure, FeedError, Notice, unexpected_failure
from tidings.ingest.bounded import capped_lines, cut_short, open_archive, read_whole
from tidings.ingest.copies import read_copies
from tidings.ingest.dates import parse_datetime
from tidings.ingest.encoding import decode_html
from tidings.ingest.entries import clean
from tidings.ingest.feeds import parse_feed
from tidings.ingest.jsontext import field_text, load_json
from tidings.ingest.urls import is_http_url, is_identity
from tidings.ingest.warc import is_warc, read_warc
from tidings.models import URN_PREFIX, Archived, CopyRef, Document, SourceRef

_FEED_ROOT = re.compile(rb"<(?:feed|rss|rdf:rdf)[\s>]")  # in a lowered head
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ".json"}

ArchiveItem = Document | Failure  # a Notice is a Failure that did not stop its file


def read_paths(
    paths: list[Path], max_bytes: int = Settings.max_body_bytes
) -> Iterator[ArchiveItem]:
    """Every Document (or Failure) found in files and folders, in path order; no
    record (a line, a page, a feed file, a WARC record) over ``max_bytes`` is read."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith("."):
                    continue
                if child.is_file():
                    yield from map(_beside_archives, _contained(child, max_bytes))
                elif child.is_symlink() and not child.exists():
                    yield Failure(str(child), "a link to a file that is not there")
        elif path.is_file():
            yield from _contained(path, max_bytes)
        else:
            yield Failure(str(path), "no such file or folder")


@dataclass(frozen=True, slots=True)
class Unrecognised(Failure):
    """A file that holds no feed, page or JSON Lines."""


def _beside_archives(item: ArchiveItem) -> ArchiveItem:
    """A folder's README or licence is no failed archive: named on the command line,
    such a file is an error; met in a folder, a note that it was passed over."""
    return Notice(item.where, item.why) if isinstance(item, Unrecognised) else item


def _contained(path: Path, max_bytes: int) -> Iterator[ArchiveItem]:
    """The file's items; a bug met reading it ends this file, not the run."""
    try:
        yield from read_file(path, max_bytes)
    except Exception as exc:
        yield unexpected_failure(str(path), exc)


def read_file(path: Path, max_bytes: int) -> Iterator[ArchiveItem]:
    """Documents from one file, recognised by suffix and then by content; what it
    held before damage or a cut is kept."""
    if is_warc(path):
        yield from read_warc(path, max_bytes)
        return
    try:
        with open_archive(path) as stream:
            if _inner_suffix(path) in JSONL_SUFFIXES:
                yield from _jsonl_documents(path, stream, max_bytes)
            else:
                yield from _file_documents(path, stream, max_bytes)
            if cut_short(stream):
                yield Notice(
                    str(path), "compressed file is cut short (truncated): read up to the cut"
                )
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield Failure(str(path), f"cannot read file ({exc})")


def _file_documents(path: Path, stream: BinaryIO, max_bytes: int) -> Iterator[ArchiveItem]:
    """A page or a feed, read whole: at most ``max_bytes``, as a fetched one."""
    content = read_whole(stream, max_bytes)
    if content is None:
        yield Failure(str(path), f"larger than {max_bytes:,} bytes (max_body_bytes), skipped")
    elif _inner_suffix(path) in HTML_SUFFIXES or _looks_like_html(content):
        yield _html_document(path, content)
    elif _inner_suffix(path) in FEED_SUFFIXES or _starts_like_markup_or_json(content):
        yield from _feed_documents(path, content)
    else:
        yield Unrecognised(str(path), "not a feed, an HTML page or JSON Lines; skipped")


def _inner_suffix(path: Path) -> str:
    name = path.name[:-3] if path.suffix == ".gz" else path.name
    return Path(name).suffix.lower()


def _starts_like_markup_or_json(content: bytes) -> bool:
    """Feeds saved without a suffix; a UTF-8 byte-order mark may come first."""
    return content.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"<", b"{")


def _looks_like_html(content: bytes) -> bool:
    """An HTML page, not a feed that a generator prefixed with ``<!DOCTYPE html>``."""
    head = content[:2048].lower()
    if _FEED_ROOT.search(head):
        return False
    return b"<html" in head or b"<!doctype html" in head


def _feed_documents(path: Path, content: bytes) -> Iterator[ArchiveItem]:
    try:
        parsed = parse_feed(content, path.resolve().as_uri())
    except FeedError as exc:
        yield Failure(str(path), str(exc))
        return
    if not parsed.entries:
        yield Failure(str(path), "feed has no entries with a link")
        return
    yield from (Notice(str(path), warning) for warning in parsed.warnings)
    archived = Archived(at=parsed.updated)  # every entry was in the file by then
    yield from (replace(entry, archived=archived) for entry in parsed.entries)


def _html_document(path: Path, content: bytes) -> ArchiveItem:
    text = decode_html(content)
    if not text.strip():
        return Failure(str(path), "empty HTML file")
    url = _declared_url(text) or path.resolve().as_uri()
    return Document(url=url, html=text, archived=Archived())


def _declared_url(page: str) -> str | None:
    """The canonical or og:url a saved page declares about itself."""
    try:
        tree = lxml_html.document_fromstring(page[:500_000])
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            if is_http_url(str(value)):
                return str(value).strip()
    return None


def _jsonl_documents(path: Path, stream: BinaryIO, max_bytes: int) -> Iterator[ArchiveItem]:
    for number, line in enumerate(capped_lines(stream, max_bytes), start=1):
        where = f"{path}:{number}"
        if line is None:
            yield Failure(
                where, f"record larger than {max_bytes:,} bytes (max_body_bytes), skipped"
            )
        elif line.strip():
            yield from _line_items(line.decode("utf-8", errors="replace"), where)


def _line_items(line: str, where: str) -> Iterator[ArchiveItem]:
    try:
        record = load_json(line)
    except json.JSONDecodeError as exc:
        yield Failure(where, f"not JSON ({exc.msg})")
        return
    except RecursionError:
        yield Failure(where, "JSON nested too deeply to read")
        return
    yield from _record_items(record, where)


def _record_items(record: Any, where: str) -> Iterator[ArchiveItem]:
    """A record's Document and what was wrong in it that did not stop it, or its Failure."""
    if not isinstance(record, dict):
        yield Failure(where, "a JSON Lines record must be an object")
        return
    copies, unread = read_copies(record.get("copies"))
    item = _record_document(record, where, copies)
    yield item
    if isinstance(item, Failure):
        return
    if unread:
        yield Notice(where, unread)
    if item.published is None and record.get("published"):
        stated = str(record["published"])[:60]
        yield Notice(where, f"'published' {stated!r} is no plausible date: stored undated")


def _record_document(record: dict[str, Any], where: str, copies: list[CopyRef]) -> ArchiveItem:
    title, body, page = (field_text(record.get(key)) for key in ("title", "text", "html"))
    if not (body or page):
        return Failure(where, "record has neither 'text' nor 'html'")
    url = field_text(record.get("url"))
    # a `tidings export` line keeps the identity of an article without a web address
    if url and not is_identity(url):
        return Failure(where, f"'url' is not an http(s) URL: {url[:100]}")
    source = field_text(record.get("source"))
    keywords = record.get("keywords") or record.get("tags") or []
    return Document(
        url=url or _record_urn(record, source, title, body),
        html=page,
        title=clean(title),  # the identity above keeps the title as written
        text=body,
        summary=field_text(record.get("summary")),  # plain text, as an export writes it
        published=parse_datetime(record.get("published")),
        author=clean(record.get("author")),
        section=_publisher_section(record),
        keywords=[str(k) for k in keywords] if isinstance(keywords, list) else [],
        image=field_text(record.get("image")),
        language=field_text(record.get("language")),
        source=SourceRef(name=source, url=field_text(record.get("source_url"))),
        copies=copies,
        # Where an exporting instance listed it (``tidings export``): an undated record's
        # best date, since the day of this import says nothing about the article.
        archived=Archived(at=parse_datetime(record.get("listed"))),
    )


def _publisher_section(record: dict[str, Any]) -> str | None:
    """The publisher's own section of a record.

    A ``tidings export`` line (it carries ``section_evidence``) holds the section that
    Tidings decided under ``section`` and the publisher's, if any, under
    ``publisher_section``. Read as the publisher's, the decision would come back as
    the publisher's word ("publisher section 'politics'"), which the classifier
    follows: a moved instance would state a guess as fact and never revise it.
    """
    if "section_evidence" in record:
        return field_text(record.get("publisher_section"))
    return field_text(record.get("section"))


def _record_urn(record: dict[str, Any], source: str | None, title: str | None, body: str) -> str:
    """A stable identity for a record that carries no URL (an archive id or its text)."""
    key = str(record.get("id") or "") or f"{title}\n{body[:2000]}"
    return URN_PREFIX + sha1(f"{source}\n{key}".encode()).hexdigest()
