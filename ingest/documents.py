"""The document as intake hands it to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["IncomingDocument"]


@dataclass(frozen=True, slots=True)
class IncomingDocument:
    """A document from any source, text already extracted, before it is stored.

    `text` is plain text (HTML already extracted); `url` is as received (the pipeline
    stores its canonical form); `source_label` is what users see ("inbox", "push",
    a feed's title); `source_id` is the feed's row id when it came from a feed.
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    source_label: str = "unknown"
    source_id: int | None = None
