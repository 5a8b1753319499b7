"""Everything one fetched page yields: declared metadata, dates and the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

from tidings.extract.dates import declared_date, guessed_date
from tidings.extract.metadata import PageMetadata, read_metadata
from tidings.extract.text import Body, trafilatura_body, xml_safe

# lxml refuses str input that still carries an XML encoding declaration; the
# text is already decoded by ingest, so the declaration is only noise.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What one page yielded; every part may be missing."""

    metadata: PageMetadata
    body: Body | None
    declared_date: datetime | None
    guessed_date: datetime | None


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


def read_page(html: str, url: str | None) -> PageFacts | None:
    """Declared metadata, dates and main text of one page; None if unparseable."""
    tree = parse_page(html)
    if tree is None:
        return None
    metadata = read_metadata(tree)
    declared = declared_date(metadata.date_candidates)
    return PageFacts(
        metadata=metadata,
        body=trafilatura_body(tree, url),
        declared_date=declared,
        guessed_date=None if declared else guessed_date(tree, url),
    )
