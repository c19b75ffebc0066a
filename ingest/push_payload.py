"""The JSON document shape shared by HTTP push and `.json` files in the inbox."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ingest.documents import IncomingDocument
from ingest.html_text import page_to_text

__all__ = ["FIELDS", "PayloadError", "parse_payload"]

FIELDS = ("url", "title", "text", "html", "published", "source")
MAX_URL = 2048
MAX_TITLE = 1000
MAX_SOURCE = 256


class PayloadError(ValueError):
    """A payload breaks the shape; `problems` lists each one, naming the field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_payload(data: Any, *, default_source: str) -> IncomingDocument:
    """`{url?, title?, text or html, published?, source?}` as a document.

    Raises PayloadError listing every problem (unknown fields included: a typo such as
    "body" for "text" should not pass silently).
    """
    if not isinstance(data, dict):
        raise PayloadError([f"expected a JSON object, got {_json_type(data)}"])
    problems = [
        f"unknown field {key!r} (fields: {', '.join(FIELDS)})" for key in data if key not in FIELDS
    ]
    values: dict[str, str | None] = {}
    for key in FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{key}: expected a string, got {_json_type(value)}")
            value = None
        values[key] = value.strip() if isinstance(value, str) and value.strip() else None
    url, title, source = values["url"], values["title"], values["source"]
    if url is not None:
        if not url.lower().startswith(("http://", "https://")):
            problems.append("url: must start with http:// or https://")
        elif len(url) > MAX_URL:
            problems.append(f"url: longer than {MAX_URL} characters")
    if title is not None and len(title) > MAX_TITLE:
        problems.append(f"title: longer than {MAX_TITLE} characters")
    if source is not None and len(source) > MAX_SOURCE:
        problems.append(f"source: longer than {MAX_SOURCE} characters")
    published = None
    if values["published"] is not None:
        try:
            published = parse_timestamp(values["published"])
        except ValueError:
            problems.append(
                "published: expected an ISO 8601 date or time, e.g. 2026-11-27T09:30:00Z"
            )
    text = values["text"]
    if text is None and values["html"] is not None:
        text = page_to_text(values["html"], url=url) or None
    if text is None:
        problems.append("text or html: one of them is required and must not be empty")
    if problems:
        raise PayloadError(problems)
    assert text is not None
    return IncomingDocument(
        text=text,
        title=title,
        url=url,
        published=published,
        source_label=source or default_source,
    )


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 date or date-time; a time without zone is taken as UTC."""
    value = value.strip()
    if len(value) == 10:
        day = date.fromisoformat(value)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
