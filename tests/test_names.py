"""Folding, watch-term keys, name forms and name comparison: literal tables."""

from __future__ import annotations

import pytest

from watchlists.folding import fold, fold_many, fold_text
from watchlists.legal_forms import legal_form_spellings, lines_with_legal_forms
from watchlists.name_compare import MATCH_THRESHOLD, compare_names
from watchlists.names import given_and_surname, name_forms
from watchlists.phonetics import skeleton, token_similarity
from watchlists.term_keys import normalise_term, normalise_terms, term_aliases, term_tokens

FOLDED = [
    ("KIM, Jong-un", "kim jong un"),
    ("Kim Jong Un", "kim jong un"),
    ("al-Qaeda", "al qaeda"),
    ("AL QAEDA", "al qaeda"),
    ("François Hollande", "francois hollande"),
    ("Касем Сулеймани", "kasem suleymani"),
    ("Κασέμ Σουλεϊμανί", "kasem soyleimani"),
    ("قاسم سلیمانی", "qsm slymny"),
    # alif and ain opening an Arabic word fold to "a" (elsewhere to nothing)
    ("علي", "aly"),
    ("طارق عزيز", "trq azyz"),
    ("أسامة بن لادن", "asmh bn ldn"),
    ("Straße", "strase"),  # Latin-1 folds one to one, so offsets stay exact
    ("  ", ""),
    # "&" is part of a name as written; punctuation elsewhere is a space
    ("Marks & Spencer, Ltd", "marks & spencer ltd"),
    ("AT&T", "at&t"),
    # An apostrophe inside a word joins it, unless an English ending follows
    ("Myo'ng-hun Ri", "myong hun ri"),
    ("Ch'o'l-man Ko", "chol man ko"),
    ("AL QA'IDA", "al qaida"),
    ("Сморода Катерина В\u2019ячеславівна", "smoroda katerina vyacheslavivna"),
    # ... and so does a plain "'" between letters of another script, as lists write it.
    ("Сморода Катерина В'ячеславівна", "smoroda katerina vyacheslavivna"),
    ("Сморода's café", "smoroda s cafe"),
    ("Sha\u2019ar and Ma\u02bcad", "shaar and maad"),
    ("Putin's aide", "putin s aide"),
    ("PUTIN'S AIDE", "putin s aide"),
    ("don't, we'll, they're, I'm, we've, he'd", "don t we ll they re i m we ve he d"),
    ("SA'D and Sa'd", "sa d and sa d"),
    ("'quoted' 2'000", "quoted 2 000"),
    ("  tabs\tand\r\nbreaks  ", "tabs and breaks"),
    ("  many   spaces  ", "many spaces"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDED)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_many_folds_each_as_fold_does() -> None:
    texts = [text for text, _ in FOLDED]
    assert fold_many(texts) == [folded for _, folded in FOLDED]
    # The fast path alone (plain ASCII, no apostrophe, no line break), and none at all.
    plain = [t for t in texts if t.isascii() and "'" not in t and "\n" not in t]
    assert len(plain) >= 6
    assert fold_many(plain) == [fold(t) for t in plain]
    assert fold_many([]) == []
    assert fold_many([""]) == [""]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # An apostrophe opening a word (after a space, a hyphen or nothing) is the 'ayn of an
        # Arabic transliteration: it goes, and no boundary (two spaces) is left in the name.
        ("Marwan 'Issa", "marwan issa"),
        ("al-'Ali", "al ali"),
        ("'Abd al-Rahman", "abd al rahman"),
        ("Marwan \u2018Issa and \u0418\u0441\u0430 'Ali", "marwan issa and isa ali"),
        # A closing quote still ends the phrase; before a lower-case word or a year's digits the
        # apostrophe stays a boundary (quoted phrases, not names: cheaper to leave alone).
        ("said 'To cut' jobs", "said to cut  jobs"),
        ("said 'to cut' jobs", "said  to cut  jobs"),
        ("the '90s", "the  90s"),
    ],
)
def test_opening_apostrophe_leaves_no_gap(text: str, folded: str) -> None:
    assert fold_text(text).folded == folded


