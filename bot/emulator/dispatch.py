"""Route one Bot API call: faults, flood limits, the method itself, and the call record."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from .api_chats import CHAT_METHODS
from .api_messages import MESSAGE_METHODS
from .errors import ApiError, not_found
from .params import Params
from .state import EmulatorState, RecordedCall

__all__ = ["call_method"]

Method = Callable[[EmulatorState, Params], Any]
_METHODS: dict[str, Method] = {**CHAT_METHODS, **MESSAGE_METHODS}
# Telegram matches method names case-insensitively.
_BY_LOWER = {name.lower(): name for name in [*_METHODS, "getUpdates"]}
_CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


async def call_method(state: EmulatorState, method: str, params: Params) -> tuple[int, Any]:
    """Answer one call; returns (HTTP status, JSON body) and records it."""
    name = _BY_LOWER.get(method.lower(), method)
    at = time.time()
    try:
        result = await _answer(state, name, params)
    except ApiError as error:
        state.record(
            RecordedCall(name, params.decoded(), at, False, error.error_code, error.description)
        )
        return error.error_code, error.body()
    state.record(RecordedCall(name, params.decoded(), at, True))
    return 200, {"ok": True, "result": result}


async def _answer(state: EmulatorState, name: str, params: Params) -> Any:
    if name == "getUpdates":
        with state.lock:
            programmed = state.faults.take(name, None)
        if programmed is not None:
            raise programmed
        return await get_updates(state, params)
    method = _METHODS.get(name)
    if method is None:
        raise not_found()
    if state.faults.latency > 0:
        await asyncio.sleep(state.faults.latency)
    chat_ref = params.values.get("chat_id")
    with state.lock:
        programmed = state.faults.take(name, chat_ref)
        if programmed is not None:
            raise programmed
        state.flood.admit(name, chat_ref)
        return method(state, params)


async def get_updates(state: EmulatorState, params: Params) -> list[dict[str, Any]]:
    """getUpdates: long polling with Telegram's offset, limit, timeout semantics."""
    offset = params.integer("offset")
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = max(params.integer("timeout") or 0, 0)
    allowed = params.structure("allowed_updates")
    with state.lock:
        if state.webhook:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        state.poll_generation += 1
        generation = state.poll_generation
    state.changed.notify()  # an older poll still waiting must now end with 409
    deadline = time.monotonic() + timeout
    waiting = False
    try:
        while True:
            waiter = state.changed.register()
            with state.lock:
                if state.poll_generation != generation:
                    state.changed.discard(waiter)
                    raise ApiError(409, _CONFLICT_OTHER_POLL)
                _confirm(state, offset)
                batch = [u for u in state.updates if _wanted(u, allowed)][:limit]
                remaining = deadline - time.monotonic()
                if batch or state.closing or remaining <= 0:
                    state.changed.discard(waiter)
                    return batch
                announce = not waiting
                if announce:
                    state.waiting_polls += 1
                    waiting = True
            if announce:
                # Tell wait_until_polling once per call. The notify also wakes this poll's own
                # waiter, so look again with a fresh one; announcing on every pass made an idle
                # long poll wake itself in a loop and burn a whole core.
                state.changed.notify()
                continue
            await state.changed.wait(waiter, remaining)
    finally:
        if waiting:
            with state.lock:
                state.waiting_polls -= 1


def _confirm(state: EmulatorState, offset: int | None) -> None:
    """Forget confirmed updates: all below a positive offset, all but the last -offset."""
    if offset is None or offset == 0:
        return
    if offset > 0:
        state.updates[:] = [u for u in state.updates if u["update_id"] >= offset]
    else:
        del state.updates[: max(len(state.updates) + offset, 0)]


def _wanted(update: dict[str, Any], allowed: Any) -> bool:
    if not allowed:
        return True
    return any(kind in update for kind in allowed)
