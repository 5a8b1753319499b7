"""Feed entries that are a site's furniture, not something it published.

Static-site generators (Hugo, Jekyll, Eleventy) put every page of a site in its feed
or sitemap, so "About", "Contact" and "Privacy Policy" arrived as articles: undated,
they were listed as new, and a reader found them among the news (16 such pages in the
140 real feeds of the shared data). A page is furniture when its title is one of these
names and its address is the site's root or one segment below it: "/about/" is the
page, "/2024/05/about-our-new-office.html" a post.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tidings.models import Document

FURNITURE_TITLES = frozenset(
    {
        "about", "about me", "about us", "contact", "contact me", "contact us",
        "privacy", "privacy policy", "cookie policy", "terms", "terms of service",
        "terms of use", "imprint", "impressum", "legal notice", "tags", "categories",
        "archive", "archives", "search", "subscribe", "sitemap",
    }
)  # fmt: skip


def is_site_page(entry: Document) -> bool:
    """Whether the entry is one of the site's own pages rather than a publication."""
    title = " ".join((entry.title or "").lower().split())
    return title in FURNITURE_TITLES and "/" not in urlsplit(entry.url).path.strip("/")


def without_site_pages(entries: list[Document]) -> tuple[list[Document], str | None]:
    """The entries that are publications, and a note on the pages left out, if any."""
    kept = [entry for entry in entries if not is_site_page(entry)]
    left = len(entries) - len(kept)
    note = f"{left} site pages (About, Contact, ...) left out: not articles" if left else None
    return kept, note
