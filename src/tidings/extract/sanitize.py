"""Make publisher HTML safe to show inside a Tidings page.

Article bodies and feed contents are third-party markup rendered on our own
origin, so anything that can run code, load remote frames, restyle the page or
track the reader goes. The allow-list keeps only reading structure: paragraphs,
sub-headings, lists, quotes, emphasis, links and images, with http(s) URLs only
(relative URLs are dropped because they would resolve against Tidings, not the
publisher; resolve them before sanitising).
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "em",
        "strong",
        "figure",
        "figcaption",
        "img",
    }
)

# Elements whose *content* is code, an embedded document or form state, never
# reading text: removed with everything inside them.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "noscript",
        "template",
        "textarea",
        "select",
        "button",
        "canvas",
        "audio",
        "video",
        "head",
        "title",
    }
)

_URL_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
_URL_NAMES = frozenset({"href", "src"})


def _only_web_urls(tag: str, attribute: str, value: str) -> str | None:
    """Keep a URL attribute only when it is an absolute http(s) URL."""
    if attribute not in _URL_NAMES:
        return value
    lowered = value.strip().lower()
    if lowered.startswith(("http://", "https://")):
        return value.strip()
    return None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _URL_ATTRIBUTES.items()},
    attribute_filter=_only_web_urls,
    url_schemes={"http", "https"},
    strip_comments=True,
    link_rel="noopener noreferrer nofollow ugc",
)


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the display allow-list; safe to embed unescaped."""
    if not html or not html.strip():
        return ""
    return _CLEANER.clean(html).strip()
