"""The matcher on hand-made entities: literal tables of texts and what must (not) be found."""

from __future__ import annotations

from dataclasses import replace

import pytest

from watchlists.entities import EntityKind, EntityName, ListEntity, NameQuality
from watchlists.matcher import Matcher
from watchlists.mentions import Mention

P, ORG = EntityKind.PERSON, EntityKind.ORGANISATION
ENTITIES = [
    ListEntity(
        "un",
        "IRi.039",
        P,
        "QASEM SOLEIMANI",
        (EntityName("Qasim Soleimani"), EntityName("Qassem Soleimani")),
    ),
    ListEntity("ofac", "10481", P, "SOLEIMANI, Qasem"),
    ListEntity("ofac", "35096", P, "PUTIN, Vladimir Vladimirovich"),
    ListEntity("uk", "9001", P, "PUTIN, Igor Alexandrovich"),
    ListEntity("ofac", "35173", P, "SHOIGU, Sergei Kuzhugetovich"),
    ListEntity("ofac", "m1", P, "MADURO MOROS, Nicolas"),
    ListEntity("uk", "k1", P, "Ramzan Akhmatovich KADYROV"),
    ListEntity("uk", "kim", P, "KIM, Jong Un"),
    ListEntity("un", "QDe.004", ORG, "AL-QAIDA", (EntityName("AL QAEDA"),)),
    ListEntity("ofac", "10465", ORG, "IRGC-QODS FORCE", (EntityName("Quds Force"),)),
    ListEntity("ofac", "n1", ORG, "NEXT", (EntityName("POWER", NameQuality.WEAK),)),
    ListEntity("ofac", "n2", ORG, "THE BASE"),
    ListEntity("uk", "n3", ORG, "MINISTRY OF DEFENCE"),
    ListEntity("ofac", "n4", ORG, "GREEN LIGHT"),
    ListEntity("ofac", "bl", P, "BIN LADIN, Usama"),
    ListEntity("uk", "gal", P, "Galina Nikolaevna BORISENKO"),
    ListEntity("ofac", "sh", P, "AL-SHAMI, Abu Muhammad"),
    ListEntity("ofac", "jarba", P, "ALJARBA, Tarad Mohammad"),
    ListEntity("uk", "mal", P, "Aleksandr Grigorievitch MALOLETKO"),
    ListEntity("ofac", "at", ORG, "ATLANTIC SHIPPING & TRANS"),
    ListEntity("ofac", "23231", P, "RI, Myong Hun"),
    ListEntity("uk", "12639", P, "Ghiath JERAATLI", (EntityName("Ghiath JER'ATLI"),)),
    ListEntity("ofac", "issa", P, "ISSA, Marwan", ()),
    ListEntity("un", "IRi.010", P, "HALEH BAKHTIAR", ()),
    ListEntity("ofac", "36000", P, "USS, Artem Alexandrovich", ()),
    ListEntity("ofac", "khademi", P, "KHADEMI, Mohammad", ()),
    ListEntity("opensanctions", "Q6319", P, "ISINBAEVA Olena Gadzhievna"),
    ListEntity("ofac", "gub", P, "GUBAREV, Pavel"),
    ListEntity("opensanctions", "ua-cherk", P, "ЧЕРКАСОВ Андрей Николаевич"),
    ListEntity("opensanctions", "ua-klim", P, "КЛИМЕНКО Татьяна Константиновна"),
    ListEntity("uk", "tsyp", P, "Sergey Gennadevich TSYPLAKOV"),
    ListEntity("ofac", "rey", ORG, "REY NIRU ENGINEERING COMPANY"),
    ListEntity("ofac", "bu", ORG, "BU ALI SINA"),
    ListEntity("ofac", "baskov", P, "BASKOV, Mykola Viktorovich"),
    ListEntity("ofac", "48602", P, "MIKHALTSOU, Dzmitry"),
    ListEntity("uk", "13961", P, "Aleh Anatolievich CHARNYSHOU"),
    ListEntity("ofac", "hua", ORG, "HUAWEI INVESTMENT & HOLDING CO., LTD."),
    ListEntity("ofac", "baz", P, "AL-BAZZAZ, Hikmet Abdallah"),
    ListEntity("uk", "bes1", P, "Vladimir BESPALOV"),
    ListEntity("ofac", "bes2", P, "BESPALOV, Vladimir Alexandrovich"),
    ListEntity("un", "IRe.059", ORG, "SAD IMPORT EXPORT COMPANY"),
    ListEntity("ofac", "kin", ORG, "KINAHAN ORGANIZED CRIME GROUP"),
    ListEntity("ofac", "sid", P, "SIDOROVA, Marija"),
    ListEntity("ofac", "saman", ORG, "SAMAN BANK"),
    ListEntity("uk", "luk", P, "Alexander Grigoryevich LUKASHENKO"),
    ListEntity("uk", "ism", P, "ISMAILOV, Ruslan"),
    ListEntity("ofac", "16834", ORG, "STROYTRANSGAZ LLC"),
    ListEntity("uk", "15332", ORG, "KAMAZ PAO"),
    ListEntity("ofac", "28129", ORG, "BUSINESS DIVERSITY LIMITED"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTITIES)


def _found(mentions: list[Mention], kind: str = "sanction") -> dict[str, tuple[str, ...]]:
    return {m.text: m.refs for m in mentions if m.kind == kind}


@pytest.mark.parametrize(
    ("text", "span", "ref"),
    [
        ("Talks with Kim Jong-un ended.", "Kim Jong-un", "uk:kim"),
        ("TALKS WITH KIM JONG UN ENDED.", "KIM JONG UN", "uk:kim"),
        ("A cell of al-Qaeda was found.", "al-Qaeda", "un:QDe.004"),
        ("A cell of AL QAEDA was found.", "AL QAEDA", "un:QDe.004"),
        ("He met Qasem Soleimani on Monday.", "Qasem Soleimani", "ofac:10481"),
        ("He met Soleimani Qasem on Monday.", "Soleimani Qasem", "ofac:10481"),
        ("HE MET QASEM SOLEIMANI.", "QASEM SOLEIMANI", "un:IRi.039"),
        ("He met Касем Сулеймани on Monday.", "Касем Сулеймани", "un:IRi.039"),
        ("He met Ghasem Soleimani on Monday.", "Ghasem Soleimani", "un:IRi.039"),
        ("He met Qassem Suleimani on Monday.", "Qassem Suleimani", "ofac:10481"),
        ("He met Qasem Soleimaini on Monday.", "Qasem Soleimaini", "ofac:10481"),
        ("Then Sergej Schoigu spoke.", "Sergej Schoigu", "ofac:35173"),
        ("Then Sergei Shoigu spoke.", "Sergei Shoigu", "ofac:35173"),
        ("Nicolas Maduro said no.", "Nicolas Maduro", "ofac:m1"),
        ("Ramzan Kadyrov said no.", "Ramzan Kadyrov", "uk:k1"),
        ("The Qods Force acted.", "Qods Force", "ofac:10465"),
        ("Then Sergei K. Shoigu spoke.", "Sergei K. Shoigu", "ofac:35173"),
        ("He met Soleimani, Qasem on Monday.", "Soleimani, Qasem", "ofac:10481"),
        ("He met Suleimani, Qassem on Monday.", "Suleimani, Qassem", "ofac:10481"),
        ("Talks with Kim, Jong Un ended.", "Kim, Jong Un", "uk:kim"),
        ("A tape of Osama Bin Laden aired.", "Osama Bin Laden", "ofac:bl"),
        ("Then Halyna Borisenko spoke.", "Halyna Borisenko", "uk:gal"),
        ("Then Abu Muhammad Ashami spoke.", "Abu Muhammad Ashami", "ofac:sh"),
        # ... and a listed one glued on is looked for apart.
        ("Then Tarad al-Jarba spoke.", "Tarad al-Jarba", "ofac:jarba"),
        ("Aleksandr Grigorevich Maloletko spoke.", "Aleksandr Grigorevich Maloletko", "uk:mal"),
        ("Atlantic Shipping and Trans paid.", "Atlantic Shipping and Trans", "ofac:at"),
        ("Atlantic Shipping & Trans paid.", "Atlantic Shipping & Trans", "ofac:at"),
        ("ATLANTIC SHIPPING & TRANS paid.", "ATLANTIC SHIPPING & TRANS", "ofac:at"),
        # An apostrophe inside a word joins it: McCune-Reischauer Korean, Arabic 'ayn.
        ("Talks with Myo'ng-hun Ri ended.", "Myo'ng-hun Ri", "ofac:23231"),
        ("Talks with Myong Hun Ri's aide ended.", "Myong Hun Ri", "ofac:23231"),
        ("Then Ghiath Jir'atli spoke.", "Ghiath Jir'atli", "uk:12639"),
        ("Then Ghiath Jer\u2019atli spoke.", "Ghiath Jer\u2019atli", "uk:12639"),
        # ... and one opening a word is the 'ayn of a transliteration, not a boundary.
        ("Then Marwan 'Issa spoke.", "Marwan 'Issa", "ofac:issa"),
        ("Then Marwan \u2018Issa spoke.", "Marwan \u2018Issa", "ofac:issa"),
        # A Ukrainian given name is the Russian one, both ways.
        ("Then Yelena Isinbayeva jumped.", "Yelena Isinbayeva", "opensanctions:Q6319"),
        ("Then Pavlo Gubarev spoke.", "Pavlo Gubarev", "ofac:gub"),
        # ... and so are given names and patronymics whose skeletons differ: Mykola/Nikolai,
        # Kostiantyn/Konstantin, Serhii/Sergei, in Cyrillic and in Latin, either way round.
        (
            "Заява Черкасов Андрій Миколайович.",
            "Черкасов Андрій Миколайович",
            "opensanctions:ua-cherk",
        ),
        (
            "Заява Клименко Тетяна Костянтинівна.",
            "Клименко Тетяна Костянтинівна",
            "opensanctions:ua-klim",
        ),
        ("Then Serhiy Tsyplakov spoke.", "Serhiy Tsyplakov", "uk:tsyp"),
        ("Then Serhii Hennadiiovych Tsyplakov spoke.", "Serhii Hennadiiovych Tsyplakov", "uk:tsyp"),
        ("Then Nikolai Baskov sang.", "Nikolai Baskov", "ofac:baskov"),
        ("Then Николай Басков sang.", "Николай Басков", "ofac:baskov"),
        # A Belarusian surname in "-ou" as Russian papers write it, "-ov".
        ("Then Dmitry Mikhaltsov spoke.", "Dmitry Mikhaltsov", "ofac:48602"),
        ("Then Дмитрий Михальцов spoke.", "Дмитрий Михальцов", "ofac:48602"),
        ("Then Oleg Charnyshov spoke.", "Oleg Charnyshov", "uk:13961"),
        # "&" for "and" in a name without its legal form ("Co., Ltd." folds apart)
        (
            "Huawei Investment and Holding Co., Ltd. said.",
            "Huawei Investment and Holding",
            "ofac:hua",
        ),
        # the whole name in another script over another man's two names inside it: a
        # transliteration either way, so the longer wins
        ("Заява Беспалов Владимир Александрович.", "Беспалов Владимир Александрович", "ofac:bes2"),
        # an everyday word is no misspelt name, unless it sounds the same
        ("The Kinahan Organised Crime Group said.", "Kinahan Organised Crime Group", "ofac:kin"),
        ("Then Maria Sidorowa spoke.", "Maria Sidorowa", "ofac:sid"),
        ("Funds moved through Bank-e Saman in May.", "Bank-e Saman", "ofac:saman"),
        # A legal form in its other spelling.
        ("Then Stroytransgaz OOO paid.", "Stroytransgaz OOO", "ofac:16834"),
        ("Then Kamaz PJSC paid.", "Kamaz PJSC", "uk:15332"),
        ("Then Business Diversity Ltd paid.", "Business Diversity Ltd", "ofac:28129"),
        # Belarusian given name and surname ending, in Latin and in Cyrillic
        ("Then Aliaksandr Lukashenka spoke.", "Aliaksandr Lukashenka", "uk:luk"),
        ("Then Аляксандр Лукашэнка spoke.", "Аляксандр Лукашэнка", "uk:luk"),
        # one word's vowels apart (two edits in a short word), the rest as listed
        ("Then Artyom Aleksandrovich Uss spoke.", "Artyom Aleksandrovich Uss", "ofac:36000"),
        # a run of one consonant with vowels between merges ("Bazaz" and "Bazzaz": "Bs")
        ("Then Hikmet Abdullah al-Bazaz spoke.", "Hikmet Abdullah al-Bazaz", "ofac:baz"),
    ],
)
def test_finds(matcher: Matcher, text: str, span: str, ref: str) -> None:
    found = _found(matcher.scan(text))
    assert span in found, found
    assert ref in found[span]


@pytest.mark.parametrize(
    "text",
    [
        "Next year the power of the base will grow; the Ministry of Defence gave a green light.",
        "King Solomon was wise.",
        "Mohammad Soleimani scored twice for the club.",
        "Igor Sechin met the minister.",
        # Other names than the listed Pavel and Olena, however close their skeletons.
        "Then Pablo Gubarev spoke.",
        "Then Olga Isinbayeva jumped.",
        "Then Mykyta Baskov sang.",
        "Then Oleh Tsyplakov spoke.",
        "Then Ruslana Ismailova spoke.",  # a feminine ending is another person
        "Then Mohammad Khatami spoke.",  # not KHADEMI: a consonant differs too
        "The Import Export trade grew.",  # not SAD IMPORT EXPORT COMPANY
    ],
)
def test_plain_words_and_others_do_not_alert(matcher: Matcher, text: str) -> None:
    alerts = [m for m in matcher.scan(text) if m.band == "alert"]
    assert alerts == []


def test_a_surname_with_a_nisba_is_a_digest_line(matcher: Matcher) -> None:
    # "Bakhtiari" for "BAKHTIAR": the lists give one person both; alone, it is another name.
    found = [m for m in matcher.scan("Then Haleh Bakhtiari spoke.") if m.refs == ("un:IRi.010",)]
    assert [(m.text, m.band) for m in found] == [("Haleh Bakhtiari", "digest")]
    assert matcher.scan("Then Bakhtiari spoke. Then Haleh Bakhtiaro spoke.") == []


def test_one_word_of_one_consonant_in_a_long_name(matcher: Matcher) -> None:
    # "Rey"/"Niroo" skeletons "R"/"Nr": a one-consonant word is let in where the name's other
    # words carry it (three words or more, seven consonants or more), not in a short name.
    found = matcher.scan("Then Rey Niroo Engineering Company paid.")
    assert [(m.text, m.refs) for m in found] == [("Rey Niroo Engineering Company", ("ofac:rey",))]
    assert matcher.scan("Then Bou Ali Sina paid.") == []
    assert [m.refs for m in matcher.scan("Then Bu Ali Sina paid.")] == [("ofac:bu",)]


def test_a_repeated_spelling_is_judged_where_it_stands(matcher: Matcher) -> None:
    # Judged once per spelling and sentence position, not once per place: capitals opening a
    # sentence prove less than capitals after "Then", and the second mention says so.
    text = "Atlantic Shipping and Trans paid. Then Atlantic Shipping and Trans paid."
    found = [m for m in matcher.scan(text) if "ofac:at" in m.refs]
    assert [m.start for m in found] == [0, 39]
    assert found[0].score < found[1].score
    assert matcher.scan(text + " " + text) == found + [
        replace(m, start=m.start + len(text) + 1, end=m.end + len(text) + 1) for m in found
    ]


def test_later_surname_is_the_person_named_first(matcher: Matcher) -> None:
    text = "Vladimir Putin spoke on Monday. Later Mr Putin said more."
    mentions = matcher.scan(text)
    later = [m for m in mentions if m.text == "Putin" and m.start > 30]
    assert later and later[0].refs == ("ofac:35096",)
    assert "uk:9001" not in later[0].refs


def test_surname_alone_is_not_reported_without_the_full_name(matcher: Matcher) -> None:
    assert _found(matcher.scan("Mr Putin spoke on Monday.")) == {}


def test_watch_term_variants() -> None:
    m = Matcher()
    key = m.add_term("Soleimani")
    text = "Soleimani, SOLEIMANI, Soleimaini, Suleimani, SULEIMANI, Сулеймани; not Solomon."
    found = [x.text for x in m.scan(text) if x.kind == "watch"]
    assert found == [
        "Soleimani",
        "SOLEIMANI",
        "Soleimaini",
        "Suleimani",
        "SULEIMANI",
        "Сулеймани",
    ]
    assert all(x.term == key for x in m.scan(text))


def test_watch_term_in_arabic_script() -> None:
    # Read by its consonants, as Arabic script writes no short vowels (the judgement's other
    # branch: by Latin rules "qsm" is no spelling of "qasem").
    m = Matcher()
    key = m.add_term("Qasem Soleimani")
    found = [(x.text, x.term) for x in m.scan("گفت قاسم سلیمانی امروز") if x.kind == "watch"]
    assert found == [("قاسم سلیمانی", key)]


def test_watch_term_belarusian_surname() -> None:
    # A Ukrainian -enko has no feminine; -enka is the Belarusian spelling of the same name.
    m = Matcher()
    m.add_term("Lukashenko")
    text = "Lukashenko, Lukashenka, Лукашенко; not Ivanova for Ivanov."
    assert [x.text for x in m.scan(text)] == ["Lukashenko", "Lukashenka", "Лукашенко"]


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        # The other language's given names, where no skeleton meets them.
        ("Nikolai Azarov", "Prime Minister Mykola Azarov resigned.", "Mykola Azarov"),
        ("Nikolai Azarov", "Прем'єр Микола Азаров пішов.", "Микола Азаров"),
        ("Mykola Baskov", "The singer Nikolai Baskov sang.", "Nikolai Baskov"),
        ('"Sergei Ivanov"', "Serhii Ivanov spoke.", "Serhii Ivanov"),
        ("Ivanov Oleg Sergeevich", "Ivanov Oleh Serhiiovych spoke.", "Ivanov Oleh Serhiiovych"),
    ],
)
def test_watch_term_in_east_slavic_forms(term: str, text: str, found: str) -> None:
    m = Matcher()
    key = m.add_term(term)
    (mention,) = m.scan(text)
    assert (mention.text, mention.term, mention.band) == (found, key, "alert")
    assert mention.how in ("transliterated", "transliteration")


