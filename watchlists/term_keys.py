"""Watch-term keys: what a user's term is stored and looked up as, and the forms it stands for.

A key is the term folded ("soleimani" for "SOLEIMANI"); a quoted phrase keeps a leading `"`
(its words must appear in order). Keys are what `/watch` stores and what the matcher indexes.
"""

from __future__ import annotations

from collections.abc import Iterable

from watchlists.folding import fold, fold_many
from watchlists.legal_forms import legal_form_spellings

__all__ = [
    "PHRASE_MARK",
    "is_phrase_key",
    "normalise_term",
    "normalise_terms",
    "term_aliases",
    "term_tokens",
]

_QUOTES = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019"
PHRASE_MARK = '"'


def normalise_term(text: str) -> str:
    """Canonical key of a user's watch term: folded tokens; a quoted phrase keeps a leading `"`.

    `normalise_term("Soleimani")` and `normalise_term("SOLEIMANI")` are both "soleimani";
    `normalise_term('"Quds Force"')` is '"quds force'. Raises ValueError for a term with no
    letters or digits.
    """
    quoted, inner = _unquoted(text.strip())
    return _key(text, quoted, fold(inner))


def normalise_terms(texts: Iterable[str]) -> list[str]:
    """`normalise_term` of each text, folded as one batch (a million terms at start-up).

    Raises ValueError, as `normalise_term` does, if any term has no letters or digits.
    """
    texts = list(texts)
    inner = [t.strip() for t in texts]
    # The first test before the call: most terms start with no quote.
    quoted = [i for i, s in enumerate(inner) if s[:1] in _QUOTES and _is_quoted(s)]
    for i in quoted:
        inner[i] = inner[i][1:-1]
    keys = fold_many(inner)
    for i, key in enumerate(keys):
        if not key.strip("& "):
            raise _no_letters(texts[i])
    for i in quoted:
        keys[i] = _key(texts[i], True, keys[i])
    return keys


def _is_quoted(stripped: str) -> bool:
    return len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES


def _unquoted(stripped: str) -> tuple[bool, str]:
    """Whether a stripped term is quoted, and the text inside the quotes."""
    if _is_quoted(stripped):
        return True, stripped[1:-1]
    return False, stripped


def _no_letters(text: str) -> ValueError:
    return ValueError(f"watch term {text!r} has no letters or digits")


def _key(text: str, quoted: bool, body: str) -> str:
    # A folded body holds letters, digits, "&" and spaces only: "&" alone is no name.
    if not body.strip("& "):
        raise _no_letters(text)
    # A one-word phrase is the same as the plain word: quoting changes only word order rules.
    if quoted and " " in body:
        return PHRASE_MARK + body
    return body


def is_phrase_key(key: str) -> bool:
    """True for the key of a quoted phrase (tokens must appear in order)."""
    return key.startswith(PHRASE_MARK)


def term_tokens(key: str) -> tuple[str, ...]:
    """The folded tokens of a term key."""
    return tuple(key.lstrip(PHRASE_MARK).split())


def term_aliases(key: str) -> tuple[str, ...]:
    """Other keys a term is also written as: "&" and "and" between words swapped, and a legal
    form in its other spelling.

    A user who watches "Marks & Spencer" means "Marks and Spencer" as well, and the other way
    round; "Kamaz PAO" is "Kamaz PJSC" too (list names get the same forms). Only a word of its
    own between two words counts: "AT&T" and "And One" have no alias.
    """
    mark = PHRASE_MARK if is_phrase_key(key) else ""
    words = term_tokens(key)
    inner = words[1:-1]
    aliases = [mark + " ".join(form) for form in legal_form_spellings(words)]
    if "&" in inner:
        swapped = ["and" if w == "&" else w for w in inner]
    elif "and" in inner:
        swapped = ["&" if w == "and" else w for w in inner]
    else:
        return tuple(aliases)
    return (mark + " ".join((words[0], *swapped, words[-1])), *aliases)
