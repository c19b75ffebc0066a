"""An organisation's legal form in its other spelling: "LTD" is "Limited", "OOO" is "LLC".

Lists and the news spell a company's legal form as they please: one OFAC entry is "BUSINESS
DIVERSITY LIMITED" and, among its aliases, "BUSINESS DIVERSITY LTD"; KAMAZ is "KAMAZ PAO" and
"KAMAZ PJSC". rigour's `replace_org_types_compare` puts English long and short forms in one
spelling but keeps "OOO" apart from "LLC"; this table pairs the spellings, folded, as
`fold_tokens` gives them. Pairs only, and the form stays where it was: every form is one more
target, and every spelling at both ends ("Limited Liability Company Stroytransgaz") made 34,000
of them, 40 MB and 0.6 s of index build for 5 more of 1,886 hidden aliases (docs/matching.md).
Watch terms take the same spellings as aliases (`term_keys.term_aliases`).
"""

from __future__ import annotations

import ahocorasick_rs
import numpy as np

__all__ = ["ACRONYMS", "LEADING_FORMS", "legal_form_spellings", "lines_with_legal_forms"]

# Each row: two spellings of one legal form, and whether it may lead the name (Russian forms:
# "OOO Stroytransgaz" as well as "Stroytransgaz LLC").
_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = (
    (("ltd",), ("limited",), False),
    (("inc",), ("incorporated",), False),
    (("corp",), ("corporation",), False),
    (("co", "ltd"), ("company", "limited"), False),
    (("llc",), ("ooo",), True),
    (("jsc",), ("ao",), True),
    (("pjsc",), ("pao",), True),
    (("ojsc",), ("oao",), True),
    (("cjsc",), ("zao",), True),
)
# The Russian forms' words, written in capitals ("OOO", "PJSC").
ACRONYMS = frozenset(word for a, b, lead in _PAIRS if lead for word in (*a, *b))
# One word that opens a name as its legal form: "PJSC SBERBANK" is "Sberbank". rigour strips
# more words than these from the front ("SAD", for it a Spanish sports company, so "SAD IMPORT
# EXPORT COMPANY" was also "Import Export"; the "EP" of the aircraft "EP-GOM"): these are the
# ones where its reading is right, 34 of the 76 it strips from the shared lists' names, and
# FGUP and FSUE (`names` keeps any other word in the name).
LEADING_FORMS = ACRONYMS | frozenset(
    ["jscb", "pjscb", "llp", "ltd", "plc", "aat", "npo", "anpo", "gnpp", "fgbu", "fgup", "fsue"]
    + ["gk", "pt", "sa", "sia", "srl", "sarl", "spa", "stg", "ood", "oy", "ab", "pe", "pc", "ngo"]
)
# Either spelling to the other, longest first: "co ltd" is read before "ltd".
_OTHER = sorted(
    [(a, b, lead) for a, b, lead in _PAIRS] + [(b, a, lead) for a, b, lead in _PAIRS],
    key=lambda row: -len(row[0]),
)


def legal_form_spellings(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with its legal form in the other spelling, where it was; a form may lead the
    name only if Russian ("Limited Editions" has none). Empty when the name has no legal form
    of the table, or is nothing else."""
    for spelling, other, lead in _OTHER:
        n = len(spelling)
        if len(tokens) <= n:
            continue
        if tokens[-n:] == spelling:
            return [tokens[:-n] + other]
        if lead and tokens[:n] == spelling:
            return [other + tokens[n:]]
    return []


# A key ending with a legal form ("kamaz pao"), or starting with a Russian one ("ooo ...", also
# after a quoted phrase's '"'), as text between the line breaks of keys joined one a line.
_EDGES = ahocorasick_rs.BytesAhoCorasick(
    sorted(
        {f" {spelling[-1]}\n".encode() for a, b, _ in _PAIRS for spelling in (a, b)}
        | {
            f"\n{mark}{spelling[0]} ".encode()
            for a, b, lead in _PAIRS
            if lead
            for spelling in (a, b)
            for mark in ("", '"')
        }
    )
)


def lines_with_legal_forms(joined: str) -> list[int]:
    """Numbers of the lines of `joined` (term keys, one a line) that may hold a legal form of
    the table (a superset: their last word, or for a Russian form their first, is one), in
    order. One automaton pass over all keys: a million took 0.29 s tested one by one, 0.14 s
    so."""
    data = ("\n" + joined + "\n").encode()
    found = _EDGES.find_matches_as_indexes(data, overlapping=True)
    if not found:
        return []
    breaks = np.flatnonzero(np.frombuffer(data, np.uint8) == ord("\n"))
    starts = np.fromiter((start for _, start, _ in found), np.intp, len(found))
    lines: list[int] = np.unique(np.searchsorted(breaks, starts, side="right") - 1).tolist()
    return lines
