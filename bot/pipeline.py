"""The pipeline: document -> stored once -> scanned -> matches saved -> alerts and digest entries.

Each step is idempotent and leaves a mark on the document (`scanned_at`, `fanned_out_at`), and
each step's writes commit in one transaction with its mark. A crash between steps leaves a
document that `resume` finishes; a step that runs twice adds nothing, because every row it
writes has a unique key (document URL and hash, match span, chat + story, chat + match).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from bot.matching_state import MatcherState
from ingest.canonical import canonical_url, content_hash
from ingest.documents import IncomingDocument
from ingest.near_duplicates import DEFAULT_MAX_DISTANCE, story_fingerprint
from storage.documents import (
    NewDocument,
    StoredDocument,
    find_document,
    insert_document,
    mark_fanned_out,
    mark_scanned,
    recent_fingerprints,
    unfinished_document_ids,
)
from storage.matches import (
    Audience,
    NewMatch,
    add_alerts,
    add_digest_entries,
    document_matches,
    entity_audience,
    insert_matches,
    sanctions_audience,
    suppressed_pairs,
    watch_audience,
)
from storage.models import AlertMode, Document, MatchRow, SanctionsMode
from storage.types import utcnow

__all__ = [
    "IngestResult",
    "NEAR_DUPLICATE_BITS",
    "Pipeline",
    "StoryIndex",
    "story_key",
    "text_with_title",
]

log = logging.getLogger(__name__)

# Two 64-bit simhashes this many bits apart or fewer are one story (the same wire copy
# lightly edited by two outlets); measured by ingest.near_duplicates on the BBC corpus.
NEAR_DUPLICATE_BITS = DEFAULT_MAX_DISTANCE
# How many recent documents a new one is compared with.
STORY_WINDOW = 20_000
# Column sizes of documents.url / canonical_url and source_label.
URL_LIMIT = 2048
LABEL_LIMIT = 256


# Which modes turn an alert-band match into an alert, and which into a digest entry
# (a digest-band match always goes to the digest).
_WATCH_ALERT = frozenset({AlertMode.INSTANT.value, AlertMode.BOTH.value})
_WATCH_DIGEST = frozenset({AlertMode.DIGEST.value, AlertMode.BOTH.value})
_SANCTIONS_ALERT = frozenset({SanctionsMode.ON.value})
_SANCTIONS_DIGEST = frozenset({SanctionsMode.DIGEST.value})


# (matches, their audience, modes that alert, modes that digest, remember the spans heard)
_Route = tuple[
    list[MatchRow], Callable[[MatchRow], list[Audience]], frozenset[str], frozenset[str], bool
]


# How far into the text a title may stand and still count as already there.
TITLE_LOOKAHEAD = 400


def text_with_title(title: str | None, text: str) -> str:
    """The text to store and scan: the title first when the text does not already open with it.

    Feed entries and HTML pages carry their headline apart from the body, and a name that
    appears only in the headline is still a mention; inbox text files already start with it.
    """
    if not title or not title.strip():
        return text
    head = " ".join(text[: len(title) + TITLE_LOOKAHEAD].split()).casefold()
    if " ".join(title.split()).casefold() in head:
        return text
    return f"{title.strip()}\n\n{text}"


def story_key(story_id: int) -> str:
    """The outbox dedup key of a story's alert: one alert per chat and story."""
    return f"story:{story_id}"


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one incoming document."""

    document_id: int
    duplicate: bool
    story_id: int
    match_count: int
    alerts_enqueued: int
    digest_entries: int


class StoryIndex:
    """The simhashes of recent documents, to find the story a near-duplicate belongs to.

    Kept in memory and caught up from the database before each lookup (documents with a
    higher id than the last one seen), so documents stored by another instance, or before a
    restart, count too.
    """

    def __init__(self, window: int = STORY_WINDOW, max_bits: int = NEAR_DUPLICATE_BITS) -> None:
        self._recent: deque[tuple[int, int]] = deque(maxlen=window)
        self._max_bits = max_bits
        self._last_id = 0
        self._lock = threading.Lock()

    def catch_up(self, session: Session) -> None:
        """Add the fingerprints of documents stored since the last call (all, the first time)."""
        with self._lock:
            for simhash, story_id, doc_id in recent_fingerprints(
                session, self._recent.maxlen or 0, after_id=self._last_id
            ):
                self._recent.append((simhash, story_id))
                self._last_id = max(self._last_id, doc_id)

    def story_of(self, simhash: int) -> int | None:
        """The story of the newest document within `max_bits` of `simhash`, if any."""
        with self._lock:
            for other, story_id in reversed(self._recent):
                if (other ^ simhash).bit_count() <= self._max_bits:
                    return story_id
        return None


class Pipeline:
    """Turns incoming documents into stored matches, owed alerts and digest entries."""

    def __init__(
        self,
        engine: Engine,
        matcher_state: MatcherState,
        clock: Callable[[], datetime] = utcnow,
        *,
        stories: StoryIndex | None = None,
    ) -> None:
        self._engine = engine
        self._matcher = matcher_state
        self._clock = clock
        self._stories = stories or StoryIndex()
        # Storing serialises near-duplicate lookup and insert, so two copies of one story
        # arriving together still join one story.
        self._store_lock = threading.Lock()
        # SQLite has one writer at a time; when our own threads queue on this lock instead of
        # on SQLite's busy handler (which sleeps in growing steps), a write waits microseconds
        # after the previous one ends, not up to 100 ms. PostgreSQL writes in parallel.
        self._write_lock: AbstractContextManager[object] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    async def ingest(self, doc: IncomingDocument) -> IngestResult:
        """Store, scan and fan out one document; a document seen before is a duplicate."""
        stored, duplicate = await asyncio.to_thread(self._store, doc)
        return await self._finish(stored, duplicate)

    async def resume(self) -> int:
        """Finish documents stored but not scanned or not fanned out; returns how many."""
        ids = await asyncio.to_thread(self._unfinished)
        for doc_id in ids:
            stored = await asyncio.to_thread(self._load, doc_id)
            if stored is not None:
                await self._finish(stored, duplicate=False)
        if ids:
            log.info("resumed %d unfinished documents", len(ids))
        return len(ids)

    async def _finish(self, stored: StoredDocument, duplicate: bool) -> IngestResult:
        if stored.scanned_at is None:
            # Scanning is CPU work: off the event loop, so the bot keeps answering.
            mentions = await asyncio.to_thread(self._matcher.scan, stored.text)
            matches = [
                NewMatch(
                    m.start,
                    m.end,
                    m.text,
                    m.kind,
                    self._matcher.target_of(m),
                    m.refs,
                    m.name,
                    m.score,
                    m.band,
                    m.how,
                )
                for m in mentions
            ]
            await asyncio.to_thread(self._save_matches, stored.id, matches)
        alerts, digests, match_count = 0, 0, None
        if stored.fanned_out_at is None:
            alerts, digests, match_count = await asyncio.to_thread(self._fan_out, stored)
        if match_count is None:
            match_count = await asyncio.to_thread(self._match_count, stored.id)
        return IngestResult(stored.id, duplicate, stored.story_id, match_count, alerts, digests)

    # -- step 1: store --------------------------------------------------------------------

    def _store(self, doc: IncomingDocument) -> tuple[StoredDocument, bool]:
        canonical = canonical_url(doc.url) if doc.url else None
        if canonical is not None and len(canonical) > URL_LIMIT:
            canonical = None  # too long to index: the content hash alone recognises it
        digest = content_hash(doc.text)
        fingerprint = story_fingerprint(doc.text)  # None for texts too short to say
        with (
            self._store_lock,
            self._write_lock,
            Session(self._engine) as session,
            session.begin(),
        ):
            existing = find_document(session, canonical, digest)
            if existing is not None:
                return StoredDocument.of(existing), True
            self._stories.catch_up(session)
            story_id = None if fingerprint is None else self._stories.story_of(fingerprint)
            row = insert_document(
                session,
                NewDocument(
                    canonical_url=canonical,
                    content_hash=digest,
                    url=doc.url[:URL_LIMIT] if doc.url else None,
                    title=doc.title,
                    text=text_with_title(doc.title, doc.text),
                    source_id=doc.source_id,
                    source_label=doc.source_label[:LABEL_LIMIT],
                    published_at=doc.published,
                    received_at=self._clock(),
                    simhash=fingerprint,
                ),
                story_id,
            )
            if row is None:  # another process stored it between our lookup and insert
                existing = find_document(session, canonical, digest)
                assert existing is not None
                return StoredDocument.of(existing), True
            stored = StoredDocument.of(row)
        return stored, False

    def _load(self, doc_id: int) -> StoredDocument | None:
        with Session(self._engine) as session:
            row = session.get(Document, doc_id)
            return StoredDocument.of(row) if row is not None else None

    def _unfinished(self) -> list[int]:
        with Session(self._engine) as session:
            return unfinished_document_ids(session)

    # -- step 2: matches ------------------------------------------------------------------

    def _save_matches(self, doc_id: int, matches: list[NewMatch]) -> None:
        with self._write_lock, Session(self._engine) as session, session.begin():
            insert_matches(session, doc_id, matches, self._clock())
            mark_scanned(session, doc_id, self._clock())

    def _match_count(self, doc_id: int) -> int:
        with Session(self._engine) as session:
            return len(document_matches(session, doc_id))

    # -- step 3: fan out ------------------------------------------------------------------

    def _fan_out(self, stored: StoredDocument) -> tuple[int, int, int]:
        """Write the alerts and digest entries the document's matches owe; mark it fanned out."""
        with self._write_lock, Session(self._engine) as session, session.begin():
            matches = document_matches(session, stored.id)
            alerts, digests = plan_fan_out(session, matches)
            now = self._clock()
            new_alerts = add_alerts(session, alerts, story_key(stored.story_id), stored.id, now)
            new_digests = add_digest_entries(session, digests, stored.id, now)
            mark_fanned_out(session, stored.id, now)
        return len(new_alerts), new_digests, len(matches)


