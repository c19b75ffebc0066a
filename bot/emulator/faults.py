"""Programmed failures, artificial latency and Telegram's flood limits."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from .errors import ApiError, too_many_requests

__all__ = ["FaultPlan", "FloodModel", "SEND_METHODS"]

# Calls that post a new message and therefore count against Telegram's flood limits.
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass
class _Programmed:
    error: ApiError
    remaining: int
    method: str | None
    chat_id: int | str | None


@dataclass
class FaultPlan:
    """Errors to answer for the next matching calls, plus latency added to every answer."""

    latency: float = 0.0  # seconds added before answering any method except getUpdates
    _queue: list[_Programmed] = field(default_factory=list)

    def rate_limit_next(
        self,
        count: int = 1,
        retry_after: int = 1,
        *,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
    ) -> None:
        """Answer the next `count` matching calls with 429 and `retry_after`."""
        self.fail_next(too_many_requests(retry_after), count, method=method, chat_id=chat_id)

    def fail_next(
        self,
        error: ApiError,
        count: int = 1,
        *,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
    ) -> None:
        """Answer the next `count` calls of `method` (any but getUpdates if None), maybe in
        one chat."""
        self._queue.append(_Programmed(error, count, method, chat_id))

    def take(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """The programmed error for this call, consuming one use of it, or None.

        getUpdates only fails when named explicitly: a wildcard meant for the next send must
        not be swallowed by the poll that happens to come first."""
        for entry in self._queue:
            wildcard = entry.method is None and method != "getUpdates"
            if entry.method != method and not wildcard:
                continue
            if entry.chat_id is not None and str(entry.chat_id) != str(chat_id):
                continue
            entry.remaining -= 1
            if entry.remaining <= 0:
                self._queue.remove(entry)
            return entry.error
        return None

    def clear(self) -> None:
        """Drop every programmed error."""
        self._queue.clear()


@dataclass
class _Bucket:
    """A token bucket: `capacity` calls at once, refilled at `rate` per `period` seconds."""

    capacity: float
    rate: float
    period: float
    level: float = -1.0
    stamp: float = 0.0

    def refill(self, now: float) -> None:
        if self.level < 0:
            self.level, self.stamp = self.capacity, now
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate / self.period)
        self.stamp = now

    def wait_needed(self) -> float:
        # The epsilon forgives float rounding for a call arriving exactly when a token is due.
        return 0.0 if self.level >= 1 - 1e-6 else (1 - self.level) * self.period / self.rate


@dataclass
class FloodModel:
    """Telegram's documented limits: ~30 messages/s overall, 20 messages/min per group.

    Modelled as token buckets (burst of `rate`, refilled continuously), the same shape as the
    limiter in PTB's AIORateLimiter, plus slack tokens: requests a correct limiter spaced out can
    arrive bunched after queueing in the client; measured with AIORateLimiter on a loaded 2-core
    machine, up to ~4 extra overall calls arrived early, so 5 (0.17 s at 30/s) avoids false
    alarms. Per group, AIORateLimiter admits before its overall limiter queues the call, so 20
    group messages admitted at t=0 may all arrive at t=3 s, and the 21st (admitted at 3 s)
    right behind them: with 1 token of group slack that was refused in 2 of 4 runs, with 2 in
    0 of 6.
    """

    enabled: bool = False
    overall_rate: int = 30
    overall_period: float = 1.0
    group_rate: int = 20
    group_period: float = 60.0
    overall_slack: int = 5
    group_slack: int = 2
    _overall: _Bucket | None = None
    _groups: dict[str, _Bucket] = field(default_factory=dict)
    rejected: int = 0  # how many calls were answered 429 by the model

    def admit(self, method: str, chat_id: int | str | None, now: float | None = None) -> None:
        """Consume tokens for a send, or raise the 429 Telegram would answer."""
        if not self.enabled or method not in SEND_METHODS:
            return
        now = time.monotonic() if now is None else now
        if self._overall is None:
            self._overall = _Bucket(
                self.overall_rate + self.overall_slack, self.overall_rate, self.overall_period
            )
        buckets = [self._overall]
        # PTB's limiter treats negative ids and @usernames as groups/channels; so does Telegram.
        if chat_id is not None and str(chat_id).startswith(("-", "@")):
            key = str(chat_id)
            if key not in self._groups:
                self._groups[key] = _Bucket(
                    self.group_rate + self.group_slack, self.group_rate, self.group_period
                )
            buckets.append(self._groups[key])
        for bucket in buckets:
            bucket.refill(now)
        wait = max(bucket.wait_needed() for bucket in buckets)
        if wait > 0:
            self.rejected += 1
            raise too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.level -= 1

    def reset(self) -> None:
        """Forget all history (full buckets again)."""
        self._overall = None
        self._groups.clear()
        self.rejected = 0
