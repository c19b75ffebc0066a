"""/sanctions, /mode, /digest, /mute, /unmute and /quiet: how and when a chat hears of matches."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot import texts
from bot.chat_ref import ChatRef
from bot.chat_settings import (
    change_settings,
    set_alert_mode,
    set_digest_time,
    turn_digest_off,
)
from bot.command_args import ArgError, parse_clock, parse_duration, parse_quiet, parse_zone
from bot.context import WatchbotContext
from bot.handlers.common import argument, command, reply
from storage.models import AlertMode, Chat, SanctionsMode

__all__ = ["digest", "mode", "mute", "quiet", "sanctions", "unmute"]


def _choice(raw: str, allowed: tuple[str, ...]) -> str:
    word = raw.strip().lower()
    if word not in allowed:
        raise ArgError(f"Choose one of: {', '.join(allowed)}.")
    return word


async def _reschedule(context: WatchbotContext, chat: Chat) -> None:
    """Move the chat's daily digest job to its new time (or remove it)."""
    from bot.scheduler import reschedule_digest

    if context.job_queue is not None:
        reschedule_digest(context.job_queue, chat, context.services)


@command("sanctions")
async def sanctions(update: Update, context: WatchbotContext) -> None:
    """Turn alerts about any sanctioned entity on, off, or into the daily digest."""
    value = _choice(argument(update), tuple(m.value for m in SanctionsMode))
    chat = await asyncio.to_thread(
        change_settings, context.services, ChatRef.of(update), sanctions_mode=value
    )
    await reply(update, texts.sanctions_set(value, chat.digest_time, chat.timezone))


@command("mode")
async def mode(update: Update, context: WatchbotContext) -> None:
    """Choose instant alerts, a daily digest, or both."""
    value = _choice(argument(update), tuple(m.value for m in AlertMode))
    chat = await asyncio.to_thread(set_alert_mode, context.services, ChatRef.of(update), value)
    await _reschedule(context, chat)
    await reply(update, texts.mode_set(value, chat.digest_time, chat.timezone))


@command("digest")
async def digest(update: Update, context: WatchbotContext) -> None:
    """Set the digest time (and zone), turn the digest off, or send it now."""
    words = argument(update).split()
    if not words:
        raise ArgError("Give a time such as 08:00, or off, or now.")
    services, ref = context.services, ChatRef.of(update)
    first = words[0].lower()
    if first == "now" and len(words) == 1:
        await _digest_now(update, context)
        return
    if first == "off" and len(words) == 1:
        chat, switched = await asyncio.to_thread(turn_digest_off, services, ref)
        await _reschedule(context, chat)
        await reply(update, texts.digest_off(switched))
        return
    if len(words) > 2:
        raise ArgError("Give a time and at most one time zone.")
    at = parse_clock(words[0])
    zone = parse_zone(words[1]) if len(words) == 2 else None
    chat, switched = await asyncio.to_thread(set_digest_time, services, ref, at, zone)
    await _reschedule(context, chat)
    await reply(update, texts.digest_set(chat.digest_time or "", chat.timezone, switched))


async def _digest_now(update: Update, context: WatchbotContext) -> None:
    from bot.delivery import send_digest

    chat_id = ChatRef.of(update).id
    await asyncio.to_thread(change_settings, context.services, ChatRef.of(update))
    sent = await send_digest(context.application, chat_id, context.services.clock())
    if not sent:
        await reply(update, texts.DIGEST_EMPTY)


@command("mute")
async def mute(update: Update, context: WatchbotContext) -> None:
    """Hold alerts for a while (at most 30 days)."""
    length = parse_duration(argument(update))
    until = context.services.clock() + length
    chat = await asyncio.to_thread(
        change_settings, context.services, ChatRef.of(update), muted_until=until
    )
    await reply(update, texts.muted(until, chat.timezone))


@command("unmute")
async def unmute(update: Update, context: WatchbotContext) -> None:
    """Resume alerts now."""
    await asyncio.to_thread(change_settings, context.services, ChatRef.of(update), muted_until=None)
    await reply(update, texts.UNMUTED)


@command("quiet")
async def quiet(update: Update, context: WatchbotContext) -> None:
    """Set quiet hours in the chat's time zone, or turn them off."""
    raw = argument(update)
    if not raw:
        raise ArgError("Give quiet hours such as 22:00-07:00, or off.")
    if raw.strip().lower() == "off":
        await asyncio.to_thread(
            change_settings, context.services, ChatRef.of(update), quiet_start=None, quiet_end=None
        )
        await reply(update, texts.QUIET_OFF)
        return
    start, end = parse_quiet(raw)
    chat = await asyncio.to_thread(
        change_settings, context.services, ChatRef.of(update), quiet_start=start, quiet_end=end
    )
    await reply(update, texts.quiet_set(start, end, chat.timezone))
