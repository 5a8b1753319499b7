"""Web archives (WARC, ``.warc`` and ``.warc.gz``): each archived HTML page is a Document.

Crawls saved by Heritrix, wget ``--warc-file`` or Browsertrix hold requests,
metadata and responses; only successful ``response`` records of HTML pages are
articles, and they keep the URL they were fetched from, and the date the
record gives for the page (``archive_date``). The archive is streamed record by
record, so its size does not matter; a page larger than ``max_body_bytes`` (the
limit of a fetched one) or a damaged archive becomes a Failure.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from tidings.errors import Failure
from tidings.ingest.dates import parse_datetime
from tidings.ingest.encoding import decode_html
from tidings.ingest.urls import is_http_url
from tidings.models import Archived, Document

# warcio reads a header line to its end, and a hostile one of 200 MB costs it hours
# (it grows the line 16 KB at a time); real header lines are under a few KB.
MAX_HEADER_LINE = 1 << 16
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def read_warc(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    """Documents of the archived HTML pages of ``path``, in archive order."""
    found = 0
    try:
        with path.open("rb") as stream:
            for record in _records(stream):
                item = _record_document(record, path, max_bytes)
                if item is not None:
                    found += 1
                    yield item
    except WarcError as exc:
        yield Failure(str(path), f"cannot read WARC ({exc})")
        return
    if not found:
        yield Failure(str(path), "no archived HTML page (response record of text/html) found")


class WarcError(Exception):
    """The archive is damaged or not a WARC at all."""


def _records(stream: BinaryIO) -> Iterator[ArcWarcRecord]:
    """warcio's records; its many ways of failing on damaged input become WarcError
    (it raises AttributeError, for one, on a record cut short)."""
    records = iter(_BoundedArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError as exc:  # warcio reading a header line that is not there
            raise WarcError("a record header is damaged or cut short") from exc
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            raise WarcError(_first_line(exc)) from exc
        yield record


class _BoundedLines(DecompressingBufferedReader):
    """warcio's reader, whose header lines stop at ``MAX_HEADER_LINE`` bytes: the rest
    of a longer one is read as further lines, which warcio drops as headers without
    a name or fails on, as on any damaged record."""

    def readline(self, length: int | None = None) -> bytes:
        unbounded = length is None or length < 0
        return super().readline(MAX_HEADER_LINE if unbounded else min(length, MAX_HEADER_LINE))


class _BoundedArchiveIterator(ArchiveIterator):
    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self.reader = _BoundedLines(self.fh, block_size=BUFF_SIZE)  # nothing read yet


def _record_document(
    record: ArcWarcRecord, path: Path, max_bytes: int
) -> Document | Failure | None:
    if record.rec_type is None:  # warcio's empty record: the file ends inside a header
        return Failure(str(path), "a record header is cut short (the archive is truncated)")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    content_type = http.get_header("Content-Type") or ""
    if http.get_statuscode() != "200" or not content_type.lower().startswith(HTML_TYPES):
        return None
    if not is_http_url(url):
        return Failure(f"{path}:{url}", "record without an http(s) target URI")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        why = f"page larger than {max_bytes:,} bytes (max_body_bytes), skipped"
        return Failure(f"{path}:{url}", why)
    if _cut_short(record):
        return Failure(f"{path}:{url}", "record cut short (the archive is truncated), skipped")
    archived = Archived(at=archive_date(record))
    return Document(url=url.strip(), html=decode_html(body, content_type), archived=archived)


def archive_date(record: ArcWarcRecord) -> datetime | None:
    """The earliest time the record shows its page existed: the server's Last-Modified
    when it is plausible and not after the capture, else the capture (WARC-Date).

    Both are upper bounds of the publication, never the publication itself: the
    article keeps no publication date, and lists place it by this one."""
    captured = parse_datetime(record.rec_headers.get_header("WARC-Date"))
    modified = parse_datetime(record.http_headers.get_header("Last-Modified"))
    if modified is not None and (captured is None or modified <= captured):
        return modified
    return captured


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether the archive ended before the record's Content-Length did.

    warcio hands out what there is without a word: stored, a cut-off page would
    replace the complete one of an earlier ingest. Its reader of the record's block
    counts down the bytes still owed (``limit``); a record without a Content-Length
    has no such reader, and nothing says it is whole.
    """
    return getattr(record.raw_stream, "limit", 1) > 0


def _first_line(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]
