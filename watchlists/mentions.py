"""What the matcher reports: mentions found in a text, and candidates for one screened name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["ALERT_SCORE", "DIGEST_SCORE", "Band", "Candidate", "Kind", "Mention", "band_for"]

Kind = Literal["sanction", "watch"]
Band = Literal["alert", "digest"]

# A mention scoring at least ALERT_SCORE alerts at once; from DIGEST_SCORE it waits for the
# digest; below that it is not reported. Chosen on the BBC false-alert sample (docs/matching.md).
ALERT_SCORE = 0.8
DIGEST_SCORE = 0.6


def band_for(score: float) -> Band | None:
    """The band a score falls in, or None when it is too weak to report."""
    if score >= ALERT_SCORE:
        return "alert"
    if score >= DIGEST_SCORE:
        return "digest"
    return None


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a watched term or listed entity in a text.

    `start`/`end` are character offsets in the original text; `term` is the normalised term key
    for watch mentions; `refs` are entity keys ("un:IRi.039"); `name` is the list name or the term
    as typed; `how` says why it matched ("exact", "folded", "transliteration", "typo", ...).
    """

    start: int
    end: int
    text: str
    kind: Kind
    term: str | None
    refs: tuple[str, ...]
    name: str
    score: float
    band: Band
    how: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the `watchbot scan --json` line, without the document)."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
        }
        if self.kind == "watch":
            out["term"] = self.term
        out.update(
            refs=list(self.refs),
            name=self.name,
            score=round(self.score, 3),
            band=self.band,
            how=self.how,
        )
        return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """One list entry (or linked cluster of entries) that a screened name may be."""

    refs: tuple[str, ...]
    name: str
    score: float
    how: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the `watchbot check --json` line)."""
        return {
            "refs": list(self.refs),
            "name": self.name,
            "score": round(self.score, 3),
            "how": self.how,
        }
