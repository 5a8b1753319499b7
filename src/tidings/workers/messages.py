"""Documents as task arguments: plain JSON, so any worker version can read them."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from tidings.models import Document, SourceRef


def document_to_message(document: Document) -> dict[str, Any]:
    message = dataclasses.asdict(document)
    message["published"] = document.published.isoformat() if document.published else None
    return message


def document_from_message(message: dict[str, Any]) -> Document:
    """The document back; keys this version does not know are ignored."""
    known = {field.name for field in dataclasses.fields(Document)}
    values = {key: value for key, value in message.items() if key in known}
    published = values.get("published")
    values["published"] = datetime.fromisoformat(published) if published else None
    values["source"] = SourceRef(**(values.get("source") or {}))
    values["keywords"] = list(values.get("keywords") or [])
    return Document(**values)
