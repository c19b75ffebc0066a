"""Names with other names between: literal tables of texts and what must (not) be found."""

from __future__ import annotations

import pytest

from watchlists.entities import EntityKind, ListEntity
from watchlists.matcher import Matcher
from watchlists.scan_text import ScanText
from watchlists.targets import sanction_targets

P = EntityKind.PERSON
ENTITIES = [
    ListEntity("uk", "bal", P, "BALDOVSKAYA, Yelena"),
    ListEntity("un", "ham", P, "AL-HAMIDAWI, Ahmad"),
    ListEntity("ofac", "zim", P, "ZIMENKOV, Jonatan"),
    ListEntity("ofac", "sab", P, "Bishr AL-SABBAN"),
    ListEntity("ofac", "grn", P, "GREEN, John"),
    # No capitals to mark the surname; the patronymic last says it comes first.
    ListEntity("opensanctions", "kal", P, "Калашников Максим Александрович"),
    ListEntity("uk", "tro", P, "Andrey Nikolaevich TROSHEV"),
    ListEntity("uk", "zhm", P, "ZHMURKIN, Mykola"),
    ListEntity("ofac", "tka", P, "TKACHUKOV, Mykola Hennadiyovych"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTITIES)


@pytest.mark.parametrize(
    ("text", "span", "ref", "how"),
    [
        # a patronymic the list lacks
        ("Yelena Anatolievna Baldovskaya said so.", "Yelena Anatolievna Baldovskaya", "uk:bal",
         "extra names"),
        # a capitalised everyday word before the name is not part of it
        ("Yesterday Yelena Anatolievna Baldovskaya said so.", "Yelena Anatolievna Baldovskaya",
         "uk:bal", "extra names"),
        # two more given names, and the article written apart
        ("The man, Ahmad Muhsin Faraj al-Hamidawi, was seen.", "Ahmad Muhsin Faraj al-Hamidawi",
         "un:ham", "extra names"),
        ("AHMAD MUHSIN AL-HAMIDAWI WAS SEEN.", "AHMAD MUHSIN AL-HAMIDAWI", "un:ham", "extra names"),
        ("Bishr Mazin al-Sabban left.", "Bishr Mazin al-Sabban", "ofac:sab", "extra names"),
        # the list's order is surname, given name, patronymic; the news puts the surname last
        ("Maksim Aleksandrovich Kalashnikov spoke.", "Maksim Aleksandrovich Kalashnikov",
         "opensanctions:kal", "reordered"),
        ("Maksim Kalashnikov spoke.", "Maksim Kalashnikov", "opensanctions:kal", "partial name"),
        # the listed patronymic in its Ukrainian form
        ("Andrei Mykolayovych Troshev said.", "Andrei Mykolayovych Troshev", "uk:tro",
         "transliteration"),
        # the listed Ukrainian given name in its Russian form, and a patronymic between
        ("Nikolai Gennadyevich Zhmurkin said.", "Nikolai Gennadyevich Zhmurkin", "uk:zhm",
         "extra names"),
        # ... and the listed patronymic too
        ("Nikolai Gennadyevich Tkachukov said.", "Nikolai Gennadyevich Tkachukov", "ofac:tka",
         "transliteration"),
        # with the rare surname as listed, a given name that is also a word may be a variant
        ("Jonathan Zimenkov spoke.", "Jonathan Zimenkov", "ofac:zim", "transliteration"),
        # a variant of the surname, after a patronymic
        ("Yelena Petrovna Baldovskaia said so.", "Yelena Petrovna Baldovskaia", "uk:bal",
         "extra names"),
    ],
)  # fmt: skip
def test_finds_names_with_words_between(
    matcher: Matcher, text: str, span: str, ref: str, how: str
) -> None:
    found = {m.text: m for m in matcher.scan(text) if m.kind == "sanction"}
    assert span in found, found
    assert ref in found[span].refs
    assert found[span].how == how


@pytest.mark.parametrize(
    "text",
    [
        "Olga Anatolievna Baldovskaya said so.",  # another given name
        "Mr Baldovskaya said so.",  # a surname alone
        "Yelena Petrova met Ivan Baldovskaya.",  # the given name belongs to someone else
        "Yelena, Anna and Maria Baldovskaya came.",  # punctuation ends the run of names
        "Yelena Anna Maria Olga Sofia Baldovskaya came.",  # four words between: too many
        "Muhsin Ahmad Faraj al-Hamidawi was seen.",  # the run opens with another name
        "John Michael Green spoke.",  # an everyday surname anchors nothing
        "Jonathan Brown met Zimenkov.",  # the given name is not right before the surname
        "Maksim Igorevich Kalashnikov spoke.",  # another father's name: another man
        "Andrei Petrovich Troshev said.",
        "Nikolai Sergeyevich Tkachukov said.",  # Mykola, but another father's son
        "Nikita Gennadyevich Zhmurkin said.",  # Mykyta is not Mykola
    ],
)
def test_does_not_find_other_people(matcher: Matcher, text: str) -> None:
    assert [m.text for m in matcher.scan(text) if m.kind == "sanction"] == []


def test_only_rare_surnames_anchor() -> None:
    anchors = {t.tokens[0]: t.given for t in sanction_targets(ENTITIES, {}) if t.given}
    assert anchors == {
        "baldovskaya": ("yelena",),
        "hamidawi": ("ahmad",),
        "zimenkov": ("jonatan",),
        "sabban": ("bishr",),
        "kalashnikov": ("maksim", "aleksandrovich"),
        "troshev": ("andrey", "nikolaevich"),
        "zhmurkin": ("mykola",),
        "tkachukov": ("mykola", "hennadiyovych"),
    }


@pytest.mark.parametrize(
    ("text", "name_before"),
    [
        ("Yelena Baldovskaya", True),
        ("Ahmad al-Baldovskaya", True),  # a particle
        ("ELENA BALDOVSKAYA", True),
        ("Ivan Abu Baldovskaya", True),
        ("said Baldovskaya", False),
        ("Yelena, Baldovskaya", False),  # punctuation between
        ("Baldovskaya", False),
    ],
)
def test_anchor_hits_need_a_name_before_them(text: str, name_before: bool) -> None:
    """The index drops an anchor hit without a name before it, in both automata's terms."""
    doc = ScanText.of(text)
    start = doc.folded.folded.rindex("baldovskaya")
    assert doc.name_before(start) is name_before
    # The skeleton's test is looser (a short lower-case field may be a particle), never stricter.
    space = doc.skeleton.rindex(" Bltvsk")
    assert doc.name_before_skeleton(space) or not name_before