def test_a_given_name_alone_gets_no_east_slavic_forms() -> None:
    m = Matcher()
    m.add_term("Sergei")
    m.add_term("Mykola Azarov")
    assert [x.text for x in m.scan("Serhii met Nikolai Azarov and Nikolai Tsyplakov.")] == [
        "Nikolai Azarov"
    ]


def test_quoted_phrase() -> None:
    m = Matcher()
    m.add_term('"Quds Force"')
    assert [x.text for x in m.scan("The Qods Force moved.")] == ["Qods Force"]
    assert m.scan("the force of the storm hit Quds Street") == []


def test_terms_with_ampersands() -> None:
    m = Matcher()
    key = m.add_term("Marks & Spencer")
    text = "Marks & Spencer, then MARKS & SPENCER; not Marks, Spencer."
    assert [(x.text, x.term) for x in m.scan(text)] == [
        ("Marks & Spencer", key),
        ("MARKS & SPENCER", key),
    ]
    m.add_term("AT&T")
    assert [x.text for x in m.scan("AT&T and AT & T")] == ["AT&T"]


def test_terms_with_a_legal_form() -> None:
    m = Matcher()
    key = m.add_term("Kamaz PAO")
    phrase = m.add_term('"OOO Stroytransgaz"')
    text = "Kamaz PJSC and Kamaz PAO; LLC Stroytransgaz; Kamaz alone."
    assert [(x.text, x.term) for x in m.scan(text)] == [
        ("Kamaz PJSC", key),
        ("Kamaz PAO", key),
        ("LLC Stroytransgaz", phrase),
    ]
    m.compact()  # the same from the main index, built in array passes
    assert [x.text for x in m.scan(text)] == ["Kamaz PJSC", "Kamaz PAO", "LLC Stroytransgaz"]


