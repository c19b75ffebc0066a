"""Polling one feed: conditional GET, parse, entries to documents, short entries completed."""

from __future__ import annotations

import asyncio
import enum
import logging
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from ingest.articles import fetch_article_text
from ingest.documents import IncomingDocument
from ingest.feed_parsing import FeedFormatError, entry_document, parse_feed
from ingest.http_fetch import FetchError, fetch_bounded
from ingest.limits import FetchLimits

__all__ = ["FeedResult", "FeedSource", "PollStatus", "poll_feed"]

log = logging.getLogger(__name__)


class FeedSource(Protocol):
    """What polling needs to know of a feed (a `storage.sources.FeedState` fits)."""

    @property
    def id(self) -> int | None: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...


class PollStatus(enum.StrEnum):
    """How a poll ended."""

    NEW = "new"  # the feed was fetched and parsed (it may still hold no entries)
    NOT_MODIFIED = "not_modified"  # 304: nothing new
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The outcome of one poll: documents, the validators to keep, and any error or warning."""

    status: PollStatus
    documents: list[IncomingDocument] = field(default_factory=list)
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    warning: str | None = None


async def poll_feed(
    client: httpx.AsyncClient, source: FeedSource, *, limits: FetchLimits
) -> FeedResult:
    """Fetch `source` with a conditional GET and turn its entries into documents.

    Never raises for bad feeds or network trouble: the result says what went wrong.
    """
    headers: dict[str, str] = {
        "Accept": "application/rss+xml, application/atom+xml, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    }
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        fetched = await fetch_bounded(client, source.url, limits=limits, headers=headers)
    except FetchError as exc:
        return FeedResult(PollStatus.ERROR, error=exc.reason)
    if fetched.status == 304:
        return FeedResult(
            PollStatus.NOT_MODIFIED, etag=source.etag, last_modified=source.last_modified
        )
    try:
        parsed = parse_feed(
            fetched.body, url=fetched.url, content_type=fetched.headers.get("content-type")
        )
    except FeedFormatError as exc:
        return FeedResult(PollStatus.ERROR, error=str(exc))
    title = parsed.title or source.title
    label = title or httpx.URL(source.url).host
    documents = [
        doc
        for doc in (
            entry_document(entry, source_label=label, source_id=source.id)
            for entry in parsed.entries
        )
        if doc is not None
    ]
    documents = await _complete_short_entries(client, documents, limits)
    # A feed read from broken XML keeps no validators, so the next poll reads it whole again.
    recovered = parsed.warning is not None
    return FeedResult(
        PollStatus.NEW,
        documents=documents,
        title=title,
        etag=None if recovered else fetched.headers.get("etag"),
        last_modified=None if recovered else fetched.headers.get("last-modified"),
        warning=parsed.warning,
    )


async def _complete_short_entries(
    client: httpx.AsyncClient, documents: list[IncomingDocument], limits: FetchLimits
) -> list[IncomingDocument]:
    """Replace summary-only texts by the article page's text, for at most N entries."""
    short = [
        i for i, doc in enumerate(documents) if doc.url and len(doc.text) < limits.short_text_chars
    ][: limits.max_article_fetches]
    pages = await asyncio.gather(
        *(fetch_article_text(client, documents[i].url or "", limits=limits) for i in short)
    )
    completed = list(documents)
    for i, page in zip(short, pages, strict=True):
        doc = documents[i]
        if page and len(page) > len(doc.text):
            completed[i] = _with_text(doc, page)
    return [doc if doc.text else _with_text(doc, doc.title or "") for doc in completed]


def _with_text(doc: IncomingDocument, text: str) -> IncomingDocument:
    return IncomingDocument(
        text=text,
        title=doc.title,
        url=doc.url,
        published=doc.published,
        source_label=doc.source_label,
        source_id=doc.source_id,
    )
