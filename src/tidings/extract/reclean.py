"""Today's cleaning, applied to an article as an earlier Tidings stored it.

The store keeps the cleaned article, not its input: no page, no feed entry, no
archive record. Extraction itself therefore cannot be redone from it; a better
extractor, or an image whose relative address an older sanitiser refused (it kept
no address to resolve), needs the page fetched again. What can be redone are the
cleaning steps that read nothing but their own output, each the function the
pipeline runs today:

- title and author: a character reference left undecoded (``&#8220;``, ``&amp;``)
  is decoded once (``ingest.entries.clean``); a title longer than a headline can be
  is cut at a word (``reconcile.bounded_title``);
- body HTML: the WordPress "The post ... appeared first on ..." footer is dropped
  and the HTML sanitised again against the article's address, so relative links
  and images become absolute and images without an address go (``text.feed_html``);
- text: rebuilt from that HTML when it was built from it (a feed body, whose text
  held the footer too); an extractor's text is left as it is;
- publication date: one that cannot be (year 1, the Unix epoch, a day after the
  row was written) becomes unknown (``ingest.dates.plausible_date``);
- publisher: an article filed under no source is named by its site name, else its
  host (``reconcile.publisher``).

Every step only removes or rewrites what a later pass leaves alone, so the result
is a fixed point: ``reclean`` checks that it is, and a stored article on which the
steps do not settle is an error, never half-written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tidings.errors import ExtractionError
from tidings.extract.reconcile import bounded_title, publisher
from tidings.extract.text import feed_html, html_to_text
from tidings.ingest.dates import plausible_date
from tidings.ingest.entries import clean, holds_character_reference
from tidings.models import ExtractedArticle

SETTLE_PASSES = 3  # a title escaped twice (``&amp;#8220;``) takes two


def reclean(content: ExtractedArticle, written_at: datetime) -> ExtractedArticle:
    """``content`` (a stored article, written at ``written_at``) cleaned as today's
    pipeline would have cleaned it; ``content`` itself when nothing applies.

    Raises ExtractionError when the cleaning does not settle within a few passes:
    writing such a result would change the row again on every run.
    """
    current = content
    for _ in range(SETTLE_PASSES):
        cleaner = _one_pass(current, written_at)
        if cleaner == current:
            return current
        current = cleaner
    raise ExtractionError("cleaning does not settle; left as stored")


def _one_pass(content: ExtractedArticle, written_at: datetime) -> ExtractedArticle:
    html = (feed_html(content.html, content.url) or None) if content.html else content.html
    return replace(
        content,
        title=bounded_title(_decoded(content.title) or content.title),
        author=_decoded(content.author),
        html=html,
        text=_text(content, html),
        published=plausible_date(content.published, written_at),
        source=publisher(content.source, content.site_name, content.url),
    )


def _decoded(value: str | None) -> str | None:
    """A plain-text field with its leftover character references decoded, else as it is."""
    return clean(value, markup=True) if holds_character_reference(value) else value


def _text(content: ExtractedArticle, html: str | None) -> str:
    """The text of the cleaned ``html`` when the stored text was the old HTML's text."""
    if not (content.html and html) or html == content.html:
        return content.text
    if html_to_text(content.html) != content.text:
        return content.text  # an extractor's reading, not derived from this HTML
    return html_to_text(html) or content.text