@pytest.mark.parametrize("compact", [False, True])
def test_a_term_with_and_or_ampersand_finds_the_other_spelling(compact: bool) -> None:
    m = Matcher()
    amp = m.add_term("Marks & Spencer")
    word = m.add_term('"Procter and Gamble"')
    if compact:  # the main index (array build) as well as the delta
        m.compact()
    text = "Marks and Spencer sold Procter & Gamble soap; Marks & Spencer too."
    assert [(x.text, x.term, x.name) for x in m.scan(text)] == [
        ("Marks and Spencer", amp, "Marks & Spencer"),
        ("Procter & Gamble", word, '"Procter and Gamble"'),
        ("Marks & Spencer", amp, "Marks & Spencer"),
    ]
    assert [x.how for x in m.scan(text)] == ["folded", "folded", "exact"]
    # Two users' spellings of one name: each term gets the mention.
    other = m.add_term("Marks and Spencer")
    assert {(x.text, x.term) for x in m.scan("Marks & Spencer")} == {
        ("Marks & Spencer", amp),
        ("Marks & Spencer", other),
    }
    m.remove_term(amp)
    m.compact()
    assert [x.term for x in m.scan("Marks & Spencer")] == [other]


def test_add_remove_terms_and_merge() -> None:
    m = Matcher()
    keys = {m.add_term(f"Zorblax{i} Quuxington") for i in range(5)}
    assert m.add_term("ZORBLAX0 quuxington") in keys
    assert m.terms() == keys
    m.remove_term("zorblax1 quuxington")
    m.compact()
    text = "Zorblax0 Quuxington and Zorblax1 Quuxington"
    assert [x.text for x in m.scan(text)] == ["Zorblax0 Quuxington"]
    m.remove_term("zorblax0 quuxington")  # removed after the merge: skipped until the next
    assert m.scan(text) == []


