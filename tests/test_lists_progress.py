"""The download progress display: a redrawn bar on a terminal, plain lines in logs."""

from __future__ import annotations

import io

from bot.progress import DownloadProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_redrawn_in_place_on_a_terminal() -> None:
    out = Terminal()
    progress = DownloadProgress("ofac", out)
    progress("http://x/SDN.CSV", 512 * 1024, 2 * 2**20)
    progress("http://x/SDN.CSV", 2 * 2**20, 2 * 2**20)
    progress("http://x/ALT.CSV", 1024, None)
    progress.done()
    text = out.getvalue()
    assert "\rofac: [#######-----------------------]  25% SDN.CSV 0.5/2.0 MB" in text
    assert "100% SDN.CSV 2.0/2.0 MB\x1b[K\n" in text
    assert text.endswith("ALT.CSV 0.0 MB\x1b[K\n")


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    now = [100.0]
    progress = DownloadProgress("un", out, clock=lambda: now[0])
    for received in range(0, 10 * 2**20, 2**20):
        progress("http://x/consolidated.xml", received, 10 * 2**20)
        now[0] += 1.0  # a second per MB: one line every LINE_INTERVAL (5 s)
    progress.done()
    assert out.getvalue().splitlines() == [
        "un: consolidated.xml 0.0/10.0 MB",
        "un: consolidated.xml 5.0/10.0 MB",
        "un: consolidated.xml 9.0 MB done",
    ]
    assert "\r" not in out.getvalue()
