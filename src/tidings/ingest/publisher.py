"""A publisher's name from its feed's title: what readers see a source called.

Feeds title themselves for a list of subscriptions, not for a byline: "NYT >
World News", "Dawn - World", "Al Jazeera – Breaking News, World News and Video
from Al Jazeera", or only "Asia" (The Economist's Asia section). A reader looks
for "NYT", "Dawn", "Al Jazeera", "economist.com". The name comes from the
title's own words or the site's domain, never from a list of known publishers:

- the title is cut at its separators (" - ", " | ", ": ", " > ", ...);
- a part made only of section words ("World News", "Category World", "All
  stories") is a label, not a name, and is dropped;
- one part left is the name. Of several, the shortest is the name when every
  one names the site (its domain, compacted: "Al Jazeera" for aljazeera.com):
  the others repeat it in a tagline. Otherwise the title stays whole;
- feed words at the end ("feed", "RSS", "Topics") go when what is left spells
  the domain ("TheWeek feed" on theweek.com, "NPR Topics" on npr.org);
- nothing but labels: the site's registered domain.

A title these rules cannot read ("Sound Code - Mark Heath's Blog", "Web • Tech •
Audio") is kept as written: a blog's own name beats a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tidings.ingest.entries import clean
from tidings.ingest.urls import is_http_url, registered_domain

# What separates a title's parts in page titles ("Headline | Site", "Site - Headline").
TITLE_SEPARATOR = r"\s+[-–—«»•|](?:\s+|$)|\s*\|\s*"
# Feed titles also use "Site: Section" and "Site > Section"; in a headline a colon is text.
_FEED_TITLE_SEPARATOR = re.compile(rf"{TITLE_SEPARATOR}|:\s+|\s+>\s+")

# Words of section labels: a title part made of these alone names no one.
_SECTION_WORDS = frozenset(
    {
        "world", "news", "international", "latest", "top", "stories", "story", "breaking",
        "headlines", "home", "front", "page", "local", "national", "regional", "global",
        "tech", "technology", "science", "business", "economy", "economics", "finance",
        "markets", "money", "politics", "political", "opinion", "opinions", "comment",
        "analysis", "culture", "arts", "entertainment", "lifestyle", "health", "sport",
        "sports", "crime", "weather", "video", "videos", "photos", "blog", "blogs",
        "articles", "posts", "updates", "feed", "feeds", "rss", "atom", "topics", "topic",
        "category", "categories", "section", "sections", "asia", "africa", "europe",
        "americas", "america", "middle", "east", "pacific", "oceania", "us", "uk",
    }
)  # fmt: skip
_GLUE_WORDS = frozenset({"all", "and", "the", "of", "in", "on", "from", "for", "more"})
_FEED_WORDS = re.compile(r"(?:\s+(?:rss|atom|feeds?|topics))+$", re.I)


def publisher_name(title: str | None, site_url: str | None) -> str | None:
    """The publisher's name in a feed's ``title``. ``site_url``, the site the feed
    names (its channel link), tells which part names the publisher, and names it
    when the title is only a section's label."""
    title = (title or "").strip()
    site_url = site_url if site_url and is_http_url(site_url) else None
    domain = registered_domain(site_url) if site_url else None
    keys = site_keys(site_url, domain.split(".")[0] if domain else None)
    if not title:
        return domain
    names = [part for part in _parts(title) if not _is_label(part)]
    if not names:
        return domain or title
    naming = [part for part in names if names_site(part, keys)]
    if len(names) == 1 or len(naming) == len(names):
        return _without_feed_words(min(names, key=len), keys)
    return title


def site_link(value: object) -> str | None:
    """The site a feed declares (RSS channel link, JSON Feed home page) when it is a
    web address readers can open: a relative or ``javascript:`` link is no site."""
    link = clean(value)
    return link if link and is_http_url(link) else None


def site_keys(url: str | None, *names: str | None) -> set[str]:
    """The names of the site at ``url`` as a title may spell them: its domain and
    ``names`` compacted ("aljazeeracom", "aljazeera" for "Al Jazeera")."""
    domain = registered_domain(url) if url else None
    return {key for name in (*names, domain) if name and (key := compact(name))}


def names_site(part: str, keys: Iterable[str]) -> bool:
    """Whether ``part`` of a title is the site's name (an empty part is nothing else).
    Words shorter than three letters match only whole: "A" is in every domain."""
    key = compact(part)
    return not key or any(
        key == name or (min(len(key), len(name)) >= 3 and (name in key or key in name))
        for name in keys
    )


def compact(text: str) -> str:
    """Letters and digits only, without case or accents: "EL PAÍS" is "elpais"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())  # accents apart, then dropped
    return "".join(char for char in decomposed if char.isalnum())


def _parts(title: str) -> list[str]:
    """The title's non-empty parts; whole when a cut would split a bracket, as the
    "|" in "(Fabio Alessandro Locati|Fale)'s blog" does."""
    parts = [part.strip() for part in _FEED_TITLE_SEPARATOR.split(title)]
    if any(_unbalanced(part) for part in parts):
        return [title]
    return [part for part in parts if part]


def _unbalanced(part: str) -> bool:
    return any(part.count(open_) != part.count(close) for open_, close in ("()", "[]", "{}"))


def _is_label(part: str) -> bool:
    """A section's label ("World News", "All stories"), not anyone's name."""
    words = set(re.findall(r"[^\W_]+", part.casefold()))
    return bool(words & _SECTION_WORDS) and words <= _SECTION_WORDS | _GLUE_WORDS


def _without_feed_words(name: str, keys: set[str]) -> str:
    """Without the feed words at its end when what is left spells the site: "TheWeek
    feed" on theweek.com is "TheWeek"; "Kagi Blog" stays."""
    shorter = _FEED_WORDS.sub("", name)
    return shorter if shorter != name and compact(shorter) in keys else name
