"""Screen one name against the lists (`watchbot check`): find candidates by word, then compare."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from watchlists.entities import ListEntity
from watchlists.folding import fold_tokens
from watchlists.mentions import Candidate
from watchlists.name_compare import compare_names
from watchlists.phonetics import word_skeleton

__all__ = ["MIN_CANDIDATE_SCORE", "ScreeningIndex"]

# Candidates below this score are not worth showing.
MIN_CANDIDATE_SCORE = 0.5
# A one-word alias meeting one word of a longer name says little: "Nikolai Azarov" is not the
# vessel MAIA-1 for its alias "Nicola" (0.917 uncapped, above /watch's 0.9 "on sanctions lists").
# An entity's own one-word name ("GAZPROM") keeps its score, as in scanning.
_ONE_WORD_ALIAS = 0.75


class ScreeningIndex:
    """Every listed name, reachable by each of its folded words and their skeletons."""

    def __init__(self, entities: Iterable[ListEntity], links: Mapping[str, str]) -> None:
        self._names: list[tuple[str, str, bool]] = []  # (name, group, a one-word alias)
        self._groups: dict[str, tuple[list[str], str]] = {}  # group -> (refs, display name)
        self._by_token: dict[str, list[int]] = {}
        for entity in entities:
            group = links.get(entity.key, entity.key)
            refs, _ = self._groups.setdefault(group, ([], entity.name))
            refs.append(entity.key)
            for name in entity.all_names():
                idx = len(self._names)
                words = _words(name.name)
                alias = name.name != entity.name and len(words) == 1
                self._names.append((name.name, group, alias))
                for key in _keys(words):
                    self._by_token.setdefault(key, []).append(idx)

    def check(self, name: str, limit: int = 10) -> list[Candidate]:
        """The best `limit` candidates for a name, best first."""
        words = _words(name)
        ids: set[int] = set()
        for key in _keys(words):
            ids.update(self._by_token.get(key, ()))
        several = len(words) > 1
        best: dict[str, tuple[float, str, str]] = {}
        for idx in ids:
            listed, group, alias = self._names[idx]
            score, how = compare_names(name, listed)
            if alias and several:
                score = min(score, _ONE_WORD_ALIAS)
            if score >= MIN_CANDIDATE_SCORE and score > best.get(group, (-1.0, "", ""))[0]:
                best[group] = (score, how, listed)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        out = []
        for group, (score, how, listed) in ranked:
            refs, display = self._groups[group]
            how_text = how if listed == display else f"{how} (alias {listed!r})"
            out.append(Candidate(tuple(sorted(refs)), display, round(score, 4), how_text))
        return out


def _words(name: str) -> tuple[str, ...]:
    return fold_tokens(name.replace("&", " "))  # as `name_compare` reads names


def _keys(tokens: tuple[str, ...]) -> set[str]:
    """Lookup keys: each folded word, and each word's skeleton (prefixed to keep them apart)."""
    keys = {t for t in tokens if len(t) > 1}
    keys.update("~" + s for t in tokens if len(s := word_skeleton(t)) >= 2)
    return keys
