"""JSON as feeds and archives write it, made safe to store.

JSON may spell a lone UTF-16 surrogate (``"\\ud800"``). ``json.loads`` keeps it in
the string, where it cannot be encoded as UTF-8: hashing or storing the article
then fails far from where the character came in. It is replaced (U+FFFD) here,
as the JSON is read.
"""

from __future__ import annotations

import json
import re
from typing import Any

SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # paired ones decode to one character
SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str) -> Any:
    """``json.loads`` with lone surrogates replaced; raises as it does."""
    data = json.loads(text)
    return _scrubbed(data) if SURROGATE_ESCAPE.search(text) else data


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    if isinstance(value, dict):
        return {_scrubbed(key): _scrubbed(item) for key, item in value.items()}
    return value
