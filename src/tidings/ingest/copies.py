"""The ``copies`` of a ``tidings export`` line, read back.

An exporting instance writes with each article the republications it folded into it:
other addresses of the same text, each with its publisher. Read back, they give the
moved instance the same other addresses and sources on its pages, and make a later
fetch of one of those addresses a known copy rather than a new article.

The list comes from a file that anyone may have edited: an entry that names no
address an article could have (none, not a string, ``javascript:``) is skipped and
said, a value that is not a list is ignored and said, and the article itself is read
whatever its copies hold.
"""

from __future__ import annotations

from typing import Any

from tidings.ingest.jsontext import field_text
from tidings.ingest.urls import is_identity
from tidings.models import CopyRef, SourceRef


def read_copies(value: Any) -> tuple[list[CopyRef], str | None]:
    """The copies ``value`` lists, and what was wrong with it (None: nothing)."""
    if value is None:
        return [], None
    if not isinstance(value, list):
        return [], f"'copies' is not a list but {type(value).__name__}: ignored"
    copies = [copy for entry in value if (copy := _copy(entry)) is not None]
    skipped = len(value) - len(copies)
    if skipped:
        why = "without a web address or a Tidings identity"
        return copies, f"'copies': {skipped} of {len(value)} {why} skipped"
    return copies, None


def _copy(entry: Any) -> CopyRef | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        return None
    url = entry["url"].strip()
    if not is_identity(url):
        return None
    name, source_url = (field_text(entry.get(key)) for key in ("source", "source_url"))
    return CopyRef(url, SourceRef(name=name, url=source_url))
