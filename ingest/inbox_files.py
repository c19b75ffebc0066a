"""One inbox file's bytes to a document: .txt .md .html .htm .eml .json."""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import PurePath

from ingest.documents import IncomingDocument
from ingest.html_text import html_title, page_to_text
from ingest.push_payload import PayloadError, parse_payload
from ingest.text_decoding import DecodedText, binary_reason, decode_text

__all__ = ["INBOX_SUFFIXES", "InboxFileError", "read_inbox_file"]

INBOX_SUFFIXES = (".txt", ".md", ".html", ".htm", ".eml", ".json")
SOURCE_LABEL = "inbox"
# Navigation lines a saved page may open with before its headline.
TITLE_SCAN_LINES = 6
MAX_TITLE_LINE = 200
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


class InboxFileError(ValueError):
    """An inbox file cannot become a document; the message says why (it goes to failed/)."""


def read_inbox_file(name: str, data: bytes) -> IncomingDocument:
    """Turn an inbox file's bytes into a document, by its suffix. Raises InboxFileError."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in INBOX_SUFFIXES:
        raise InboxFileError(
            f"unsupported file type {suffix or '(none)'}; accepted: {' '.join(INBOX_SUFFIXES)}"
        )
    if not data.strip():
        raise InboxFileError("empty file")
    if suffix == ".eml":
        return _email(data)
    declared = None
    if suffix in (".html", ".htm"):
        meta = _META_CHARSET.search(data[:4096])
        declared = meta.group(1).decode("ascii") if meta else None
    decoded = _decode(data, declared)
    notes = (decoded.note,) if decoded.note else ()
    if suffix == ".json":
        return _json(decoded.text, notes)
    if suffix in (".html", ".htm"):
        text = page_to_text(decoded.text)
        if not text:
            raise InboxFileError("no text found in the HTML")
        return IncomingDocument(
            text=text, title=html_title(decoded.text), source_label=SOURCE_LABEL, notes=notes
        )
    text = decoded.text.strip()
    return IncomingDocument(
        text=text, title=_first_line(text, suffix == ".md"), source_label=SOURCE_LABEL, notes=notes
    )


def _decode(data: bytes, declared: str | None) -> DecodedText:
    decoded = decode_text(data, declared)
    reason = binary_reason(decoded.text)
    if reason:
        raise InboxFileError(f"{reason}: not a text document")
    return decoded


def _json(text: str, notes: tuple[str, ...]) -> IncomingDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InboxFileError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    try:
        doc = parse_payload(data, default_source=SOURCE_LABEL)
    except PayloadError as exc:
        raise InboxFileError(f"JSON document: {exc}") from None
    return IncomingDocument(
        text=doc.text,
        title=doc.title,
        url=doc.url,
        published=doc.published,
        source_label=doc.source_label,
        notes=notes,
    )


def _email(data: bytes) -> IncomingDocument:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise InboxFileError("not an email message (no headers)")
    try:
        subject = str(message.get("subject") or "").strip() or None
    except (ValueError, TypeError):  # a malformed encoded-word header
        subject = None
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None or not isinstance(body, EmailMessage):
        raise InboxFileError("email has no text/plain or text/html part")
    try:
        content = body.get_content()
    except (LookupError, UnicodeError, ValueError) as exc:  # unknown charset, bad encoding
        raw = body.get_payload(decode=True)
        if not isinstance(raw, bytes):
            raise InboxFileError(f"email body cannot be decoded: {exc}") from None
        content = _decode(raw, None).text
    if not isinstance(content, str):
        raise InboxFileError("email body is not text")
    text = page_to_text(content) if body.get_content_subtype() == "html" else content.strip()
    if binary_reason(text):
        raise InboxFileError("email body is binary content, not text")
    if not text and not subject:
        raise InboxFileError("email has neither subject nor body text")
    return IncomingDocument(
        text=text or subject or "",
        title=subject,
        published=_email_date(message),
        source_label=SOURCE_LABEL,
    )


def _email_date(message: EmailMessage) -> datetime | None:
    raw = message.get("date")
    if not raw:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _first_line(text: str, markdown: bool) -> str | None:
    """The first headline-like line as a title, if it is short and more text follows.

    Pages saved as text often open with navigation ("Accessibility links", "Breaking
    News"): among the first few lines, a line of at least three words wins over them.
    """
    lines = [line.strip() for line in text.splitlines()[:TITLE_SCAN_LINES]]
    headings = [line for line in lines if markdown and line.startswith("#")]
    if headings and len(headings[0]) <= MAX_TITLE_LINE:
        return headings[0].lstrip("#").strip() or None
    candidates = [line for line in lines if line and len(line) <= MAX_TITLE_LINE]
    if not candidates or len(text.strip()) <= len(candidates[0]):
        return None
    for line in candidates:
        if len(line.split()) >= 3:
            return line
    return candidates[0]
