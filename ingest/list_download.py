"""Downloading sanctions lists from their publishers: conditional, size-capped, guarded.

The official sources (overridable per list with `WATCHBOT_LISTS_BASE_URLS`):
- UN Security Council Consolidated List (XML): scsanctions.un.org
- OFAC SDN list, CSV set (SDN.CSV, ALT.CSV, ADD.CSV, SDN_COMMENTS.CSV): OFAC's Sanctions
  List Service
- UK OFSI Consolidated List (ConList.csv, 2022 format): ofsistorage.blob.core.windows.net
- OpenSanctions, default collection (targets.simple.csv): data.opensanctions.org
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ingest.addresses import BlockedAddressError
from ingest.http_fetch import BodyTooLarge, create_http_client, read_bounded
from ingest.limits import FetchLimits

__all__ = [
    "DEFAULT_LIST_MAX_BYTES",
    "LIST_NAMES",
    "OFFICIAL_URLS",
    "DownloadedList",
    "ListDownloadError",
    "Progress",
    "download_list",
    "list_urls",
]

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
OFFICIAL_URLS: Mapping[str, tuple[str, ...]] = {
    "un": ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",),
    "ofac": tuple(
        OFAC_EXPORTS + name for name in ("SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV")
    ),
    "uk": ("https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",),
    "opensanctions": ("https://data.opensanctions.org/datasets/latest/default/targets.simple.csv",),
}
LIST_NAMES = tuple(OFFICIAL_URLS)
# OpenSanctions' default collection is the largest file (a few hundred MB); a list over
# this is refused rather than read into memory.
DEFAULT_LIST_MAX_BYTES = 1024 * 2**20
_OFAC_COMPANIONS = ("alt", "add", "sdn_comments")

# Called as (url, bytes received so far, total announced or None).
Progress = Callable[[str, int, int | None], None]


class ListDownloadError(Exception):
    """A list could not be downloaded; the message names the URL and the reason."""


@dataclass(frozen=True, slots=True)
class DownloadedList:
    """The files of one list as downloaded ({url: bytes}), or `not_modified` after a 304."""

    list_name: str
    not_modified: bool
    files: dict[str, bytes] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None


def list_urls(list_name: str, overrides: Mapping[str, str]) -> tuple[str, ...]:
    """The URLs of one list's files, main file first.

    An OFAC override naming `sdn.csv` brings its companions from the same folder, in
    the same letter case (`ALT.CSV` beside `SDN.CSV`); any other override is one file.
    """
    if list_name not in OFFICIAL_URLS:
        raise ValueError(f"unknown list {list_name!r}; known: {', '.join(LIST_NAMES)}")
    url = overrides.get(list_name)
    if url is None:
        return OFFICIAL_URLS[list_name]
    base, _, file_name = url.partition("?")[0].rpartition("/")
    if list_name == "ofac" and file_name.lower() == "sdn.csv":
        upper = file_name.isupper()
        return (url, *(f"{base}/{c.upper() if upper else c}.{'CSV' if upper else 'csv'}"
                       for c in _OFAC_COMPANIONS))  # fmt: skip
    return (url,)


async def download_list(
    list_name: str,
    urls: tuple[str, ...],
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = DEFAULT_LIST_MAX_BYTES,
    timeout: float = 60.0,
    total_timeout: float = 1800.0,
    allow_private: bool = False,
    progress: Progress | None = None,
) -> DownloadedList:
    """Download one list; a 304 on its main file (ETag / Last-Modified) downloads nothing.

    `timeout` bounds connecting and each read; `total_timeout` the whole list. Raises
    ListDownloadError naming the URL on any failure, size limit and SSRF refusals included.
    """
    limits = FetchLimits(
        max_bytes=max_bytes,
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=total_timeout,
        user_agent="Watchbot/0.1 (sanctions list update)",
    )
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    files: dict[str, bytes] = {}
    async with create_http_client(limits, allow_private=allow_private) as client:
        try:
            async with asyncio.timeout(total_timeout):
                main = await _get(client, urls[0], conditional, max_bytes, progress)
                if main.status_code == 304:
                    return DownloadedList(list_name, not_modified=True, etag=etag,
                                          last_modified=last_modified)  # fmt: skip
                files[urls[0]] = main.body
                for url in urls[1:]:
                    files[url] = (await _get(client, url, {}, max_bytes, progress)).body
        except TimeoutError as exc:
            raise ListDownloadError(
                f"{list_name}: download took longer than {total_timeout:g}s"
            ) from exc
    return DownloadedList(
        list_name,
        not_modified=False,
        files=files,
        etag=main.headers.get("etag"),
        last_modified=main.headers.get("last-modified"),
    )


@dataclass(frozen=True, slots=True)
class _Response:
    status_code: int
    headers: httpx.Headers
    body: bytes


async def _get(
    client: httpx.AsyncClient,
    url: str,
    headers: Mapping[str, str],
    max_bytes: int,
    progress: Progress | None,
) -> _Response:
    """GET one file, streamed, refusing it as soon as it passes `max_bytes`."""
    try:
        async with client.stream("GET", url, headers=dict(headers)) as response:
            if response.status_code == 304:
                return _Response(304, response.headers, b"")
            if response.status_code >= 400:
                raise ListDownloadError(
                    f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                )
            try:
                body = await read_bounded(
                    response,
                    max_bytes,
                    None if progress is None else lambda got, total: progress(url, got, total),
                )
            except BodyTooLarge as exc:
                size = f"is {exc.announced:,} bytes," if exc.announced is not None else "is"
                stopped = "" if exc.announced is not None else "; download stopped"
                raise ListDownloadError(
                    f"{url}: file {size} over the limit of {max_bytes:,} bytes{stopped}"
                ) from None
            return _Response(response.status_code, response.headers, body)
    except BlockedAddressError as exc:
        raise ListDownloadError(f"{url}: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise ListDownloadError(f"{url}: timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise ListDownloadError(f"{url}: {type(exc).__name__}: {exc}") from exc
