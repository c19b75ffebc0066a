"""Every reply the commands send, as Telegram HTML; all outside text goes through `esc`."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands import SPECS, CommandSpec

__all__ = [
    "SOMETHING_WENT_WRONG",
    "admins_only",
    "bad_argument",
    "esc",
    "help_one",
    "help_text",
    "ref_label",
    "refs_label",
    "unknown_command",
    "welcome",
]

SOMETHING_WENT_WRONG = "Something went wrong on our side. Please try again in a minute."

_PHRASE_EXAMPLE = '/watch "Quds Force"'
_LIST_LABELS = {"un": "UN", "ofac": "OFAC SDN", "uk": "UK OFSI", "opensanctions": "OpenSanctions"}


def esc(text: object) -> str:
    """Escape outside text for Telegram HTML (also quotes, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def ref_label(key: str) -> str:
    """A list reference for people: "un:IRi.039" becomes "UN IRi.039"."""
    list_name, _, ref = key.partition(":")
    return f"{_LIST_LABELS.get(list_name, list_name.upper())} {ref}".strip()


def refs_label(keys: Sequence[str]) -> str:
    """Several references, comma-separated, escaped."""
    return ", ".join(esc(ref_label(k)) for k in keys)


def code(text: str) -> str:
    """A command or example in monospace."""
    return f"<code>{esc(text)}</code>"


def welcome(sanctions_mode: str) -> str:
    """The reply to /start."""
    state = "off" if sanctions_mode == "off" else f"<b>{esc(sanctions_mode)}</b>"
    return (
        "<b>Watchbot</b> tells you when the news mentions a name you watch.\n\n"
        f"Try {code('/watch Soleimani')} or {code(_PHRASE_EXAMPLE)} for an exact phrase, "
        f"then {code('/list')} to see your names and {code('/recent')} for the latest matches.\n\n"
        f"Alerts about any sanctioned entity are {state} "
        f"({code('/sanctions on')} turns them on, "
        f"{code('/sanctions digest')} sends them once a day).\n"
        f"All commands: {code('/help')}"
    )


def help_text(specs: Sequence[CommandSpec] = SPECS) -> str:
    """The reply to /help: every command with its arguments and summary."""
    lines = ["<b>Commands</b>"]
    lines += [f"{code(s.usage)} – {esc(s.summary)}" for s in specs]
    lines.append("\nIn groups only admins change settings; everyone may read.")
    lines.append(f"More on one command: {code('/help watch')}")
    return "\n".join(lines)


def help_one(spec: CommandSpec) -> str:
    """The reply to /help COMMAND."""
    who = "admins only, in groups" if spec.changes_settings else "anyone"
    return f"{code(spec.usage)}\n{esc(spec.summary)}.\nExample: {code(spec.example)}\nWho: {who}"


def bad_argument(spec: CommandSpec, problem: str) -> str:
    """A command got an argument it cannot use: what is wrong and an example."""
    return f"{esc(problem)}\nUsage: {code(spec.usage)}\nExample: {code(spec.example)}"


def unknown_command(name: str) -> str:
    """A command the bot does not have."""
    return f"I don't know {code('/' + name)}. Send {code('/help')} for the list of commands."


def admins_only(spec: CommandSpec) -> str:
    """A group member who is not an admin tried to change settings."""
    return f"Only the group's admins can use {code('/' + spec.name)} here."


def local_time(moment: datetime, zone: str) -> str:
    """A moment shown in the chat's zone, to the minute."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") + f" {esc(zone)}"


# --- watch list -------------------------------------------------------------------------------


def watch_reply(
    status: str,
    term: str,
    total: int,
    limit: int,
    listed: Sequence[tuple[str, Sequence[str]]],
    recent: int,
    days: int,
) -> str:
    """The reply to /watch: added or already there, sanctions lists naming it, recent mentions."""
    if status == "full":
        return (
            f"This chat already watches {total} names, the limit is {limit}. "
            f"Remove some with {code('/list')} or {code('/unwatch NAME')}."
        )
    if status == "exists":
        lines = [f"You already watch <b>{esc(term)}</b>."]
    else:
        lines = [f"Watching <b>{esc(term)}</b> ({total} of {limit} names)."]
    if listed:
        found = "; ".join(f"{esc(name)} ({refs_label(refs)})" for name, refs in listed)
        lines.append(f"⚠️ {esc(term)} is on sanctions lists: {found}")
    if recent:
        plural = "document" if recent == 1 else "documents"
        lines.append(
            f"{recent} {plural} of the last {days} days already mention it: "
            f"{code('/recent ' + term)}"
        )
    else:
        lines.append(f"No document of the last {days} days mentions it yet.")
    return "\n".join(lines)


def entity_watched(name: str, refs: Sequence[str]) -> str:
    """A button press made the chat watch a listed entity with all its aliases."""
    return f"Watching <b>{esc(name)}</b> ({refs_label(refs)}) under all its listed names."


OFFER_GONE = "That offer is no longer valid; send /watch again."
BUTTON_GONE = "That button is no longer valid."


def unwatched(term: str) -> str:
    """A term was removed."""
    return f"Stopped watching <b>{esc(term)}</b>."


def not_watched(term: str) -> str:
    """/unwatch of a term the chat does not watch."""
    return f"This chat does not watch <b>{esc(term)}</b>. See {code('/list')}."


def terms_page(terms: Sequence[str], first: int, page: int, pages: int, total: int) -> str:
    """A page of /list."""
    if total == 0:
        return f"This chat watches no names yet. Try {code('/watch Soleimani')}."
    head = f"<b>Watched names</b> ({total})" + (
        f", page {page + 1} of {pages}" if pages > 1 else ""
    )
    body = "\n".join(f"{first + i + 1}. {esc(t)}" for i, t in enumerate(terms))
    return f"{head}\n{body}\nTap a name below to stop watching it."


# --- /forget ------------------------------------------------------------------------------------

FORGET_CONFIRM = (
    "This deletes everything stored about this chat: watched names, settings, pending alerts "
    "and the feeds it added. Continue?"
)
FORGET_CANCELLED = "Nothing was deleted."
FORGOTTEN = "Everything about this chat is deleted. Send <code>/start</code> to begin again."
