"""Which language an article is written in, as an ISO 639-1 code.

py3langid (BSD-3, its model ships inside the wheel, no network path) reads the
text; the language the page declares is only a prior. Pages often declare the
site default ("en" on every page of a multilingual site), so a declaration wins
only when the text does not clearly contradict it, and it is the whole answer
only when there is no text to read.

Only the first few thousand characters are read: language does not change
halfway through a news article, and the cost of py3langid grows with length.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

READ_CHARS = 800
MIN_LETTERS = 12  # fewer letters than this is a headline fragment or a code: unsure
CONFIDENT = 0.60  # below this probability the detector's top language is a guess
DECLARED_PLAUSIBLE = 0.15  # the declared language wins when the text gives it this much

_MARKUP = re.compile(r"<[^>]{0,500}>|&[#\w]{1,10};|https?://\S+|\S+@\S+")
_SPACES = re.compile(r"\s+")


@cache
def _identifier() -> LanguageIdentifier:
    """Load the model once per process: it takes about half a second."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise_language_code(code: str | None) -> str | None:
    """Reduce a declared tag ("en-US", "EN_gb", "deu", "fr-FR") to ISO 639-1, or None."""
    if not code:
        return None
    primary = re.split(r"[-_\s]", code.strip().lower(), maxsplit=1)[0]
    if len(primary) == 2 and primary.isalpha():
        return primary
    if len(primary) == 3 and primary.isalpha():
        found = pycountry.languages.get(alpha_3=primary)
        return getattr(found, "alpha_2", None) if found else None
    return None


def _readable(text: str) -> str:
    """Strip what is not language (tags, entities, URLs, e-mail) from the start of the text."""
    head = _MARKUP.sub(" ", text[: READ_CHARS * 2])
    return _SPACES.sub(" ", head).strip()[:READ_CHARS]


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; None when the text is too short or unclear.

    ``declared`` (the page's ``lang`` or feed language) breaks ties and answers
    alone for texts too short to read.
    """
    prior = normalise_language_code(declared)
    sample = _readable(text or "")
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return prior
    ranked = _identifier().rank(sample)
    probabilities = dict(ranked)
    if prior is not None and probabilities.get(prior, 0.0) >= DECLARED_PLAUSIBLE:
        return prior
    best, probability = ranked[0]
    return best if probability >= CONFIDENT else None
