import json
from datetime import UTC, datetime

import pytest

from tidings.models import Archived, Document, SourceRef
from tidings.workers.messages import document_from_message, document_to_message


@pytest.mark.parametrize(
    "archived", [None, Archived(), Archived(datetime(2019, 3, 4, 12, tzinfo=UTC))]
)
def test_a_document_survives_the_queue_as_json(archived: Archived | None) -> None:
    document = Document(
        url="https://news.example/a",
        html="<p>Body</p>",
        title="Headline",
        published=datetime(2025, 7, 1, 8, 30, tzinfo=UTC),
        keywords=["Armenia", "Azerbaijan"],
        source=SourceRef("Example News", "https://news.example/rss", "https://news.example/"),
        archived=archived,
    )
    message = json.loads(json.dumps(document_to_message(document)))
    assert document_from_message(message) == document
    assert document_from_message({**message, "added_in_a_later_version": 1}) == document
    later_source = {**message["source"], "added_in_a_later_version": 1}
    assert document_from_message({**message, "source": later_source}) == document


def test_a_minimal_message_gives_a_document_with_defaults() -> None:
    document = document_from_message({"url": "https://news.example/b"})
    assert document == Document(url="https://news.example/b")
