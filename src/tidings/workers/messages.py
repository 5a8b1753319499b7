"""Documents as task arguments: plain JSON, so any worker version can read them."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from tidings.models import Archived, Document, SourceRef


def document_to_message(document: Document) -> dict[str, Any]:
    message = dataclasses.asdict(document)
    message["published"] = _iso(document.published)
    archived = document.archived
    message["archived"] = None if archived is None else {"at": _iso(archived.at)}
    return message


def document_from_message(message: dict[str, Any]) -> Document:
    """The document back; keys this version does not know are ignored."""
    values = _known(Document, message)
    values["published"] = _datetime(values.get("published"))
    values["source"] = SourceRef(**_known(SourceRef, values.get("source") or {}))
    values["keywords"] = list(values.get("keywords") or [])
    archived = values.get("archived")
    values["archived"] = None if archived is None else Archived(_datetime(archived.get("at")))
    return Document(**values)


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``kind`` in ``values``: a newer sender may add others."""
    known = {field.name for field in dataclasses.fields(kind)}
    return {key: value for key, value in values.items() if key in known}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
