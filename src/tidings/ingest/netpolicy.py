"""Which hosts Tidings may fetch from.

A source URL is operator or user input: without this check a feed could point
the fetcher at the metadata service or an admin panel on the private network
(SSRF). Loopback, private, link-local, multicast and reserved addresses are
refused unless the operator allows private networks.

Checking the URL before the request is not enough: a hostile DNS server can
answer a public address to the check and a private one to the connection (DNS
rebinding). ``GuardedBackend`` therefore resolves once at connect time, checks
the addresses and connects to exactly the address it checked.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

from tidings.errors import FetchError
from tidings.ingest.urls import is_http_url


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_url_allowed(url: str, *, allow_private: bool) -> None:
    """Raise FetchError unless ``url`` is well-formed http(s) and resolves to allowed
    addresses."""
    if not is_http_url(url):
        raise FetchError(url, "only http and https URLs with a valid host and port are fetched")
    if allow_private:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    _refuse_private(url, host, await _resolve(host, parts.port or 443))


def _refuse_private(url: str, host: str, addresses: list[str]) -> None:
    for address in addresses:
        if not is_public_address(address):
            raise FetchError(url, f"refused: {host} resolves to the non-public address {address}")


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


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that connects only to the public addresses it resolved itself.

    TLS still verifies the certificate against the host name (httpcore passes
    the origin's name as SNI), so pinning the address changes nothing else.
    """

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await _resolve(host, port)
            _refuse_private(f"http://{host}:{port}/", host, addresses)
        except FetchError as exc:
            raise httpcore.ConnectError(exc.reason) from exc
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # every one was checked above
            try:
                return await self._backend.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} has no address")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)
