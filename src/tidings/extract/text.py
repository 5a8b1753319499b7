"""The article body of a page: plain text for search and enrichment, HTML for display.

trafilatura finds the main content (``favor_precision`` measured best on the
article-extraction benchmark, see MODELS.md section 7; reader comments are left
out). Its XML body is turned here into the small HTML vocabulary the sanitiser
allows, so one extraction feeds both the text and the display version. Links,
images and emphasis are not requested: asking trafilatura for them changes
which blocks it keeps and cost 2 to 5 points of benchmark precision, while the
display still gets paragraphs, headings, lists and quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.xml import xmltotxt

from tidings.extract.sanitize import sanitize_html


@dataclass(frozen=True, slots=True)
class Body:
    """Extracted main text and its display HTML (already sanitised)."""

    text: str
    html: str


# Characters XML (and so lxml) cannot hold: C0 controls, lone surrogates, non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Below this a page "body" is a menu, a caption or a cookie notice, not an article.
MIN_ARTICLE_CHARS = 100

_BLOCK_TAGS = {"p": "p", "quote": "blockquote", "item": "li", "row": "p"}
_EMPHASIS = {"#b": "strong", "#strong": "strong"}


def trafilatura_body(
    tree: lxml_html.HtmlElement, url: str | None, *, precision: bool = True
) -> Body | None:
    """Run trafilatura on a parsed page; None when it finds no main text."""
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError):
        return None
    if result is None or result.body is None:
        return None
    text = normalise_text(xmltotxt(result.body, include_formatting=False))
    if len(text) < MIN_ARTICLE_CHARS:
        return None
    return Body(text=text, html=sanitize_html(_to_html(result.body, url)))


def xml_safe(text: str) -> str:
    """``text`` without the characters lxml refuses to store."""
    return _NOT_XML.sub("", text)


def normalise_text(text: str) -> str:
    """One paragraph per block, separated by a blank line, no stray spaces."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if not html or not html.strip():
        return ""
    try:
        fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in fragment.iter("p", "li", "h2", "h3", "h4", "blockquote", "br", "figure"):
        element.tail = "\n" + (element.tail or "")
    return normalise_text(fragment.text_content())


def _to_html(body: etree._Element, base_url: str | None) -> str:
    """trafilatura's XML body as HTML in the sanitiser's vocabulary."""
    root = etree.Element("div")
    for child in body:
        converted = _convert(child, base_url)
        if converted is not None:
            root.append(converted)
    return etree.tostring(root, encoding="unicode", method="html")


def _convert(element: etree._Element, base_url: str | None) -> etree._Element | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    new = etree.Element(_html_tag(element, tag))
    new.text = xml_safe(element.text or "")
    if tag == "ref" and element.get("target"):
        new.set("href", urljoin(base_url or "", element.get("target", "")))
    elif tag == "graphic":
        if not element.get("src"):
            return None
        figure = etree.Element("figure")
        image = etree.SubElement(figure, "img", src=urljoin(base_url or "", element.get("src", "")))
        if element.get("alt"):
            image.set("alt", element.get("alt", ""))
        figure.tail = xml_safe(element.tail or "")
        return figure
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
        return _EMPHASIS.get(element.get("rend") or "", "em")
    if tag == "ref":
        return "a"
    if tag == "lb":
        return "br"
    return _BLOCK_TAGS.get(tag, "div")


def feed_body(text: str | None, summary_html: str | None) -> Body | None:
    """A body from an archive's plain text or else the feed's own HTML content."""
    plain = normalise_text(text or "")
    if plain:
        paragraphs = "".join(f"<p>{escape(part)}</p>" for part in plain.split("\n\n"))
        return Body(text=plain, html=paragraphs)
    safe = sanitize_html(summary_html or "")
    from_html = html_to_text(safe)
    return Body(text=from_html, html=safe) if from_html else None
