"""A `tidings export` line's copies and summary, read back by `tidings ingest`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.errors import Notice
from tidings.ingest.archives import read_paths
from tidings.ingest.copies import read_copies
from tidings.models import CopyRef, Document, SourceRef


def test_an_exported_lines_copies_and_summary_are_read_with_the_article(tmp_path: Path) -> None:
    record = {
        "url": "https://news.example/a",
        "text": "Body",
        # plain text, as the body: a feed's escaped markup is shown as written
        "summary": 'An album. <a href="https://band.example/">Alien Pop</a> Today…',
        "copies": [
            {
                "url": "https://wire.example/a",
                "source": "Wire",
                "source_url": "https://wire.example/",
            },
            {"url": "urn:tidings:0123abcd", "source": "Archive"},
            {"url": " file:///saved/a.html "},
        ],
    }
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record) + "\n")
    [document] = read_paths([path])
    assert isinstance(document, Document)
    assert document.summary == record["summary"]
    assert document.copies == [
        CopyRef("https://wire.example/a", SourceRef("Wire", "https://wire.example/")),
        CopyRef("urn:tidings:0123abcd", SourceRef("Archive")),
        CopyRef("file:///saved/a.html"),
    ]


@pytest.mark.parametrize(
    ("value", "kept", "said"),
    [
        ("https://wire.example/a", [], "'copies' is not a list but str: ignored"),
        ({"url": "https://wire.example/a"}, [], "'copies' is not a list but dict: ignored"),
        (
            [
                {"source": "Wire"},
                {"url": 42},
                {"url": ["https://wire.example/a"]},
                {"url": "javascript:alert(1)"},
                {"url": "data:text/html,<script>alert(1)</script>"},
                {"url": "  "},
                "https://wire.example/a",
                None,
                {"url": "https://wire.example/kept", "source": {"name": "odd"}},
            ],
            [CopyRef("https://wire.example/kept")],  # its source is no name: none
            "'copies': 8 of 9 without a web address or a Tidings identity skipped",
        ),
    ],
)
def test_unusable_copies_are_skipped_and_said_and_the_article_is_read(
    tmp_path: Path, value: object, kept: list[CopyRef], said: str
) -> None:
    path = tmp_path / "hostile.jsonl"
    record = {"url": "https://news.example/a", "text": "Body", "copies": value}
    path.write_text(json.dumps(record) + "\n")
    document, notice = read_paths([path])
    assert isinstance(document, Document) and document.url == "https://news.example/a"
    assert document.copies == kept
    assert isinstance(notice, Notice) and notice.where.endswith(":1") and notice.why == said


def test_no_copies_and_an_empty_list_say_nothing() -> None:
    assert read_copies(None) == ([], None)
    assert read_copies([]) == ([], None)
