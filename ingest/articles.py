"""An article page's main text, fetched within the same limits as feeds."""

from __future__ import annotations

import logging

import httpx

from ingest.html_text import page_to_text
from ingest.http_fetch import FetchError, fetch_bounded
from ingest.limits import FetchLimits
from ingest.text_decoding import binary_reason, decode_text

__all__ = ["fetch_article_text"]

log = logging.getLogger(__name__)


async def fetch_article_text(
    client: httpx.AsyncClient, url: str, *, limits: FetchLimits
) -> str | None:
    """The main text of the page at `url`, or None when it cannot be fetched or read.

    Failures are logged, not raised: the entry's own summary is used instead.
    """
    try:
        fetched = await fetch_bounded(
            client, url, limits=limits, headers={"Accept": "text/html,*/*;q=0.5"}
        )
    except FetchError as exc:
        log.info("article %s not fetched: %s", url, exc.reason)
        return None
    content_type = fetched.headers.get("content-type", "")
    if content_type and "html" not in content_type and "text/plain" not in content_type:
        log.info("article %s skipped: content type %s", url, content_type)
        return None
    decoded = decode_text(fetched.body, _charset(content_type))
    if binary_reason(decoded.text):
        log.info("article %s skipped: binary content", url)
        return None
    if "html" in content_type or "<" in decoded.text[:1000]:
        return page_to_text(decoded.text, url=fetched.url) or None
    return decoded.text.strip() or None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
