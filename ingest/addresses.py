"""SSRF guard: connect only to public addresses, checked when each connection is opened.

The check sits in the network backend under httpx, so it sees the address actually
connected to, on the first request and on every redirect hop, and a DNS answer that
changes between a check and the connection (rebinding) cannot slip past it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = [
    "BlockedAddressError",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "IPNetwork",
    "address_refusal",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddressError(Exception):
    """A URL's host is (or resolves to) an address the service must not reach."""


def address_refusal(address: str) -> str | None:
    """Why `address` may not be contacted (loopback, private...), or None when it is public."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
    ):
        if flag:
            return f"{label} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Resolve the host, refuse non-public addresses, then connect to a checked address."""

    def __init__(
        self,
        *,
        allow_private: bool,
        exempt: Iterable[IPNetwork] = (),
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._exempt = tuple(exempt)
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Open a connection to `host` only if every address it resolves to is allowed."""
        addresses = await self._resolve(host, port, timeout)
        if not self._allow_private:
            for address in addresses:
                reason = address_refusal(address)
                if reason and not self._is_exempt(address):
                    raise BlockedAddressError(f"refused to connect to {host}: {reason}")
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next address of the host
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never a feed's address."""
        raise BlockedAddressError("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        """Delegate to the wrapped backend."""
        await self._inner.sleep(seconds)

    def _is_exempt(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip in network for network in self._exempt)

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        host = host.strip("[]")
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
            )
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from exc
        addresses: list[str] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            address = str(sockaddr[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise httpcore.ConnectError(f"host {host!r} has no address")
        return addresses


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool opened through `GuardedNetworkBackend`."""

    def __init__(
        self,
        *,
        allow_private: bool,
        exempt: Iterable[IPNetwork] = (),
        limits: httpx.Limits | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        super().__init__(limits=limits, trust_env=False)
        # httpx does not expose the network backend; rebuild its pool (same settings as
        # httpx's own, see httpx/_transports/default.py) with ours. Pinned: httpx < 1.
        self._pool = httpcore.AsyncConnectionPool(
            # TLS checks the certificate against the URL's host name, not the address
            # we chose to connect to.
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedNetworkBackend(allow_private=allow_private, exempt=exempt),
        )
