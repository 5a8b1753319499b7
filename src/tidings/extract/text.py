"""Candidate article bodies of a page, as blocks of plain text with display HTML.

Each extractor (trafilatura in two modes, readability) gives its own reading
of where the article is; ``consensus`` picks and completes one. A candidate is
a list of blocks (paragraph, heading, list, quote, code, table) so that text and
display HTML stay aligned when blocks are added or dropped.

Links, images and emphasis are not requested from trafilatura: asking for them
changes which blocks it keeps and cost 2 to 5 points of benchmark precision;
the display still gets paragraphs, headings, lists, quotes, code and tables,
which trafilatura keeps anyway (only their display is decided here).
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument
from trafilatura.xml import xmltotxt

from tidings.extract.sanitize import sanitize_html

# Characters XML (and so lxml) cannot hold: C0 controls, lone surrogates, non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Below this a page "body" is a menu, a caption or a cookie notice, not an article.
MIN_ARTICLE_CHARS = 100

_LINE_BREAKING = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "br",
    "figure",
    "tr",
    "pre",
)
_TRAFILATURA_BLOCKS = {"p": "p", "quote": "blockquote", "item": "li", "table": "table", "row": "tr"}

logging.getLogger("readability").setLevel(logging.CRITICAL)  # logs every unreadable page


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit: its plain text and its (unsanitised) HTML."""

    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Body:
    """The article body: plain text (blank line between paragraphs) and safe HTML."""

    text: str
    html: str


def to_body(blocks: list[Block]) -> Body | None:
    """Join blocks into a body; None when too little text is left for an article."""
    text = "\n\n".join(block.text for block in blocks if block.text)
    if len(text) < MIN_ARTICLE_CHARS:
        return None
    return Body(text=text, html=sanitize_html("".join(block.html for block in blocks)))


def xml_safe(text: str) -> str:
    """``text`` without the characters lxml refuses to store."""
    return _NOT_XML.sub("", text)


def normalise_text(text: str) -> str:
    """One paragraph per line block, separated by a blank line, no stray spaces."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(xml_safe(html))
    except (etree.ParserError, ValueError):
        return ""
    return _element_text(root)


def _element_text(element: lxml_html.HtmlElement) -> str:
    for child in element.iter(*_LINE_BREAKING):
        child.tail = "\n" + (child.tail or "")
    return normalise_text(element.text_content())


# ------------------------------------------------------------------ feed

# WordPress ends every feed item with "The post <title> appeared first on <site>.": the
# same words in every item of a feed, which read as noise and made a publisher's items
# look alike to story grouping (40 lectures of one society became one story).
_IN_PARAGRAPH = r"(?:(?!</?p[\s>]).)"
_SYNDICATION_FOOTER = re.compile(
    rf"(?:<p>)?\s*The post\s{_IN_PARAGRAPH}{{1,600}}?\sappeared first on\s"
    rf"{_IN_PARAGRAPH}{{1,400}}?(?:</p>)?\s*$",
    re.S | re.I,
)


def feed_body(text: str | None, summary_html: str | None, base_url: str) -> Body | None:
    """A body from an archive's plain text or else the feed's own HTML content, whose
    relative links and images are the article's (``base_url``).

    The plain text's paragraphs go through the sanitiser as every other body does, so
    that the HTML is stored as the sanitiser writes it (``'`` not ``&#x27;``):
    ``tidings reprocess`` sanitises stored bodies again, and would otherwise rewrite,
    and report as changed, every archived article just ingested.
    """
    plain = normalise_text(text or "")
    if plain:
        paragraphs = "".join(block.html for block in plain_blocks(plain))
        return Body(text=plain, html=sanitize_html(paragraphs))
    safe = feed_html(summary_html or "", base_url)
    from_html = html_to_text(safe)
    return Body(text=from_html, html=safe) if from_html else None


def feed_html(html: str, base_url: str | None) -> str:
    """A feed item's HTML as it is shown: without the syndication footer, sanitised,
    its relative links and images made absolute against ``base_url``.

    Applied to a body stored before one of those steps existed, it gives what a fetch
    would store today: the steps only remove or rewrite, so a second pass finds
    nothing left to do.
    """
    return sanitize_html(_without_footer(html), base_url)


def _without_footer(html: str) -> str:
    """The feed item's HTML without its last paragraph when that is the footer (an
    item that is nothing but such a sentence keeps it)."""
    stripped = _SYNDICATION_FOOTER.sub("", html)
    return stripped if stripped.strip() else html


def plain_blocks(text: str) -> list[Block]:
    """Blocks of a plain text, one per paragraph."""
    paragraphs = normalise_text(text).split("\n\n")
    return [Block(part, f"<p>{escape(part)}</p>") for part in paragraphs if part]


# ------------------------------------------------------------------ trafilatura


def trafilatura_blocks(
    tree: lxml_html.HtmlElement, url: str | None, *, precision: bool
) -> list[Block]:
    """trafilatura's main text (precision or balanced mode) as blocks; [] when none.

    Its fallback extractors are off (``fast``): the consensus asks readability
    itself, and only when the two modes disagree.
    """
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=True,
            favor_precision=precision,
            include_comments=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError):
        return []
    if result is None or result.body is None:
        return []
    blocks = []
    for child in result.body:
        text = normalise_text(xmltotxt(child, include_formatting=False))
        converted = _convert(child, url)
        if text and converted is not None:
            html = etree.tostring(converted, encoding="unicode", method="html", with_tail=False)
            blocks.append(Block(text, html))
    return blocks


def _convert(element: etree._Element, base_url: str | None) -> etree._Element | None:
    """trafilatura's XML element as HTML in the sanitiser's vocabulary."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "graphic":
        return None
    new = etree.Element(_html_tag(element, tag))
    new.text = xml_safe(element.text or "")
    if tag == "ref" and element.get("target"):
        new.set("href", urljoin(base_url or "", element.get("target", "")))
    for child in element:
        converted = _convert(child, base_url)
        if converted is not None:
            new.append(converted)
    new.tail = xml_safe(f" {element.tail or ''}" if tag == "cell" else element.tail or "")
    return new


def _html_tag(element: etree._Element, tag: str) -> str:
    if tag == "head":
        level = (element.get("rend") or "h3").lstrip("h")
        return f"h{min(max(int(level), 2), 4)}" if level.isdigit() else "h3"
    if tag == "list":
        return "ol" if (element.get("rend") or "").startswith("ol") else "ul"
    if tag == "hi":
        return "strong" if element.get("rend") in ("#b", "#strong") else "em"
    if tag == "ref":
        return "a"
    if tag == "lb":
        return "br"
    if tag == "cell":
        return "th" if element.get("role") == "head" else "td"
    if tag == "code":  # a block of its own keeps its lines; inside a paragraph, a word
        parent = element.getparent()
        return "pre" if parent is None or parent.tag == "body" else "code"
    return _TRAFILATURA_BLOCKS.get(tag, "div")


# ------------------------------------------------------------------ readability


def readability_blocks(tree: lxml_html.HtmlElement) -> list[Block]:
    """readability-lxml's main text as paragraph blocks; [] when it cannot read the page.

    Its output keeps layout <div>s holding bare text, so blocks come from the
    text's line structure rather than from particular tags. No URL is passed:
    readability would rewrite every link, and only the text is used.
    """
    try:
        summary = ReadabilityDocument(copy.deepcopy(tree)).summary(html_partial=True)
    except (ValueError, TypeError, etree.ParserError, RecursionError):
        return []
    return plain_blocks(html_to_text(summary))
