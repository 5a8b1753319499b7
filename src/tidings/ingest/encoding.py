"""Bytes to text for HTML pages, trusting the most specific declaration.

Order: byte-order mark, the HTTP charset, the page's ``<meta charset>``, then
UTF-8, then Windows-1252 (which decodes any byte, as browsers fall back).
"""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page's bytes; never raises."""
    for bom, encoding in BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    for declared in (_header_charset(content_type), _meta_charset(content)):
        if declared:
            try:
                return content.decode(declared)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _header_charset(content_type: str | None) -> str | None:
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(content: bytes) -> str | None:
    match = META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None