def test_watch_and_sanction_on_one_span(matcher: Matcher) -> None:
    m = Matcher(ENTITIES)
    m.add_term("Soleimani")
    kinds = {(x.text, x.kind) for x in m.scan("General Qasem Soleimani")}
    assert ("Qasem Soleimani", "sanction") in kinds
    assert ("Soleimani", "watch") in kinds


def test_mention_json_shape(matcher: Matcher) -> None:
    (mention,) = matcher.scan("He met Ghasem Soleimani.")
    data = mention.to_json()
    assert set(data) == {"start", "end", "text", "kind", "refs", "name", "score", "band", "how"}
    assert data["text"] == "Ghasem Soleimani" and data["band"] in ("alert", "digest")


def test_check_caps_a_one_word_alias_meeting_a_longer_name() -> None:
    vessel = ListEntity(
        "opensanctions", "maia", EntityKind.VESSEL, "MAIA-1", (EntityName("Nicola"),)
    )
    azarov = ListEntity("ofac", "16762", P, "AZAROV, Mykola Yanovych")
    gazprom = ListEntity("ofac", "17250", ORG, "GAZPROM")
    m = Matcher([vessel, azarov, gazprom])
    found = {c.refs: c.score for c in m.check("Nikolai Azarov")}
    assert found[("ofac:16762",)] >= 0.9
    assert found[("opensanctions:maia",)] <= 0.75  # 0.917 uncapped
    assert m.check("Nicola")[0].score >= 0.9  # the alias alone is the alias
    assert m.check("Gazprom Neft")[0].refs == ("ofac:17250",)  # an own one-word name is kept
    assert m.check("Gazprom Neft")[0].score > 0.75


