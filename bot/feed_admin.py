"""What /feeds, /addfeed and /removefeed do, under `Settings.feeds_policy`.

Policy "admins": only chats in `admin_chat_ids` add feeds, and those feeds are global (every
chat's terms are matched against them). Policy "anyone": every chat may add feeds of its own;
admin chats still add global ones. A chat sees the errors of feeds it owns (admin chats: all).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from sqlmodel import Session, col, or_, select

from bot.chat_ref import ChatRef, subscribe
from bot.command_args import ArgError, parse_feed_url
from bot.services import Services
from storage.models import Source
from storage.sources import FeedExistsError, add_feed, remove_feed

__all__ = ["FeedLine", "add_chat_feed", "chat_feeds", "may_add_feeds", "remove_chat_feed"]

MAX_OWN_FEEDS = 50


@dataclass(frozen=True, slots=True)
class FeedLine:
    """A feed as /feeds shows it to one chat."""

    id: int
    url: str
    title: str | None
    own: bool
    last_error: str | None


def _is_admin_chat(services: Services, chat_id: int) -> bool:
    return chat_id in services.settings.admin_chat_ids


def may_add_feeds(services: Services, chat_id: int) -> bool:
    """Whether this chat may add feeds at all under the policy."""
    return _is_admin_chat(services, chat_id) or services.settings.feeds_policy == "anyone"


def chat_feeds(services: Services, chat_id: int) -> list[FeedLine]:
    """Global feeds and this chat's own, with last errors where the chat may see them."""
    admin = _is_admin_chat(services, chat_id)
    with Session(services.engine) as session:
        rows = session.exec(
            select(Source)
            .where(
                col(Source.kind) == "feed",
                or_(col(Source.owner_chat_id).is_(None), col(Source.owner_chat_id) == chat_id),
            )
            .order_by(col(Source.id))
        ).all()
        return [
            FeedLine(
                id=int(row.id or 0),
                url=row.url,
                title=row.title,
                own=row.owner_chat_id == chat_id,
                last_error=row.last_error if (admin or row.owner_chat_id == chat_id) else None,
            )
            for row in rows
        ]


def _literal_address_refusal(url: str) -> str | None:
    """Refuse a URL whose host is a literal private/loopback address or localhost.

    Host names are checked again when fetched (ingest's guarded transport resolves them).
    """
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback host name"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    from ingest.addresses import address_refusal

    return address_refusal(host)


def add_chat_feed(
    services: Services, ref: ChatRef, raw_url: str
) -> tuple[Literal["added", "exists"], FeedLine]:
    """Add a feed for this chat (global for admin chats); ArgError when refused."""
    url = parse_feed_url(raw_url)
    if not may_add_feeds(services, ref.id):
        raise PermissionError("feeds are added by the service's admins")
    if not services.settings.allow_private_urls:
        refusal = _literal_address_refusal(url)
        if refusal:
            raise ArgError(f"That feed is on a {refusal}; only public addresses are read.")
    owner = None if _is_admin_chat(services, ref.id) else ref.id
    with Session(services.engine, expire_on_commit=False) as session:
        subscribe(session, ref)
        session.commit()
        if owner is not None:
            own = session.exec(select(Source.id).where(col(Source.owner_chat_id) == owner)).all()
            if len(own) >= MAX_OWN_FEEDS:
                raise ArgError(f"This chat already has {MAX_OWN_FEEDS} feeds, the limit.")
        try:
            source = add_feed(session, url, owner, services.settings.feed_interval)
            status: Literal["added", "exists"] = "added"
        except FeedExistsError as exists:
            source, status = exists.source, "exists"
    line = FeedLine(
        int(source.id or 0), source.url, source.title, source.owner_chat_id == ref.id, None
    )
    return status, line


def remove_chat_feed(services: Services, chat_id: int, raw: str) -> str | None:
    """Remove a feed by id or URL: a chat its own feeds, an admin chat any; returns its URL."""
    raw = raw.strip()
    admin = _is_admin_chat(services, chat_id)
    with Session(services.engine) as session:
        if raw.isdigit():
            source = session.get(Source, int(raw))
        else:
            source = session.exec(select(Source).where(col(Source.url) == raw)).first()
        if source is None or source.id is None:
            return None
        if not admin and source.owner_chat_id != chat_id:
            return None
        url = source.url
        removed = remove_feed(session, source.id, None if admin else chat_id)
    return url if removed else None
