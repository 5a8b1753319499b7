import gzip
import json
from pathlib import Path

from tidings.errors import Failure
from tidings.ingest.archives import read_paths
from tidings.models import Document


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
    assert all(isinstance(item, Failure) for item in items)
