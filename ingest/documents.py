"""The document as intake hands it to the pipeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["DocumentHandler", "IncomingDocument", "IngestOutcome", "PushHandler"]


@dataclass(frozen=True, slots=True)
class IncomingDocument:
    """A document from any source, text already extracted, before it is stored.

    `text` is plain text (HTML already extracted); `url` is as received (the pipeline
    stores its canonical form); `source_label` is what users see ("inbox", "push",
    a feed's title); `source_id` is the feed's row id when it came from a feed;
    `notes` say what intake had to guess (an undeclared encoding, say).
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    source_label: str = "unknown"
    source_id: int | None = None
    notes: tuple[str, ...] = ()


class IngestOutcome(Protocol):
    """What the pipeline answers for a document (its `IngestResult` fits)."""

    @property
    def document_id(self) -> int: ...

    @property
    def duplicate(self) -> bool: ...


# What intake calls with each document: the pipeline's `ingest`, or anything that stores.
DocumentHandler = Callable[[IncomingDocument], Awaitable[object]]
# HTTP push needs the stored document's id in its answer.
PushHandler = Callable[[IncomingDocument], Awaitable[IngestOutcome]]
