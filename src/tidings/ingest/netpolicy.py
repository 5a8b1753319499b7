"""Which hosts Tidings may fetch from.

A source URL is operator or user input: without this check a feed could point
the fetcher at the metadata service or an admin panel on the private network
(SSRF). Loopback, private, link-local, multicast and reserved addresses are
refused unless the operator allows private networks.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from tidings.errors import FetchError


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_url_allowed(url: str, *, allow_private: bool) -> None:
    """Raise FetchError unless ``url`` is http(s) and resolves to allowed addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http and https URLs are fetched")
    if allow_private:
        return
    for address in await _resolve(parts.hostname, parts.port or 443):
        if not is_public_address(address):
            raise FetchError(
                url, f"refused: {parts.hostname} resolves to the non-public address {address}"
            )


async def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchError(f"http://{host}/", f"host not found ({exc.strerror or exc})") from exc
    return sorted({str(info[4][0]) for info in infos})
