"""A loopback Telegram Bot API emulator for the sandbox, the demo and end-to-end tests."""

from .emulator import DEFAULT_TOKEN, TelegramEmulator
from .errors import ApiError
from .faults import FaultPlan, FloodModel
from .html_entities import EntityParseError, parse_html
from .model import BotEvent, ChatMessage, EmuChat, EmuUser, StoredFile
from .state import CallbackQuery, RecordedCall

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotEvent",
    "CallbackQuery",
    "ChatMessage",
    "EmuChat",
    "EmuUser",
    "EntityParseError",
    "FaultPlan",
    "FloodModel",
    "RecordedCall",
    "StoredFile",
    "TelegramEmulator",
    "parse_html",
]
