"""Promotional lines that extractors keep inside the article body.

Newsrooms splice teasers into the story ("Read more: ...", "Related: ...",
"Sign up for ...", "CLICK HERE TO GET THE APP"). They sit in the article's own
container, so layout-based extractors keep them. They are recognised by their
opening words, in the languages Tidings' sources use most, and only when
short: a long paragraph that happens to begin with "Related" is prose.
"""

from __future__ import annotations

import re

from tidings.extract.text import Block

_PROMOTION = re.compile(
    r"^\W*("
    r"read more|read also|also read|more:|related\b|see also|don'?t miss|recommended"
    r"|sign up|subscribe|click here|listen:|download:|watch:|follow us|get access"
    r"|lesen sie auch|mehr zum thema|auch interessant|lire aussi|à lire aussi"
    r"|leia também|leia mais|lea también|leer más|leggi anche|baca juga|читайте также"
    r")",
    re.IGNORECASE,
)
_MAX_PROMOTION_WORDS = 40


def is_promotion(text: str) -> bool:
    """True for a short line that advertises other content rather than telling the story."""
    return bool(_PROMOTION.match(text)) and len(text.split()) <= _MAX_PROMOTION_WORDS


def drop_promotions(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if not is_promotion(block.text)]
