"""When a chat does not want alerts now: muted, or inside its quiet hours (in its own zone)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.models import Chat

__all__ = ["held_until", "quiet_until", "safe_zone"]


def safe_zone(name: str | None) -> ZoneInfo:
    """The chat's zone, or UTC when the stored name is unknown to this system."""
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def quiet_until(now: datetime, zone: str, start: str | None, end: str | None) -> datetime | None:
    """The UTC end of the quiet period `now` falls in, or None outside quiet hours.

    `start`/`end` are local "HH:MM"; a period may cross midnight (22:00-07:00). The end is
    resolved in the chat's zone on the right local day, so DST changes move it correctly.
    """
    if not start or not end or start == end:
        return None
    tz = safe_zone(zone)
    local = now.astimezone(tz)
    begin, finish = _clock(start), _clock(end)
    clock = local.time().replace(second=0, microsecond=0, tzinfo=None)
    if begin < finish:
        inside = begin <= clock < finish
        end_day = local.date()
    else:
        inside = clock >= begin or clock < finish
        end_day = local.date() + timedelta(days=1) if clock >= begin else local.date()
    if not inside:
        return None
    return datetime.combine(end_day, finish, tzinfo=tz).astimezone(now.tzinfo)


def held_until(chat: Chat, now: datetime, kind: str) -> datetime | None:
    """Until when a message of `kind` to `chat` must wait, or None to send it now.

    Mutes hold every kind; quiet hours hold instant alerts and list changes (a digest
    comes at the time the chat chose).
    """
    if chat.muted_until is not None and chat.muted_until > now:
        return chat.muted_until
    if kind in {"alert", "list_change"}:
        return quiet_until(now, chat.timezone, chat.quiet_start, chat.quiet_end)
    return None
