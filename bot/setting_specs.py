"""Every setting the service reads, declared as data: the README's table and its test read this."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SETTINGS", "SettingSpec"]


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """A setting declared as data: the README table and the parser both read this."""

    env: str
    default: str
    help: str
    example: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        env="TELEGRAM_BOT_TOKEN",
        default="(none: sandbox)",
        help="Bot token from @BotFather. Without it `watchbot run` starts the local sandbox.",
        example="123456:ABC-DEF...",
    ),
    SettingSpec(
        env="TELEGRAM_BASE_URL",
        default="https://api.telegram.org/bot",
        help="Bot API base URL (python-telegram-bot `base_url`), for a self-hosted Bot API server.",
        example="http://127.0.0.1:8081/bot",
    ),
    SettingSpec(
        env="DATABASE_URL",
        default="sqlite:///$WATCHBOT_DATA_DIR/watchbot.db",
        help="SQLAlchemy URL. `postgres://` (Heroku) and `postgresql://` are accepted.",
        example="postgres://user:pw@host:5432/watchbot",
    ),
    SettingSpec(
        env="WATCHBOT_DATA_DIR",
        default="./data",
        help="Folder for the SQLite file, downloaded lists and the inbox.",
        example="/var/lib/watchbot",
    ),
    SettingSpec(
        env="WATCHBOT_INBOX",
        default="$WATCHBOT_DATA_DIR/inbox",
        help=(
            "Folder watched for documents (.txt .html .md .eml .json);"
            " processed files move to done/ or failed/."
        ),
        example="/srv/watchbot/inbox",
    ),
    SettingSpec(
        env="WATCHBOT_FEED_INTERVAL",
        default="900",
        help="Default seconds between two polls of one feed.",
        example="300",
    ),
    SettingSpec(
        env="WATCHBOT_INBOX_INTERVAL",
        default="10",
        help="Seconds between two scans of the inbox folder.",
        example="5",
    ),
    SettingSpec(
        env="WATCHBOT_OUTBOX_INTERVAL",
        default="2",
        help="Seconds between two deliveries of pending alerts.",
        example="1",
    ),
    SettingSpec(
        env="WATCHBOT_LISTS_UPDATE_AT",
        default="04:00",
        help="UTC time of the daily sanctions-list update (`off` disables it).",
        example="05:30",
    ),
    SettingSpec(
        env="WATCHBOT_ADMIN_CHAT_IDS",
        default="(none)",
        help="Comma-separated chat ids allowed to add global feeds and see service status.",
        example="12345,67890",
    ),
    SettingSpec(
        env="WATCHBOT_WEBHOOK_URL",
        default="(none: long polling)",
        help="Public HTTPS URL of the webhook; setting it switches from long polling to webhooks.",
        example="https://watchbot.example.org/telegram",
    ),
    SettingSpec(
        env="WATCHBOT_WEBHOOK_SECRET",
        default="(none)",
        help="Secret token Telegram sends with each webhook call (required with a webhook URL).",
        example="s3cr3t-token",
    ),
    SettingSpec(
        env="WATCHBOT_HTTP_HOST",
        default="127.0.0.1",
        help="Address the HTTP server (webhook, POST /documents, /healthz) listens on.",
        example="0.0.0.0",
    ),
    SettingSpec(
        env="PORT",
        default="8080",
        help="Port of the HTTP server (Heroku sets PORT).",
        example="8080",
    ),
    SettingSpec(
        env="WATCHBOT_PUSH_TOKEN",
        default="(none: push disabled)",
        help="Bearer token required by POST /documents.",
        example="a-long-random-string",
    ),
    SettingSpec(
        env="WATCHBOT_MAX_DOCUMENT_BYTES",
        default="5000000",
        help="Largest document accepted from any source, in bytes.",
        example="2000000",
    ),
    SettingSpec(
        env="WATCHBOT_ALLOW_PRIVATE_URLS",
        default="false",
        help=(
            "Allow feeds and list downloads on private, loopback and link-local addresses (local "
            "testing only)."
        ),
        example="true",
    ),
    SettingSpec(
        env="WATCHBOT_FEEDS_POLICY",
        default="admins",
        help=(
            "Who may add feeds: `admins` (WATCHBOT_ADMIN_CHAT_IDS only) or `anyone` (each chat for "
            "itself)."
        ),
        example="anyone",
    ),
    SettingSpec(
        env="WATCHBOT_MAX_TERMS",
        default="200",
        help="Most watch terms one chat may have.",
        example="50",
    ),
    SettingSpec(
        env="WATCHBOT_LISTS_BASE_URLS",
        default="(official sources)",
        help="Comma-separated `list=url` overrides for list downloads (mirrors, tests).",
        example="un=http://127.0.0.1:9000/un.xml",
    ),
    SettingSpec(
        env="LOG_LEVEL",
        default="INFO",
        help="Python logging level.",
        example="DEBUG",
    ),
)
