"""A download progress display: a bar redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["DownloadProgress"]

BAR_WIDTH = 30
# Plain (non-TTY) output prints at most one line per file per this many seconds.
LINE_INTERVAL = 5.0


class DownloadProgress:
    """Callable progress sink for `ingest.list_download.download_list`."""

    def __init__(
        self, label: str, stream: TextIO, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._label = label
        self._clock = clock
        self._stream = stream
        self._tty = stream.isatty()
        self._last_line = -LINE_INTERVAL
        self._current: tuple[str, int, int | None] | None = None

    def __call__(self, url: str, received: int, total: int | None) -> None:
        """Show that `received` of `total` bytes of `url` have arrived."""
        if self._current and self._current[0] != url:
            self._finish_file()
        self._current = (url, received, total)
        if self._tty:
            self._draw(url, received, total)
        elif self._clock() - self._last_line >= LINE_INTERVAL:
            self._last_line = self._clock()
            self._stream.write(f"{self._label}: {_describe(url, received, total)}\n")
            self._stream.flush()

    def done(self) -> None:
        """End the display of the last file."""
        if self._current:
            self._finish_file()
            self._current = None

    def _finish_file(self) -> None:
        assert self._current is not None
        url, received, total = self._current
        if self._tty:
            self._draw(url, received, total)
            self._stream.write("\n")
        else:
            self._stream.write(f"{self._label}: {_describe(url, received, None)} done\n")
        self._stream.flush()
        self._last_line = -LINE_INTERVAL

    def _draw(self, url: str, received: int, total: int | None) -> None:
        if total:
            filled = min(BAR_WIDTH, BAR_WIDTH * received // total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"[{bar}] {100 * received // total:3d}% {_describe(url, received, total)}"
        else:
            text = _describe(url, received, None)
        self._stream.write(f"\r{self._label}: {text}\x1b[K")
        self._stream.flush()


def _describe(url: str, received: int, total: int | None) -> str:
    name = url.partition("?")[0].rsplit("/", 1)[-1] or url
    size = f"{received / 2**20:.1f}"
    return f"{name} {size}/{total / 2**20:.1f} MB" if total else f"{name} {size} MB"
