"""Canonical article URLs: one article, one identity.

The same article reaches us through several feeds and newsletters with
different tracking parameters, fragments and host spellings. Articles are keyed
by the canonical form, so it must be stable and must never merge two different
articles: only parameters known to carry no content are dropped.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from courlan import extract_domain

from tidings.models import ARCHIVE_IDENTITIES

TRACKING_PREFIXES = ("utm_", "ns_", "at_", "pk_", "mtm_", "hsa_", "_hs")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "cmpid", "ocid", "icid",
        "ito", "smid", "sr_share", "share", "xtor", "ref_src", "ref_url", "spm",
        "guccounter", "guce_referrer", "guce_referrer_sig", "from_rss", "wt.mc_id",
        "wt_mc_id", "s_cid", "soc_src", "soc_trk",
    }
)  # fmt: skip
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Return the identity form of an http(s) URL; other schemes, and URLs too broken
    to fetch (``is_http_url`` refuses them), pass through.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, resolves dot segments and sorts the remaining query.
    """
    url = url.strip()
    if not is_http_url(url):
        return url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    return urlunsplit((scheme, host, _clean_path(parts.path), _clean_query(parts.query), ""))


def is_http_url(url: str) -> bool:
    """Only well-formed http(s) URLs are fetched; file:, javascript:, data: never are,
    nor a port out of range (``:99999``) or an unclosed IPv6 bracket (``http://[::1/x``)."""
    try:
        parts = urlsplit(url.strip())
        port_ok = parts.port != 0  # reading the port raises ValueError when out of range
    except ValueError:
        return False
    return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname) and port_ok


def registered_domain(url: str) -> str | None:
    """The public-suffix registered domain; the bare host when the suffix is unknown."""
    return _host_domain(urlsplit(url).hostname or "")


@lru_cache(maxsize=4096)
def _host_domain(host: str) -> str | None:
    """Per host, because the public-suffix lookup costs more than the rest of
    reconciling a page and a crawl asks it for the same few hosts all day."""
    return extract_domain(f"http://{host}/") or host.removeprefix("www.") or None


def is_identity(url: str) -> bool:
    """An address an article may be stored under: a web address, or the name Tidings
    gives a page without one (``models.ARCHIVE_IDENTITIES``), which ``tidings export``
    writes and ``tidings ingest`` reads back."""
    return is_http_url(url) or url.startswith(ARCHIVE_IDENTITIES)


def _clean_path(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith("/")
    normal = posixpath.normpath(unquote(path))
    normal = normal.lstrip("/")
    normal = "/" + normal if normal != "." else "/"
    if trailing and not normal.endswith("/"):
        normal += "/"
    return quote(normal, safe="/:@!$&'()*+,;=-._~%")


def _clean_query(query: str) -> str:
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    return urlencode(sorted(pairs))


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)
