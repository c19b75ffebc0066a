"""One frozen `Settings` object, built from the environment (and `.env`) once in `main`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

__all__ = ["Secret", "Settings", "SettingsError", "load_settings"]

DEFAULT_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(ValueError):
    """A setting has a value the service cannot use; says which and how to fix it."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable


class Secret:
    """A string that never shows itself in repr, str, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The secret value, for the one place that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service reads from its environment, validated once."""

    telegram_bot_token: Secret | None = None
    telegram_base_url: str = DEFAULT_BASE_URL
    data_dir: Path = Path("data")
    database_url: str = "sqlite:///data/watchbot.db"
    inbox: Path = Path("data/inbox")
    feed_interval: int = 900
    inbox_interval: int = 10
    outbox_interval: int = 2
    # Off unless load_settings() says otherwise: a Settings built in code (tests, tools)
    # never schedules downloads from the official sources by accident.
    lists_update_at: str | None = None
    admin_chat_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    push_token: Secret | None = None
    max_document_bytes: int = 5_000_000
    allow_private_urls: bool = False
    feeds_policy: str = "admins"
    max_terms: int = 200
    lists_urls: Mapping[str, str] = field(default_factory=dict)
    log_level: str = "INFO"

    @property
    def sandbox(self) -> bool:
        """True when no token is set: the service runs against the local emulator."""
        return self.telegram_bot_token is None


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a `.env` file: KEY=VALUE lines, `#` comments, optional quotes."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ")
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.strip()):
            raise SettingsError(f"{path}:{number}", "expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, *, dotenv: Path | None = Path(".env")
) -> Settings:
    """Build `Settings` from the environment, over an optional `.env` file.

    Raises SettingsError naming the variable and the fix on the first bad value.
    """
    env: dict[str, str] = {}
    if dotenv is not None and dotenv.is_file():
        env.update(read_dotenv(dotenv))
    env.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = env.get(name)
        return value.strip() if value is not None and value.strip() else None

    def number(name: str, default: int, low: int, high: int) -> int:
        return _parse(name, get(name), default, lambda v: _int_in(v, low, high))

    data_dir = Path(get("WATCHBOT_DATA_DIR") or "data")
    token = get("TELEGRAM_BOT_TOKEN")
    if token is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]{5,}", token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN",
            "is not a bot token; expected digits, a colon and the key @BotFather gave you",
        )
    base_url = get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL
    if not re.match(r"https?://", base_url):
        raise SettingsError(
            "TELEGRAM_BASE_URL", f"must start with http:// or https://, got {base_url!r}"
        )
    webhook_url = get("WATCHBOT_WEBHOOK_URL")
    webhook_secret = get("WATCHBOT_WEBHOOK_SECRET")
    if webhook_url and not webhook_url.startswith("https://"):
        raise SettingsError(
            "WATCHBOT_WEBHOOK_URL", "must be an https:// URL (Telegram refuses others)"
        )
    if webhook_url and not webhook_secret:
        raise SettingsError(
            "WATCHBOT_WEBHOOK_SECRET",
            "is required with WATCHBOT_WEBHOOK_URL;"
            " set a random string of 1-256 characters A-Z a-z 0-9 _ -",
        )
    if webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", webhook_secret):
        raise SettingsError(
            "WATCHBOT_WEBHOOK_SECRET", "may hold only A-Z a-z 0-9 _ - (1 to 256 characters)"
        )
    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(
            "LOG_LEVEL", f"must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got {log_level!r}"
        )
    policy = (get("WATCHBOT_FEEDS_POLICY") or "admins").lower()
    if policy not in {"admins", "anyone"}:
        raise SettingsError(
            "WATCHBOT_FEEDS_POLICY", f"must be 'admins' or 'anyone', got {policy!r}"
        )
    push_token = get("WATCHBOT_PUSH_TOKEN")
    database_url = get("DATABASE_URL") or f"sqlite:///{data_dir / 'watchbot.db'}"
    if not re.match(r"(sqlite|postgres|postgresql)(\+\w+)?://", database_url):
        raise SettingsError(
            "DATABASE_URL", "must be a sqlite:///path or postgres(ql)://user@host/db URL"
        )
    return Settings(
        telegram_bot_token=Secret(token) if token else None,
        telegram_base_url=base_url,
        data_dir=data_dir,
        database_url=database_url,
        inbox=Path(get("WATCHBOT_INBOX") or data_dir / "inbox"),
        feed_interval=number("WATCHBOT_FEED_INTERVAL", 900, 30, 7 * 86400),
        inbox_interval=number("WATCHBOT_INBOX_INTERVAL", 10, 1, 86400),
        outbox_interval=number("WATCHBOT_OUTBOX_INTERVAL", 2, 1, 3600),
        lists_update_at=_parse(
            "WATCHBOT_LISTS_UPDATE_AT",
            get("WATCHBOT_LISTS_UPDATE_AT"),
            _clock_or_off("04:00"),
            _clock_or_off,
        ),
        admin_chat_ids=_parse(
            "WATCHBOT_ADMIN_CHAT_IDS", get("WATCHBOT_ADMIN_CHAT_IDS"), frozenset(), _ids
        ),
        webhook_url=webhook_url,
        webhook_secret=Secret(webhook_secret) if webhook_secret else None,
        http_host=get("WATCHBOT_HTTP_HOST") or "127.0.0.1",
        http_port=number("PORT", 8080, 1, 65535),
        push_token=Secret(push_token) if push_token else None,
        max_document_bytes=number("WATCHBOT_MAX_DOCUMENT_BYTES", 5_000_000, 1000, 500_000_000),
        allow_private_urls=_parse(
            "WATCHBOT_ALLOW_PRIVATE_URLS", get("WATCHBOT_ALLOW_PRIVATE_URLS"), False, _bool
        ),
        feeds_policy=policy,
        max_terms=number("WATCHBOT_MAX_TERMS", 200, 1, 100_000),
        lists_urls=_parse(
            "WATCHBOT_LISTS_BASE_URLS", get("WATCHBOT_LISTS_BASE_URLS"), {}, _list_urls
        ),
        log_level=log_level,
    )


def _parse(name: str, raw: str | None, default: T, convert: Callable[[str], T]) -> T:
    if raw is None:
        return default
    try:
        return convert(raw)
    except ValueError as exc:
        raise SettingsError(name, f"{exc} (got {raw!r})") from None


def _int_in(raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError("must be a whole number") from None
    if not low <= value <= high:
        raise ValueError(f"must be between {low} and {high}")
    return value


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("must be true or false")


def _clock_or_off(raw: str) -> str | None:
    if raw.lower() == "off":
        return None
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw)
    if not match:
        raise ValueError("must be HH:MM (24-hour clock) or 'off'")
    return f"{int(match[1]):02d}:{match[2]}"


def _ids(raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError("must be comma-separated chat ids such as 12345,-100987") from None


def _list_urls(raw: str) -> dict[str, str]:
    urls: dict[str, str] = {}
    for part in raw.split(","):
        name, sep, url = part.strip().partition("=")
        if (
            not sep
            or name not in {"un", "ofac", "uk", "opensanctions"}
            or not url.startswith(("http://", "https://"))
        ):
            raise ValueError("must be list=url pairs, lists among un, ofac, uk, opensanctions")
        urls[name] = url
    return urls
