"""The /stats chart: mentions per day as a PNG, drawn with matplotlib's Agg backend.

`Figure` with `FigureCanvasAgg` (not pyplot) keeps no global state, so charts can be drawn
in worker threads at the same time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

__all__ = ["PNG_SIGNATURE", "mentions_chart"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EPOCH = date(1970, 1, 1)


def mentions_chart(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    """A bar chart of `counts` per day, as PNG bytes (about 900x450 pixels)."""
    figure = Figure(figsize=(9, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # matplotlib's date numbers: days since its epoch, 1970-01-01.
    xs = [float((day - _EPOCH).days) for day in days]
    axes.bar(xs, list(counts), color="#2a6f97", width=0.8)
    axes.xaxis_date()
    # A term is plain text: "$" must not start mathtext.
    axes.set_title(title, fontsize=12, parse_math=False)
    axes.set_ylabel("documents per day")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    # matplotlib's date locator and formatter carry no annotations.
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=4, maxticks=10))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    axes.set_ylim(bottom=0, top=max(1, *counts) * 1.15 if counts else 1)
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
