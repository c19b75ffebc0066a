"""Every reply the commands send, as Telegram HTML; all outside text goes through `esc`."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.commands import SPECS, CommandSpec
from watchlists.mentions import Candidate

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


class FeedLike(Protocol):
    """What the feed texts read of a feed."""

    @property
    def id(self) -> int: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def own(self) -> bool: ...
    @property
    def last_error(self) -> str | None: ...


class MatchLike(Protocol):
    """What /recent shows of a match (storage.lookback.MatchLine)."""

    @property
    def title(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def published_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def before(self) -> str: ...
    @property
    def matched(self) -> str: ...
    @property
    def after(self) -> str: ...


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
    also: Sequence[str] = (),
) -> str:
    """The reply to /watch: added or already there, the other spellings looked for, sanctions
    lists naming it, recent mentions."""
    if status == "full":
        return (
            f"This chat already watches {total} names, the limit is {limit}. "
            f"Remove some with {code('/list')} or {code('/unwatch NAME')}."
        )
    if status == "exists":
        lines = [f"You already watch <b>{esc(term)}</b>."]
    else:
        lines = [f"Watching <b>{esc(term)}</b> ({total} of {limit} names)."]
    if also:
        lines.append("Also looked for as " + ", ".join(f"<b>{esc(a)}</b>" for a in also) + ".")
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


# --- modes and times ----------------------------------------------------------------------------


def _digest_at(digest_time: str | None, zone: str) -> str:
    return f"{esc(digest_time)} {esc(zone)}" if digest_time else "(no digest time set)"


def sanctions_set(value: str, digest_time: str | None, zone: str) -> str:
    """The reply to /sanctions."""
    if value == "off":
        return "Sanctions alerts are <b>off</b>. Your watched names still alert you."
    if value == "digest":
        return (
            "Mentions of sanctioned entities will come in the daily digest at "
            f"{_digest_at(digest_time, zone)}. Set the time with {code('/digest 08:00')}."
        )
    return "Sanctions alerts are <b>on</b>: you hear of any listed entity the news mentions."


def mode_set(value: str, digest_time: str | None, zone: str) -> str:
    """The reply to /mode."""
    if value == "instant":
        return "Matches now arrive <b>at once</b>."
    where = f"daily digest at {_digest_at(digest_time, zone)}"
    if value == "digest":
        return f"Matches now wait for the {where}. Change the time with {code('/digest HH:MM')}."
    return f"Matches arrive at once <b>and</b> in the {where}."


def digest_set(digest_time: str, zone: str, switched: bool) -> str:
    """The reply to /digest HH:MM."""
    text = f"Daily digest at <b>{esc(digest_time)}</b> ({esc(zone)})."
    if switched:
        text += f" Alerts still arrive at once too ({code('/mode digest')} for the digest only)."
    return text


def digest_off(switched: bool) -> str:
    """The reply to /digest off."""
    text = "Daily digest off."
    if switched:
        text += " Matches now arrive at once (mode instant)."
    return text


DIGEST_EMPTY = "Nothing new for a digest yet."


def muted(until: datetime, zone: str) -> str:
    """The reply to /mute."""
    return (
        f"Muted until {local_time(until, zone)}. Alerts found meanwhile are held and sent "
        f"when the mute ends. {code('/unmute')} to resume now."
    )


UNMUTED = "Alerts resumed."
QUIET_OFF = "Quiet hours off."


def quiet_set(start: str, end: str, zone: str) -> str:
    """The reply to /quiet."""
    return (
        f"Quiet hours {esc(start)}–{esc(end)} ({esc(zone)}): instant alerts found then are "
        "held and sent when they end."
    )


# --- feeds --------------------------------------------------------------------------------------

FEEDS_ADMINS_ONLY = "On this service, feeds are added by its administrators."


def _feed_label(line: FeedLike) -> str:
    label = esc(line.title or line.url)
    return f'<a href="{esc(line.url)}">{label}</a>'


def feeds_list(lines: Sequence[FeedLike], may_add: bool) -> str:
    """The reply to /feeds."""
    if not lines:
        text = "No feeds are read yet."
    else:
        rows = []
        for line in lines:
            owner = " (yours)" if line.own else ""
            row = f"{line.id}. {_feed_label(line)}{owner}"
            if line.last_error:
                row += f"\n   ⚠️ last error: {esc(line.last_error[:200])}"
            rows.append(row)
        text = "<b>Feeds</b>\n" + "\n".join(rows)
    if may_add:
        text += f"\nAdd one: {code('/addfeed https://example.org/rss.xml')}"
    return text


def feed_added(status: str, feed_id: int, url: str) -> str:
    """The reply to /addfeed."""
    if status == "exists":
        return f"That feed is already read (feed {feed_id}): {esc(url)}"
    return f"Added feed {feed_id}: {esc(url)}. Its first poll is due now."


def feed_removed(url: str) -> str:
    """The reply to /removefeed."""
    return f"Removed feed {esc(url)}."


def feed_not_yours(raw: str) -> str:
    """/removefeed of a feed that does not exist or that the chat does not own."""
    return f"No feed {esc(raw[:100])} that this chat added. See {code('/feeds')}."


# --- looking back -------------------------------------------------------------------------------

_SNIPPET = 70


def _around(before: str, matched: str, after: str) -> str:
    left = " ".join(before.split())
    right = " ".join(after.split())
    left = ("…" + left[-_SNIPPET:]) if len(left) > _SNIPPET else left
    right = (right[:_SNIPPET] + "…") if len(right) > _SNIPPET else right
    return f"{esc(left)} <b>{esc(matched)}</b> {esc(right)}".strip()


def recent_matches(lines: Sequence[MatchLike], name: str | None, limit: int) -> str:
    """The reply to /recent."""
    if not lines:
        about = f" for <b>{esc(name)}</b>" if name else ""
        return f"No matches{about} yet. New documents are checked as they arrive."
    head = f"<b>Latest matches{' for ' + esc(name) if name else ''}</b>"
    items = []
    for line in lines[:limit]:
        title = esc(line.title or line.url or "(untitled)")
        # Telegram refuses links other than http(s) (and tg:); show those as plain titles.
        linkable = line.url and line.url.lower().startswith(("http://", "https://"))
        link = f'<a href="{esc(line.url)}">{title}</a>' if linkable else title
        when = (line.published_at or line.created_at).strftime("%Y-%m-%d")
        source = f"{esc(line.source)}, " if line.source else ""
        items.append(
            f"• {link} ({source}{when})\n  {_around(line.before, line.matched, line.after)}"
        )
    return head + "\n" + "\n".join(items)


def check_result(name: str, candidates: Sequence[Candidate]) -> str:
    """The reply to /check: the best list candidates with score and reason."""
    if not candidates:
        return f"<b>{esc(name)}</b>: no close match on the installed sanctions lists."
    rows = [
        f"{i}. <b>{esc(c.name)}</b> – {c.score:.0%} ({esc(c.how)})\n   {refs_label(c.refs)}"
        for i, c in enumerate(candidates, 1)
    ]
    return f"Screening <b>{esc(name)}</b>:\n" + "\n".join(rows)


def stats_caption(label: str, total: int, days: int) -> str:
    """The caption of the /stats chart."""
    plural = "document" if total == 1 else "documents"
    return f"{esc(label)}: {total} {plural} in the last {days} days."


def export_caption(rows: int) -> str:
    """The caption of the /export file."""
    if rows == 0:
        return "No matches yet; the file holds only the header row."
    return f"{rows} match{'es' if rows != 1 else ''}."
