"""The forms a listed name takes in running text.

A list writes "SHOIGU, Sergei Kuzhugetovich" or "MADURO MOROS, Nicolas"; the news writes
"Sergei Shoigu" and "Nicolas Maduro". `name_forms` gives the token sequences to look for, each
with the reason a match on it is reported ("exact", "reordered", "partial name").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import remove_org_types

from watchlists.distinctive import token_zipf
from watchlists.east_slavic import east_slavic_forms
from watchlists.folding import fold_tokens, has_non_latin
from watchlists.legal_forms import LEADING_FORMS, legal_form_spellings
from watchlists.phonetics import PARTICLES

__all__ = [
    "NameForm",
    "clear_caches",
    "given_and_surname",
    "is_patronymic",
    "name_forms",
    "name_tokens",
]

_BRACKETS = re.compile(r"\([^)]*\)")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2018\u2019\u02bb\u02bc\u02bf\u02be`](?=\w)")
# First halves of compound Arabic given names ("Abdul Aziz"). Not "Abu" or "Umm": "Abu Ahmad"
# (father of Ahmad) is not Ahmad.
_COMPOUND_GIVEN = frozenset({"abdul", "abd", "abdel", "abdol"})
# Words that qualify an organisation's name without naming it ("SIBUGLEMET GROUP").
_GENERIC_ORG_WORDS = frozenset(
    [
        "group",
        "holding",
        "holdings",
        "company",
        "companies",
        "trading",
        "enterprise",
        "enterprises",
        "industries",
        "international",
        "corporation",
        "corp",
        "co",
        "limited",
        "ltd",
        "llc",
        "private",
        "pvt",
    ]
)
# Words that qualify an organisation at either end of its name: the generic words above, and
# legal forms rigour does not strip once folded ("EOOD", "SAL", "OFF-SHORE").
_QUALIFIERS = _GENERIC_ORG_WORDS | frozenset(
    ["the", "public", "eood", "ood", "ead", "sal", "offshore", "off", "shore", "sarl", "sarlu"]
)
# Legal forms rigour does not know, dropped from the end of a name only ("ad" opens Arabic
# names too: "AD-DAWA"): Bulgarian AD, Estonian OU, Serbian and Macedonian DOO and DOOEL,
# free-zone FZC and FZ, Spanish SL, Singaporean PTE, Hungarian ZRT ("GARANTEX EUROPE OU" is
# "Garantex Europe", "CYTROX HOLDINGS ZRT." is "Cytrox Holdings").
_TRAILING_FORMS = frozenset(["ad", "ou", "doo", "dooel", "fzc", "fz", "sl", "pte", "zrt"])
_AT_END = _QUALIFIERS | _TRAILING_FORMS
_CONNECTORS = frozenset(["&", "and"])
# "-vitch" and "-vitj" are French and Scandinavian transcriptions ("Grigorievitch").
_PATRONYMIC_ENDINGS = ("vich", "vych", "vitch", "vitj", "vna", "ichna")
# "al-Shami" is also written "Alshami" and, the l assimilated to a following sun letter,
# "Ashami" (ash-Shami).
_ARTICLES = frozenset({"al", "el"})
_SUN_LETTERS = tuple("tdrzsn")
# The other way: a listed word with the article glued on ("ALMADANI, Mustafa", "ALJARBA") is
# also looked for with it apart ("Mustafa al-Madani"): a word of six letters or more opening
# with "al" or "el" and a consonant, and rare (Zipf under this) so that "Albert" and
# "Elizabeth" stay whole.
_GLUED_ARTICLE_ZIPF = 1.0


@dataclass(frozen=True, slots=True)
class NameForm:
    """One token sequence under which a listed name may appear, and why it counts."""

    tokens: tuple[str, ...]
    how: str


def name_forms(name: str, *, person: bool) -> list[NameForm]:
    """Token sequences to look for in text for one listed name, the name as listed first.

    For persons: "SURNAME, Given" and "Given SURNAME" (the capitals mark the surname) are also
    looked for the other way round; a patronymic or middle name may be dropped ("Sergei
    Kuzhugetovich SHOIGU" -> "Sergei Shoigu"), and so may a second surname ("MADURO MOROS,
    Nicolas" -> "Nicolas Maduro"), and East Slavic given names and patronymics take their
    Ukrainian or Russian forms where the skeleton differs ("Mykola" for "Nikolai", see
    `east_slavic`). Surnames alone are not forms: they are found only after the full name
    in the same document (see `coreference`). For organisations, the name without its legal
    form ("LLC SIBUGLEMET GROUP" -> "sibuglemet group").
    """
    forms = _forms(name, person=person)
    # Folding joins a word at an apostrophe ("SHA'LAN" is "shalan"), except before an English
    # ending: "SA'D, Ahmad" folds to "sa d ahmad", and is also written "Sad". So a person's
    # listed spelling is looked for whole, and shortened only without its apostrophes ("ahmad
    # sa" is no name).
    bare = _INNER_APOSTROPHE.sub("", name)
    if bare != name:
        if person:
            forms = {t: how for t, how in forms.items() if how in ("exact", "reordered")}
        for tokens, how in _forms(bare, person=person).items():
            forms.setdefault(tokens, "folded" if how == "exact" else how)
    if person and forms and east_slavic_forms(next(iter(forms))):
        # "Mykola" for "Nikolai": the name in its Ukrainian form (or Russian, for a Ukrainian
        # listed name), where no skeleton would meet it. The first form holds every word.
        for tokens, how in list(forms.items()):
            for other in east_slavic_forms(tokens):
                forms.setdefault(other, "transliterated" if how == "exact" else how)
    return [NameForm(t, how) for t, how in forms.items()]


def _forms(name: str, *, person: bool) -> dict[tuple[str, ...], str]:
    """`name_forms` of one spelling, as tokens -> how."""
    tokens = name_tokens(name)
    if not tokens:
        return {}
    forms: dict[tuple[str, ...], str] = {tokens: "exact"}
    if "&" in name:
        # "ATLANTIC SHIPPING & TRANS" is written "Atlantic Shipping and Trans" too ("AT&T", one
        # word, as "at and t"); an organisation's "and" becomes "&" in `_with_and_spelled`.
        forms.setdefault(name_tokens(name.replace("&", " and ")), "folded")
    if "(" in name:
        # "NAFTIRAN INTERTRADE CO. (NICO) LIMITED": the name without what is in brackets.
        bare = _BRACKETS.sub(" ", name)
        for form in name_forms(bare, person=person) if bare.strip() != name.strip() else []:
            forms.setdefault(form.tokens, "partial name")
    if not person:
        # "KAMAZ PAO" is "Kamaz PJSC", "BUSINESS DIVERSITY LIMITED" "Business Diversity Ltd".
        for other in legal_form_spellings(tokens):
            forms.setdefault(other, "folded")
        short = name_tokens(remove_org_types(" ".join(tokens)))
        # Dotted legal forms ("S.A. DE C.V.", "S.A.R.L.") rigour knows only as written.
        dotted = name_tokens(remove_org_types(name))
        if len(dotted) < len(short):
            short = dotted
        if short and len(tokens) > 1 and short[0] == tokens[1] and tokens[0] not in LEADING_FORMS:
            short = (tokens[0], *short)  # "SAD IMPORT EXPORT COMPANY" is not "Import Export"
        if short and short != tokens:
            forms.setdefault(short, "partial name")
        if 2 <= len(short) <= 3 and short[-1] == "bank":
            # "SAMAN BANK" is "Bank Saman" in English and "Bank-e Saman" in Persian word order.
            forms.setdefault(("bank", *short[:-1]), "reordered")
            forms.setdefault(("bank", "e", *short[:-1]), "reordered")
        core = tuple(t for t in short if t not in _GENERIC_ORG_WORDS)
        if core and core != short and not _cut_at_connector(core):
            forms.setdefault(core, "partial name")
        # Qualifiers at either end, one after another: "MYANMAR ECONOMIC HOLDINGS PUBLIC
        # COMPANY LTD" is "Myanmar Economic Holdings Limited" in the news.
        # Never down to one word: "THE FERN LIMITED" is not every "Fern".
        trimmed = _trim_qualifiers(short)
        if len(trimmed) > 1 and trimmed != short and not _cut_at_connector(trimmed):
            forms.setdefault(trimmed, "partial name")
        return _with_articles(_with_and_spelled(forms), name, tokens)
    parts = given_and_surname(name)
    if parts is not None:
        given, surname = parts
        forms.setdefault(given + surname, "reordered")
        forms.setdefault(surname + given, "reordered")
        for short in _short_forms(given, surname):
            forms.setdefault(short, "partial name")
    elif len(tokens) == 2:
        forms.setdefault(tokens[::-1], "reordered")
    elif len(tokens) >= 3:
        forms.setdefault((tokens[0], tokens[-1]), "partial name")
        forms.setdefault((tokens[-1], tokens[0]), "partial name")
        forms.setdefault((tokens[0], tokens[1], tokens[-1]), "partial name")
    return _with_articles(forms, name, tokens)


def _with_articles(
    forms: dict[tuple[str, ...], str], name: str, tokens: tuple[str, ...]
) -> dict[tuple[str, ...], str]:
    """The forms with an article merged into the next word, and, for a Latin-script name,
    with a glued one apart (other scripts fold to consonants, where "al" is no article)."""
    glued = frozenset(t for t in tokens if _glued_article(t))
    if glued and not has_non_latin(name):
        forms = _with_split_articles(forms, glued)
    return _with_merged_articles(forms)


def _with_split_articles(
    forms: dict[tuple[str, ...], str], glued: frozenset[str]
) -> dict[tuple[str, ...], str]:
    """The forms, and for those of two words or more holding a `glued` word also the article
    apart ("mustafa almadani" -> "mustafa al madani")."""
    out = dict(forms)
    for tokens, how in forms.items():
        if len(tokens) < 2:
            continue
        for i, word in enumerate(tokens):
            if word in glued:
                out.setdefault((*tokens[:i], word[:2], word[2:], *tokens[i + 1 :]), how)
    return out


def _glued_article(word: str) -> bool:
    """A rare word opening with an article and a consonant ("almadani", not "albert")."""
    return (
        len(word) >= 6
        and word[:2] in _ARTICLES
        and word[2] not in "aeiouy"
        and token_zipf(word) < _GLUED_ARTICLE_ZIPF
    )


def _trim_qualifiers(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The tokens without generic words and legal forms at either end."""
    start, end = 0, len(tokens)
    while start < end and tokens[start] in _QUALIFIERS:
        start += 1
    while end > start and tokens[end - 1] in _AT_END:
        end -= 1
    return tokens[start:end]


def _cut_at_connector(tokens: tuple[str, ...]) -> bool:
    """Whether a shortened name starts or ends with "&" or "and": "HUAWEI INVESTMENT & HOLDING"
    without "holding" is no name."""
    return tokens[0] in _CONNECTORS or tokens[-1] in _CONNECTORS


def _with_and_spelled(forms: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """The forms, and those with "&" or an inner "and" also with the other: "HUAWEI INVESTMENT
    & HOLDING CO., LTD." is "Huawei Investment and Holding" without its legal form too."""
    out = dict(forms)
    for tokens, how in forms.items():
        if "&" in tokens:
            other = tuple("and" if t == "&" else t for t in tokens)
        elif "and" in tokens[1:-1]:
            other = tuple("&" if t == "and" else t for t in tokens)
        else:
            continue
        out.setdefault(other, "folded" if how == "exact" else how)
    return out


def _with_merged_articles(forms: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """The forms, and for those with an inner "al"/"el" article also the article merged into
    the next word ("al shami" -> "alshami", "ashami")."""
    out = dict(forms)
    for tokens, how in forms.items():
        at = [i for i in range(len(tokens) - 1) if tokens[i] in _ARTICLES and len(tokens) > 2]
        if not at:
            continue
        i = at[0]
        word = tokens[i + 1]
        merged = [tokens[i] + word]
        if word.startswith(_SUN_LETTERS):
            merged.append("a" + word)
        for m in merged:
            out.setdefault((*tokens[:i], m, *tokens[i + 2 :]), how)
    return out


def is_patronymic(token: str) -> bool:
    """Whether a folded token reads as an East Slavic patronymic ("aleksandrovich", "ivanovna")."""
    return len(token) > 5 and token.endswith(_PATRONYMIC_ENDINGS)


# Cached for one pass over the lists (`clear_caches` ends it): building the index folds each
# listed name several times (its forms, its anchor, its surname, and the pieces of those):
# 282,881 folds of 146,645 distinct strings over the shared lists, about 1 s of a 10 s build.
@lru_cache(maxsize=262144)
def name_tokens(name: str) -> tuple[str, ...]:
    """`fold_tokens`, cached while the lists are read."""
    return fold_tokens(name)


def clear_caches() -> None:
    """Forget the names read: kept, the caches would outlive the pass (tens of megabytes)."""
    name_tokens.cache_clear()
    given_and_surname.cache_clear()


# Cached: building the index asks for each listed name several times (`_forms`, and in
# `targets` `_anchor` once and `_surname` once per form).
@lru_cache(maxsize=65536)
def given_and_surname(name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Given names and surname when the list marks them: by a comma, or by capitals.

    "SHOIGU, Sergei" and "Sergei SHOIGU" give (("sergei",), ("shoigu",)); "Sergei Shoigu" and
    "SERGEI SHOIGU" give None: nothing says which word is the surname.
    """
    if "," in name:
        surname_part, _, given_part = name.partition(",")
        surname, given = name_tokens(surname_part), name_tokens(given_part)
        return (given, surname) if surname and given else None
    words = name.split()
    upper = [w.isupper() and sum(c.isalpha() for c in w) > 1 for w in words]
    if not any(upper) or all(upper):
        # No capitals to tell, but a patronymic last puts the surname first: "Калашников
        # Максим Александрович", "KALASHNIKOV MAKSIM ALEKSANDROVICH".
        tokens = name_tokens(name)
        if len(tokens) == 3 and is_patronymic(tokens[-1]):
            return tokens[1:], tokens[:1]
        return None
    # The capitals must be one run at either end: "Sergei Kuzhugetovich SHOIGU", "KIM Jong Un".
    if upper[0] and not upper[-1]:
        cut = upper.index(False)
        head, tail = words[:cut], words[cut:]
        given_words, surname_words = tail, head
    elif upper[-1] and not upper[0]:
        cut = upper.index(True)
        given_words, surname_words = words[:cut], words[cut:]
    else:
        return None
    if any(upper[i] != (words[i] in surname_words) for i in range(len(words))):
        return None
    return name_tokens(" ".join(given_words)), name_tokens(" ".join(surname_words))


def _short_forms(given: tuple[str, ...], surname: tuple[str, ...]) -> list[tuple[str, ...]]:
    """First given name with the first (or whole) surname; particles ("al") never stand alone."""
    main = next((t for t in surname if t not in PARTICLES), surname[-1])
    out = [(given[0], *surname), (given[0], main)]
    if len(given) > 1:
        out.append((*given, main))
        # Middle names as initials: "Victor V. Yatsenko", "Ahmed Hassan M. Asseri".
        if given[0] not in PARTICLES and given[0] not in _COMPOUND_GIVEN:  # not "Abu M. Shami"
            out.append((given[0], *(g[0] for g in given[1:]), main))
            out.append((*given[:-1], given[-1][0], main))
        # Arabic names drop the grandfather's name: "Muna Salim Mansour" for "MANSOUR, Muna
        # Salim Saleh".
        out.append((given[0], given[1], main))
        if given[0] in _COMPOUND_GIVEN:
            # "Abdul Aziz" is one name; the news may write "Aziz Haqqani".
            out.append((given[1], main))
    return [f for f in out if len(f) >= 2]
