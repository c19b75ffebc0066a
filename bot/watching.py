"""What /watch, /unwatch and /list do: the chat's terms in the database and the live matcher.

Blocking functions (database and matcher); handlers run them with `asyncio.to_thread`. The
matcher learns a term only after the transaction that stored it commits, and forgets one only
after the delete commits and no other chat still watches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlmodel import Session, col, select

from bot.chat_ref import ChatRef, subscribe
from bot.command_args import ArgError, Term
from bot.services import Services
from storage.lookback import documents_containing
from storage.models import WatchTerm
from storage.terms import add_watch, count_watches, list_watches, remove_watch
from watchlists.folding import fold
from watchlists.legal_forms import ACRONYMS
from watchlists.mentions import Candidate, Mention
from watchlists.term_keys import is_phrase_key, normalise_term, term_tokens
from watchlists.term_targets import term_spellings

__all__ = [
    "LIST_PAGE",
    "RECENT_DAYS",
    "SANCTIONS_SCORE",
    "TermsPage",
    "WatchReport",
    "list_page",
    "unwatch_term",
    "unwatch_term_id",
    "watch_entity",
    "watch_term",
]

LIST_PAGE = 10
RECENT_DAYS = 7
# /watch names a sanctions match only when the screening is this sure: "Soleimani" should
# point at Qasem Soleimani, "Bank" should not point at every bank on a list.
SANCTIONS_SCORE = 0.9
MAX_OFFERS = 3


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What happened on /watch, and what to tell the chat about the name."""

    status: Literal["added", "exists", "full"]
    term: WatchTerm | None
    total: int
    listed: list[Candidate]
    recent_documents: int
    also: list[str]  # the other spellings the term is looked for under ("Mykola Azarov")


@dataclass(frozen=True, slots=True)
class TermsPage:
    """One page of a chat's watch list."""

    terms: list[WatchTerm]
    page: int
    pages: int
    total: int


def _key(term: Term) -> str:
    try:
        return normalise_term(term.display)
    except ValueError:
        raise ArgError("A name needs letters or digits, not only punctuation.") from None


def watch_term(services: Services, ref: ChatRef, term: Term) -> WatchReport:
    """Add a term to the chat's list (within the chat's limit) and look it up in lists and news."""
    key = _key(term)
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        subscribe(session, ref)
        total = count_watches(session, ref.id)
        existing = session.scalars(
            select(WatchTerm).where(
                col(WatchTerm.chat_id) == ref.id, col(WatchTerm.normalised) == key
            )
        ).first()
        if existing is None and total >= services.settings.max_terms:
            return WatchReport("full", None, total, [], 0, [])
        row, created = add_watch(session, ref.id, term.display, key)
    if created:
        services.matcher.add_term(term.display)
    since = services.clock() - timedelta(days=RECENT_DAYS)
    return WatchReport(
        "added" if created else "exists",
        row,
        total + int(created),
        listed_candidates(services, term.text),
        count_recent_documents(services, key, since),
        [_shown(k) for k in term_spellings(key)],
    )


def _shown(key: str) -> str:
    """A folded key as a name to read: "mykola azarov" -> "Mykola Azarov", "kamaz pjsc" ->
    "Kamaz PJSC"."""
    return " ".join(_shown_word(w) for w in term_tokens(key))


def _shown_word(word: str) -> str:
    if word in ("and", "&"):
        return word
    return word.upper() if word in ACRONYMS else word.capitalize()


def listed_candidates(services: Services, name: str) -> list[Candidate]:
    """The list entries (linked clusters) the name very probably is, best first."""
    found = services.matcher.check(name, MAX_OFFERS * 2)
    return [c for c in found if c.score >= SANCTIONS_SCORE][:MAX_OFFERS]


def count_recent_documents(services: Services, key: str, since: datetime) -> int:
    """How many documents received since `since` mention the term (its folded words, in order
    for a quoted phrase, anywhere for a plain name)."""
    tokens = term_tokens(key)
    if not tokens:
        return 0
    longest = max(tokens, key=len)
    with Session(services.engine) as session:
        rows = documents_containing(session, [longest], since)
    together = is_phrase_key(key) or len(tokens) == 1
    # ASCII documents fold to their runs of letters and digits, lower-cased: a regex on the
    # lower-cased text then says the same as the folded test, without folding (most of /watch's
    # time when a common word brings hundreds of documents).
    words = [tokens] if together else [[t] for t in tokens]
    patterns = [
        re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(map(re.escape, w)) + r"(?![a-z0-9])")
        for w in words
    ]
    count = 0
    for _id, title, text in rows:
        if title.isascii() and text.isascii():
            lowered = f"{title}\n{text}".lower()
            count += all(p.search(lowered) for p in patterns)
            continue
        folded = f" {fold(title)} {fold(text)} "
        if together:
            count += f" {' '.join(tokens)} " in folded
        else:
            count += all(f" {t} " in folded for t in tokens)
    return count


def unwatch_term(services: Services, chat_id: int, term: Term) -> bool:
    """Remove a term from the chat's list; returns whether the chat watched it."""
    key = _key(term)
    with Session(services.engine) as session, session.begin():
        removed = remove_watch(session, chat_id, key)
    if removed:
        services.matcher.release_term(key, services.engine)
    return removed


def unwatch_term_id(services: Services, chat_id: int, term_id: int) -> str | None:
    """Remove the chat's term with this id (a /list button); returns its text, or None."""
    with Session(services.engine) as session, session.begin():
        row = session.get(WatchTerm, term_id)
        if row is None or row.chat_id != chat_id:
            return None
        key, text = row.normalised, row.text
        remove_watch(session, chat_id, key)
    services.matcher.release_term(key, services.engine)
    return text


def list_page(services: Services, chat_id: int, page: int) -> TermsPage:
    """Page `page` (from 0) of the chat's terms; a page past the end shows the last one."""
    with Session(services.engine, expire_on_commit=False) as session:
        total = count_watches(session, chat_id)
        pages = max(1, -(-total // LIST_PAGE))
        page = min(max(page, 0), pages - 1)
        terms = list_watches(session, chat_id, page * LIST_PAGE, LIST_PAGE)
    return TermsPage(terms, page, pages, total)


def watch_entity(
    services: Services, ref: ChatRef, term_id: int, index: int
) -> tuple[WatchTerm, Candidate] | None:
    """Watch the listed entity offered for term `term_id` with all its aliases.

    The offer is recomputed from the term (button data stays small); None when the term is
    gone or the lists no longer give that candidate.
    """
    with Session(services.engine) as session:
        row = session.get(WatchTerm, term_id)
        if row is None or row.chat_id != ref.id:
            return None
        typed = row.text.strip('"')
    offers = listed_candidates(services, typed)
    if index >= len(offers):
        return None
    chosen = offers[index]
    cluster = services.matcher.target_of(
        Mention(
            0,
            0,
            chosen.name,
            "sanction",
            None,
            chosen.refs,
            chosen.name,
            chosen.score,
            "alert",
            chosen.how,
        )
    )
    key = normalise_term(chosen.name)
    with Session(services.engine, expire_on_commit=False) as session, session.begin():
        subscribe(session, ref)
        entity_row, created = add_watch(session, ref.id, chosen.name, key, entity_key=cluster)
        if not created and entity_row.entity_key != cluster:
            entity_row.entity_key = cluster
            session.add(entity_row)
    if created:
        services.matcher.add_term(chosen.name)
    return entity_row, chosen
