"""Cross-list linking: literal entities, the seeds, and all four full shared lists."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from ingest.list_files import read_list_paths, seed_lists_dir
from watchlists.entities import EntityKind, EntityName, ListEntity, NameQuality
from watchlists.linking import fold_for_linking, link_entities

PER = EntityKind.PERSON
ORG = EntityKind.ORGANISATION


def person(
    key: str,
    name: str,
    *dobs: str,
    aliases: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
) -> ListEntity:
    """A person entry from "<list>:<ref>"."""
    list_name, ref = key.split(":", 1)
    names = tuple(EntityName(a) for a in aliases)
    return ListEntity(
        list_name, ref, PER, name, aliases=names, birth_dates=dobs, nationalities=countries
    )


def org(
    key: str,
    name: str,
    programmes: tuple[str, ...] = (),
    same_as: tuple[str, ...] = (),
    *,
    aliases: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
) -> ListEntity:
    """An organisation entry from "<list>:<ref>"."""
    list_name, ref = key.split(":", 1)
    return ListEntity(
        list_name,
        ref,
        ORG,
        name,
        aliases=tuple(EntityName(a) for a in aliases),
        programmes=programmes,
        same_as=same_as,
        nationalities=countries,
    )


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("SOLEIMANI, Qasem", "qasem soleimani"),
        ("Qasem SOLEIMANI", "qasem soleimani"),
        ("Vladimir Vladimirovich PUTIN", "putin vladimir vladimirovich"),
        ("AL QA'IDA", "al qaida"),
        ("Путин Владимир", "putin vladimir"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold_for_linking(name) == folded


@pytest.mark.parametrize(
    ("entities", "linked", "apart"),
    [
        # Same name in another order and the same date of birth.
        (
            [
                person("un:IRi.039", "QASEM SOLEIMANI", "1957-03-11"),
                person("ofac:10481", "SOLEIMANI, Qasem", "1957-03-11"),
            ],
            [("un:IRi.039", "ofac:10481")],
            [],
        ),
        # Same name, different dates of birth: two people.
        (
            [
                person("un:X.1", "Ali Hassan", "1960-01-01"),
                person("ofac:2", "HASSAN, Ali", "1971-05-05"),
            ],
            [],
            [("un:X.1", "ofac:2")],
        ),
        # A year agrees with a full date; an alias carries the name.
        (
            [
                person("uk:1", "Vladimir Vladimirovich PUTIN", "1952"),
                person(
                    "ofac:35096", "PUTIN, Vladimir V.", "1952-10-07", aliases=("PUTIN, Vladimir",)
                ),
                person("opensanctions:Q7747", "Vladimir Putin", "1952-10-07"),
            ],
            [("ofac:35096", "opensanctions:Q7747")],
            [("uk:1", "ofac:35096")],  # "Vladimir Vladimirovich Putin" is no name of ofac:35096
        ),
        # No date of birth: persons are not linked on a name many people bear.
        (
            [person("un:A.1", "Ali Hassan"), person("ofac:3", "HASSAN, Ali")],
            [],
            [("un:A.1", "ofac:3")],
        ),
        # One list gives no date of birth: a telling name shared with no other entry of the
        # other list links, unless a country is against it.
        (
            [
                person("ofac:26886", "FOZ, Samer", "1973-05-20", countries=("Syria",)),
                person("uk:13755", "Samer FOZ", countries=("Syria",)),
                person("ofac:7", "ZORBLAKOVICH, Kwentin", "1970", countries=("Russia",)),
                person("uk:7", "Kwentin ZORBLAKOVICH", countries=("Iran",)),
                person("ofac:8", "QUASTRAVELLI, Bartholomew", "1970"),
                person("ofac:9", "QUASTRAVELLI, Bartholomew", "1981"),
                person("uk:8", "Bartholomew QUASTRAVELLI"),
            ],
            [("ofac:26886", "uk:13755")],
            [("ofac:7", "uk:7"), ("ofac:8", "uk:8"), ("ofac:9", "uk:8")],
        ),
        # The same list is never linked to itself on names.
        (
            [person("ofac:4", "HASSAN, Ali", "1960"), person("ofac:5", "HASSAN, Ali", "1960")],
            [],
            [("ofac:4", "ofac:5")],
        ),
        # Organisations: same name and a shared programme; or an explicit same_as.
        (
            [
                org("un:QDe.004", "AL-QAIDA", ("Al-Qaida",)),
                org(
                    "uk:6965", "AL-QAIDA", ("ISIL (Da'esh) and Al-Qaida",), same_as=("un:QDe.004",)
                ),
                org("ofac:6366", "AL QA'IDA", ("SDGT",)),
                org("ofac:9", "AL-QAIDA", ("al-qaida",)),
                org("ofac:10", "AL-QAIDA", ("CUBA",)),
            ],
            [("un:QDe.004", "uk:6965"), ("un:QDe.004", "ofac:9")],
            [("un:QDe.004", "ofac:6366"), ("un:QDe.004", "ofac:10")],
        ),
        # Same name and birth year, day and month swapped by one list: one person, when no
        # list holds that name and year twice.
        (
            [
                person("ofac:36838", "NOVYUKHOV, Aleksandr Vyacheslavovich", "1975-10-05"),
                person("uk:14954", "Aleksandr Vyacheslavovich NOVYUKHOV", "1975-05-10"),
            ],
            [("ofac:36838", "uk:14954")],
            [],
        ),
        (
            [
                person("ofac:1", "KIM, Chol", "1970-01-01"),
                person("un:1", "KIM CHOL", "1970-03-03"),
                person("un:2", "KIM CHOL", "1970-06-06"),
            ],
            [],
            [("ofac:1", "un:1"), ("ofac:1", "un:2"), ("un:1", "un:2")],
        ),
        # Organisations sharing any strong name that says enough, with no country against.
        (
            [
                org(
                    "opensanctions:NK-1",
                    "STERLING SHIPPING INC",
                    ("UA-WS-MARE",),
                    aliases=("STERLING SHIPPING INCORPORATED",),
                    countries=("ae",),
                ),
                org("ofac:46608", "STERLING SHIPPING INCORPORATED", ("RUSSIA-EO14024",)),
                org("ofac:46515", "FEDERAL STATE ENTERPRISE KAMENSKY COMBINE", ("RUSSIA-EO14024",)),
                org("uk:16523", "FEDERAL STATE ENTERPRISE KAMENSKY COMBINE", ("Russia",)),
                # Everyday words, yet one body's name (information 2.4).
                org("ofac:34036", "RUSSIAN DIRECT INVESTMENT FUND", ("RUSSIA-EO14024",)),
                org("uk:14207", "RUSSIAN DIRECT INVESTMENT FUND", ("Russia",)),
                # Names of several bodies (information 1.8): not without a programme in common.
                org("ofac:30976", "MINISTRY OF INTERIOR", ("GLOMAG",)),
                org("uk:12692", "MINISTRY OF INTERIOR", ("Syria",)),
                # Names of several groups: not without a programme in common.
                org("ofac:7755", "NATIONAL LIBERATION ARMY", ("BALKANS",)),
                org("uk:7364", "NATIONAL LIBERATION ARMY", ("Counter-Terrorism",)),
                # Countries against.
                org("ofac:1", "ZORBLAX TRADING FZE", countries=("ae",)),
                org("uk:1", "ZORBLAX TRADING FZE", countries=("ru",)),
            ],
            [
                ("opensanctions:NK-1", "ofac:46608"),
                ("ofac:46515", "uk:16523"),
                ("ofac:34036", "uk:14207"),
            ],
            [("ofac:7755", "uk:7364"), ("ofac:30976", "uk:12692"), ("ofac:1", "uk:1")],
        ),
        # One legal form spelt two ways is one name; two legal forms are two names.
        (
            [
                org("opensanctions:NK-2", "PJSC Sakhalin Shipping Company"),
                org("ofac:44206", "PUBLIC JOINT STOCK COMPANY SAKHALIN SHIPPING COMPANY"),
                org("ofac:2", "ZORBLAX TRANS LLC"),
                org("uk:2", "OOO ZORBLAX TRANS"),
            ],
            [("opensanctions:NK-2", "ofac:44206")],
            [("ofac:2", "uk:2")],
        ),
        # An entry bearing the names of two entries of another list is linked to neither; no
        # chain of aliases puts two entries of one list together.
        (
            [
                org("un:QDe.003", "EGYPTIAN ISLAMIC JIHAD", ("Al-Qaida",)),
                org("un:QDe.004", "AL-QAIDA", ("Al-Qaida",)),
                org("ofac:6366", "AL QA'IDA", ("SDGT",), aliases=("EGYPTIAN ISLAMIC JIHAD",)),
                org("uk:7000", "EGYPTIAN ISLAMIC JIHAD", ("ISIL",)),
                org("uk:6965", "AL-QAIDA", ("ISIL",)),
            ],
            [("un:QDe.003", "uk:7000")],
            [
                ("un:QDe.003", "ofac:6366"),
                ("un:QDe.004", "ofac:6366"),
                ("un:QDe.003", "un:QDe.004"),
            ],
        ),
        # Born the same day, names alike in another script or spelling: one person. Another
        # given name is another person; two such partners on one list, neither.
        (
            [
                person("ofac:29642", "KARAEV, Yuriy Khadzimuratovich", "1966-06-21"),
                person("uk:13923", "Ю́рий Хаджимура́тович Кара́ев", "1966-06-21"),
                person("ofac:35461", "KUZNETSOV, Andrey Anatolyevich", "1972-05-29"),
                person("ofac:37334", "KUZNETSOV, Eduard Anatolievich", "1972-05-29"),
                person("uk:14386", "Andrey Anatolievich KUZNETSOV", "1972-05-29"),
                person("uk:1", "Иван Сергеевич Петров", "1970-02-03"),
                person("ofac:1", "PETROV, Ivan Sergeyevich", "1970-02-03"),
                person("ofac:2", "PETROV, Ivan Sergeyevitch", "1970-02-03"),
            ],
            [("ofac:29642", "uk:13923"), ("ofac:35461", "uk:14386")],
            [("ofac:37334", "uk:14386"), ("uk:1", "ofac:1"), ("uk:1", "ofac:2")],
        ),
        # ... but not born on another day, nor with only a year in common, nor on 1 January
        # (lists write it for a year alone too).
        (
            [
                person("ofac:29642", "KARAEV, Yuriy Khadzimuratovich", "1966-06-21"),
                person("uk:13923", "Ю́рий Хаджимура́тович Кара́ев", "1966-06-22"),
                person("un:1", "KARAEV, Yuriy Khadzimuratovich", "1966"),
                person("ofac:3", "PETROV, Ivan Sergeyevich", "1970-01-01"),
                person("uk:3", "Иван Сергеевич Петров", "1970-01-01"),
            ],
            [],
            [("ofac:29642", "uk:13923"), ("un:1", "uk:13923"), ("ofac:3", "uk:3")],
        ),
        # same_as naming an entry that is not loaded is ignored.
        (
            [org("opensanctions:NK-1", "IRGC", same_as=("ofac:10465",))],
            [],
            [],
        ),
    ],
)
def test_link_table(
    entities: list[ListEntity], linked: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    clusters = link_entities(entities)
    assert set(clusters) == {e.key for e in entities}
    for a, b in linked:
        assert clusters[a] == clusters[b] == min(a, b, clusters[a])
    for a, b in apart:
        assert clusters[a] != clusters[b]


def test_cluster_id_is_smallest_key() -> None:
    clusters = link_entities(
        [
            person("un:IRi.039", "QASEM SOLEIMANI", "1957-03-11"),
            person("ofac:10481", "SOLEIMANI, Qasem", "1957-03-11"),
            person("uk:99", "Qasem SOLEIMANI", "1957"),
        ]
    )
    assert set(clusters.values()) == {"ofac:10481"}


def test_weak_aliases_do_not_link() -> None:
    weak = EntityName("Ali Hassan", NameQuality.WEAK)
    first = ListEntity("ofac", "1", PER, "Someone Else", aliases=(weak,), birth_dates=("1960",))
    second = person("un:2", "Ali Hassan", "1960")
    clusters = link_entities([first, second])
    assert clusters["ofac:1"] != clusters["un:2"]


def clusters_of(mapping: dict[str, str]) -> dict[str, set[str]]:
    """Cluster id -> member keys."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, cluster in mapping.items():
        found[cluster].add(key)
    return found


