"""`TelegramEmulator`: the loopback Bot API server plus the in-process API tests drive it with."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from . import injection
from .faults import FaultPlan, FloodModel
from .model import BotEvent, ChatMessage, EmuChat, EmuUser, MemberStatus
from .server import EmulatorServer
from .state import CallbackQuery, EmulatorState, RecordedCall

__all__ = ["DEFAULT_TOKEN", "TelegramEmulator"]

DEFAULT_TOKEN = "123456:SANDBOX"
_T = TypeVar("_T")
UserRef = EmuUser | int | str
ChatRef = EmuChat | EmuUser | int  # a user stands for their private chat


class TelegramEmulator:
    """A fake Telegram: serve the Bot API on 127.0.0.1, script users, inspect what the bot did."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "watchbot_sandbox_bot",
        bot_name: str = "Watchbot",
        flood_limits: bool = False,
        privacy_mode: bool = True,
    ) -> None:
        bot_id = int(token.split(":", 1)[0])
        bot = EmuUser(id=bot_id, first_name=bot_name, username=bot_username, is_bot=True)
        self.state = EmulatorState(token=token, bot=bot)
        self.state.flood.enabled = flood_limits
        self.privacy_mode = privacy_mode
        self._server = EmulatorServer(self.state)
        self._seen: set[int] = set()  # seq of messages already returned by wait_for_message

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> TelegramEmulator:
        """Serve in the running event loop."""
        await self._server.start()
        return self

    async def stop(self) -> None:
        """Stop serving (pending long polls answer with no updates)."""
        await self._server.stop()

    async def __aenter__(self) -> TelegramEmulator:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def start_in_thread(self) -> TelegramEmulator:
        """Serve from a background thread (sandbox, demo); returns once the port is open."""
        self._server.start_in_thread()
        return self

    def stop_thread(self) -> None:
        """Stop a server started with `start_in_thread`."""
        self._server.stop_thread()

    @property
    def token(self) -> str:
        """The only token the emulator accepts (anything else gets 401)."""
        return self.state.token

    @property
    def base_url(self) -> str:
        """PTB's `base_url` (and TELEGRAM_BASE_URL): http://127.0.0.1:PORT/bot"""
        return f"{self._server.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's `base_file_url`: http://127.0.0.1:PORT/file/bot"""
        return f"{self._server.root_url}/file/bot"

    @property
    def bot_user(self) -> EmuUser:
        """The bot's own account."""
        return self.state.bot

    @property
    def faults(self) -> FaultPlan:
        """Programmed errors (`rate_limit_next`, `fail_next`) and `latency`."""
        return self.state.faults

    @property
    def flood(self) -> FloodModel:
        """Telegram's flood limits; `flood.enabled` switches them."""
        return self.state.flood

    # --- world -----------------------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = "en",
        started: bool = False,
    ) -> EmuUser:
        """A user; the bot may only write to them after they wrote first (or `started`)."""
        return injection.add_user(
            self.state,
            first_name,
            username=username,
            last_name=last_name,
            language_code=language_code,
            started=started,
        )

    def private_chat(self, user: UserRef) -> EmuChat:
        """The private chat between `user` and the bot (its id is the user's id)."""
        return self.state.chats[self.user(user).id]

    def add_group(
        self,
        title: str,
        *,
        supergroup: bool = False,
        forum: bool = False,
        creator: UserRef | None = None,
        admins: tuple[UserRef, ...] = (),
        members: tuple[UserRef, ...] = (),
        bot_admin: bool = False,
        bot_member: bool = True,
    ) -> EmuChat:
        """A group (basic, or supergroup; `forum=True` implies supergroup with topics)."""
        roles: dict[int, MemberStatus] = {self.user(u).id: "member" for u in members}
        roles.update({self.user(u).id: "administrator" for u in admins})
        if creator is not None:
            roles[self.user(creator).id] = "creator"
        status: MemberStatus = "administrator" if bot_admin else "member"
        return injection.add_chat(
            self.state,
            "supergroup" if supergroup or forum else "group",
            title,
            members=roles,
            forum=forum,
            bot_status=status if bot_member else "left",
        )

    def add_channel(
        self, title: str, username: str | None = None, *, bot_admin: bool = True
    ) -> EmuChat:
        """A channel; the bot can post only as administrator."""
        status: MemberStatus = "administrator" if bot_admin else "member"
        return injection.add_chat(
            self.state, "channel", title, members={}, username=username, bot_status=status
        )

    def add_topic(self, chat: ChatRef, name: str) -> int:
        """A forum topic in a forum supergroup; returns its message_thread_id."""
        return injection.add_topic(self.state, self.chat(chat), name)

    def user(self, ref: UserRef) -> EmuUser:
        """Look a user up by object, id or username/first name."""
        if isinstance(ref, EmuUser):
            return ref
        with self.state.lock:
            for user in self.state.users.values():
                if ref in (user.id, user.username, user.first_name):
                    return user
        raise KeyError(f"no emulated user {ref!r}")

    def chat(self, ref: ChatRef) -> EmuChat:
        """Look a chat up by object or id; a user means their private chat with the bot."""
        if isinstance(ref, EmuChat):
            return ref
        if isinstance(ref, EmuUser):
            ref = ref.id
        with self.state.lock:
            return self.state.chats[ref]

    # --- what users do ---------------------------------------------------------------------

    def send_text(
        self,
        user: UserRef,
        chat: ChatRef | None,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: ChatMessage | None = None,
    ) -> ChatMessage:
        """`user` writes `text` (commands get bot_command entities); chat None = private.

        `reply_to` makes it a reply; in groups, replies to the bot pass privacy mode."""
        sender = self.user(user)
        target = self.private_chat(sender) if chat is None else self.chat(chat)
        return injection.user_message(
            self.state,
            sender,
            target,
            text,
            thread_id=thread_id,
            reply_to=reply_to,
            privacy_mode=self.privacy_mode,
        )

    def anonymous_admin_says(
        self, chat: ChatRef, text: str, *, thread_id: int | None = None
    ) -> ChatMessage:
        """An anonymous admin writes in a group (from GroupAnonymousBot, sender_chat = group)."""
        return injection.anonymous_admin_message(
            self.state, self.chat(chat), text, thread_id=thread_id
        )

    def channel_post(self, chat: ChatRef, text: str) -> ChatMessage:
        """A post in a channel; delivered as a `channel_post` update if the bot is admin."""
        return injection.channel_post(self.state, self.chat(chat), text)

    def press_button(
        self, user: UserRef, message: ChatMessage, button: int | str = 0
    ) -> CallbackQuery:
        """`user` presses a button of a bot message: 0-based index, label or callback_data."""
        return injection.press_button(self.state, self.user(user), message, button)

    def block_bot(self, user: UserRef) -> None:
        """The user blocks the bot (sends then fail with 403 until `unblock_bot`)."""
        injection.block_bot(self.state, self.user(user))

    def unblock_bot(self, user: UserRef) -> None:
        """The user unblocks the bot."""
        injection.unblock_bot(self.state, self.user(user))

    def remove_bot(self, chat: ChatRef, by: UserRef, *, ban: bool | None = None) -> None:
        """`by` removes the bot from a group or channel."""
        injection.remove_bot(self.state, self.chat(chat), self.user(by), ban=ban)

    def add_bot(self, chat: ChatRef, by: UserRef, *, admin: bool = False) -> None:
        """`by` adds the bot to a group or channel."""
        injection.add_bot(self.state, self.chat(chat), self.user(by), admin=admin)

    def migrate_to_supergroup(self, chat: ChatRef, by: UserRef | None = None) -> EmuChat:
        """Upgrade a basic group to a supergroup; returns the new chat."""
        old = self.chat(chat)
        actor = by if by is not None else next(iter(old.members), None)
        if actor is None:
            raise ValueError("the group has no members to perform the upgrade")
        return injection.migrate_to_supergroup(self.state, old, self.user(actor))

    # --- what the bot did ------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Every call the bot made (optionally of one method), in arrival order."""
        with self.state.lock:
            return [c for c in self.state.calls if method is None or c.method == method]

    def sent_messages(self, chat: ChatRef | None = None) -> list[ChatMessage]:
        """Messages the bot posted (in one chat, or all), oldest first, as edited since."""
        with self.state.lock:
            chats = self.state.chats.values() if chat is None else [self.chat(chat)]
            found = [m for c in chats for m in c.messages.values() if m.from_bot]
        return sorted(found, key=lambda m: m.seq)

    def callback_queries(self) -> list[CallbackQuery]:
        """Every injected button press with the bot's answer (if any)."""
        with self.state.lock:
            return list(self.state.callback_queries.values())

    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self.state.lock:
            return len(self.state.updates)

    def subscribe(self, listener: Callable[[BotEvent], None]) -> None:
        """Call `listener` for every message the bot sends, edits or deletes and every callback
        answer; it runs in the server's thread with the state lock held, so keep it short."""
        with self.state.lock:
            self.state.listeners.append(listener)

    async def wait_for_message(
        self,
        chat: ChatRef | None = None,
        predicate: Callable[[ChatMessage], bool] | None = None,
        timeout: float = 30.0,
    ) -> ChatMessage:
        """The oldest bot message (in `chat`) matching `predicate` not returned by an earlier
        wait_for_message; waits up to `timeout` seconds, then raises TimeoutError."""
        chat_id = None if chat is None else self.chat(chat).id

        def find() -> ChatMessage | None:
            for message in self.sent_messages(chat_id):
                if message.seq in self._seen:
                    continue
                if predicate is None or predicate(message):
                    self._seen.add(message.seq)
                    return message
            return None

        found = await self._wait(find, timeout)
        if found is None:
            texts = [m.text for m in self.sent_messages(chat_id)]
            raise TimeoutError(
                f"no matching bot message in chat {chat_id} after {timeout}s; bot sent {texts!r}"
            )
        return found

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[RecordedCall], bool] | None = None,
        timeout: float = 30.0,
    ) -> RecordedCall:
        """The first recorded call of `method` matching `predicate`, waiting up to `timeout`."""

        def find() -> RecordedCall | None:
            return next((c for c in self.calls(method) if predicate is None or predicate(c)), None)

        found = await self._wait(find, timeout)
        if found is None:
            raise TimeoutError(f"no matching {method} call after {timeout}s")
        return found

    async def wait_until_polling(self, timeout: float = 30.0) -> None:
        """Wait until the bot has fetched every update and is long-polling for more."""

        def idle() -> bool | None:
            with self.state.lock:
                return (self.state.waiting_polls > 0 and not self.state.updates) or None

        if await self._wait(idle, timeout) is None:
            raise TimeoutError(f"the bot was not waiting in getUpdates within {timeout}s")

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
        """Wait until `condition()` holds (checked after every state change); False on timeout."""
        return await self._wait(lambda: True if condition() else None, timeout) is not None

    async def _wait(self, find: Callable[[], _T | None], timeout: float) -> _T | None:
        deadline = time.monotonic() + timeout
        while True:
            waiter = self.state.changed.register()
            found = find()
            remaining = deadline - time.monotonic()
            if found is not None or remaining <= 0:
                self.state.changed.discard(waiter)
                return found
            await self.state.changed.wait(waiter, remaining)
