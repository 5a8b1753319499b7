"""Offline material through the same pipeline: feed files, HTML, JSON Lines, WARC.

Researchers hand Tidings folders of saved pages and exports. Each file is
recognised by its content (not only its name), ``.gz`` is read transparently,
and every unreadable file or line becomes a Failure with its path and line
number while the rest of the run goes on.

Every document is marked ``Archived``, with the archive's own date for it where
the archive has one (a feed file's date; WARC records in ``warc.py``), so that
the day of the import never passes for the age of an undated article. A file's
modification time is not used: copying or checking out a folder resets it.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from hashlib import sha1
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from tidings.errors import Failure, FeedError, Notice, unexpected_failure
from tidings.ingest.dates import parse_datetime
from tidings.ingest.encoding import decode_html
from tidings.ingest.entries import clean
from tidings.ingest.feeds import parse_feed
from tidings.ingest.jsontext import load_json
from tidings.ingest.urls import is_http_url
from tidings.ingest.warc import is_warc, read_warc
from tidings.models import ARCHIVE_IDENTITIES, URN_PREFIX, Archived, Document, SourceRef

_FEED_ROOT = re.compile(rb"<(?:feed|rss|rdf:rdf)[\s>]")  # in a lowered head
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ".json"}
MAX_FILE_BYTES = 200_000_000
GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream

ArchiveItem = Document | Failure  # a Notice is a Failure that did not stop its file


def read_paths(paths: list[Path]) -> Iterator[ArchiveItem]:
    """Every Document (or Failure) found in files and folders, in path order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith("."):
                    continue
                if child.is_file():
                    yield from _contained(child)
                elif child.is_symlink() and not child.exists():
                    yield Failure(str(child), "a link to a file that is not there")
        elif path.is_file():
            yield from _contained(path)
        else:
            yield Failure(str(path), "no such file or folder")


def _contained(path: Path) -> Iterator[ArchiveItem]:
    """The file's items; a bug met reading it ends this file, not the run."""
    try:
        yield from read_file(path)
    except Exception as exc:
        yield unexpected_failure(str(path), exc)


def read_file(path: Path) -> Iterator[ArchiveItem]:
    """Documents from one file, recognised by suffix and then by content."""
    if is_warc(path):
        yield from read_warc(path)
        return
    try:
        content, cut_short = _read_bytes(path)
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield Failure(str(path), f"cannot read file ({exc})")
        return
    if cut_short:
        yield Notice(str(path), "compressed file is cut short (truncated): read up to the cut")
    suffix = _inner_suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(path, content)
    elif suffix in HTML_SUFFIXES or _looks_like_html(content):
        yield _html_document(path, content)
    elif suffix in FEED_SUFFIXES or _starts_like_markup_or_json(content):
        yield from _feed_documents(path, content)
    else:
        yield Failure(str(path), "not a feed, an HTML page or JSON Lines; skipped")


def _read_bytes(path: Path) -> tuple[bytes, bool]:
    """The file's content, decompressed, and whether it was cut short (see ``_gunzip``)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise OSError(f"larger than {MAX_FILE_BYTES:,} bytes")
    if path.suffix == ".gz":
        return _gunzip(path.read_bytes())
    return path.read_bytes(), False


def _gunzip(data: bytes) -> tuple[bytes, bool]:
    """Every gzip member of ``data`` decompressed, and whether the last one ends early.

    An archive cut short (a download or copy that stopped) still holds every record
    before the cut: ``gzip.open`` drops them all with its EOFError, so a truncated
    JSON Lines export lost its whole content. A damaged stream is a ``zlib.error``.
    """
    parts: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits=GZIP_WBITS)
        part = inflater.decompress(data, MAX_FILE_BYTES + 1 - size)
        size += len(part)
        if size > MAX_FILE_BYTES:
            raise OSError(f"decompresses to more than {MAX_FILE_BYTES:,} bytes")
        parts.append(part)
        if not inflater.eof:
            return b"".join(parts), True
        data = inflater.unused_data.lstrip(b"\0")  # zeros that pad a tape block
    return b"".join(parts), False


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


def _jsonl_documents(path: Path, content: bytes) -> Iterator[ArchiveItem]:
    text = content.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = load_json(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not JSON ({exc.msg})")
            continue
        except RecursionError:
            yield Failure(where, "JSON nested too deeply to read")
            continue
        item = _record_document(record, where)
        yield item
        if isinstance(item, Document) and item.published is None and record.get("published"):
            stated = str(record["published"])[:60]
            yield Notice(where, f"'published' {stated!r} is no plausible date: stored undated")


def _record_document(record: Any, where: str) -> ArchiveItem:
    if not isinstance(record, dict):
        return Failure(where, "a JSON Lines record must be an object")
    title, body, page = (_text(record.get(key)) for key in ("title", "text", "html"))
    if not (body or page):
        return Failure(where, "record has neither 'text' nor 'html'")
    url = _text(record.get("url"))
    # a `tidings export` line keeps the identity of an article without a web address
    if url and not (is_http_url(url) or url.startswith(ARCHIVE_IDENTITIES)):
        return Failure(where, f"'url' is not an http(s) URL: {url[:100]}")
    source = _text(record.get("source"))
    keywords = record.get("keywords") or record.get("tags") or []
    return Document(
        url=url or _record_urn(record, source, title, body),
        html=page,
        title=clean(title),  # the identity above keeps the title as written
        text=body,
        published=parse_datetime(record.get("published")),
        author=clean(record.get("author")),
        section=_publisher_section(record),
        keywords=[str(k) for k in keywords] if isinstance(keywords, list) else [],
        image=_text(record.get("image")),
        language=_text(record.get("language")),
        source=SourceRef(name=source, url=_text(record.get("source_url"))),
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
        return _text(record.get("publisher_section"))
    return _text(record.get("section"))


def _record_urn(record: dict[str, Any], source: str | None, title: str | None, body: str) -> str:
    """A stable identity for a record that carries no URL (an archive id or its text)."""
    key = str(record.get("id") or "") or f"{title}\n{body[:2000]}"
    return URN_PREFIX + sha1(f"{source}\n{key}".encode()).hexdigest()


def _text(value: Any) -> str | None:
    """A field's text: a list of strings (paragraphs, as some exports write a body) is
    joined; an object or a list of anything else holds no text to show."""
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        value = "\n\n".join(part.strip() for part in value if part.strip())
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None
