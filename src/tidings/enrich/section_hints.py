"""What the publisher itself says an article's section is.

Editors file every article under a section, and that choice beats any guess
from the text, so Tidings reads it from two places: the section label the
page or feed gives (JSON-LD ``articleSection``, a feed ``category``) and the
words of the URL path (``/sport/``, ``/world/middle-east/``). Both are mapped
to Tidings' sections through ``section_data/publisher_sections.tsv``, a table
of section words in English, French, German, Spanish, Portuguese, Italian and
transliterated Arabic.

Some labels name a topic ("Sport"); others only lean one way ("World" holds
wars, disasters and diplomacy alike). The table marks the first *strong* and
the second *weak*; a weak hint is combined with the text classifier instead of
deciding alone.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

LONGEST_TERM = 3  # words; the table's longest entry ("science and technology" after "&")
MAX_SECTION_WORDS = 3  # a path segment with more words is an article slug, not a section
LABEL_CHARS = 200
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_HOST_NOISE = frozenset({"www", "m", "amp", "edition", "news", "mobile"})
_PAGE_SUFFIX = re.compile(r"\.(html?|php|aspx?|amp|cms)$")


@dataclass(frozen=True)
class Term:
    """One row of the mapping table."""

    slug: str | None  # None for words that say nothing about the topic
    strong: bool


@dataclass(frozen=True)
class SectionHint:
    """Sections the publisher's own labelling points to."""

    slugs: tuple[str, ...]  # candidates, most specific first; several when the label names two
    strong: bool  # True: the label names the topic; False: it only leans that way
    evidence: str  # e.g. "publisher section 'World News'" or "URL path /sport/"


@cache
def _table() -> dict[str, Term]:
    """The mapping table, keyed by normalised term."""
    text = resources.files("tidings.enrich").joinpath("section_data/publisher_sections.tsv")
    table: dict[str, Term] = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, slug, strength = line.split("\t")
        table[" ".join(_words(term))] = Term(
            slug=None if strength == "none" else slug, strong=strength == "strong"
        )
    return table


def _words(label: str) -> list[str]:
    """Lower-case ASCII words: 'Économie & Finanzas' -> ['economie', 'and', 'finanzas']."""
    unescaped = html.unescape(label[:LABEL_CHARS]).replace("&", " and ")
    decomposed = unicodedata.normalize("NFKD", unescaped)
    ascii_only = decomposed.encode("ascii", "ignore").decode().lower()
    return [w for w in _NOT_WORD.split(ascii_only) if w]


def _terms_in(words: list[str]) -> list[Term]:
    """Table terms found in ``words``, longest match first, left to right."""
    table, found, start = _table(), [], 0
    while start < len(words):
        for size in range(min(LONGEST_TERM, len(words) - start), 0, -1):
            term = table.get(" ".join(words[start : start + size]))
            if term is not None:
                found.append(term)
                start += size
                break
        else:
            start += 1
    return found


def _hint(terms: list[Term], evidence: str) -> SectionHint | None:
    """Fold the terms of one label into a hint; strong terms outrank weak ones."""
    topical = [t for t in terms if t.slug is not None]
    strong = [t.slug for t in topical if t.strong]
    chosen = strong or [t.slug for t in topical]
    if not chosen:
        return None
    return SectionHint(slugs=tuple(dict.fromkeys(chosen)), strong=bool(strong), evidence=evidence)


def label_hint(label: str | None) -> SectionHint | None:
    """Hint from a section label such as 'World News', 'Sport > Football' or 'Économie'."""
    if not label or not label.strip():
        return None
    shown = " ".join(label.split())[:80]
    return _hint(_terms_in(_words(label)), f"publisher section '{shown}'")


def _section_words(segment: str, last: bool) -> list[str]:
    """Words of a path segment if it looks like a section name, else nothing.

    A final segment is normally the article's own slug; it counts only in the
    BBC form ``business-68712345`` (a section word or two, then a numeric id).
    """
    words = _words(_PAGE_SUFFIX.sub("", segment.lower()).replace("_", "-"))
    named = [w for w in words if not w.isdigit()]
    if last and (len(named) == len(words) or len(named) > 2):
        return []
    return named if len(named) <= MAX_SECTION_WORDS else []


def url_hint(url: str | None) -> SectionHint | None:
    """Hint from a URL's path (``/sport/football/...``) or section subdomain (``sport.``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip()[:2000])
    except ValueError:
        return None
    terms: list[Term] = []
    evidence: list[str] = []
    host = (parts.hostname or "").split(".")
    if len(host) > 2 and host[0] not in _HOST_NOISE and _terms_in([host[0]]):
        terms += _terms_in([host[0]])
        evidence.append(f"URL host {parts.hostname}")
    segments = [s for s in parts.path.split("/") if s]
    shown = []
    for position, segment in enumerate(segments):
        found = _terms_in(_section_words(segment, last=position == len(segments) - 1))
        if found:
            terms += found
            shown.append(segment)
    if shown:
        evidence.append(f"URL path /{'/'.join(shown)}/")
    return _hint(terms, " + ".join(evidence))
