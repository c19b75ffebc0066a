"""Typed access to Bot API call parameters, whatever body encoding the client used.

PTB sends form fields whose non-string values are JSON-encoded strings (or multipart when it
uploads files); other clients send JSON bodies. Like Telegram, we coerce per parameter.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request

__all__ = ["Params", "Upload"]


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Params:
    """The parameters of one call; getters raise the 400 Telegram would answer."""

    values: Mapping[str, Any]
    uploads: Mapping[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        """Whether the parameter was given (empty strings count as given)."""
        return name in self.values or name in self.uploads

    def text(self, name: str, default: str | None = None) -> str | None:
        """A string parameter, as sent."""
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str) -> int | None:
        """An integer parameter, or None when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def require_int(self, name: str) -> int:
        """An integer parameter that must be present."""
        value = self.integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def flag(self, name: str) -> bool:
        """A boolean parameter (absent means False)."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def structure(self, name: str) -> Any:
        """A JSON-serialised object or array parameter, decoded, or None when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_ref(self) -> int | str:
        """The `chat_id` parameter: an integer id or an @username."""
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.require_int("chat_id")

    def decoded(self) -> dict[str, Any]:
        """All parameters with JSON-looking values decoded, for the call record."""
        result: dict[str, Any] = {}
        for name, value in self.values.items():
            if name in _INTEGERS and isinstance(value, str) and value.lstrip("-").isdigit():
                value = int(value)  # PTB sends numbers as form strings; record them as numbers
            elif isinstance(value, str) and value[:1] in "[{" and name not in _FREE_TEXT:
                with contextlib.suppress(json.JSONDecodeError):
                    value = json.loads(value)
            result[name] = value
        for name, upload in self.uploads.items():
            result[name] = upload
        return result


_INTEGERS = frozenset(
    {
        "chat_id",
        "message_id",
        "message_thread_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "cache_time",
    }
)
# Parameters whose value is free text even when it starts with a bracket.
_FREE_TEXT = frozenset({"text", "caption", "callback_query_id", "url", "description"})
