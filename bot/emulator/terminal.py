"""Render what the bot did as a person would read it in a terminal."""

from __future__ import annotations

from typing import Any

from .model import BotEvent, ChatMessage, EmuChat

__all__ = ["describe_chat", "render_event", "render_text"]

# ANSI styles per entity type; links and quotes are also readable without colour.
_STYLE = {
    "bold": "1",
    "italic": "3",
    "underline": "4",
    "strikethrough": "9",
    "code": "36",
    "pre": "36",
    "spoiler": "2",
    "text_link": "4;34",
    "blockquote": "2",
    "expandable_blockquote": "2",
}
_RESET = "\x1b[0m"


def _python_index(text: str) -> list[int]:
    """Map each UTF-16 offset (Telegram's unit) to a Python string index."""
    index = []
    for position, char in enumerate(text):
        index.extend([position] * (2 if ord(char) > 0xFFFF else 1))
    index.append(len(text))
    return index


def render_text(text: str, entities: list[dict[str, Any]], *, color: bool) -> str:
    """Plain text with entities shown: ANSI styles if `color`, links as "text (url)" always."""
    index = _python_index(text)
    last = len(index) - 1
    spans = [
        (index[min(e["offset"], last)], index[min(e["offset"] + e["length"], last)], e)
        for e in entities
    ]
    out: list[str] = []
    for position in range(len(text) + 1):
        ending = [(s, e, ent) for s, e, ent in spans if e == position]
        for _, _, entity in ending:
            if entity["type"] == "text_link":
                label = text[index[entity["offset"]] : position]
                if entity.get("url") != label:
                    out.append(f" ({entity.get('url')})")
        if color and ending:
            # ANSI has no "end bold" that leaves italic on: reset, then reopen what continues.
            out.append(_RESET)
            out.extend(
                f"\x1b[{_STYLE[ent['type']]}m"
                for s, e, ent in spans
                if s < position < e and ent["type"] in _STYLE
            )
        if color:
            out.extend(
                f"\x1b[{_STYLE[ent['type']]}m"
                for s, e, ent in spans
                if s == position and e > position and ent["type"] in _STYLE
            )
        if position < len(text):
            out.append(text[position])
    return "".join(out)


def describe_chat(chat: EmuChat, thread_id: int | None = None) -> str:
    """ "Alice (private)", "Newsroom (group)", "Desk (supergroup) / topic Alerts"."""
    name = chat.user.display_name if chat.kind == "private" and chat.user else chat.title
    label = f"{name} ({chat.kind})"
    if thread_id is not None:
        label += f" / topic {chat.topics.get(thread_id, thread_id)}"
    return label


def _size(count: int) -> str:
    return f"{count} B" if count < 1000 else f"{count / 1000:.0f} kB"


def _body(message: ChatMessage, color: bool) -> list[str]:
    lines: list[str] = []
    if message.file is not None:
        name = message.file.filename or message.file.url or "file"
        lines.append(f"[{message.file.kind}: {name}, {_size(message.file.size)}]")
    if message.text:
        lines.extend(render_text(message.text, message.entities, color=color).splitlines())
    number = 0
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        labels = []
        for button in row:
            number += 1
            link = f" <{button['url']}>" if "url" in button else ""
            labels.append(f"[{number}] {button.get('text')}{link}")
        lines.append("  ".join(labels))
    return lines


def render_event(event: BotEvent, chat: EmuChat, *, color: bool) -> str:
    """A few lines describing one bot event, headed by who/where."""
    message = event.message
    where = describe_chat(chat, message.thread_id)
    if event.kind == "answered":
        shown = "alert" if event.show_alert else "toast"
        return f"  ({shown} from bot in {where}: {event.text or '(no text)'})"
    if event.kind == "deleted":
        return f"  (bot deleted message #{message.message_id} in {where})"
    verb = "edited" if event.kind == "edited" else "says"
    header = f"bot {verb} in {where} #{message.message_id}:"
    if color:
        header = f"\x1b[1;32m{header}{_RESET}"
    return "\n".join([header, *("  " + line for line in _body(message, color))])
