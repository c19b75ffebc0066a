"""The index of the reworded-name step (`reworded`): rare words of listed names, and the names
that hold them, keyed so that a run of words finds its candidates in a few look-ups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from watchlists.distinctive import token_zipf
from watchlists.name_index import Target
from watchlists.phonetics import PARTICLES, phonetic_text
from watchlists.spellings import onset, word_onset

__all__ = ["RewordIndex", "Verdict"]

# A word is looked for alone when it is in at most this many listed entities' names ...
_IN_GROUPS = 30
# ... at least this long and this rare in English ("rafsanjan", not "cement"). The rarer, the
# fewer runs to read: under 3.0 ("sanatorium", and names the news writes often: "Benitez",
# "Marat") the words were hit 1,558 times a BBC round and found 1,571 of 1,886 hidden
# spellings; under 2.5, 667 times and 1,564; under 2.0, 269 times and 1,560, and the step's
# cost in the scan fell within the runs' noise.
_MIN_LENGTH = 4
_MAX_ZIPF = 2.0
# What a run of words names: target number, first and last word of the run, score, how.
Verdict = tuple[int, int, int, float, str]


@dataclass(frozen=True, slots=True)
class RewordIndex:
    """Rare words of listed names -> the targets (names as listed, two words or more) with them.

    An organisation is found by any rare word of its name. A person is found by a rare surname
    and the first sound of the first given name ("shami k" for "AL-SHAMI, Khalid"), or the other
    way round: "Shami Chakrabarti" must not weigh every listed al-Shami in every article.
    """

    # Key -> target number, or numbers where several share the key (most keys have one).
    by_key: dict[str, int | tuple[int, ...]]
    surnames: frozenset[str]  # person words among the keys (each key is "word sound")
    # Runs judged before, by their words: the news names the same people and companies in
    # article after article. `reworded` clears them past a limit.
    judged: dict[tuple[tuple[str, ...], bool], list[Verdict]] = field(
        default_factory=dict, compare=False
    )

    @classmethod
    def of(cls, targets: Sequence[Target]) -> RewordIndex:
        """Index the as-listed targets of `targets` by their rare words."""
        listed = [i for i, t in enumerate(targets) if t.how == "exact" and not t.given]
        rare = _rare_words(targets, listed)
        by_key: dict[str, list[int]] = {}
        surnames: set[str] = set()
        pairs: list[tuple[int, str, str]] = []  # person target, rare word, the other word
        for i in listed:
            target = targets[i]
            tokens = [t for t in target.tokens if t not in PARTICLES]
            if len(tokens) < 2:
                continue
            if not target.person:
                for word in rare.intersection(tokens):
                    by_key.setdefault(word, []).append(i)
            elif (surname := target.surname) and (
                given := next((t for t in tokens if t != surname), None)
            ):
                # Each key is a rare word and the first sound of the other (one of the pair
                # may be spelt otherwise: "Vilai Chaivorasilp" for "CHAIWORASIN, Vilai").
                pairs += [(i, w, o) for w, o in ((surname, given), (given, surname)) if w in rare]
        # The other words' first sounds in one pass: 30,000 words through the word caches
        # would keep them all alive.
        sounds = phonetic_text(" ".join(o for _, _, o in pairs)).split(" ") if pairs else []
        for (i, word, _), sound in zip(pairs, sounds, strict=True):
            by_key.setdefault(f"{word} {onset(sound)}", []).append(i)
            surnames.add(word)
        keys = {k: ids[0] if len(ids) == 1 else tuple(ids) for k, ids in by_key.items()}
        return cls(keys, frozenset(surnames))

    def words(self) -> set[str]:
        """The rare words, to be found in texts."""
        return {k for k in self.by_key if " " not in k} | self.surnames

    def candidates(self, words: Sequence[str]) -> set[int]:
        """The targets a run of words may name."""
        found: set[int] = set()
        keys = [w for w in words if w in self.by_key]
        persons = [w for w in words if w in self.surnames]
        if persons:
            sounds = {word_onset(x) for x in words}
            keys += [f"{w} {s}" for w in persons for s in sounds]
        for key in keys:
            ids = self.by_key.get(key, ())
            if isinstance(ids, int):
                found.add(ids)
            else:
                found.update(ids)
        return found


def _rare_words(targets: Sequence[Target], listed: list[int]) -> set[str]:
    """Words of listed names in few groups' names, long and rare in English."""
    in_groups: Counter[str] = Counter()
    # Group by group (sorted), counting each word once per group.
    order = sorted(listed, key=lambda i: targets[i].group)
    for _, members in groupby(order, key=lambda i: targets[i].group):
        in_groups.update({w for i in members for w in targets[i].tokens})
    return {
        w
        for w, n in in_groups.items()
        if n <= _IN_GROUPS and len(w) >= _MIN_LENGTH and w.isalpha() and token_zipf(w) < _MAX_ZIPF
    }
