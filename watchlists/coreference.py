"""Later mentions by surname: "Mr Putin" after "Vladimir Putin" in the same text.

Surnames alone are never looked for across all lists (there are many Putins, many Soleimanis).
Once a person's full name is found in a text at alert strength, the surname alone (or a close
misspelling of it, "Soleimaini") elsewhere in that text is the same person.
"""

from __future__ import annotations

import re

from watchlists.evidence import Evidence
from watchlists.mentions import ALERT_SCORE
from watchlists.name_index import ScanText
from watchlists.phonetics import skeleton, token_similarity

__all__ = ["find_surnames"]

_TOKEN = re.compile(r"[a-z0-9]+")
# A surname must be this close to count as a misspelling of the one named earlier.
_SIMILARITY = 0.9
_SURNAME_FACTOR = 0.95


def find_surnames(doc: ScanText, found: list[Evidence]) -> list[Evidence]:
    """Evidence for surname-only mentions of persons found in full elsewhere in the text."""
    anchors: dict[str, Evidence] = {}
    for e in found:
        surname = e.target.surname
        if surname and e.score >= ALERT_SCORE and len(surname) >= 3:
            old = anchors.get(surname)
            if old is None or e.score > old.score:
                anchors[surname] = e
    if not anchors:
        return []
    taken = [(e.start, e.end) for e in found]
    skeletons = {skeleton(s): s for s in anchors}
    original = doc.folded.original
    out = []
    for m in _TOKEN.finditer(doc.folded.folded):
        token, start, end = m.group(), m.start(), m.end()
        if any(s < end and start < t for s, t in taken):
            continue
        surname = token if token in anchors else skeletons.get(skeleton(token))
        if surname is None:
            continue
        sim = 1.0 if token == surname else token_similarity(token, surname)
        if sim < _SIMILARITY:
            continue
        ostart, _ = doc.folded.to_original(start, end)
        if original[ostart].islower():
            continue
        anchor = anchors[surname]
        how = "surname" if sim == 1.0 else "surname typo"
        out.append(Evidence(start, end, anchor.target, anchor.score * _SURNAME_FACTOR * sim, how))
    return out