def test_beyond_latin1_only_where_offsets_shift() -> None:
    assert not fold_text("Straße, Ævar and Putin's aide").beyond_latin1
    assert fold_text("Касем Сулеймани").beyond_latin1
    assert fold_text("قال صدام حسين").beyond_latin1
    assert fold_text("Putin\u2019s aide").beyond_latin1  # a typographic apostrophe


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("General «Касем Сулеймани» met Putin.", "Сулеймани"),
        ("Ali Khamenei's ally Soleimani", "Soleimani"),
        ("Ævar and Сулеймани", "Сулеймани"),
        ("Straße Putin", "Putin"),
        # Ain and alif fold to nothing; the mention still covers the whole words.
        ("قال علي ضوا اليوم", "علي ضوا"),
        ("سخنان قاسم سلیمانی", "قاسم سلیمانی"),
        # A joined apostrophe is inside the mention; text after it keeps its offsets.
        ("Talks with Myo'ng-hun Ri and O'Brien's Qa'ida ended.", "Myo'ng-hun Ri"),
        ("Talks with Myo'ng-hun Ri and O'Brien's Qa'ida ended.", "Qa'ida"),
        ("Talks with Myo'ng-hun Ri and O'Brien's Qa'ida ended.", "ended"),
        ("Сморода Катерина В\u2019ячеславівна, Putin", "В\u2019ячеславівна"),
        ("Сморода Катерина В\u2019ячеславівна, Putin", "Putin"),
        ("Сморода Катерина В'ячеславівна, Putin", "В'ячеславівна"),
        ("Сморода Катерина В'ячеславівна, Putin", "Putin"),
        ("Talks with Marwan 'Issa ended.", "Issa"),
        ("Talks with Marwan 'Issa ended.", "ended"),
    ],
)
def test_folded_offsets_map_back(text: str, word: str) -> None:
    folded = fold_text(text)
    target = fold(word)
    start = folded.folded.index(target)
    ostart, oend = folded.to_original(start, start + len(target))
    assert text[ostart:oend] == word


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ghasem soleimani", "qassem suleymani"),
        ("qasem soleimani", "kasem suleymani"),
        ("soleimani", "soleimaini"),
        ("sergej schoigu", "sergei shoigu"),
        ("qasem soleimani", "qsm slymny"),
    ],
)
def test_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("soleimani", "soleimaini", True),
        ("soleimani", "suleymani", True),
        ("qasem", "qassem", True),
        ("shoigu", "schoigu", True),
        ("soleimani", "solomon", False),
        ("putin", "puttock", False),
    ],
)
def test_token_similarity(a: str, b: str, close: bool) -> None:
    assert (token_similarity(a, b) >= 0.85) is close


TERM_KEYS = [
    ("Soleimani", "soleimani"),
    ("SOLEIMANI", "soleimani"),
    ("  soleimani ", "soleimani"),
    ('"Quds Force"', '"quds force'),
    ("\u201cQuds Force\u201d", '"quds force'),
    ("'Quds  Force'", '"quds force'),
    ("Quds Force", "quds force"),
    ('"Soleimani"', "soleimani"),
    ('" Quds  Force "', '"quds force'),
    ("Kim Jong-un", "kim jong un"),
    ("Сулеймани", "suleymani"),
    ("Marks & Spencer", "marks & spencer"),
    ("O'Brien", "obrien"),
    ("\tQuds\nForce", "quds force"),
]


@pytest.mark.parametrize(("typed", "key"), TERM_KEYS)
def test_normalise_term(typed: str, key: str) -> None:
    assert normalise_term(typed) == key


def test_normalise_terms_keys_each_as_normalise_term_does() -> None:
    assert normalise_terms([typed for typed, _ in TERM_KEYS]) == [key for _, key in TERM_KEYS]
    plain = ["Soleimani", '"Quds Force"', "Quds  Force", '"Soleimani"', "Marks & Spencer"]
    assert normalise_terms(plain) == [normalise_term(t) for t in plain]
    assert normalise_terms([]) == []


