"""OPML subscription lists in and out: how feed readers trade their sources."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from tidings.errors import FeedError
from tidings.ingest.urls import is_http_url


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed of an OPML file."""

    url: str
    title: str | None = None
    site_url: str | None = None
    category: str | None = None  # the enclosing outline's title (region, language...)


def parse_opml(content: bytes) -> list[Subscription]:
    """Every feed outline (``xmlUrl``), nested folders included; raise FeedError if not OPML."""
    try:
        root = ET.fromstring(content)
    except (ET.ParseError, ValueError) as exc:  # ValueError: a declared UTF-16/32 encoding
        raise FeedError(f"not an OPML document ({exc})") from exc
    if root.tag.lower() != "opml":
        raise FeedError(f"not an OPML document (root element <{root.tag}>)")
    body = root.find("body")
    return list(_walk(body, None)) if body is not None else []


def _walk(node: ET.Element, category: str | None) -> list[Subscription]:
    found: list[Subscription] = []
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        title = outline.get("title") or outline.get("text")
        if url and is_http_url(url):
            found.append(Subscription(url, title, outline.get("htmlUrl"), category))
        found.extend(_walk(outline, title if not url else category))
    return found


def write_opml(subscriptions: list[Subscription], title: str = "Tidings sources") -> str:
    """An OPML 2.0 document, grouped by category like the file it may have come from."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for sub in subscriptions:
        parent = body
        if sub.category:
            if sub.category not in folders:
                folders[sub.category] = ET.SubElement(
                    body, "outline", text=sub.category, title=sub.category
                )
            parent = folders[sub.category]
        attributes = {"type": "rss", "text": sub.title or sub.url, "xmlUrl": sub.url}
        if sub.title:
            attributes["title"] = sub.title
        if sub.site_url:
            attributes["htmlUrl"] = sub.site_url
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
