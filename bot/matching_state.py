"""The one `Matcher` of the process: built from the installed lists and every watched term.

Concurrency: scans run in worker threads (`asyncio.to_thread`) while /watch adds terms on the
event loop. `watchlists.matcher.Matcher` is built for that: a scan only reads index objects
that a mutation replaces with one assignment (copy-on-write), so scans take no lock. Its
mutations must not interleave, so every term change goes through `_terms_lock` (held for
microseconds to a few milliseconds: the delta index holds at most a few thousand terms).
A list reload builds a whole new sanctions index in a worker thread under `_lists_lock`; it
touches only the sanctions part, so /watch never waits for it and scans keep using the old
index until the single-assignment swap.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from storage.models import WatchTerm
from storage.terms import rekey_watches
from watchlists.entities import ListEntity
from watchlists.folding import APOSTROPHES, ARABIC_OPENING_VOWELS
from watchlists.matcher import Matcher
from watchlists.mentions import Candidate, Mention
from watchlists.term_keys import normalise_term

__all__ = ["MatcherState", "load_list_entities"]

log = logging.getLogger(__name__)

# Characters whose folding changed after watch keys were stored: "&" (kept since), apostrophes
# (one inside a word joins it since), alif and ain opening an Arabic word ("a" since). Terms
# holding one are re-normalised at start-up.
REKEY_MARKS = ("&", *APOSTROPHES, *sorted(ARABIC_OPENING_VOWELS))

# Screenings remembered per lists version: the same names (Putin, Soleimani) come back often,
# and one screening against the full lists costs 15-200 ms of CPU that holds the GIL.
CHECK_CACHE_SIZE = 4096


def load_list_entities(engine: Engine) -> tuple[list[ListEntity], dict[str, str], str]:
    """Entities and links of the installed lists, or of the bundled seeds when none is installed.

    Returns (entities, links, where they came from).
    """
    from storage.lists_repo import installed_entities, installed_links

    entities = list(installed_entities(engine))
    if entities:
        return entities, dict(installed_links(engine)), "installed lists"
    from ingest.list_files import read_list_paths, seed_lists_dir
    from watchlists.linking import link_entities

    seeds = [e for snapshot in read_list_paths([seed_lists_dir()]) for e in snapshot.entities]
    return seeds, link_entities(seeds), f"bundled seeds ({seed_lists_dir()})"


class MatcherState:
    """Owns the process's `Matcher`; keeps it in step with the lists and the watch terms."""

    def __init__(self, matcher: Matcher | None = None, links: Mapping[str, str] | None = None):
        self._matcher = matcher if matcher is not None else Matcher()
        self._links: Mapping[str, str] = dict(links or {})
        self._engine: Engine | None = None
        self._terms_lock = threading.Lock()
        self._lists_lock = threading.Lock()
        self._checks: OrderedDict[tuple[str, int], tuple[Candidate, ...]] = OrderedDict()
        self._checks_lock = threading.Lock()
        self.source = "empty"

    @classmethod
    def load(cls, engine: Engine) -> MatcherState:
        """Build from the installed lists (or seeds) and every watch term in the database."""
        entities, links, source = load_list_entities(engine)
        state = cls(Matcher(entities, links=links), links)
        state.source = source
        state._engine = engine
        with Session(engine) as session, session.begin():
            # Keys stored before "&" was kept in them ("marks spencer" for "Marks & Spencer"),
            # or before an apostrophe joined a word ("o brien" for "O'Brien").
            rekeyed = rekey_watches(session, normalise_term, REKEY_MARKS)
        if rekeyed:
            log.info("re-keyed %d watch terms whose folding changed", rekeyed)
        texts = _watched_texts(engine)
        with state._terms_lock:
            state._matcher.add_terms(texts)
        state._warm_screening()
        log.info(
            "matcher loaded: %d entities from %s, %d watch terms", len(entities), source, len(texts)
        )
        return state

    @property
    def matcher(self) -> Matcher:
        """The live matcher (for read-only use such as `check`)."""
        return self._matcher

    def add_term(self, text: str) -> str:
        """Watch a term from now on; returns its normalised key (ValueError if it has none)."""
        with self._terms_lock:
            return self._matcher.add_term(text)

    def add_terms(self, texts: Sequence[str]) -> list[str]:
        """Watch many terms at once (one index rebuild)."""
        with self._terms_lock:
            return self._matcher.add_terms(texts)

    def release_term(self, key: str, engine: Engine | None = None) -> bool:
        """Stop matching `key` when no chat watches it any more; returns whether it was removed."""
        engine = engine or self._engine
        # The check runs under the lock: a /watch of the same key that commits meanwhile
        # either is seen here, or its add_term waits for us and adds the term back.
        with self._terms_lock:
            if key not in self._matcher.terms():
                return False
            if engine is not None and _still_watched(engine, key):
                return False
            self._matcher.remove_term(key)
            return True

    def terms(self) -> set[str]:
        """The keys of every term the matcher watches."""
        return self._matcher.terms()

    def scan(self, text: str) -> list[Mention]:
        """Every mention in `text`; safe from any thread while terms change (see module doc)."""
        return self._matcher.scan(text)

    def check(self, name: str, limit: int = 10) -> list[Candidate]:
        """Screen one name against the lists (remembered until the lists change)."""
        cache, key = self._checks, (name, limit)
        with self._checks_lock:
            found = cache.get(key)
            if found is not None:
                cache.move_to_end(key)
                return list(found)
        found = tuple(self._matcher.check(name, limit))
        with self._checks_lock:
            cache[key] = found
            if len(cache) > CHECK_CACHE_SIZE:
                cache.popitem(last=False)
        return list(found)

    def _warm_screening(self) -> None:
        # The matcher builds its screening index on the first check (2 s for the full lists):
        # build it now, so that the first /watch or /check after start or reload is not slow.
        self._matcher.check("", 1)

    def target_of(self, mention: Mention) -> str:
        """What a stored match is about: the term key, or the entity cluster for sanctions."""
        if mention.kind == "watch" and mention.term:
            return mention.term
        links = self._links
        return min((links.get(ref, ref) for ref in mention.refs), default=mention.name)

    async def reload_lists(self, engine: Engine) -> str:
        """Rebuild the sanctions index from the installed lists, off the event loop."""
        return await asyncio.to_thread(self._reload_lists_blocking, engine)

    def _reload_lists_blocking(self, engine: Engine) -> str:
        with self._lists_lock:
            entities, links, source = load_list_entities(engine)
            # replace_entities builds both new indexes first, then swaps them in one assignment.
            self._matcher.replace_entities(entities, links)
            self._warm_screening()
            # A new dict, not clear(): a check racing the swap stores into the old one.
            with self._checks_lock:
                self._checks = OrderedDict()
            self._links = dict(links)
            self.source = source
        log.info("lists reloaded: %d entities from %s", len(entities), source)
        return source


def _still_watched(engine: Engine, key: str) -> bool:
    with Session(engine) as session:
        stmt = select(col(WatchTerm.id)).where(col(WatchTerm.normalised) == key).limit(1)
        return session.scalar(stmt) is not None


def _watched_texts(engine: Engine) -> list[str]:
    """One typed text per distinct watched key (of any chat, active or not)."""
    with Session(engine) as session:
        stmt = select(func.min(col(WatchTerm.text))).group_by(col(WatchTerm.normalised))
        return [text for text in session.scalars(stmt) if text]
