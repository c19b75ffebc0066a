"""UK OFSI ConList.csv parser: grouping by Group ID, encodings, and the full shared list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from watchlists.entities import EntityKind, ListSnapshot, NameQuality
from watchlists.parsers import ListFormatError, detect_format, parse_list
from watchlists.parsers.uk_conlist import parse_uk_csv

HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,"
    "Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,"
    "Nationality,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,"
    "Last Updated,Group ID"
)
ROWS = [
    "PUTIN,Vladimir,Vladimirovich,,,,,Владимир Владимирович ПУТИН,Cyrillic,Russian,"
    "07/10/1952,Leningrad,Russia,Russia,(Gender):Male,Individual,Primary name,,Russia,"
    "25/02/2022,25/02/2022,14196",
    "PUTIN,Vladimir,,,,,,,,,07/10/1952,,,Russia,(Gender):Male,Individual,AKA,Good quality,"
    "Russia,25/02/2022,25/02/2022,14196",
    'AL-QAIDA,,,,,,,,,,,,,,"(UN Ref):QDe.004. Founded by Usama bin Laden",Entity,'
    "Primary name,,ISIL (Da'esh) and Al-Qaida,06/10/2001,24/11/2020,6965",
    "THE BASE,,,,,,,,,,,,,,,Entity,AKA,Low quality,ISIL (Da'esh) and Al-Qaida,06/10/2001,"
    "24/11/2020,6965",
    'SHAH,Ali,,,,,,,,,00/00/1961,,,"(1) Afghanistan (2) Pakistan",,Individual,'
    "Primary name variation,,Afghanistan,00/01/2001,,500",
    "JI SONG 6,,,,,,,,,,,,,,,Ship,Primary name,,Democratic People's Republic of Korea,"
    "30/03/2018,,13655",
    ",,,,,,,,,,,,,,,Individual,Primary name,,Russia,,,",
]
CONLIST = "Last Updated,14/04/2025\r\n" + HEADER + "\r\n" + "\r\n".join(ROWS) + "\r\n"


@pytest.fixture(scope="session")
def uk_full(shared_data: Path) -> ListSnapshot:
    """The full shared UK list, parsed once."""
    path = shared_data / "sanctions" / "uk" / "ConList_2025-04-14.csv"
    return parse_list({path.name: path.read_bytes()})


def test_literal_groups() -> None:
    snapshot = parse_uk_csv(CONLIST.encode("utf-8"), "ConList.csv")
    assert snapshot.published == datetime(2025, 4, 14, tzinfo=UTC)
    by_ref = {e.ref: e for e in snapshot.entities}
    assert sorted(by_ref) == ["13655", "14196", "500", "6965"]
    putin = by_ref["14196"]
    assert putin.name == "Vladimir Vladimirovich PUTIN"
    assert putin.kind is EntityKind.PERSON
    assert [(a.name, a.script) for a in putin.aliases] == [
        ("Vladimir PUTIN", "latin"),
        ("Владимир Владимирович ПУТИН", "cyrillic"),
    ]
    assert putin.birth_dates == ("1952-10-07",)
    assert putin.listed_on == date(2022, 2, 25)
    qaida = by_ref["6965"]
    assert qaida.kind is EntityKind.ORGANISATION
    assert qaida.same_as == ("un:QDe.004",)
    assert [(a.name, a.quality) for a in qaida.aliases] == [("THE BASE", NameQuality.LOW)]
    assert by_ref["500"].birth_dates == ("1961",)
    assert by_ref["500"].nationalities == ("Afghanistan", "Pakistan")
    assert by_ref["500"].listed_on is None  # "00/01/2001" is not a whole date
    assert by_ref["13655"].kind is EntityKind.VESSEL
    assert snapshot.problems == ("ConList.csv line 9: no Group ID; skipped",)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + CONLIST.encode("utf-8"),
        CONLIST.replace("Владимир Владимирович ПУТИН", "Vl\xe4dimir").encode("cp1252"),
    ],
    ids=["utf-8-bom", "cp1252"],
)
def test_encodings(data: bytes) -> None:
    assert detect_format(data, "list.csv") == "uk-csv"
    snapshot = parse_list({"list.csv": data})
    assert len(snapshot.entities) == 4
    assert snapshot.published == datetime(2025, 4, 14, tzinfo=UTC)


def test_header_without_last_updated_line() -> None:
    snapshot = parse_uk_csv((HEADER + "\r\n" + ROWS[0] + "\r\n").encode(), "c.csv")
    assert snapshot.published is None
    assert [e.ref for e in snapshot.entities] == ["14196"]


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (b"", "line 1", "file is empty"),
        (b"Last Updated,14/04/2025\r\nName,Other\r\nx,y\r\n", "line 2", "header lacks"),
        ((CONLIST + 'X,"open quote,\r\n').encode(), "line ", "malformed CSV"),
        (("Last Updated,14/04/2025\r\n" + HEADER + "\r\n").encode(), "line 3", "no rows"),
    ],
)
def test_fatal_errors(data: bytes, location: str, message: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_uk_csv(data, "ConList.csv")
    assert caught.value.file == "ConList.csv"
    assert caught.value.location.startswith(location)
    assert message in caught.value.message


@pytest.mark.slow
def test_full_list(uk_full: ListSnapshot) -> None:
    assert len(uk_full.entities) == 4688
    assert uk_full.problems == ()
    assert uk_full.published == datetime(2025, 4, 14, tzinfo=UTC)
    by_ref = {e.ref: e for e in uk_full.entities}
    assert by_ref["14196"].name == "Vladimir Vladimirovich PUTIN"
    assert by_ref["14196"].birth_dates == ("1952-10-07",)
    assert by_ref["6965"].same_as == ("un:QDe.004",)
