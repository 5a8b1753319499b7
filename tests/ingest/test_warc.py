import tracemalloc
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.errors import Failure
from tidings.ingest.archives import read_paths
from tidings.models import Document

PARAGRAPHS = [
    "Ça suffit, a déclaré le ministre après trois jours de négociations sans résultat.",
    "Les délégations se sont séparées mardi soir sans accord sur le tracé de la frontière,"
    " chacune accusant l'autre d'avoir durci ses positions au dernier moment.",
    "Les observateurs craignent une reprise des incidents le long de la ligne de contact,"
    " où plusieurs villages ont déjà été évacués au printemps.",
    "Une nouvelle session est prévue le mois prochain à Genève, sous l'égide des Nations unies.",
]
BODY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
ARTICLE = f"<article><h1>Talks stall</h1>{BODY}</article>"
PAGE = f"<html><head><title>Talks stall</title></head><body>{ARTICLE}</body></html>"


def write_warc(path: Path, *, gzip: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)

        def response(url: str, status: str, content_type: str, body: bytes) -> None:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)

        request = writer.create_warc_record(
            "https://news.example/a", "request", payload=BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        response("https://news.example/a", "200 OK", "text/html; charset=utf-8", PAGE.encode())
        response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG")
        response("https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        response("https://news.example/b", "200 OK", "text/html", PAGE.encode("cp1252"))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_documents_with_their_target_uri(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, gzip=name.endswith(".gz"))
    items = list(read_paths([path]))
    assert all(isinstance(item, Document) for item in items)
    assert [item.url for item in items] == ["https://news.example/a", "https://news.example/b"]
    assert all("Ça suffit" in (item.html or "") for item in items)


@pytest.mark.parametrize(
    "content",
    [
        b"hello world\nthis is no WARC\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort",
    ],
)
def test_a_damaged_archive_is_a_failure(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(content)
    [failure] = list(read_paths([path]))
    assert isinstance(failure, Failure) and "cannot read WARC" in failure.why


def test_an_archive_without_pages_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    [failure] = list(read_paths([path]))
    assert isinstance(failure, Failure) and "no archived HTML page" in failure.why


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_page_cut_off_by_a_truncated_archive_is_a_failure_not_a_document(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    write_warc(path, gzip=name.endswith(".gz"))
    path.write_bytes(path.read_bytes()[:-40])  # inside the last page's body (or its gzip)
    items = list(read_paths([path]))
    assert [item.url for item in items if isinstance(item, Document)] == ["https://news.example/a"]
    [failure] = [item for item in items if isinstance(item, Failure)]
    assert failure.where.endswith(":https://news.example/b") and "cut short" in failure.why


@pytest.mark.parametrize("size", [60, 400])
def test_an_archive_cut_inside_a_header_says_so(tmp_path: Path, size: int) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip=False)
    path.write_bytes(path.read_bytes()[:size])
    failures = [item for item in read_paths([path]) if isinstance(item, Failure)]
    assert any("header is" in failure.why and "cut short" in failure.why for failure in failures)


def write_dated_warc(path: Path, pages: list[tuple[str, str, str | None]]) -> None:
    """One HTML response per (url, WARC-Date, Last-Modified or None), each page's words
    its own (no two fold together as near-duplicates)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for n, (url, captured, modified) in enumerate(pages):
            fields = [("Content-Type", "text/html; charset=utf-8")]
            fields += [("Last-Modified", modified)] if modified else []
            headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
            head = f"<head><title>Page {n}</title></head>"
            body = f"<html>{head}<body><article>{undated_body(n)}</article></body></html>"
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body.encode()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": captured},
            )
            writer.write_record(record)


def undated_body(n: int) -> str:
    """Paragraphs of words of page ``n`` alone (no two pages fold together as
    near-duplicates), naming no date anywhere (htmldate finds none)."""
    words = ["harbour", "council", "ferry", "bridge", "orchard", "library", "choir", "market"]
    return "".join(
        "<p>" + " ".join(f"{word}{n}x{i}{j}" for j, word in enumerate(words * 3)) + ".</p>"
        for i in range(4)
    )


def test_a_record_is_archived_at_its_last_modified_else_its_capture(tmp_path: Path) -> None:
    """An archived page's own date, when it has none, is not the import: the record
    says the page existed by its capture (WARC-Date), or earlier by Last-Modified."""
    path = tmp_path / "dated.warc.gz"
    write_dated_warc(
        path,
        [
            ("https://news.example/a", "2019-03-04T12:00:00Z", None),
            ("https://news.example/b", "2019-03-04T12:00:00Z", "Fri, 01 Mar 2019 08:00:00 GMT"),
            ("https://news.example/c", "2019-03-04T12:00:00Z", "Sun, 01 Mar 2020 08:00:00 GMT"),
            ("https://news.example/d", "2019-03-04T12:00:00Z", "not a date"),
        ],
    )
    items = list(read_paths([path]))
    assert [item.archived.at for item in items] == [
        datetime(2019, 3, 4, 12, tzinfo=UTC),
        datetime(2019, 3, 1, 8, tzinfo=UTC),
        datetime(2019, 3, 4, 12, tzinfo=UTC),  # modified after the capture: a wrong clock
        datetime(2019, 3, 4, 12, tzinfo=UTC),
    ]
    assert all(item.published is None for item in items)  # the page's own date stays unknown


def test_a_page_over_the_limit_is_a_failure_as_a_fetched_one(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    limit = len(PAGE.encode("cp1252")) - 1  # the smaller of the two pages
    failures = list(read_paths([path], max_bytes=limit))
    assert [(type(f), f.where.split(":", 1)[1]) for f in failures] == [
        (Failure, "https://news.example/a"),
        (Failure, "https://news.example/b"),
    ]
    assert f"page larger than {limit:,} bytes (max_body_bytes)" in failures[0].why


def test_a_header_line_of_megabytes_is_read_in_bounded_pieces(tmp_path: Path) -> None:
    """warcio grows a header line 16 KB at a time: one of 200 MB took hours, held whole."""
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip=False)
    junk = b"WARC/1.0\r\nWARC-Type: metadata\r\nX-Junk: " + b"a" * 20_000_000
    path.write_bytes(junk + b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n" + path.read_bytes())
    tracemalloc.start()
    try:
        items = list(read_paths([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000
    assert [item.url for item in items] == ["https://news.example/a", "https://news.example/b"]
