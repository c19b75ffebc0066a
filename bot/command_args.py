"""Pure parsers for command arguments: text in, a value or an ArgError saying what is wrong."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

__all__ = [
    "MAX_FEED_URL",
    "MAX_MUTE",
    "MAX_TERM",
    "MIN_TERM",
    "ArgError",
    "Term",
    "command_argument",
    "parse_clock",
    "parse_duration",
    "parse_feed_url",
    "parse_quiet",
    "parse_term",
    "parse_zone",
]

MIN_TERM = 2
MAX_TERM = 100
MAX_MUTE = timedelta(days=30)
MAX_FEED_URL = 2048

_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400}
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'"}


class ArgError(ValueError):
    """An argument the command cannot use; the message is plain text for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    """A watch term as typed: its text, and whether the user asked for the exact phrase."""

    text: str
    exact: bool

    @property
    def display(self) -> str:
        """The term as the user wrote it (quoted when exact)."""
        return f'"{self.text}"' if self.exact else self.text


def command_argument(text: str | None) -> str:
    """Everything after the command word (`/watch@bot  a b` gives `a b`), trimmed."""
    if not text:
        return ""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def parse_term(raw: str) -> Term:
    """A watch term: 2 to 100 characters, not only punctuation; quotes ask for an exact phrase."""
    raw = " ".join(raw.split())
    exact = False
    if len(raw) >= 2 and raw[0] in _QUOTES and raw[-1] == _QUOTES[raw[0]]:
        raw, exact = raw[1:-1].strip(), True
    if not raw:
        raise ArgError("Give a name to watch.")
    if len(raw) > MAX_TERM:
        raise ArgError(f"That name is {len(raw)} characters long; the limit is {MAX_TERM}.")
    meaningful = [c for c in raw if unicodedata.category(c)[0] in "LN"]
    if not meaningful:
        raise ArgError("A name needs letters or digits, not only punctuation.")
    if len(raw) < MIN_TERM:
        raise ArgError(f"A name needs at least {MIN_TERM} characters.")
    if any(unicodedata.category(c) == "Cc" for c in raw):
        raise ArgError("A name cannot hold control characters.")
    return Term(raw, exact)


def parse_duration(raw: str) -> timedelta:
    """A duration such as `30m`, `8h` or `2d`, at most 30 days."""
    match = re.fullmatch(r"(\d{1,6})\s*(m|min|h|d)", raw.strip().lower())
    if not match:
        raise ArgError("Give a duration such as 30m, 8h or 2d.")
    value = timedelta(seconds=int(match[1]) * _UNITS[match[2]])
    if value <= timedelta(0):
        raise ArgError("The duration must be more than zero.")
    if value > MAX_MUTE:
        raise ArgError(f"At most {MAX_MUTE.days}d.")
    return value


def parse_clock(raw: str) -> str:
    """A 24-hour time `H:MM` or `HH:MM`, returned as `HH:MM`."""
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.h]([0-5]\d)", raw.strip())
    if not match:
        raise ArgError(f"{raw!r} is not a time; use HH:MM on a 24-hour clock, such as 08:00.")
    return f"{int(match[1]):02d}:{match[2]}"


def parse_quiet(raw: str) -> tuple[str, str]:
    """Quiet hours `HH:MM-HH:MM` (may wrap past midnight); start and end must differ."""
    start, sep, end = raw.replace("–", "-").partition("-")
    if not sep:
        raise ArgError("Give quiet hours as HH:MM-HH:MM, such as 22:00-07:00.")
    first, last = parse_clock(start), parse_clock(end)
    if first == last:
        raise ArgError("Quiet hours must start and end at different times.")
    return first, last


def parse_zone(raw: str) -> str:
    """An IANA time zone name such as `Europe/Paris` (or `UTC`), checked against tzdata."""
    name = raw.strip()
    if (
        not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}", name)
        or len(name) > 64
    ):
        raise ArgError(f"{raw!r} is not a time zone; use Area/City, such as Europe/Paris.")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ArgError(
            f"Unknown time zone {name!r}; use Area/City, such as Europe/Paris."
        ) from None
    return name


def parse_feed_url(raw: str) -> str:
    """An http(s) feed URL with a host, at most 2048 characters."""
    url = raw.strip()
    if not url:
        raise ArgError("Give the feed's URL.")
    if len(url) > MAX_FEED_URL:
        raise ArgError(f"That URL is longer than {MAX_FEED_URL} characters.")
    if any(c.isspace() for c in url):
        raise ArgError("A URL cannot contain spaces.")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ArgError("That URL cannot be read.") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ArgError("Only http:// and https:// feeds can be read.")
    if not host:
        raise ArgError("That URL has no host name.")
    return url
