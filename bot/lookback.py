"""What /recent, /stats, /export and /check compute (blocking; handlers run them in threads)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from bot.command_args import ArgError, parse_term
from bot.delivery_holds import safe_zone
from bot.services import Services
from storage.lookback import MatchLine, chat_targets, iter_chat_matches, match_times, recent_matches
from storage.models import Chat
from watchlists.mentions import Candidate
from watchlists.term_keys import normalise_term

__all__ = [
    "EXPORT_LIMIT",
    "RECENT_LIMIT",
    "STATS_DAYS",
    "Chart",
    "export_csv",
    "recent_for_chat",
    "safe_cell",
    "screen_name",
    "stats_chart",
]

RECENT_LIMIT = 10
STATS_DAYS = 30
EXPORT_LIMIT = 100_000
CHECK_LIMIT = 5
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class NotWatchedError(ArgError):
    """The chat asked about a name it does not watch."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A /stats chart and the numbers behind it."""

    png: bytes
    total: int
    days: int
    label: str


def _targets(session: Session, chat_id: int, name: str | None) -> tuple[dict[str, str], str]:
    """The chat's match targets (all, or those of one watched name) and a label for them."""
    targets = chat_targets(session, chat_id)
    if not name:
        return targets, "your watched names"
    term = parse_term(name)
    try:
        key = normalise_term(term.display)
    except ValueError:
        raise ArgError("A name needs letters or digits.") from None
    if key not in targets:
        # Other chats' matches are not this chat's business: only its own names are looked up.
        raise NotWatchedError(f"This chat does not watch {term.display}; /watch it first.")
    text = targets[key]
    return {k: v for k, v in targets.items() if v == text}, text


def recent_for_chat(services: Services, chat_id: int, name: str | None) -> list[MatchLine]:
    """The latest matches of the chat's names (or of one of them), newest first."""
    with Session(services.engine) as session:
        targets, _label = _targets(session, chat_id, name)
        return recent_matches(session, targets, RECENT_LIMIT)


def stats_chart(services: Services, chat_id: int, name: str | None) -> Chart:
    """Documents per day mentioning the chat's names over the last 30 days, in its zone."""
    now = services.clock()
    with Session(services.engine) as session:
        targets, label = _targets(session, chat_id, name)
        chat = session.get(Chat, chat_id)
        zone = safe_zone(chat.timezone if chat else None)
        times = match_times(session, targets, now - timedelta(days=STATS_DAYS))
    today = now.astimezone(zone).date()
    days = [today - timedelta(days=STATS_DAYS - 1 - i) for i in range(STATS_DAYS)]
    per_day = Counter(moment.astimezone(zone).date() for _doc, moment in times)
    counts = [per_day.get(day, 0) for day in days]
    title = f"Mentions of {label}, last {STATS_DAYS} days ({zone.key})"
    from bot.charts import mentions_chart  # matplotlib loads in ~1 s: only when first needed

    png = mentions_chart(days, counts, title)
    return Chart(png, sum(counts), STATS_DAYS, label)


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (leading = + - @ get a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(services: Services, chat_id: int) -> tuple[bytes, int]:
    """All the chat's matches as UTF-8 CSV (with BOM, for spreadsheets); returns (bytes, rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "found_at",
            "watched",
            "kind",
            "matched",
            "score",
            "how",
            "refs",
            "published",
            "title",
            "url",
            "source",
            "context",
        ]
    )
    rows = 0
    with Session(services.engine) as session:
        targets = chat_targets(session, chat_id)
        for line in iter_chat_matches(session, targets, EXPORT_LIMIT):
            context = " ".join(f"{line.before}[{line.matched}]{line.after}".split())
            writer.writerow(
                safe_cell(v)
                for v in (
                    line.created_at.isoformat(timespec="seconds"),
                    targets.get(line.target, line.name),
                    line.kind,
                    line.matched,
                    f"{line.score:.2f}",
                    line.how,
                    " ".join(line.refs),
                    line.published_at.isoformat(timespec="seconds") if line.published_at else "",
                    line.title,
                    line.url,
                    line.source,
                    context,
                )
            )
            rows += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), rows


def screen_name(services: Services, name: str) -> list[Candidate]:
    """The best list candidates for a name (for /check)."""
    return services.matcher.check(name, CHECK_LIMIT)


def export_filename(chat_id: int, day: date) -> str:
    """The CSV's file name."""
    return f"watchbot-matches-{abs(chat_id)}-{day.isoformat()}.csv"
