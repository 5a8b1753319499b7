"""Everything one fetched page yields: declared metadata, dates and the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

from tidings.extract.boilerplate import drop_promotions
from tidings.extract.consensus import choose_body
from tidings.extract.dates import declared_date, guessed_date
from tidings.extract.metadata import PageMetadata, read_metadata
from tidings.extract.text import (
    Body,
    plain_blocks,
    readability_blocks,
    to_body,
    trafilatura_blocks,
    xml_safe,
)

# lxml refuses str input that still carries an XML encoding declaration; the
# text is already decoded by ingest, so the declaration is only noise.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# The largest of 1,400 benchmark article pages has under 10,000 elements;
# extractors are superlinear, and a 240,000-element soup takes a minute.
MAX_ELEMENTS = 30_000
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What one page yielded; every part may be missing."""

    metadata: PageMetadata
    body: Body | None
    declared_date: datetime | None
    guessed_date: datetime | None
    why_no_body: str | None = None  # for the reader of an ExtractionError


def parse_page(html: str) -> lxml_html.HtmlElement | None:
    """The page's element tree, or None when nothing parseable is there."""
    html = _XML_DECLARATION.sub("", xml_safe(html), count=1)
    if not html.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


def read_page(html: str, url: str | None, *, guess_date: bool = True) -> PageFacts | None:
    """Declared metadata, dates and main text of one page; None if unparseable.

    The date guess (htmldate's search through the text, 10 ms on a page whose
    URL holds no date) is skipped with ``guess_date=False``: a feed's own date
    ranks above it.
    """
    tree = parse_page(html)
    if tree is None:
        return None
    metadata = read_metadata(tree)
    declared = declared_date(metadata.date_candidates)
    size = sum(1 for _ in tree.iter())
    if size > MAX_ELEMENTS:
        why = f"the page has {size} elements, too many for one article (limit {MAX_ELEMENTS})"
        return PageFacts(metadata, None, declared, None, why_no_body=why)
    return PageFacts(
        metadata=metadata,
        body=page_body(tree, url, metadata),
        declared_date=declared,
        guessed_date=guessed_date(tree, url) if guess_date and not declared else None,
        why_no_body="no main text found in the page",
    )


def page_body(tree: lxml_html.HtmlElement, url: str | None, metadata: PageMetadata) -> Body | None:
    """The extractors' consensus body; the JSON-LD articleBody when they find none."""
    blocks = choose_body(
        trafilatura_blocks(tree, url, precision=True),
        lambda: trafilatura_blocks(tree, url, precision=False),
        lambda: readability_blocks(tree),
    )
    return to_body(drop_promotions(blocks)) or to_body(plain_blocks(metadata.article_body or ""))
