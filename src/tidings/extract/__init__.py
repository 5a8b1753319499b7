"""Extract stage: a fetched ``Document`` in, a readable ``ExtractedArticle`` out.

The only entry point is :func:`extract_article`; the modules behind it are
internal (``sanitize.sanitize_html`` is public too, for the web layer).
"""

from __future__ import annotations

from tidings.errors import ExtractionError
from tidings.extract.page import PageFacts, read_page
from tidings.extract.reconcile import build_article
from tidings.extract.text import feed_body
from tidings.models import Document, ExtractedArticle

__all__ = ["extract_article"]


def extract_article(doc: Document) -> ExtractedArticle:
    """Full text and metadata of ``doc``; raises ExtractionError when there is none.

    The page is the main witness; when it is missing or holds no main text the
    feed's own content (archive text or feed HTML) stands in for the body. The
    feed's content also wins when it is more than twice as long as what the
    page gave: the page then showed a paywall teaser or a consent wall.
    """
    page = None
    if doc.html and doc.html.strip():
        page = read_page(doc.html, doc.url, guess_date=doc.published is None)
    from_page = page.body if page else None
    from_feed = feed_body(doc.text, doc.summary_html, doc.url)
    body = from_page or from_feed
    if from_page and from_feed and len(from_feed.text) > 2 * len(from_page.text):
        body = from_feed
    if body is None:
        raise ExtractionError(_why_empty(doc, page))
    return build_article(doc, page, body)


def _why_empty(doc: Document, page: PageFacts | None) -> str:
    if page is not None:
        return f"{page.why_no_body}, and the feed gave no content"
    if doc.html and doc.html.strip():
        return "the page could not be parsed, and the feed gave no content"
    return "no page, no text and no feed content to build an article from"
