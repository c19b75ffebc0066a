"""Settings: built once from the environment, clear errors, secrets never shown."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import RedactingFormatter
from bot.setting_specs import SETTINGS
from bot.settings import Secret, SettingsError, load_settings

TOKEN = "123456:AAHsecretSECRETsecret_-x"


def test_defaults_without_environment(tmp_path: Path) -> None:
    settings = load_settings({}, dotenv=None)
    assert settings.sandbox
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.database_url == "sqlite:///data/watchbot.db"
    assert settings.inbox == Path("data/inbox")
    assert settings.lists_update_at == "04:00"
    assert settings.admin_chat_ids == frozenset()


def test_values_from_environment() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "WATCHBOT_DATA_DIR": "/srv/wb",
            "WATCHBOT_ADMIN_CHAT_IDS": "12, -100345",
            "WATCHBOT_LISTS_UPDATE_AT": "off",
            "WATCHBOT_ALLOW_PRIVATE_URLS": "yes",
            "PORT": "5000",
            "log_level": "ignored: names are case-sensitive",
        },
        dotenv=None,
    )
    assert settings.telegram_bot_token == Secret(TOKEN)
    assert not settings.sandbox
    assert settings.database_url == "sqlite:////srv/wb/watchbot.db"
    assert settings.inbox == Path("/srv/wb/inbox")
    assert settings.admin_chat_ids == frozenset({12, -100345})
    assert settings.lists_update_at is None
    assert settings.allow_private_urls is True
    assert settings.http_port == 5000


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text('# comment\nexport LOG_LEVEL="debug"\nWATCHBOT_FEED_INTERVAL=60\n')
    settings = load_settings({"WATCHBOT_FEED_INTERVAL": "120"}, dotenv=env_file)
    assert settings.log_level == "DEBUG"
    assert settings.feed_interval == 120


@pytest.mark.parametrize(
    ("env", "variable", "hint"),
    [
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "TELEGRAM_BOT_TOKEN", "@BotFather"),
        ({"WATCHBOT_FEED_INTERVAL": "often"}, "WATCHBOT_FEED_INTERVAL", "whole number"),
        ({"WATCHBOT_FEED_INTERVAL": "1"}, "WATCHBOT_FEED_INTERVAL", "between 30"),
        ({"PORT": "70000"}, "PORT", "between 1 and 65535"),
        ({"WATCHBOT_LISTS_UPDATE_AT": "25:00"}, "WATCHBOT_LISTS_UPDATE_AT", "HH:MM"),
        ({"WATCHBOT_ADMIN_CHAT_IDS": "alice"}, "WATCHBOT_ADMIN_CHAT_IDS", "chat ids"),
        ({"WATCHBOT_ALLOW_PRIVATE_URLS": "maybe"}, "WATCHBOT_ALLOW_PRIVATE_URLS", "true or false"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL", "postgres"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL", "DEBUG"),
        ({"WATCHBOT_WEBHOOK_URL": "http://x.org/hook"}, "WATCHBOT_WEBHOOK_URL", "https://"),
        ({"WATCHBOT_WEBHOOK_URL": "https://x.org/hook"}, "WATCHBOT_WEBHOOK_SECRET", "required"),
        ({"WATCHBOT_FEEDS_POLICY": "everyone"}, "WATCHBOT_FEEDS_POLICY", "anyone"),
        ({"WATCHBOT_LISTS_BASE_URLS": "eu=http://x"}, "WATCHBOT_LISTS_BASE_URLS", "list=url"),
    ],
)
def test_bad_value_names_the_variable_and_the_fix(
    env: dict[str, str], variable: str, hint: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env, dotenv=None)
    assert caught.value.variable == variable
    assert str(caught.value).startswith(variable)
    assert hint in str(caught.value)


def test_bad_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "WATCHBOT_FEED_INTERVAL": "soon"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "version"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WATCHBOT_FEED_INTERVAL" in lines[0]


def test_token_is_never_shown() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, dotenv=None)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings.telegram_bot_token)
    bad = {"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "x"}
    with pytest.raises(SettingsError) as caught:
        load_settings(bad, dotenv=None)
    assert TOKEN not in str(caught.value)


def test_log_lines_and_tracebacks_are_redacted() -> None:
    formatter = RedactingFormatter([TOKEN], "%(message)s")
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "url %s", (TOKEN,), sys.exc_info()
        )
    text = formatter.format(record)
    assert TOKEN not in text
    assert text.count("***") >= 2


def test_every_setting_is_declared_once() -> None:
    names = [spec.env for spec in SETTINGS]
    assert len(names) == len(set(names))
    source = Path(__file__).resolve().parents[1].joinpath("bot", "settings.py").read_text()
    read = set(__import__("re").findall(r'get\("([A-Z_]+)"\)|number\("([A-Z_]+)"', source))
    read_names = {a or b for a, b in read}
    assert read_names == set(names)