def test_seed_lists_link() -> None:
    entities = [e for s in read_list_paths([seed_lists_dir()]) for e in s.entities]
    mapping = link_entities(entities)
    clusters = clusters_of(mapping)
    assert clusters[mapping["un:IRi.039"]] == {"un:IRi.039", "ofac:10481"}
    assert clusters[mapping["ofac:35096"]] == {"ofac:35096", "uk:14196", "opensanctions:Q7747"}
    assert clusters[mapping["ofac:35173"]] == {"ofac:35173", "uk:14640", "opensanctions:Q32024"}
    assert mapping["un:QDe.004"] == mapping["uk:6965"]
    # Ghasem Soleymani (IRi.040) and Sohrab Soleimani are other people.
    assert mapping["un:IRi.040"] == "un:IRi.040"
    assert mapping["ofac:21806"] == "ofac:21806"


@pytest.mark.slow
def test_full_lists_link(shared_data: Path) -> None:
    sanctions = shared_data / "sanctions"
    snapshots = read_list_paths(
        [
            sanctions / "un",
            sanctions / "ofac" / "sdn_2024-05-03",
            sanctions / "uk",
            sanctions / "opensanctions" / "ua_war_targets.simple.csv",
        ]
    )
    entities = [e for s in snapshots for e in s.entities]
    mapping = link_entities(entities)
    assert len(mapping) == 1003 + 14965 + 4688 + 5600
    assert mapping["un:IRi.039"] == mapping["ofac:10481"]
    assert mapping["ofac:35096"] == mapping["uk:14196"]
    assert mapping["ofac:35173"] == mapping["uk:14640"]
    # Ghasem Soleymani (UN IRi.040, no date of birth) stays apart from Qasem Soleimani.
    assert mapping["un:IRi.040"] != mapping["un:IRi.039"]
    # On looser evidence: the same organisation name without a programme in common, and a
    # person whose birth date one list writes day first.
    assert mapping["ofac:46515"] == mapping["uk:16523"]  # FEDERAL STATE ENTERPRISE KAMENSKY
    assert mapping["ofac:39637"] == mapping["uk:15607"]  # SHAHED AVIATION INDUSTRIES
    # Everyday words, but one body's name (information 2.4 to 3.5).
    assert mapping["ofac:34036"] == mapping["uk:14207"]  # RUSSIAN DIRECT INVESTMENT FUND
    assert mapping["ofac:22284"] == mapping["uk:13548"]  # KOREAN PEOPLE'S ARMY
    assert mapping["ofac:23464"] == mapping["uk:11198"]  # IRAN AIRCRAFT INDUSTRIES (CO.)
    # Under 2.4 a name alone is not enough: OFAC's MINISTRY OF INTERIOR is Cuba's (MININT),
    # the UK's is Syria's.
    assert mapping["ofac:30976"] != mapping["uk:12692"]
    assert mapping["ofac:36838"] == mapping["uk:14954"]  # NOVYUKHOV, 1975-10-05 / 1975-05-10
    assert mapping["ofac:26886"] == mapping["uk:13755"]  # FOZ, Samer / Samer FOZ (no date)
    # Born the same day, names alike in another script or spelling.
    assert mapping["ofac:29642"] == mapping["uk:13923"]  # KARAEV / Ю́рий ... Кара́ев
    assert mapping["ofac:7861"] == mapping["un:IQi.019"]  # HUWAYSH, Abd-al-Tawab / -TAWWAB
    assert mapping["ofac:37334"] != mapping["uk:14386"]  # Eduard, not Andrey, Kuznetsov
    # OFAC's AL QA'IDA bears the names of two UN entries and is linked to neither.
    assert len({mapping["un:QDe.003"], mapping["un:QDe.004"], mapping["ofac:6366"]}) == 3
    largest = max(len(members) for members in clusters_of(mapping).values())
    assert largest <= 6  # no runaway chains through common names
