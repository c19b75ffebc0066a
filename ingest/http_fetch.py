"""Bounded HTTP GET: size capped while streaming, timeouts, redirects, SSRF guard."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import httpx

from ingest.addresses import BlockedAddressError, GuardedTransport, IPNetwork
from ingest.limits import FetchLimits

__all__ = [
    "BodyTooLarge",
    "FetchError",
    "Fetched",
    "create_http_client",
    "fetch_bounded",
    "read_bounded",
]


class BodyTooLarge(Exception):
    """A response body is over the limit; `announced` is its Content-Length when that said so."""

    def __init__(self, limit: int, announced: int | None = None) -> None:
        super().__init__(f"over the limit of {limit:,} bytes")
        self.limit = limit
        self.announced = announced


async def read_bounded(
    response: httpx.Response,
    max_bytes: int,
    progress: Callable[[int, int | None], None] | None = None,
) -> bytes:
    """The body of a streamed response, refused as soon as it passes `max_bytes`.

    Counts decoded bytes, so a small gzip bomb is stopped too; `progress` gets the bytes
    received so far and the announced total.
    """
    declared = response.headers.get("content-length", "")
    total = int(declared) if declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise BodyTooLarge(max_bytes, total)
    chunks: list[bytes] = []
    received = 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise BodyTooLarge(max_bytes)
        chunks.append(chunk)
        if progress is not None:
            progress(received, total)
    return b"".join(chunks)


class FetchError(Exception):
    """A fetch failed; `reason` is one line a feed's owner can read."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response read in full (within limits): final URL after redirects, status, body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes


def create_http_client(
    limits: FetchLimits,
    *,
    allow_private: bool,
    exempt: Iterable[IPNetwork] = (),
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncClient:
    """An httpx client for outside URLs: guarded addresses, no proxies from the environment.

    `exempt` lists networks reachable even when private ones are not (an internal mirror);
    `ssl_context` replaces the default trust store (a private CA).
    """
    timeout = httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.total_timeout,
    )
    return httpx.AsyncClient(
        transport=GuardedTransport(
            allow_private=allow_private, exempt=exempt, ssl_context=ssl_context
        ),
        timeout=timeout,
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        trust_env=False,
        headers={"User-Agent": limits.user_agent},
    )


async def fetch_bounded(
    client: httpx.AsyncClient,
    url: str,
    *,
    limits: FetchLimits,
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET `url`, reading at most `limits.max_bytes` (decoded), within `limits.total_timeout`.

    Raises FetchError with a readable reason on any failure, including HTTP status >= 400.
    A 304 is returned, not raised.
    """
    try:
        async with asyncio.timeout(limits.total_timeout):
            return await _fetch(client, url, limits, headers)
    except FetchError:
        raise
    except BlockedAddressError as exc:
        raise FetchError(str(exc)) from exc
    except TimeoutError as exc:
        raise FetchError(f"took longer than {limits.total_timeout:g}s in total") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"too many redirects (more than {limits.max_redirects})") from exc
    except httpx.ConnectTimeout as exc:
        raise FetchError(f"connection timed out after {limits.connect_timeout:g}s") from exc
    except httpx.ReadTimeout as exc:
        raise FetchError(f"server sent nothing for {limits.read_timeout:g}s") from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"unsupported URL scheme: {exc}") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}") from exc
    except httpx.HTTPError as exc:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise FetchError(detail) from exc


async def _fetch(
    client: httpx.AsyncClient, url: str, limits: FetchLimits, headers: Mapping[str, str] | None
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final_url = str(response.url)
        if response.status_code >= 400:
            raise FetchError(
                f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                status=response.status_code,
            )
        try:
            body = await read_bounded(response, limits.max_bytes)
        except BodyTooLarge as exc:
            if exc.announced is not None:
                raise FetchError(
                    f"response too large: {exc.announced:,} bytes announced, "
                    f"limit {limits.max_bytes:,}"
                ) from None
            raise FetchError(
                f"response too large: over the limit of {limits.max_bytes:,}"
            ) from None
        return Fetched(final_url, response.status_code, response.headers, body)
