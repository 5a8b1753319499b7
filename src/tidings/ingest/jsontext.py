"""JSON as feeds and archives write it, made safe to store.

A field's text (``field_text``) is what a reader can be shown of it: exports write
bodies as lists of paragraphs, and a hand-made record may put an object where text
belongs.

JSON may spell a lone UTF-16 surrogate (``"\\ud800"``). ``json.loads`` keeps it in
the string, where it cannot be encoded as UTF-8: hashing or storing the article
then fails far from where the character came in. It is replaced (U+FFFD) here,
as the JSON is read. So is a NUL (``"\\u0000"``), dropped: PostgreSQL refuses it
in text, and lost the whole record over it.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Paired surrogates decode to one character; a NUL can only come in escaped.
UNSAFE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")
SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str) -> Any:
    """``json.loads`` with lone surrogates replaced and NULs dropped; raises as it does."""
    data = json.loads(text)
    return _scrubbed(data) if UNSAFE_ESCAPE.search(text) else data


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value).replace("\0", "")
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    if isinstance(value, dict):
        return {_scrubbed(key): _scrubbed(item) for key, item in value.items()}
    return value


def field_text(value: Any) -> str | None:
    """A field's text: a list of strings (paragraphs, as some exports write a body) is
    joined; an object or a list of anything else holds no text to show."""
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        value = "\n\n".join(part.strip() for part in value if part.strip())
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None
