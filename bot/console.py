"""An interactive console for the sandbox: be a Telegram user, see what the bot answers.

Lines are sent to the emulator as messages from the current user in the current chat; lines
starting with one of the meta-commands below steer the console instead. Bot messages (replies
and asynchronous alerts alike) are printed as soon as the emulator sees them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TextIO

from bot.emulator import BotEvent, EmuChat, EmuUser, TelegramEmulator
from bot.emulator.terminal import describe_chat, render_event

__all__ = ["Console", "HELP"]

HELP = """\
Console commands (anything else is sent to the bot as the current user):
  /as NAME              be user NAME (created on first use)
  /chat private         talk to the bot in your private chat
  /chat NAME            talk in group NAME (created, with you and the bot, on first use)
  /chat forum NAME      a forum supergroup NAME;  /topic NAME  picks (or creates) a topic
  /press N              press inline button N of the last bot message here that has buttons
  /block, /unblock      block or unblock the bot as the current user
  /kick, /invite        remove the bot from / add it back to the current group
  /migrate              upgrade the current basic group to a supergroup
  /wait [SECONDS]       wait for the bot's next message (default 5 s; for scripts)
  /who                  show the current user and chat
  /?                    this help
  /quit                 leave"""


class Console:
    """A REPL over a `TelegramEmulator`, reading from `stdin` and writing to `stdout`."""

    def __init__(
        self,
        emulator: TelegramEmulator,
        stdin: TextIO,
        stdout: TextIO,
        *,
        user: str = "alice",
        color: bool | None = None,
        echo: bool | None = None,
    ) -> None:
        self.emulator = emulator
        self._in = stdin
        self._out = stdout
        interactive = stdin.isatty()
        self._color = stdout.isatty() if color is None else color
        self._echo = not interactive if echo is None else echo  # show scripted input
        self._print_lock = threading.Lock()
        self._events = 0  # bot events printed so far
        self._wait_mark = 0  # /wait waits for an event after this count
        self._last_with_buttons: dict[int, int] = {}  # chat id -> message id
        self.user = self._user(user)
        self.chat: EmuChat = emulator.private_chat(self.user)
        self.topic: int | None = None
        emulator.subscribe(self._on_event)

    # --- output ----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Print a line, never interleaved with a bot message printed by another thread."""
        with self._print_lock:
            self._out.write(text + "\n")
            self._out.flush()

    def _on_event(self, event: BotEvent) -> None:
        chat = self.emulator.chat(event.message.chat_id)
        if event.message.buttons and event.kind != "deleted":
            self._last_with_buttons[chat.id] = event.message.message_id
        self.say(render_event(event, chat, color=self._color))
        self._events += 1

    def prompt(self) -> str:
        """ "alice@private> " or "alice@Newsroom> "."""
        where = "private" if self.chat.kind == "private" else (self.chat.title or str(self.chat.id))
        if self.topic is not None:
            where += f"/{self.chat.topics[self.topic]}"
        return f"{self.user.username or self.user.first_name}@{where}> "

    # --- input -----------------------------------------------------------------------------

    async def run(self) -> None:
        """Read and handle lines until /quit or end of input."""
        self.say(f"Sandbox console; you are {self.user.first_name}. Type /? for help.")
        while True:
            if not self._echo:
                with self._print_lock:
                    self._out.write(self.prompt())
                    self._out.flush()
            line = await self._read_line()
            if not line:
                return
            line = line.rstrip("\n")
            if self._echo:
                self.say(self.prompt() + line)
            if not await self.handle(line):
                return

    async def _read_line(self) -> str:
        """One line from stdin, read in a daemon thread.

        Not asyncio.to_thread: its executor thread would keep a blocked readline alive and make
        the process wait for Enter when the sandbox stops on Ctrl-C or SIGTERM.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()

        def deliver(line: str) -> None:
            if not future.done():
                future.set_result(line)

        def read() -> None:
            line = self._in.readline()
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody wants the line
                loop.call_soon_threadsafe(deliver, line)

        threading.Thread(target=read, name="console-input", daemon=True).start()
        return await future

    async def handle(self, line: str) -> bool:
        """Handle one input line; False when the console should stop."""
        text = line.strip()
        if not text:
            return True
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        try:
            if word == "/quit":
                return False
            meta = self._meta_commands().get(word)
            if meta is not None:
                result = meta(rest)
                if asyncio.iscoroutine(result):
                    await result
            else:
                self._wait_mark = self._events
                self.emulator.send_text(self.user, self.chat, text, thread_id=self.topic)
        except (ValueError, KeyError, IndexError) as exc:
            self.say(f"! {exc}")
        return True

    def _meta_commands(self) -> dict[str, Callable[[str], object]]:
        return {
            "/as": self._as,
            "/chat": self._chat,
            "/topic": self._topic,
            "/press": self._press,
            "/block": lambda _: self.emulator.block_bot(self.user),
            "/unblock": lambda _: self.emulator.unblock_bot(self.user),
            "/kick": lambda _: self.emulator.remove_bot(self._group(), self.user),
            "/invite": lambda _: self.emulator.add_bot(self._group(), self.user),
            "/migrate": self._migrate,
            "/wait": self._wait,
            "/who": lambda _: self.say(
                f"you are {self.user.first_name} in {describe_chat(self.chat, self.topic)}"
            ),
            "/?": lambda _: self.say(HELP),
        }

    def _user(self, name: str) -> EmuUser:
        try:
            return self.emulator.user(name)
        except KeyError:
            return self.emulator.add_user(name.capitalize(), name.lower())

    def _as(self, name: str) -> None:
        if not name:
            raise ValueError("usage: /as NAME")
        self.user = self._user(name)
        if self.chat.kind == "private":
            self.chat = self.emulator.private_chat(self.user)
        self.say(f"you are now {self.user.first_name}")

    def _chat(self, spec: str) -> None:
        kind, _, name = spec.partition(" ")
        self.topic = None
        if spec in ("", "private"):
            self.chat = self.emulator.private_chat(self.user)
            return
        forum = kind == "forum"
        title = name.strip() if forum else spec
        if not title:
            raise ValueError("usage: /chat private | /chat NAME | /chat forum NAME")
        existing = [
            c
            for c in self.emulator.state.chats.values()
            if c.title == title and c.migrated_to is None
        ]
        if existing:
            self.chat = existing[0]
        else:
            self.chat = self.emulator.add_group(title, forum=forum, creator=self.user)
            self.say(f"created {describe_chat(self.chat)} with you and the bot")
        self.chat.members.setdefault(self.user.id, "member")

    def _group(self) -> EmuChat:
        if self.chat.kind == "private":
            raise ValueError("switch to a group first (/chat NAME)")
        return self.chat

    def _topic(self, name: str) -> None:
        if not self.chat.is_forum:
            raise ValueError("topics exist only in forums (/chat forum NAME)")
        if name in ("", "none", "general"):
            self.topic = None
            return
        found = [tid for tid, title in self.chat.topics.items() if title == name]
        self.topic = found[0] if found else self.emulator.add_topic(self.chat, name)

    def _press(self, number: str) -> None:
        message_id = self._last_with_buttons.get(self.chat.id)
        if message_id is None:
            raise ValueError("no bot message with buttons in this chat")
        message = self.chat.messages[message_id]
        if not number.isdigit():
            raise ValueError("usage: /press N (buttons are numbered from 1)")
        self._wait_mark = self._events
        self.emulator.press_button(self.user, message, int(number) - 1)

    def _migrate(self, _: str) -> None:
        self.chat = self.emulator.migrate_to_supergroup(self._group(), self.user)
        self.say(f"migrated; now in {describe_chat(self.chat)} (id {self.chat.id})")

    async def _wait(self, seconds: str) -> None:
        """Wait for a bot event after the last message or press (or the last /wait)."""
        timeout = float(seconds) if seconds else 5.0
        mark = self._wait_mark
        if not await self.emulator.wait_until(lambda: self._events > mark, timeout):
            self.say(f"(no bot message within {timeout:g} s)")
        self._wait_mark = self._events