def test_check_ranks_the_right_entity_first(matcher: Matcher) -> None:
    best = matcher.check("Sergej Schoigu")[0]
    assert best.refs == ("ofac:35173",)
    assert matcher.check("Zzyzx Qwerty") == []
    # "&" joining two words ("Shipping&Trans") must not hide them from the screening keys.
    names = ("Atlantic Shipping & Trans", "Atlantic Shipping and Trans", "ATLANTIC SHIPPING")
    for name in (*names, "Shipping&Trans"):
        assert matcher.check(name)[0].refs == ("ofac:at",), name


# A shorter listed name inside a longer run read as another listed name is part of that name.
# Real entries (OFAC, UK); the texts are hidden spellings that the leave-one-out benchmark found
# this way. In this small index only "Tun Tun Naing" needs the rule: over all lists the common
# names make the longer reading of "Mohamed Ibrahim Suleiman" a digest line (0.69), which lost
# to the alert on "Ibrahim Suleiman" inside it.
INSIDE = [
    ListEntity("ofac", "12960", P, "SULEIMAN HAMAD AL-HABLAIN, Ibrahim"),
    ListEntity(
        "ofac", "8594", P, "SULAIMAN, Mohammed Ibrahim", (EntityName("SULIMAN, Mohammed Ibrahim"),)
    ),
    ListEntity("uk", "13734", P, "Tun NAING"),
    ListEntity("ofac", "31775", P, "NAUNG, Tun Tun", (EntityName("NAUNG, Htun Htun"),)),
    ListEntity("ofac", "17013", ORG, "VTB BANK PJSC", (EntityName("VTB BANK"),)),
    ListEntity("ofac", "18726", ORG, "JSC VTB BANK GEORGIA"),
]


@pytest.mark.parametrize(
    ("text", "span", "ref"),
    [
        # Mohamed, son of Ibrahim (son of Suleiman): not the listed Ibrahim Suleiman
        ("The report names Mohamed Ibrahim Suleiman as a key figure.",
         "Mohamed Ibrahim Suleiman", "ofac:8594"),
        ("He met Ibrahim Suleiman on Monday.", "Ibrahim Suleiman", "ofac:12960"),
        ("The report names Tun Tun Naing as a key figure.", "Tun Tun Naing", "ofac:31775"),
        ("Tun Naing said so.", "Tun Naing", "uk:13734"),
        ("Vtb Bank Georgia Jsc said so.", "Vtb Bank Georgia", "ofac:18726"),
        ("Vtb Bank said so.", "Vtb Bank", "ofac:17013"),
    ],
)  # fmt: skip
def test_a_name_inside_a_longer_listed_name_is_part_of_it(text: str, span: str, ref: str) -> None:
    found = _found(Matcher(INSIDE).scan(text))
    assert list(found) == [span]
    assert found[span][0] == ref
