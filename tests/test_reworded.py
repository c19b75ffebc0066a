"""Listed names written with words reordered, one dropped or one added: literal tables."""

from __future__ import annotations

import pytest

from watchlists.entities import EntityKind, ListEntity
from watchlists.evidence import Evidence
from watchlists.matcher import Matcher
from watchlists.name_index import Target
from watchlists.resolve import where_no_alert
from watchlists.reword_index import RewordIndex
from watchlists.targets import sanction_targets

P, ORG = EntityKind.PERSON, EntityKind.ORGANISATION
# Real list entries (OFAC, UK), some shortened to the name that matters here.
ENTITIES = [
    ListEntity("ofac", "zrc", ORG, "ZARIN RAFSANJAN CEMENT COMPANY"),
    ListEntity("ofac", "bay", ORG, "BAYAN RASANEH GOSTAR INSTITUTE"),
    ListEntity("ofac", "zhe", ORG, "ZHONGCHENG HEAVY EQUIPMENT SHANDONG DEFENCE TECHNOLOGY CO."),
    ListEntity("ofac", "per", ORG, "PERKO JULLEUCHTER"),
    ListEntity("ofac", "owj", ORG, "OJE PARVAZ MADO NAFAR COMPANY"),
    ListEntity("ofac", "ell", ORG, "ELLISSA GROUP CONGO"),
    ListEntity("ofac", "mon", ORG, "MONETA MONEY TRANSFER & EXCHANGE"),
    ListEntity("ofac", "czs", ORG, "CHONGQING ZONGSHEN AERO ENGINE MANUFACTURING CO LTD"),
    ListEntity("ofac", "sgp", ORG, "SOCIETE GENERALE DE PAIN"),
    ListEntity("ofac", "lct", ORG, "LOS CABALLEROS TEMPLARIOS"),
    ListEntity("ofac", "sak", ORG, "SAKHALIN ENERGY INVESTMENT 10 COMPANY"),
    ListEntity("ofac", "cha", P, "CHAIWORASIN, Vilai"),
    ListEntity("ofac", "abd", P, "BEN ABDELHAKIM, Cherif Said"),
    ListEntity("ofac", "dut", P, "DUARTE TORRES, Rafael"),
    ListEntity("ofac", "sch", P, "SCHIAVONE, Francesco"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTITIES)


@pytest.mark.parametrize(
    ("text", "span", "ref", "how"),
    [
        # a word of the listed name left out
        ("Officials said the Rafsanjan Cement Company was fined.", "Rafsanjan Cement Company",
         "ofac:zrc", "partial name"),
        ("Moneta Money Exchange said so.", "Moneta Money Exchange", "ofac:mon", "partial name"),
        # one word left out and one more
        ("The Bayan Gostar Media Institute said.", "Bayan Gostar Media Institute", "ofac:bay",
         "partial name"),
        # words in another order, one more between
        ("Julleuchter By Perko is a shop.", "Julleuchter By Perko", "ofac:per", "partial name"),
        # another order of words; "Defense" for "DEFENCE" is one word left out and one more,
        # not a variant: both are everyday words, and they do not sound the same
        ("Zhongcheng Heavy Equipment Shandong Technology Defense Co. sold it.",
         "Zhongcheng Heavy Equipment Shandong Technology Defense Co", "ofac:zhe",
         "partial name"),
        # a word in another spelling, words in another order
        ("Cement Company Zarrin Rafsanjan said.", "Cement Company Zarrin Rafsanjan", "ofac:zrc",
         "transliteration"),
        # a word too far from the listed one ("Owj", "OJE") is one left out
        ("Owj Parvaz Nafar Mado Company said.", "Parvaz Nafar Mado Company", "ofac:owj",
         "partial name"),
        # an everyday word is not a misspelt name ("Engines" is not "ENGINE"): one word left out
        ("He works for Chongqing Zongshen Aero Engines Manufacturing Co Ltd now.",
         "Chongqing Zongshen Aero Engines Manufacturing", "ofac:czs", "partial name"),
        # a person's surname in another spelling, keyed by the rare given name
        ("Vilai Chaivorasilp was arrested.", "Vilai Chaivorasilp", "ofac:cha", "transliteration"),
        # a person's name with one more word between
        ("Said Ben Abdelhakim Ben Omar al-Cherif left.", "Said Ben Abdelhakim Ben Omar al-Cherif",
         "ofac:abd", "partial name"),
    ],
)  # fmt: skip
def test_finds_reworded_names_as_digest_lines(
    matcher: Matcher, text: str, span: str, ref: str, how: str
) -> None:
    found = {m.text: m for m in matcher.scan(text) if m.kind == "sanction"}
    assert span in found, found
    mention = found[span]
    assert mention.refs == (ref,)
    assert mention.how == how
    assert mention.band == "digest"  # the list does not write the name that way
    assert text[mention.start : mention.end] == span


@pytest.mark.parametrize(
    "text",
    [
        # two words of three, the one left out the name's own: another company
        "The chief economist at Societe Generale, told reporters.",
        "He played Los Caballeros de Plan G all night.",
        # a number left out or another number: another entity
        "Rosneft said Sakhalin Energy Investment Company paid.",
        "Rosneft said Sakhalin Energy Investment 12 Company paid.",
        # a person's name must all be there: another given name
        "Orlando Duarte Torres scored twice.",
        # a gendered ending makes another name
        "Francesca Schiavone won in Paris.",
        # another name before the listed one: someone else
        "Somchai Vilai Chaivorasilp was arrested.",
        # one word of the name is not the name
        "Flights to Rafsanjan Airport resumed.",
        # two other words between the listed ones
        "The Rafsanjan Provincial Steel Cement Company said.",
        # names are written with capitals
        "the rafsanjan cement company was fined.",
        # a full stop ends the run of name words
        "We drove to Rafsanjan. Cement Company shares fell.",
    ],
)
def test_does_not_find(matcher: Matcher, text: str) -> None:
    assert [m.text for m in matcher.scan(text) if m.kind == "sanction"] == []


def test_the_name_as_listed_is_the_automata_s_and_alerts(matcher: Matcher) -> None:
    [mention] = matcher.scan("Zarin Rafsanjan Cement Company was fined.")
    assert (mention.text, mention.band, mention.how) == (
        "Zarin Rafsanjan Cement Company",
        "alert",
        "exact",
    )


def test_never_takes_the_place_of_an_alert() -> None:
    # A reworded reading over more words could win a close call on length against an alert
    # (`best_non_overlapping`): it is dropped wherever it overlaps one.
    def evidence(start: int, end: int, score: float) -> Evidence:
        target = Target("g", ("ofac:1",), "N", ("a", "b", "c", "d", "e"), "exact", 4.0, 1.0, False)
        return Evidence(start, end, target, score, "partial name")

    strong, weak = evidence(10, 20, 0.85), evidence(30, 40, 0.7)
    reworded = [evidence(5, 15, 0.77), evidence(25, 35, 0.77), evidence(50, 60, 0.77)]
    kept = where_no_alert(reworded, [strong, weak])
    assert [(e.start, e.end) for e in kept] == [(25, 35), (50, 60)]


def test_index_keys() -> None:
    index = RewordIndex.of(sanction_targets(ENTITIES, {}))
    words = index.words()
    # an organisation's rare words, not its everyday ones ("cement", "company")
    assert {"rafsanjan", "zarin", "julleuchter", "gostar"} <= words
    assert not {"cement", "company", "ocean"} & words
    # a person's rare surname and given name, each with the first sound of the other
    assert {"chaiworasin", "vilai"} <= index.surnames
    assert "chaiworasin v" in index.by_key
    assert "vilai k" in index.by_key  # "ch" sounds as k
    # never a given name alone: "Vilai" in a text weighs only names of a surname in "ch"/"k"
    assert "vilai" not in index.by_key


def test_judged_runs_are_kept_and_give_the_same_mentions() -> None:
    matcher = Matcher(ENTITIES)
    judged = matcher._sanctions[1].judged
    text = "Officials said the Rafsanjan Cement Company was fined; Rafsanjan Cement Company paid."
    first = matcher.scan(text)
    # one run of words, judged once though written twice, and kept for the next text
    assert list(judged) == [(("rafsanjan", "cement", "company"), False)]
    second = matcher.scan(text)
    assert first == second
    assert [m.start for m in first] == [19, 55]
