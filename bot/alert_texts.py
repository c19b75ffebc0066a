"""Alert, digest and list-change messages as Telegram HTML, every outside string escaped.

Pure functions: delivery gathers the rows into the views below, these turn views into
message texts no longer than Telegram's limit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = [
    "MAX_MESSAGE_CHARS",
    "AlertView",
    "DigestGroup",
    "DigestItem",
    "ListChangeView",
    "MatchView",
    "RefLink",
    "escape",
    "escape_attr",
    "render_alert",
    "render_digest",
    "render_list_changes",
    "snippet",
    "split_blocks",
]

# Telegram refuses messages over 4,096 characters (counted after entity parsing). We split
# on the raw HTML length, which is never shorter, and keep a margin for the "(2/3)" marks.
MAX_MESSAGE_CHARS = 4096
_SPLIT_AT = MAX_MESSAGE_CHARS - 96
_TITLE_MAX = 300
_SNIPPET_WIDTH = 90


def escape(text: str) -> str:
    """Escape outside text for Telegram HTML (`&`, `<`, `>`)."""
    return html.escape(text, quote=False)


def escape_attr(text: str) -> str:
    """Escape an attribute value (an href): the text escapes plus `"`."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape_attr(url)}">{escape(label)}</a>'
    return escape(label)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class RefLink:
    """A reference to a list record: "UN IRi.039", linked to the official entry if known."""

    label: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MatchView:
    """One mention to show: what was watched, the matched text in its sentence, the score."""

    match_id: int
    kind: str  # "watch" | "sanction"
    name: str  # the term as the chat typed it, or the listed entity's name
    matched: str
    before: str  # plain text just before the match
    after: str  # plain text just after
    score: float
    band: str  # "alert" | "digest"
    refs: tuple[RefLink, ...] = ()
    more: int = 0  # further mentions of the same term or entity, not shown


@dataclass(frozen=True, slots=True)
class AlertView:
    """Everything one alert message shows."""

    title: str | None
    url: str | None
    source: str | None
    published: datetime | None
    matches: tuple[MatchView, ...]
    also_in: tuple[RefLink, ...] = ()


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One document in a digest group."""

    title: str | None
    url: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """All digest matches of one term or entity."""

    name: str
    count: int
    items: tuple[DigestItem, ...]  # the top items, best first
    more: int = 0  # documents not shown


@dataclass(frozen=True, slots=True)
class ListChangeView:
    """One entity that entered or left a list."""

    change: str  # "added" | "removed"
    name: str
    list_name: str
    ref: str
    url: str | None = None


def snippet(text: str, start: int, end: int, width: int = _SNIPPET_WIDTH) -> tuple[str, str, str]:
    """(before, matched, after) around text[start:end], cut at word boundaries with ellipses."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = text[lo:start]
    after = text[end:hi]
    if lo > 0:
        parts = before.split(None, 1)
        before = "…" + (before[len(parts[0]) :] if len(parts) == 2 else before)
    if hi < len(text):
        parts = after.rsplit(None, 1)
        after = (after[: len(after) - len(parts[-1])] if len(parts) == 2 else after) + "…"
    return _squash(before), _squash(text[start:end]), _squash(after)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _band_label(match: MatchView) -> str:
    quality = "strong match" if match.band == "alert" else "possible match"
    return f"{quality}, {round(match.score * 100)}%"


def _match_block(match: MatchView) -> str:
    head = "Watched" if match.kind == "watch" else "Sanctioned"
    lines = [f"• {head}: <b>{escape(match.name)}</b> ({escape(_band_label(match))})"]
    lines.append(f"  “{escape(match.before)}<b>{escape(match.matched)}</b>{escape(match.after)}”")
    if match.more:
        lines.append(f"  (+{match.more} more mention{'s' * (match.more != 1)})")
    if match.refs:
        lines.append("  Listed: " + ", ".join(_link(r.label, r.url) for r in match.refs))
    return "\n".join(lines)


def render_alert(view: AlertView, zone: str = "UTC") -> list[str]:
    """The alert as one or more HTML messages, each within Telegram's limit."""
    title = _clip(view.title or "(untitled document)", _TITLE_MAX)
    head = [f"🔔 {_link(title, view.url)}"]
    meta = []
    if view.source:
        meta.append(escape(_clip(view.source, 120)))
    if view.published is not None:
        meta.append(view.published.astimezone(_zone(zone)).strftime("%Y-%m-%d %H:%M %Z"))
    if meta:
        head.append(" · ".join(meta))
    blocks = ["\n".join(head)]
    blocks.extend(_match_block(m) for m in view.matches)
    if view.also_in:
        blocks.append("Also in: " + ", ".join(_link(r.label, r.url) for r in view.also_in))
    return split_blocks(blocks)


def render_digest(groups: Sequence[DigestGroup], day: str) -> list[str]:
    """The daily digest: one section per term or entity, with counts and the top items."""
    total = sum(g.count for g in groups)
    blocks = [f"📰 <b>Digest for {escape(day)}</b>: {total} mention{'s' * (total != 1)}"]
    for group in groups:
        lines = [f"<b>{escape(group.name)}</b> ({group.count})"]
        for item in group.items:
            title = _link(_clip(item.title or "(untitled)", 200), item.url)
            source = f" ({escape(_clip(item.source, 80))})" if item.source else ""
            lines.append(f"• {title}{source}")
        if group.more:
            lines.append(f"+{group.more} more")
        blocks.append("\n".join(lines))
    return split_blocks(blocks)


def render_list_changes(changes: Iterable[ListChangeView]) -> list[str]:
    """Lines "newly listed: NAME (list, reference)" and "delisted: ...", as messages."""
    lines = []
    for change in changes:
        verb = "newly listed" if change.change == "added" else "delisted"
        ref = _link(f"{change.list_name.upper()}, {change.ref}", change.url)
        lines.append(f"{verb}: <b>{escape(change.name)}</b> ({ref})")
    return split_blocks(["📋 <b>Sanctions list changes</b>", *lines]) if lines else []


def split_blocks(blocks: Sequence[str], limit: int = _SPLIT_AT) -> list[str]:
    """Join blocks with blank lines into messages of at most `limit` characters.

    Blocks are never cut (a cut could split a tag); a single block over the limit is
    cut at a line boundary, and a line over the limit is replaced by its tag-free text.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    pieces: list[str] = []
    for line in block.split("\n"):
        if len(line) > limit:
            # Only reachable with absurd input; fall back to safe plain text.
            line = escape(_clip(html.unescape(_strip_tags(line)), limit // 2))
        pieces.append(line)
    return pieces


def _strip_tags(text: str) -> str:
    out, inside = [], False
    for char in text:
        if char == "<":
            inside = True
        elif char == ">" and inside:
            inside = False
        elif not inside:
            out.append(char)
    return "".join(out)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