@pytest.mark.parametrize(
    ("typed", "aliases"),
    [
        ("Marks & Spencer", ("marks and spencer",)),
        ("Procter and Gamble", ("procter & gamble",)),
        ('"Marks & Spencer"', ('"marks and spencer',)),
        ("Tom & Jerry & Co", ("tom and jerry and co",)),
        ("AT&T", ()),  # one word
        ("And One", ()),  # not between two words
        ("Marks &", ()),
        ("Soleimani", ()),
        # a legal form in its other spelling, as list names have it
        ("Kamaz PAO", ("kamaz pjsc",)),
        ('"OOO Stroytransgaz"', ('"llc stroytransgaz',)),
        ("Marks & Spencer Ltd", ("marks and spencer ltd", "marks & spencer limited")),
        ("Limited Editions", ()),
    ],
)
def test_term_aliases(typed: str, aliases: tuple[str, ...]) -> None:
    assert term_aliases(normalise_term(typed)) == aliases


@pytest.mark.parametrize("typed", ["", "   ", "--", '""', "&", '"& &"'])
def test_normalise_term_refuses_empty(typed: str) -> None:
    with pytest.raises(ValueError, match="no letters"):
        normalise_term(typed)
    with pytest.raises(ValueError, match="no letters"):
        normalise_terms(["Soleimani", typed, "Quds Force"])


