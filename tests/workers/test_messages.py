from datetime import UTC, datetime

from tidings.models import Document, SourceRef
from tidings.workers.messages import document_from_message, document_to_message


def test_a_document_survives_the_queue_as_json() -> None:
    document = Document(
        url="https://news.example/a",
        html="<p>Body</p>",
        title="Headline",
        published=datetime(2025, 7, 1, 8, 30, tzinfo=UTC),
        keywords=["Armenia", "Azerbaijan"],
        source=SourceRef("Example News", "https://news.example/rss"),
    )
    message = document_to_message(document)
    assert document_from_message(message) == document
    assert document_from_message({**message, "added_in_a_later_version": 1}) == document


def test_a_minimal_message_gives_a_document_with_defaults() -> None:
    document = document_from_message({"url": "https://news.example/b"})
    assert document == Document(url="https://news.example/b")
