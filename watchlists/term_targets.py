"""Watch terms as targets: made on demand from their keys, so a million terms stay small."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import overload

import numpy as np
import numpy.typing as npt

from watchlists.distinctive import COMMON_ZIPF, name_information, words_zipf
from watchlists.east_slavic import east_slavic_forms, forms_by_line
from watchlists.legal_forms import lines_with_legal_forms
from watchlists.name_index import Target
from watchlists.term_keys import PHRASE_MARK, is_phrase_key, term_aliases, term_tokens
from watchlists.term_patterns import TermLines, line_words

__all__ = ["TermTargets", "term_spellings", "term_target", "tokens_at"]

# A watch term made only of everyday words ("power") is matched as typed, without variants.
_TERM_FUZZY_INFO = 1.5


class TermTargets(Sequence[Target]):
    """Watch terms as targets, made on demand from their keys (a million terms stay small)."""

    def __init__(self, terms: Mapping[str, str], keys: Iterable[str]) -> None:
        self._terms = terms
        every = list(keys)
        originals = len(every)
        # A term's aliases ("marks and spencer" for "marks & spencer", "kamaz pjsc" for
        # "kamaz pao") are targets of their own after all the keys, each reported as the term
        # it stands for.
        self._owners: dict[int, str] = {}
        # One join and two substring scans rule out a million keys in 75 ms; a test per key
        # took 150 ms. The legal forms take one automaton pass.
        joined = "\n".join(every)
        some = set(lines_with_legal_forms(joined))
        if "&" in joined or " and " in joined:
            some.update(i for i, k in enumerate(every) if "&" in k or " and " in k)
        for key in [every[i] for i in sorted(some)]:
            for alias in term_aliases(key):
                self._owners[len(every)] = key
                every.append(alias)
        # A person's name with East Slavic given names or patronymic is also looked for in the
        # other language's forms where their skeletons differ, as listed names are ("mykola
        # azarov" for "nikolai azarov", a Belarusian "-ou" surname as "-ov"), reported as
        # transliterated (see `_takes_forms` for which terms).
        self._translated_from = len(every)  # the aliases from here on are those forms
        for line, forms in forms_by_line(every[:originals]):
            key = every[line]
            if not _takes_forms(key, len(forms[0])):
                continue
            mark = PHRASE_MARK if is_phrase_key(key) else ""
            for form in forms:
                self._owners[len(every)] = key
                every.append(mark + " ".join(form))
        # A tuple of strings, which the cyclic GC stops tracking after one look: as a list, its
        # million references were traversed by every full collection.
        self._keys = tuple(every)

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> Target: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Target]: ...

    def __getitem__(self, index: int | slice) -> Target | Sequence[Target]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        key = self._keys[index]
        owner = self._owners.get(index, key)
        how = "transliterated" if index >= self._translated_from else "exact"
        return term_target(key, self._terms.get(owner, ""), group=owner, how=how)

    def shape(self, index: int) -> tuple[tuple[str, ...], bool]:
        """(tokens, whether variants are looked for) of term `index`, without the target."""
        tokens = term_tokens(self._keys[index])
        return tokens, name_information(tokens) >= _TERM_FUZZY_INFO

    def tokens(self, index: int) -> tuple[str, ...]:
        """The tokens of term `index` (cheaper than the whole target)."""
        return term_tokens(self._keys[index])

    def lines(self) -> TermLines | None:
        """Every term's tokens as a line of one text, and whether its variants are looked for:
        what `PatternIndex` builds from in array passes. None if a key is not plain folded text.
        """
        if not self._keys:
            return None
        text = "\n".join(self._keys).replace("\n" + PHRASE_MARK, "\n").removeprefix(PHRASE_MARK)
        if not text.isascii():
            return None
        data = np.frombuffer(text.encode("ascii"), np.uint8)
        # term_tokens splits on any run of spaces; the array passes need exactly one space
        # between words, and only folded characters.
        gap = (data == 32) | (data == 10)
        if not _FOLDED[data].all() or gap[0] or gap[-1] or bool((gap[1:] & gap[:-1]).any()):
            return None
        # Two keys give one line when a quoted phrase is also watched unquoted, or an alias is
        # another term's key.
        distinct = len({k.removeprefix(PHRASE_MARK) for k in self._keys}) == len(self._keys)
        return TermLines(text, _fuzzy_lines(text, data), distinct)


# Bytes a folded key is made of: lower-case letters, digits, "&", the space, and the line break.
_FOLDED = np.zeros(256, np.bool_)
_FOLDED[list(b"abcdefghijklmnopqrstuvwxyz0123456789& \n")] = True


def _fuzzy_lines(text: str, data: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Per line, name_information(tokens) >= _TERM_FUZZY_INFO: the same sums, in array passes."""
    first = line_words(data)[2]
    words = text.split()
    zipf = words_zipf(words)
    fuzzy = np.add.reduceat(np.maximum(0.0, COMMON_ZIPF - zipf), first) >= _TERM_FUZZY_INFO
    # numpy sums eight or more numbers pairwise, not in order as `sum` does: those few lines
    # are decided by name_information itself, so a last bit never tips the threshold.
    ends = np.append(first[1:], len(words))
    for i in np.flatnonzero(ends - first >= 8).tolist():
        fuzzy[i] = name_information(words[first[i] : ends[i]]) >= _TERM_FUZZY_INFO
    return fuzzy


def tokens_at(targets: Sequence[Target], index: int) -> tuple[str, ...]:
    """The tokens of target `index`, without making the target when it is a watch term."""
    if isinstance(targets, TermTargets):
        return targets.tokens(index)
    return targets[index].tokens


@lru_cache(maxsize=65536)
def term_target(key: str, typed: str, group: str | None = None, how: str = "exact") -> Target:
    """The target for one watch term: its words in the typed order, variants unless common;
    `group` is the term reported when `key` is one of its aliases, `how` what an exact hit is."""
    tokens = term_tokens(key)
    info = name_information(tokens)
    return Target(
        group=group or key,
        refs=(),
        name=typed or key,
        tokens=tokens,
        how=how,
        info=info,
        weight=1.0,
        person=False,
        watch=True,
        fuzzy=info >= _TERM_FUZZY_INFO,
    )


def term_spellings(key: str) -> list[str]:
    """The other keys one term is looked for under, as `TermTargets` indexes it: its aliases
    ("&" or "and" swapped, a legal form in its other spelling) and the other language's East
    Slavic forms ("mykola azarov" for "nikolai azarov")."""
    tokens = term_tokens(key)
    mark = PHRASE_MARK if is_phrase_key(key) else ""
    forms = east_slavic_forms(tokens) if _takes_forms(key, len(tokens)) else []
    return [*term_aliases(key), *(mark + " ".join(form) for form in forms)]


def _takes_forms(key: str, words: int) -> bool:
    """Whether a term gets East Slavic forms: two words or more (a given name alone is no one
    in particular), and a folded key (one stored by an older folding may not be)."""
    return words >= 2 and key.isascii()
