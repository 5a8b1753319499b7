"""Bytes to text for HTML pages, trusting the most specific declaration.

Order: byte-order mark, the HTTP charset, the page's ``<meta charset>``, then
UTF-8, then Windows-1252 (which decodes any byte, as browsers fall back).

Declarations lie both ways. A page declared UTF-8 that is really Windows-1252
fails strict UTF-8 decoding and falls through to the next witness. A page
declared ISO-8859-1/Windows-1252 that is really UTF-8 would decode "fine" into
mojibake, so a single-byte declaration yields to UTF-8 whenever the bytes are
valid, non-ASCII UTF-8 (which text in those code pages practically never is).
"""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
SINGLE_BYTE = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "cp1252",
     "windows-1252", "us-ascii", "ascii", "iso-8859-15", "latin-9"}
)  # fmt: skip
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
        if declared and declared.lower() in SINGLE_BYTE and _is_utf8(content):
            return content.decode("utf-8")
        if declared:
            try:
                return content.decode(declared)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _is_utf8(content: bytes) -> bool:
    if content.isascii():
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _header_charset(content_type: str | None) -> str | None:
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(content: bytes) -> str | None:
    match = META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None
