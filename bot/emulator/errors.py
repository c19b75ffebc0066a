"""Bot API error answers, shaped exactly as Telegram sends them."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "bad_request",
    "forbidden",
    "group_migrated",
    "not_found",
    "too_many_requests",
    "unauthorized",
]


class ApiError(Exception):
    """An error answer: HTTP status, description and optional `parameters` object."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, int] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(reason: str) -> ApiError:
    """400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    """403 with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 carrying `retry_after` seconds, which PTB turns into `RetryAfter`."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def group_migrated(new_chat_id: int) -> ApiError:
    """400 carrying `migrate_to_chat_id`, which PTB turns into `ChatMigrated`."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": new_chat_id},
    )


def not_found() -> ApiError:
    """404 for an unknown method, as Telegram answers it."""
    return ApiError(404, "Not Found")


def unauthorized() -> ApiError:
    """401 for a token the emulator does not know."""
    return ApiError(401, "Unauthorized")
