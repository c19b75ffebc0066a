"""The bot's commands as data: `/help` and `setMyCommands` both read this table."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand

__all__ = ["COMMANDS", "SPECS", "CommandSpec", "spec_for"]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: its name, arguments, one-line summary, an example and who may use it.

    `changes_settings` commands are refused to non-admins in groups; reading commands are not.
    """

    name: str
    args: str
    summary: str
    example: str
    changes_settings: bool

    @property
    def usage(self) -> str:
        """`/name ARGS` as shown in help and error replies."""
        return f"/{self.name} {self.args}".rstrip()


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "", "Subscribe this chat and see examples", "/start", True),
    CommandSpec("help", "[command]", "List the commands, or explain one", "/help watch", False),
    CommandSpec(
        "watch",
        "NAME",
        'Alert me when NAME is mentioned ("quotes" for an exact phrase)',
        "/watch Soleimani",
        True,
    ),
    CommandSpec("unwatch", "NAME", "Stop watching NAME", "/unwatch Soleimani", True),
    CommandSpec("list", "", "Show the names this chat watches", "/list", False),
    CommandSpec(
        "sanctions",
        "on|off|digest",
        "Alerts for any sanctioned entity in the news (off by default)",
        "/sanctions digest",
        True,
    ),
    CommandSpec(
        "mode",
        "instant|digest|both",
        "Send matches at once, in a daily digest, or both",
        "/mode digest",
        True,
    ),
    CommandSpec(
        "digest",
        "HH:MM [Area/City] | off | now",
        "Set the daily digest time and zone, turn it off, or send it now",
        "/digest 08:00 Europe/Paris",
        True,
    ),
    CommandSpec(
        "mute", "DURATION", "Pause alerts for a while (m, h or d; at most 30d)", "/mute 8h", True
    ),
    CommandSpec("unmute", "", "Resume alerts now", "/unmute", True),
    CommandSpec(
        "quiet",
        "HH:MM-HH:MM | off",
        "No instant alerts during these hours (held for later)",
        "/quiet 22:00-07:00",
        True,
    ),
    CommandSpec(
        "feeds", "", "Show the feeds that are read, with errors for your own", "/feeds", False
    ),
    CommandSpec(
        "addfeed",
        "URL",
        "Read another RSS or Atom feed",
        "/addfeed https://example.org/rss.xml",
        True,
    ),
    CommandSpec("removefeed", "ID|URL", "Stop reading a feed you added", "/removefeed 3", True),
    CommandSpec(
        "recent",
        "[NAME]",
        "The latest matches for this chat, or for one name",
        "/recent Soleimani",
        False,
    ),
    CommandSpec(
        "check",
        "NAME",
        "Screen a name against the sanctions lists",
        "/check Qasem Soleimani",
        False,
    ),
    CommandSpec(
        "stats", "[NAME]", "Mentions per day over 30 days, as a chart", "/stats Soleimani", False
    ),
    CommandSpec("export", "", "Download this chat's matches as CSV", "/export", False),
    CommandSpec("forget", "", "Delete everything stored about this chat", "/forget", True),
)

# What `set_my_commands` takes; descriptions must stay within Telegram's 256 characters.
COMMANDS: tuple[BotCommand, ...] = tuple(BotCommand(s.name, s.summary) for s in SPECS)

_BY_NAME = {s.name: s for s in SPECS}


def spec_for(name: str) -> CommandSpec | None:
    """The spec of command `name` (without the slash, any case), or None."""
    return _BY_NAME.get(name.lower().lstrip("/"))
