"""One article from three witnesses: the page body, the page's declarations, the feed.

Precedence, field by field, and why:

- text / html: the page body (the extractors' consensus, see ``consensus``;
  the feed's content is often a teaser); the JSON-LD articleBody when the
  extractors find nothing; the feed's content only when the page yields nothing.
- title: the feed's title (written for listings, no " | Site" suffix), then the
  JSON-LD headline, og:title, the page <title> (each cleaned of the site-name
  part), and last the text's opening; one longer than ``MAX_TITLE_CHARS`` is cut
  at a word (``bounded_title``).
- published: a date the page declares (JSON-LD, meta: keeps time and offset),
  then the feed's date (sometimes the feed's update time), then htmldate's guess
  from URL and layout (a heuristic, day precision).
- author, section, image, site name, summary: the page's declaration first
  (the CMS's own record), then the feed; a summary an archive record gives as
  plain text (a ``tidings export`` line's) last. Keywords: the union, page first.
- source: the one ingest named (the feed, the archive record's); else the site
  name, else the URL's host.
- language: what the page declares (html lang, inLanguage, og:locale), then
  the feed's, normalised to ISO 639-1; never detected here.
- archived, copies: the document's, as ingest found them (lists place undated
  articles by the archive's date; copies are another instance's folded copies).
- url: the canonical URL the page declares when it is absolute http(s) and on
  the same registered domain as the fetched URL (else a hijack or a
  syndication partner's page); the other URLs become ``alternate_urls``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import pycountry

from tidings.extract.metadata import PageMetadata
from tidings.extract.page import PageFacts
from tidings.extract.text import Body, html_to_text
from tidings.ingest.entries import clean
from tidings.ingest.publisher import TITLE_SEPARATOR, names_site, site_keys
from tidings.ingest.urls import registered_domain
from tidings.models import Document, ExtractedArticle, SourceRef

_TITLE_SEPARATOR = re.compile(TITLE_SEPARATOR)
_SUMMARY_CHARS = 300
_TITLE_CHARS = 160
# A headline, however long, fits a list card; an archive record or a page may give a
# "title" of 100,000 characters (a body in the wrong field), shown whole on every
# list and past what PostgreSQL's full-text index of the title can hold (1 MB).
MAX_TITLE_CHARS = 300


def build_article(doc: Document, page: PageFacts | None, body: Body) -> ExtractedArticle:
    """Merge page facts and feed fields around the chosen ``body``."""
    meta = page.metadata if page else PageMetadata()
    url, alternates = choose_url(doc.url, [meta.canonical, meta.og_url, meta.json_ld_url])
    site_name = _first(meta.site_name, doc.source.name)
    return ExtractedArticle(
        url=url,
        title=bounded_title(
            _first(doc.title)
            or clean_title(_first(meta.headline, meta.og_title, meta.html_title), site_name, url)
            or _opening(body.text)
        ),
        text=body.text,
        html=body.html or None,
        summary=_first(meta.description) or _feed_summary(doc) or _first(doc.summary),
        author=_first(meta.author, doc.author),
        published=_first_date(
            page.declared_date if page else None,
            doc.published,
            page.guessed_date if page else None,
        ),
        image=_absolute(_first(meta.image, doc.image), url),
        language=normalise_language(meta.language) or normalise_language(doc.language),
        site_name=site_name,
        section=_first(meta.section, doc.section),
        keywords=_union(meta.keywords, doc.keywords),
        source=publisher(doc.source, site_name, url),
        alternate_urls=alternates,
        copies=doc.copies,
        archived=doc.archived,
    )


def choose_url(fetched: str, declared: list[str | None]) -> tuple[str, list[str]]:
    """The article's identity URL and the other URLs it is known by."""
    candidates = [_absolute(value, fetched) for value in declared if value]
    valid = [url for url in candidates if url and _same_site(url, fetched)]
    chosen = valid[0] if valid else fetched
    others = [url for url in [fetched, *valid] if url != chosen]
    return chosen, list(dict.fromkeys(others))


def publisher(source: SourceRef, site_name: str | None, url: str) -> SourceRef:
    """The source ingest named; for a page or archive record that names none, the
    site's declared name (og:site_name, the JSON-LD publisher), else its host: saved
    pages and WARC records were stored under "Unknown source" though the page said
    whose it was."""
    if source.name or source.url:
        return source
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return SourceRef(name=site_name or host or None)


def normalise_language(code: str | None) -> str | None:
    """ISO 639-1 from a declared tag such as "en-GB", "pt_BR", "deu"; else None."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    if len(primary) == 2 and primary.isalpha():
        return primary if pycountry.languages.get(alpha_2=primary) else None
    if len(primary) == 3 and primary.isalpha():
        language = pycountry.languages.get(alpha_3=primary)
        return getattr(language, "alpha_2", None)
    return None


def clean_title(title: str | None, site_name: str | None, url: str) -> str | None:
    """A page title without its " | Site" part and leftover HTML entities or tags.

    Titles written for browser tabs carry the site's name at one end. The
    last separated part is dropped when it names the site (og:site_name or the
    domain) or, after a pipe, when it is a short label behind a longer
    headline; a leading part that names the site is dropped likewise. When both
    parts name the site, the shorter is the site's: a headline may name it too
    ("CBS News poll finds ... - CBS News").
    """
    title = clean(title)
    if not title:
        return None
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end() :].strip()
    names = site_keys(url, site_name)
    if not head:
        return title
    head_names, tail_names = names_site(head, names), names_site(tail, names)
    if head_names and tail_names:  # a headline may name its site too: the site's part is shorter
        return head if len(tail) <= len(head) else tail
    if head_names or tail_names:
        return tail if head_names else head
    short_label = "|" in last.group() and len(tail.split()) <= 5 and len(tail) < len(head)
    return head if short_label else title


def bounded_title(title: str) -> str:
    """``title``, cut at a word (and marked so) when longer than ``MAX_TITLE_CHARS``."""
    return title if len(title) <= MAX_TITLE_CHARS else _shorten(title, MAX_TITLE_CHARS - 1)


def _same_site(url: str, fetched: str) -> bool:
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    if urlsplit(fetched).scheme == "file":
        return True
    domain = registered_domain(url)
    return domain is not None and domain == registered_domain(fetched)


def _absolute(value: str | None, base: str) -> str | None:
    if not value:
        return None
    absolute = urljoin(base, value.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _first(*values: str | None) -> str | None:
    return next((value.strip() for value in values if value and value.strip()), None)


def _first_date(*values: datetime | None) -> datetime | None:
    """The first known date, as timezone-aware UTC (naive feed dates are taken as UTC)."""
    date = next((value for value in values if value), None)
    if date is None:
        return None
    return date.replace(tzinfo=UTC) if date.tzinfo is None else date.astimezone(UTC)


def _union(*lists: list[str]) -> list[str]:
    unique: dict[str, str] = {}
    for word in (word.strip() for words in lists for word in words):
        if word:
            unique.setdefault(word.casefold(), word)
    return list(unique.values())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def _opening(text: str) -> str:
    return _shorten(" ".join(text.split()), _TITLE_CHARS)


def _feed_summary(doc: Document) -> str | None:
    text = html_to_text(doc.summary_html or "")
    return _shorten(" ".join(text.split()), _SUMMARY_CHARS) if text else None
