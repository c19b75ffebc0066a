"""/watch, /unwatch, /list and the buttons of their replies."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import keyboards, texts
from bot.chat_ref import ChatRef
from bot.command_args import ArgError, parse_term
from bot.context import WatchbotContext
from bot.handlers.common import argument, command, reply
from bot.keyboards import Callback
from bot.permissions import may_change_settings
from bot.watching import (
    LIST_PAGE,
    RECENT_DAYS,
    TermsPage,
    list_page,
    unwatch_term,
    unwatch_term_id,
    watch_entity,
    watch_term,
)

__all__ = ["list_command", "on_list_button", "unwatch", "watch"]


@command("watch")
async def watch(update: Update, context: WatchbotContext) -> None:
    """Watch a name; say whether lists name it and how often the news did lately."""
    term = parse_term(argument(update))
    services = context.services
    report = await asyncio.to_thread(watch_term, services, ChatRef.of(update), term)
    listed = [(c.name, c.refs) for c in report.listed]
    text = texts.watch_reply(
        report.status,
        term.display,
        report.total,
        services.settings.max_terms,
        listed,
        report.recent_documents,
        RECENT_DAYS,
        report.also,
    )
    offer = None
    if report.term is not None and report.term.id is not None and report.term.entity_key is None:
        offer = keyboards.entity_offer(report.term.id, listed)
    await reply(update, text, offer)


@command("unwatch")
async def unwatch(update: Update, context: WatchbotContext) -> None:
    """Stop watching a name."""
    raw = argument(update)
    if not raw:
        raise ArgError("Which name? See /list for the names this chat watches.")
    term = parse_term(raw)
    chat_id = ChatRef.of(update).id
    removed = await asyncio.to_thread(unwatch_term, context.services, chat_id, term)
    await reply(
        update, texts.unwatched(term.display) if removed else texts.not_watched(term.display)
    )


def _page_message(page: TermsPage) -> tuple[str, InlineKeyboardMarkup | None]:
    text = texts.terms_page(
        [t.text for t in page.terms], page.page * LIST_PAGE, page.page, page.pages, page.total
    )
    buttons = keyboards.list_keyboard(
        [(t.id, t.text) for t in page.terms if t.id is not None], page.page, page.pages
    )
    return text, buttons


@command("list")
async def list_command(update: Update, context: WatchbotContext) -> None:
    """Show the chat's names, ten per page, with a remove button each."""
    page = await asyncio.to_thread(list_page, context.services, ChatRef.of(update).id, 0)
    await reply(update, *_page_message(page))


async def on_list_button(update: Update, context: WatchbotContext, press: Callback) -> None:
    """A /list or /watch button: turn the page, remove a term, or watch an offered entity."""
    query = update.callback_query
    assert query is not None
    ref = ChatRef.of(update)
    services = context.services
    if press.verb in ("rm", "ent") and not await may_change_settings(update, context):
        await query.answer("Only the group's admins can change the watch list.", show_alert=True)
        return
    if press.verb == "ent":
        done = await asyncio.to_thread(watch_entity, services, ref, press.first, press.second)
        if done is None:
            await query.answer(texts.OFFER_GONE, show_alert=True)
            return
        row, candidate = done
        await query.answer("Done")
        await reply(update, texts.entity_watched(row.text, candidate.refs))
        return
    page_number = press.first
    if press.verb == "rm":
        removed = await asyncio.to_thread(unwatch_term_id, services, ref.id, press.first)
        await query.answer(f"Removed {removed}"[:200] if removed else texts.BUTTON_GONE)
        page_number = press.second
    else:
        await query.answer()
    page = await asyncio.to_thread(list_page, services, ref.id, page_number)
    text, buttons = _page_message(page)
    try:
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=buttons)
    except BadRequest as exc:
        # Pressing "next" on a list that did not change edits nothing; Telegram says so.
        if "not modified" not in str(exc).lower():
            raise
