"""Tag slugs: the camelCase form a tag has in URLs and in the hashtag itself.

Proper names keep their capitals ("Zangezur corridor" -> "ZangezurCorridor") so a
reader still sees a name; common-noun concepts start lower-case ("diplomatic conflict"
-> "diplomaticConflict"), the way editors write such hashtags.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _ascii_fold(text: str) -> str:
    """Drop accents so "Türkiye" and "Turkiye" give one slug; keep non-Latin letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tag_slug(text: str) -> str:
    """camelCase slug of a tag's display text; "" when the text has no letters or digits."""
    words = _WORD.findall(_ascii_fold(text.replace("'s ", " ").replace("’s ", " ")))
    if not words:
        return ""
    proper = words[0][0].isupper()
    head = words[0] if proper or words[0].isupper() else words[0].lower()
    tail = [w if w.isupper() and len(w) > 1 else w[0].upper() + w[1:] for w in words[1:]]
    return head + "".join(tail)
