"""Limits every outside fetch obeys: size, time and redirects, passed in as one object."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FetchLimits"]


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds on one HTTP fetch (feed or article page), and on article fetches per poll.

    `total_timeout` bounds the whole fetch, redirects included: a server that trickles
    one byte a second never trips `read_timeout` but does trip this.
    """

    max_bytes: int = 5_000_000
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_redirects: int = 5
    # Entries whose text is shorter than this get their article page fetched.
    short_text_chars: int = 400
    max_article_fetches: int = 10
    user_agent: str = "Watchbot/0.1 (feed reader; +https://github.com/watchbot)"
