"""Inline keyboards of the commands, and the small, validated callback data behind their buttons.

Every button's data starts with `cmd:` so the delivery module's alert buttons (their own prefix)
never reach these handlers. Data holds only small integers and a verb; anything else a client
sends is refused by `parse_callback`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import ref_label

__all__ = [
    "CALLBACK_PATTERN",
    "Callback",
    "entity_offer",
    "forget_confirm",
    "list_keyboard",
    "parse_callback",
]

Verb = Literal["ls", "rm", "ent", "fg"]

# What CallbackQueryHandler routes here; parse_callback then checks every field.
CALLBACK_PATTERN = r"^cmd:"
_DATA = re.compile(r"cmd:(ls|rm|ent|fg):(\d{1,12})(?::(\d{1,4}))?")
_BUTTON_LABEL = 60
_VERBS: dict[str, Verb] = {"ls": "ls", "rm": "rm", "ent": "ent", "fg": "fg"}


@dataclass(frozen=True, slots=True)
class Callback:
    """A button press: `ls` page, `rm` term id + page, `ent` term id + offer, `fg` 1/0."""

    verb: Verb
    first: int
    second: int


def parse_callback(data: str | None) -> Callback | None:
    """The button press, or None for data these keyboards never make."""
    if not data or len(data) > 64:
        return None
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    verb = _VERBS[match[1]]
    return Callback(verb, int(match[2]), int(match[3] or 0))


def _label(text: str) -> str:
    return text if len(text) <= _BUTTON_LABEL else text[: _BUTTON_LABEL - 1] + "…"


def list_keyboard(
    terms: list[tuple[int, str]], page: int, pages: int
) -> InlineKeyboardMarkup | None:
    """One "remove" button per term on the page, then previous/next when there are more pages."""
    rows = [
        [InlineKeyboardButton(f"✕ {_label(text)}", callback_data=f"cmd:rm:{term_id}:{page}")]
        for term_id, text in terms
    ]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("« Previous", callback_data=f"cmd:ls:{page - 1}"))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton("Next »", callback_data=f"cmd:ls:{page + 1}"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


def entity_offer(
    term_id: int, candidates: list[tuple[str, tuple[str, ...]]]
) -> InlineKeyboardMarkup | None:
    """A button per listed entity (name, refs): watch it with all its aliases."""
    rows = [
        [
            InlineKeyboardButton(
                _label(f"Watch {name} ({ref_label(refs[0])}) + aliases"),
                callback_data=f"cmd:ent:{term_id}:{index}",
            )
        ]
        for index, (name, refs) in enumerate(candidates)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def forget_confirm() -> InlineKeyboardMarkup:
    """Confirm or cancel /forget."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete everything", callback_data="cmd:fg:1"),
                InlineKeyboardButton("Cancel", callback_data="cmd:fg:0"),
            ]
        ]
    )
