"""JSON as feeds and archives write it, made safe to store.

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
