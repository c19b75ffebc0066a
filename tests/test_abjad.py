"""Names in Arabic script (no short vowels) against their Latin spellings: literal tables."""

from __future__ import annotations

import random

import pytest

from watchlists.abjad import consonant_key, name_key, same_consonants
from watchlists.abjad_names import _joined
from watchlists.entities import EntityKind, EntityName, ListEntity
from watchlists.matcher import Matcher

P, ORG = EntityKind.PERSON, EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("found", "wanted", "same"),
    [
        ("mhmd", "mohammad", True),  # محمد
        ("mhmd", "mamadu", False),  # the h is written: not Mamadu
        ("thr", "taher", True),  # طاهر
        ("thr", "ture", False),
        ("ghsn", "ghassan", True),  # غسان: the shadda is not written
        ("ly", "ali", True),  # علي: ain folds to nothing, ي is a long vowel
        ("ywsf", "youssef", True),  # يوسف: و is a long vowel
        ("qsm", "ghasem", True),  # قاسم, as Persian is written in Latin
        ("qsm", "kassem", True),
        ("jwd", "javad", True),  # Persian و is v
        ("rda", "reza", True),  # رضا: ض is z in Persian
        ("asmh", "osama", True),  # أسامة: a final ة may be left out
        ("slymny", "soleimani", True),
        ("slymny", "solomon", False),
    ],
)
def test_consonants_of_a_word(found: str, wanted: str, same: bool) -> None:
    assert same_consonants(found, wanted) is same


def test_a_name_runs_its_words_together() -> None:
    # the article and "Abd" are written joined or apart, in either script
    assert name_key(["bd", "llh"]) == name_key(["abdullah"])
    joined = name_key(["sdam", "hsyn", "altkryty"])
    assert joined == name_key(["saddam", "hussein", "al", "tikriti"])


# Real list entries (UN, OFAC, UK); their Arabic-script names are not in the index.
ENTITIES = [
    ListEntity("un", "IQi.001", P, "SADDAM HUSSEIN AL-TIKRITI"),
    ListEntity("ofac", "9649", P, "BARZAN IBRAHIM HASSAN AL-TIKRITI"),
    ListEntity("un", "IRi.039", P, "QASEM SOLEIMANI", (EntityName("Qasim Soleimani"),)),
    ListEntity("uk", "10634", P, "Javad DARVISH-VAND", (EntityName("Javad DARVISH WAND"),)),
    ListEntity("ofac", "ghassan", P, "BELAL, Ghassan"),
    ListEntity("un", "TAi.040", P, "JALALUDDIN HAQQANI"),
    ListEntity("un", "tariq", P, "TARIQ AZIZ"),
    ListEntity("ofac", "mamadu", P, "MAMADU TURE"),
    ListEntity("ofac", "asadi", P, "ASADI, Mohsen"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTITIES)


@pytest.mark.parametrize(
    ("text", "span", "ref"),
    [
        # the article joined, long vowels written, alif and ain folded to nothing
        ("قال المسؤولون إن صدام حسين التكريتي شوهد في العاصمة.", "صدام حسين التكريتي",
         "un:IQi.001"),
        ("برزان إبراهيم حسن التكريتي", "برزان إبراهيم حسن التكريتي", "ofac:9649"),
        ("قتل قاسم سلیمانی", "قاسم سلیمانی", "un:IRi.039"),  # Persian
        ("جواد درویش وند", "جواد درویش وند", "uk:10634"),  # one word more than the list's
        ("قال غسان بلال", "غسان بلال", "ofac:ghassan"),
        # two words, both rare among listed names: eight consonants are enough
        ("قال جلال الدين حقاني", "جلال الدين حقاني", "un:TAi.040"),
        # an opening ain folds to "a", as "Aziz" opens with a vowel: the skeletons meet
        ("قال طارق عزيز", "طارق عزيز", "un:tariq"),
    ],
)  # fmt: skip
def test_found_in_arabic_script(matcher: Matcher, text: str, span: str, ref: str) -> None:
    found = {m.text: m for m in matcher.scan(text) if m.kind == "sanction"}
    assert list(found) == [span]
    assert found[span].refs == (ref,)
    assert found[span].how == "transliterated"


@pytest.mark.parametrize(
    "text",
    [
        "وصل محمد طاهر",  # Mohammad Taher is not Mamadu Ture
        "قال صدام حسين",  # "sdm hsn" is also Asadi Mohsen: too few consonants to tell
    ],
)
def test_too_few_consonants_or_others_are_not_found(matcher: Matcher, text: str) -> None:
    assert [m for m in matcher.scan(text) if m.kind == "sanction"] == []


def test_a_watch_term_in_arabic_script() -> None:
    matcher = Matcher()
    matcher.add_term("Soleimani")
    found = [(m.text, m.how) for m in matcher.scan("قاسم سليماني قال") if m.kind == "watch"]
    assert found == [("سليماني", "transliterated")]


def test_keys_run_together_one_word_at_a_time_as_a_whole_name() -> None:
    # `find` builds a run's keys word by word; the names' keys are made at once by `name_key`.
    rng = random.Random(3)
    letters = "abdhklmnrstwy"
    for _ in range(500):
        words = ["".join(rng.choices(letters, k=rng.randint(1, 6))) for _ in range(4)]
        joined = consonant_key(words[0])
        for word in words[1:]:
            joined = _joined(joined, consonant_key(word))
        assert joined == name_key(words), words
