"""OpenSanctions targets.simple.csv and FollowTheMoney JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchlists.entities import EntityKind, NameQuality
from watchlists.parsers import ListFormatError, parse_list
from watchlists.parsers.opensanctions import (
    parse_ftm_json,
    parse_opensanctions_csv,
    referent_same_as,
)

SIMPLE = (
    '"id","schema","name","aliases","birth_date","countries","addresses","identifiers",'
    '"sanctions","phones","emails","program_ids","dataset","first_seen","last_seen",'
    '"last_change"\n'
    '"Q7747","Person","PUTIN vladimir vladimirovich","Vladimir Putin;Путин Владимир",'
    '"1952-10-07","ru","","","","","","UA-WS-KIDNAPPERS","Ukraine War and Sanctions",'
    '"2025-10-06T14:15:21","2026-03-13T05:41:01","2026-02-05T14:54:48"\n'
    '"NK-24cf2zYe7LEKhr2zFck73j","Vessel","ROSALIN","Ceram Sea;Gold Sun","","lr;pa","",'
    '"IMO9253325","","","","UA-WS-MARE","Ukraine War and Sanctions","","",""\n'
    '"","Company","NO ID","","","","","","","","","","","","",""\n'
)


def ftm(**record: object) -> bytes:
    """One FtM JSON line."""
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()


def test_simple_csv() -> None:
    snapshot = parse_opensanctions_csv(SIMPLE.encode(), "targets.simple.csv")
    putin, rosalin = snapshot.entities
    assert (putin.ref, putin.kind, putin.name) == (
        "Q7747",
        EntityKind.PERSON,
        "PUTIN vladimir vladimirovich",
    )
    assert [(a.name, a.script) for a in putin.aliases] == [
        ("Vladimir Putin", "latin"),
        ("Путин Владимир", "cyrillic"),
    ]
    assert putin.birth_dates == ("1952-10-07",)
    assert putin.url == "https://www.opensanctions.org/entities/Q7747/"
    assert (rosalin.kind, rosalin.nationalities, rosalin.programmes) == (
        EntityKind.VESSEL,
        ("lr", "pa"),
        ("UA-WS-MARE",),
    )
    assert snapshot.problems == ("targets.simple.csv line 4: no id or name; skipped",)


def test_a_patronymic_joined_to_the_given_name_is_split() -> None:
    # As ua_war_targets writes 57 of its Russian names; a brand's inner capital stays.
    row = (
        '"NK-2p6oPjka5bBRf9CBZKEFza","Person","FEDOROV Boris",'
        '"ФЕДОРОВ Борис Володимирович;ФЕДОРОВ БорисВладимирович;РусГидро;КамАЗ"'
    )
    header = SIMPLE.split("\n")[0].split(",")[:4]
    snapshot = parse_opensanctions_csv(f"{','.join(header)}\n{row}\n".encode(), "t.csv")
    assert [a.name for a in snapshot.entities[0].aliases] == [
        "ФЕДОРОВ Борис Володимирович",
        "ФЕДОРОВ Борис Владимирович",
        "РусГидро",
        "КамАЗ",
    ]


def test_ftm_json_lines() -> None:
    data = (
        ftm(
            id="NK-1",
            caption="IRGC",
            schema="Organization",
            properties={
                "name": ["Iranian Revolutionary Guard Corps", "IRGC"],
                "alias": ["Pasdaran"],
                "weakAlias": ["Sepah"],
                "country": ["ir"],
            },
            referents=["ofac-10465", "gb-hmt-11241", "eu-fsf-1", "unsc-6908"],
        )
        + b"\n"
        + ftm(id="addr-1", schema="Address", properties={"full": ["Tehran"]})
        + ftm(id="NK-2", schema="Airplane", properties={"name": ["EP-GOM"]})
    )
    snapshot = parse_ftm_json(data, "e.ftm.json")
    irgc, plane = snapshot.entities
    assert irgc.name == "IRGC"
    assert [(a.name, a.quality) for a in irgc.aliases] == [
        ("Iranian Revolutionary Guard Corps", NameQuality.STRONG),
        ("Pasdaran", NameQuality.STRONG),
        ("Sepah", NameQuality.WEAK),
    ]
    assert irgc.same_as == ("ofac:10465", "uk:11241")
    assert plane.kind is EntityKind.AIRCRAFT


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["ofac-32733", "gb-hmt-15174"], ("ofac:32733", "uk:15174")),
        (["ofac-pm-1", "gb-fcdo-rus1222", "ua-nazk-person-4469"], ()),
    ],
)
def test_referents(ids: list[str], expected: tuple[str, ...]) -> None:
    assert referent_same_as(ids) == expected


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": ',
            "line 2",
            "malformed JSON",
        ),
        (b'["not", "an", "entity"]\n', "line 1", "not a FollowTheMoney entity"),
        (ftm(id="a", schema="Address", properties={}), "line 1", "no Person"),
    ],
)
def test_ftm_fatal_errors(data: bytes, location: str, message: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_ftm_json(data, "e.ftm.json")
    assert (caught.value.file, caught.value.location) == ("e.ftm.json", location)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (b'"id","name"\n"a","b"\n', "line 1"),
        (SIMPLE.encode() + b'"open,\n', "line 5"),
    ],
)
def test_csv_fatal_errors(data: bytes, location: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_opensanctions_csv(data, "t.csv")
    assert caught.value.location == location


@pytest.mark.slow
def test_full_files(shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "opensanctions"
    simple = parse_list({"t.csv": (folder / "ua_war_targets.simple.csv").read_bytes()})
    assert len(simple.entities) == 5600
    assert simple.problems == ()
    entities = parse_list({"e.json": (folder / "sample_entities.ftm.json").read_bytes()})
    # 7 lines: 6 persons or organisations and one Address, which is not a target.
    assert len(entities.entities) == 6
    irgc = next(e for e in entities.entities if e.ref == "NK-2PacmNpiLUmoz4XD2mSt7A")
    assert irgc.same_as == ("ofac:10465", "uk:11241")
