"""Wake coroutines in any event loop when the emulator state changes in any thread.

The emulator may serve HTTP in one loop (a background thread for the sandbox) while tests or
the console inject updates from another thread or loop, so asyncio.Event alone is not enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

__all__ = ["ChangeSignal"]


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class ChangeSignal:
    """A broadcast "something changed" signal usable across threads and event loops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def register(self) -> asyncio.Future[None]:
        """Register interest *before* checking a condition, so no change is missed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiters.append((loop, future))
        return future

    def discard(self, future: asyncio.Future[None]) -> None:
        """Forget a registration that is no longer needed."""
        with self._lock:
            self._waiters = [(lp, f) for lp, f in self._waiters if f is not future]

    def notify(self) -> None:
        """Wake every registered waiter, whatever loop or thread it lives in."""
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            if loop.is_closed():
                continue
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_resolve, future)

    async def wait(self, future: asyncio.Future[None], timeout: float) -> bool:
        """Wait for a registered future; False when the timeout passed first."""
        try:
            await asyncio.wait_for(future, max(timeout, 0.0))
            return True
        except TimeoutError:
            self.discard(future)
            return False