@pytest.mark.parametrize(
    ("name", "person", "expected"),
    [
        ("SOLEIMANI, Qasem", True, {"soleimani qasem", "qasem soleimani"}),
        (
            "SHOIGU, Sergei Kuzhugetovich",
            True,
            {
                "shoigu sergei kuzhugetovich",
                "sergei kuzhugetovich shoigu",
                "sergei shoigu",
                "sergei k shoigu",  # a middle name as an initial
                # Sergei in Ukrainian: "Serhii" has another skeleton
                "shoigu serhii kuzhugetovich",
                "serhii kuzhugetovich shoigu",
                "serhii shoigu",
                "serhii k shoigu",
            },
        ),
        (
            "MADURO MOROS, Nicolas",
            True,
            {"maduro moros nicolas", "nicolas maduro moros", "nicolas maduro"},
        ),
        (
            "Ramzan Akhmatovich KADYROV",
            True,
            {
                "ramzan akhmatovich kadyrov",
                "kadyrov ramzan akhmatovich",
                "ramzan kadyrov",
                "ramzan a kadyrov",
            },
        ),
        ("QASEM SOLEIMANI", True, {"qasem soleimani", "soleimani qasem"}),
        ("KIM Jong Un", True, {"kim jong un", "jong un kim", "jong kim", "jong u kim"}),
        (
            "LLC SIBUGLEMET GROUP",
            False,
            {
                "llc sibuglemet group",
                "ooo sibuglemet group",  # the legal form in its other spelling
                "sibuglemet group",
                "sibuglemet",
            },
        ),
        # A legal form rigour does not know, dropped from the end only ("ad" also opens
        # Arabic names).
        ("GARANTEX EUROPE OU", False, {"garantex europe ou", "garantex europe"}),
        ("PARTIZAN TECH DOO", False, {"partizan tech doo", "partizan tech"}),
        ("AD-DAWA AL ISLAMIYA", False, {"ad dawa al islamiya", "ad dawa alislamiya"}),
        (
            "HAQQANI, Abdul Aziz",
            True,
            {
                "haqqani abdul aziz",
                "abdul aziz haqqani",
                "abdul haqqani",
                "aziz haqqani",
            },
        ),
        (
            "NAFTIRAN INTERTRADE CO. (NICO) LIMITED",
            False,
            {
                "naftiran intertrade co nico limited",
                "naftiran intertrade co nico ltd",  # "LIMITED" is "Ltd"
                "naftiran intertrade co nico",  # rigour drops "limited"
                "naftiran intertrade nico",  # and generic "co"
                "naftiran intertrade co limited",  # without the brackets
                "naftiran intertrade co ltd",
                "naftiran intertrade co",
                "naftiran intertrade",
            },
        ),
        (
            "AL-SHAHID, Abu-Ahmad",
            True,
            {
                "al shahid abu ahmad",
                "abu ahmad al shahid",
                "abu al shahid",
                "abu shahid",
                "abu ahmad shahid",
                # the article merged: "al-Shahid" is also "Alshahid", "Ashahid"
                "abu ahmad alshahid",
                "abu ahmad ashahid",
                "alshahid abu ahmad",
                "ashahid abu ahmad",
                "abu alshahid",
                "abu ashahid",
            },
        ),
        (
            "ATLANTIC SHIPPING & TRANS",
            False,
            {"atlantic shipping & trans", "atlantic shipping and trans"},  # "&" is kept
        ),
        (
            "ARFA IRON AND STEEL COMPANY",
            False,
            # "and" and "&" stand for each other in every form, without the legal form too
            {
                "arfa iron and steel company",
                "arfa iron & steel company",
                "arfa iron and steel",
                "arfa iron & steel",
            },
        ),
        (
            "SAMAN BANK",
            False,
            # English and Persian word order ("Bank-e Saman"); the name stays whole
            {"saman bank", "bank saman", "bank e saman"},
        ),
        (
            "HUAWEI INVESTMENT & HOLDING CO., LTD.",
            False,
            {
                "huawei investment & holding co ltd",
                "huawei investment and holding co ltd",
                "huawei investment & holding company limited",  # the legal form spelt out
                "huawei investment and holding company limited",
                "huawei investment & holding",
                "huawei investment and holding",
                # not "huawei investment &": the generic word cut off was part of the name
            },
        ),
        (
            "SHA'LAN, Abdul Nur",
            True,
            # the apostrophe joins the word: whole and shortened
            {"shalan abdul nur", "abdul nur shalan", "abdul shalan", "nur shalan"},
        ),
        (
            "SA'D, Ahmad Ali",
            True,
            {
                # as listed (before an English ending, "'d", an apostrophe folds to a space)
                "sa d ahmad ali",
                "ahmad ali sa d",
                # without it, whole and shortened; never "ahmad sa"
                "sad ahmad ali",
                "ahmad ali sad",
                "ahmad sad",
                "ahmad a sad",
            },
        ),
        ("THE BASE", False, {"the base"}),  # qualifiers never trimmed down to one word
        (
            "MYANMAR ECONOMIC HOLDINGS PUBLIC COMPANY LTD",
            False,
            {
                "myanmar economic holdings public company ltd",
                "myanmar economic holdings public company limited",
                "myanmar economic holdings public company",
                "myanmar economic public",
                "myanmar economic",  # qualifiers off both ends, one after another
            },
        ),
        (
            "ESPANA INFORMATICA S.A.",
            False,
            {"espana informatica s a", "espana informatica"},  # a dotted legal form
        ),
        ("MINISTRY OF DEFENCE", False, {"ministry of defence"}),
        # A rare word with the article glued on is also looked for with it apart.
        (
            "ALJARBA, Tarad",
            True,
            {"aljarba tarad", "tarad aljarba", "al jarba tarad", "tarad al jarba"},
        ),
        ("ALBERT, John", True, {"albert john", "john albert"}),  # an everyday name stays whole
        # A leading word rigour reads as a legal form goes only if it is one there: "SAD" (a
        # Spanish sports company, for rigour) names this body, and "Import Export" is no name.
        ("SAD IMPORT EXPORT COMPANY", False, {"sad import export company", "sad import export"}),
        ("PJSC SBERBANK", False, {"pjsc sberbank", "pao sberbank", "sberbank"}),
        ("EP-GOM", False, {"ep gom"}),  # an aircraft's registration, not "ep" and "gom"
        ("ALEKSEEV, Ivan", True, {"alekseev ivan", "ivan alekseev"}),  # a vowel after "al"
    ],
)
def test_name_forms(name: str, person: bool, expected: set[str]) -> None:
    assert {" ".join(f.tokens) for f in name_forms(name, person=person)} == expected


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("SHOIGU, Sergei", (("sergei",), ("shoigu",))),
        ("Sergei Kuzhugetovich SHOIGU", (("sergei", "kuzhugetovich"), ("shoigu",))),
        ("KIM Jong Un", (("jong", "un"), ("kim",))),
        ("Sergei Shoigu", None),  # nothing says which word is the surname
        ("SERGEI SHOIGU", None),
        # no capitals to tell, but a patronymic last puts the surname first
        ("Калашников Максим Александрович", (("maksim", "aleksandrovich"), ("kalashnikov",))),
        ("KALASHNIKOV MAKSIM ALEKSANDROVICH", (("maksim", "aleksandrovich"), ("kalashnikov",))),
        ("Borisenko Galina Nikolaevna", (("galina", "nikolaevna"), ("borisenko",))),
        ("Maloletko Aleksandr Grigorievitch", (("aleksandr", "grigorievitch"), ("maloletko",))),
        ("Ivanov Ivan Ivanov", None),  # no patronymic last
        ("Ivan Ivanovich Petrov", None),  # the patronymic in the middle: order unknown
    ],
)
def test_given_and_surname(
    name: str, parts: tuple[tuple[str, ...], tuple[str, ...]] | None
) -> None:
    assert given_and_surname(name) == parts


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", True),
        ("Procter and Gamble", "PROCTER & GAMBLE", True),  # "&" kept by folding, not here
        ("AT&T", "AT & T", True),
        ("Ghasem Soleimani", "QASEM SOLEIMANI", True),
        ("Касем Сулеймани", "Qasem Soleimani", True),
        ("Sergej Schoigu", "Sergei Kuzhugetovich SHOIGU", True),
        ("Olaf Scholze", "Olaf Scholz", True),
        ("Octavian Scholz", "Olaf Scholz", False),
        ("Mohammad Soleimani", "Qasem Soleimani", False),
        ("Solomon", "Soleimani", False),
        ("Ihab Makhlouf", "Rami Makhlouf", False),
        # One given name in Ukrainian and in Russian; another name is another person
        ("Mykola Azarov", "AZAROV, Nikolai Yanovich", True),
        ("Mykyta Azarov", "AZAROV, Nikolai Yanovich", False),
        # Arabic script, without short vowels: the consonants decide, h included
        ("صدام حسين التكريتي", "SADDAM HUSSEIN AL-TIKRITI", True),
        ("جواد درویش وند", "Javad DARVISH-VAND", True),
        ("محمد طاهر", "MAMADU TURE", False),
    ],
)
def test_compare_names(a: str, b: str, same: bool) -> None:
    score, _how = compare_names(a, b)
    assert (score >= MATCH_THRESHOLD) is same, score