def plan_fan_out(
    session: Session, matches: list[MatchRow]
) -> tuple[dict[int, list[int]], set[tuple[int, int, str]]]:
    """Who hears of which match: {chat: alert match ids}, {(chat, match id, target)} for digests.

    Watch matches go to the active chats watching the term, and sanction matches to the chats
    watching that entity with all its aliases (`watch_terms.entity_key`): instant/both chats
    get an alert for alert-band matches; digest/both chats, and every chat for digest-band
    matches, get a digest entry. Sanction matches also go to chats with sanctions on (alert
    band -> alert, digest band -> digest) or on digest (-> digest). Suppressed pairings
    (chat, target, casefolded matched text) are skipped, and so is a sanction match on a span
    overlapping one the chat already hears of through a watch term.
    """
    watch = [m for m in matches if m.kind == "watch"]
    sanction = [m for m in matches if m.kind == "sanction"]
    watchers = watch_audience(session, {m.target for m in watch}) if watch else {}
    followers = entity_audience(session, {m.target for m in sanction}) if sanction else {}
    subscribers = sanctions_audience(session) if sanction else []
    suppressed = suppressed_pairs(session, {m.target for m in matches}) if matches else set()

    alerts: dict[int, list[int]] = defaultdict(list)
    digests: set[tuple[int, int, str]] = set()
    # Spans each chat already hears of through a watch term: a chat watching an entity with
    # all its aliases also watches its primary name, and one place in the text is one mention.
    heard: dict[int, list[tuple[int, int]]] = defaultdict(list)
    routes: list[_Route] = [
        (watch, lambda m: watchers.get(m.target, []), _WATCH_ALERT, _WATCH_DIGEST, True),
        (sanction, lambda m: followers.get(m.target, []), _WATCH_ALERT, _WATCH_DIGEST, False),
        (sanction, lambda m: subscribers, _SANCTIONS_ALERT, _SANCTIONS_DIGEST, False),
    ]
    for group, audience_of, alert_modes, digest_modes, remember in routes:
        for match in group:
            # Plain locals: this loop runs once per chat reached, thousands of times a document.
            match_id, target, band, start, end = (
                match.id, match.target, match.band, match.start, match.end
            )  # fmt: skip
            assert match_id is not None
            folded = match.text.casefold()
            alerting = band == "alert"
            for member in audience_of(match):
                chat_id, mode = member.chat_id, member.mode
                if suppressed and (chat_id, target, folded) in suppressed:
                    continue
                if remember:
                    heard[chat_id].append((start, end))
                elif heard and any(s < end and start < e for s, e in heard.get(chat_id, ())):
                    continue
                if alerting and mode in alert_modes:
                    alerts[chat_id].append(match_id)
                if not alerting or mode in digest_modes:
                    digests.add((chat_id, match_id, target))
    return dict(alerts), digests
