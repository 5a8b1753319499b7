"""Values fitted to the columns that keep them.

PostgreSQL refuses a value longer than its column, where SQLite keeps it: an
archive record or a page naming an author of 2,000 characters lost its whole
article there, as an unexpected error. A name or a label is cut to fit; a web
address that does not fit is dropped, since half of one leads nowhere. An
article's own address cannot be dropped: ``storable_url`` lets the pipeline
refuse the article, with the reason, before anything is written.
"""

from __future__ import annotations

from typing import Any

from tidings.store.schema import ArticleRow

URL_CHARS: int = ArticleRow.url.type.length  # type: ignore[attr-defined]


def fitted(value: str | None, column: Any) -> str | None:
    """``value`` cut to the width of ``column`` (a ``String(n)`` mapped attribute)."""
    width = column.type.length
    return value[:width] if value and len(value) > width else value


def address(value: str | None, column: Any) -> str | None:
    """A web address, or None when it is longer than ``column`` holds."""
    return value if value is None or len(value) <= column.type.length else None


def storable_url(url: str) -> bool:
    """Whether an article can be stored under ``url`` (at most ``URL_CHARS``)."""
    return len(url) <= URL_CHARS