def test_compare_names_reads_ukrainian_forms_as_the_same_words() -> None:
    # Their spelling alone gives "Serhii"/"Sergey" and "Hennadiiovych"/"Gennadevich" about 0.8,
    # which ranks a Ukrainian paper's spelling below a mere typo; read as one name, 0.95 a word.
    score, _how = compare_names("Serhii Hennadiiovych Tsyplakov", "TSYPLAKOV, Sergey Gennadevich")
    assert score >= 0.95, score


@pytest.mark.parametrize(
    ("name", "spellings"),
    [
        ("business diversity limited", ["business diversity ltd"]),
        ("sterling shipping inc", ["sterling shipping incorporated"]),
        ("asia sun trading co ltd", ["asia sun trading company limited"]),
        ("stroytransgaz llc", ["stroytransgaz ooo"]),
        ("ooo stroytransgaz", ["llc stroytransgaz"]),  # a Russian form may lead
        ("kamaz pao", ["kamaz pjsc"]),
        ("llc", []),  # a legal form alone is no name
        ("gazprom", []),
        ("limited editions", []),  # an English one may not
    ],
)
def test_legal_form_spellings(name: str, spellings: list[str]) -> None:
    found = legal_form_spellings(tuple(name.split()))
    assert [" ".join(tokens) for tokens in found] == spellings


def test_an_organisations_name_forms_hold_its_legal_form_spelt_otherwise() -> None:
    forms = {f.tokens: f.how for f in name_forms("KAMAZ PAO", person=False)}
    assert forms[("kamaz", "pjsc")] == "folded"
    persons = {f.tokens for f in name_forms("PAO, Ivan", person=True)}
    assert ("pjsc", "ivan") not in persons  # persons have no legal form


def test_lines_with_legal_forms_are_those_the_table_reads() -> None:
    keys = [
        "kamaz pao",
        "soleimani",
        '"ooo stroytransgaz',
        "limited editions",
        "business diversity ltd",
        "ao",
        "x co ltd",
        "pao kamaz",
        "marks & spencer limited",
        "gazprom pjsc",
    ]
    found = lines_with_legal_forms("\n".join(keys))
    assert found == [0, 2, 4, 6, 7, 8, 9]
    assert found == [i for i, k in enumerate(keys) if legal_form_spellings(term_tokens(k))]
    assert lines_with_legal_forms("soleimani\nputin") == []
