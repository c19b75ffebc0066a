"""The matcher: an index of listed names and users' watch terms, scanned over many texts.

Build once from list entities (`Matcher(entities, links=...)`), add and remove watch terms at
any time (cheap: terms live in a small delta index merged into a larger one now and then), and
`scan` texts. Scanning only reads the index, so several threads may scan while one mutates.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterable, Mapping

from watchlists.abjad_names import AbjadNames
from watchlists.coreference import find_surnames
from watchlists.entities import ListEntity
from watchlists.evidence import Evidence, Verdicts, weigh_hit
from watchlists.folding import has_non_latin
from watchlists.gaps import find_gapped
from watchlists.mentions import Candidate, Mention
from watchlists.name_index import RARE_WORD, Hit, PatternIndex
from watchlists.resolve import (
    best_non_overlapping,
    group_by_span,
    mentions_of,
    outside_longer_names,
    where_no_alert,
)
from watchlists.reword_index import RewordIndex
from watchlists.reworded import find_reworded
from watchlists.scan_text import ScanText
from watchlists.screening import ScreeningIndex
from watchlists.spellings import judge_words, may_misspell, plausible_variant, same_onsets
from watchlists.targets import sanction_targets
from watchlists.term_keys import normalise_term, normalise_terms
from watchlists.term_targets import TermTargets, tokens_at

__all__ = ["DELTA_LIMIT", "Matcher"]

# Terms added since the last merge live in a delta index rebuilt on every change; past this many
# the delta is merged into the main term index (in a background thread).
DELTA_LIMIT = 2000
# A user who watches "Soleimani" wants "Soleimaini" too: one-word terms get variants down to
# four consonants (list names need six: they are many and nobody chose them).
_TERM_SKELETONS = 4


class Matcher:
    """Find mentions of listed entities and watch terms in texts."""

    def __init__(
        self, entities: Iterable[ListEntity] = (), *, links: Mapping[str, str] | None = None
    ) -> None:
        self._terms: dict[str, str] = {}  # key -> the term as first typed
        # The keys in the main index, as a dict of None: unlike a set, the cyclic GC does not
        # track it, and a full collection does not visit a million keys.
        self._main_keys: dict[str, None] = {}
        self._main = PatternIndex([])
        self._delta = PatternIndex([])
        self._delta_keys: set[str] = set()
        self._merging: threading.Thread | None = None
        self._merged: tuple[PatternIndex, dict[str, None]] | None = None
        self.replace_entities(entities, links)

    # -- lists ---------------------------------------------------------------------------

    def replace_entities(
        self, entities: Iterable[ListEntity], links: Mapping[str, str] | None = None
    ) -> None:
        """Swap the sanctions part of the index (list reload); watch terms are kept."""
        entities = list(entities)
        links = dict(links or {})
        targets = sanction_targets(entities, links)
        reworded = RewordIndex.of(targets)
        sanctions = PatternIndex(targets, words=reworded.words())
        abjad = AbjadNames(targets)
        # One assignment each: a concurrent scan sees the old or the new index, never half.
        # The screening index (for `check`) is built on first use: scanning never needs it.
        self._sanctions = sanctions, reworded, abjad
        self._screening_source = entities, links
        self._screening: ScreeningIndex | None = None
        # One full collection now, as part of the build: the index's million objects are then
        # counted as old, and no scan soon after pays for a collection over them (0.3 s in the
        # first round over the BBC corpus).
        gc.collect()

    # -- watch terms ---------------------------------------------------------------------

    def add_term(self, text: str) -> str:
        """Watch a term; returns its normalised key. Idempotent and cheap."""
        key = normalise_term(text)
        self._adopt_merge()
        if key in self._terms:
            return key
        self._terms[key] = text.strip()
        if key in self._main_keys:  # removed and added again before a merge: still indexed
            return key
        self._delta_keys.add(key)
        self._rebuild_delta()
        if len(self._delta_keys) > DELTA_LIMIT and self._merging is None:
            self._start_merge()
        return key

    def add_terms(self, texts: Iterable[str]) -> list[str]:
        """Watch many terms at once (start-up): one rebuild instead of one per term."""
        texts = list(texts)
        keys = normalise_terms(texts)  # all or none: a term with no letters raises first
        for key, text in zip(keys, texts, strict=True):
            self._terms.setdefault(key, text.strip())
        self.compact()
        return keys

    def remove_term(self, key: str) -> None:
        """Stop watching a term (by its key); unknown keys are ignored."""
        self._adopt_merge()
        if self._terms.pop(key, None) is None:
            return
        if key in self._delta_keys:
            self._delta_keys.discard(key)
            self._rebuild_delta()
        # A removed term may still sit in the main index until the next merge; scan skips it.

    def terms(self) -> set[str]:
        """The keys of all watched terms."""
        return set(self._terms)

    def compact(self) -> None:
        """Merge every term into the main index now (synchronously)."""
        if self._merging is not None:
            self._merging.join()
            self._adopt_merge()
        keys = dict.fromkeys(self._terms)
        self._main = PatternIndex(
            TermTargets(self._terms, keys), min_skeleton=_TERM_SKELETONS, min_single=_TERM_SKELETONS
        )
        self._main_keys = keys
        self._delta_keys = set()
        self._rebuild_delta()

    def _rebuild_delta(self) -> None:
        self._delta = PatternIndex(
            TermTargets(self._terms, self._delta_keys),
            min_skeleton=_TERM_SKELETONS,
            min_single=_TERM_SKELETONS,
        )

    def _start_merge(self) -> None:
        snapshot = dict(self._terms)

        def build() -> None:
            index = PatternIndex(
                TermTargets(snapshot, snapshot),
                min_skeleton=_TERM_SKELETONS,
                min_single=_TERM_SKELETONS,
            )
            self._merged = (index, dict.fromkeys(snapshot))

        self._merging = threading.Thread(target=build, name="watchbot-term-merge", daemon=True)
        self._merging.start()

    def _adopt_merge(self) -> None:
        """Install a finished background merge (called from the mutating thread only)."""
        if self._merging is None or self._merging.is_alive() or self._merged is None:
            return
        main, keys = self._merged
        self._main, self._main_keys = main, keys
        self._delta_keys = {k for k in self._terms if k not in keys}
        self._rebuild_delta()
        self._merging, self._merged = None, None

    # -- scanning ------------------------------------------------------------------------

    def scan(self, text: str) -> list[Mention]:
        """Every mention in `text`, sorted by start; overlaps resolved within each kind and term."""
        doc = ScanText.of(text)
        index, reworded, abjad = self._sanctions
        # Per span and listed entity, its best-scoring name only: a text that repeats a spelling
        # many listed names share made an Evidence per name and hit (8 million for 5 MB of
        # "Qassem Suleimani, Ghasem Soleimani.").
        best: dict[tuple[int, int, str], Evidence] = {}
        verdicts = Verdicts()
        anchors: list[Hit] = []
        rare: list[int] = []
        for h in index.hits(doc):
            if h.target.given:
                anchors.append(h)
            elif h.target is RARE_WORD:
                rare.append(h.start)
            elif e := weigh_hit(h, doc, verdicts):
                old = best.setdefault((e.start, e.end, e.target.group), e)
                if e.score > old.score:
                    best[e.start, e.end, e.target.group] = e
        sanctions = list(best.values())
        if anchors:
            sanctions += find_gapped(doc, anchors)
        if rare and (found := find_reworded(doc, rare, reworded, index.targets)):
            sanctions += where_no_alert(found, sanctions)
        sanctions += abjad.find(doc)
        if sanctions:  # most texts name no one listed: nothing to resolve
            sanctions = best_non_overlapping(outside_longer_names(sanctions))
            sanctions += find_surnames(doc, sanctions)
        watched: list[Evidence] = []
        terms = self._terms
        for index in (self._main, self._delta):
            if len(index):  # the delta is empty between merges, both before any /watch
                watched += _term_evidence(index, doc, terms)
        mentions = mentions_of(doc, group_by_span(sanctions), "sanction") if sanctions else []
        by_term: dict[str, list[Evidence]] = {}
        for e in watched:
            by_term.setdefault(e.target.group, []).append(e)
        for group in by_term.values():
            mentions += mentions_of(doc, group_by_span(best_non_overlapping(group)), "watch")
        mentions.sort(key=lambda m: (m.start, m.end, m.kind, m.term or ""))
        return mentions

    def check(self, name: str, limit: int = 10) -> list[Candidate]:
        """Screen one name against the lists: the best candidates, best first."""
        screening = self._screening
        if screening is None:
            screening = self._screening = ScreeningIndex(*self._screening_source)
        return screening.check(name, limit)


# Verdicts on watch-term skeleton hits, per index: (pattern, text as written) -> the terms it
# matches and how. A watch term's evidence depends only on the words found and the term (no
# distinctiveness, no context), so each distinct spelling is judged once, not once per article.
_VERDICTS: weakref.WeakKeyDictionary[PatternIndex, dict[tuple[int, str], list[Verdict]]] = (
    weakref.WeakKeyDictionary()
)
_VERDICT_LIMIT = 200_000
Verdict = tuple[int, float, str]  # target number, score, how


def _term_evidence(index: PatternIndex, doc: ScanText, terms: Mapping[str, str]) -> list[Evidence]:
    """Evidence for watch terms: exact hits weighed directly, skeleton hits through a cache."""
    found: list[Evidence] = []
    exact_spans: set[tuple[int, int]] = set()
    for hit in index.folded_hits(doc):
        if hit.target.group in terms and (e := weigh_hit(hit, doc)):
            found.append(e)
        exact_spans.add((hit.start, hit.end))
    cache = _VERDICTS.setdefault(index, {})
    if len(cache) > _VERDICT_LIMIT:
        cache.clear()
    targets = index.targets
    text = doc.folded.original
    to_original = doc.folded.to_original
    for start, end, pid in index.skeleton_hits(doc):
        ostart, oend = to_original(start, end)
        key = (pid, text[ostart:oend])
        verdicts = cache.get(key)
        if verdicts is None:
            verdicts = []
            tids = index.skeleton_targets(pid)
            words = doc.words(start, end)
            latin = not has_non_latin(key[1])
            # One everyday word ("Labour", "Gordon") is no term's variant: a term spelt so is
            # too common to have variants, so no term can pass. With a million terms most hits
            # are such words, each shared by many terms: skip the loop over them.
            single_word = len(words) == 1 and not may_misspell(words[0])
            for tid in () if single_word else tids:
                # The cheap tests before a Target is made: a million terms share few skeletons.
                tokens = tokens_at(targets, tid)
                if not plausible_variant(words, tokens) or (
                    latin and not same_onsets(words, tokens)
                ):
                    continue
                # The judgement `weigh_hit` makes, on the words alone (cached) and before a
                # Target is made: 99 % of the candidates fail it (34,215 checks gave 302
                # verdicts in a first pass over the BBC corpus with a million terms).
                if judge_words(tuple(words), tokens, not latin) is None:
                    continue
                target = targets[tid]
                e = weigh_hit(Hit(start, end, target, False), doc)
                if e is not None:
                    verdicts.append((tid, e.score, e.how))
            cache[key] = verdicts
        if not verdicts:
            continue  # most hits: an everyday capitalised word meeting a term's skeleton
        for tid, score, how in verdicts:
            target = targets[tid]
            if target.group in terms and not (
                (start, end) in exact_spans and tuple(doc.words(start, end)) == target.tokens
            ):
                found.append(Evidence(start, end, target, score, how))
    return found
