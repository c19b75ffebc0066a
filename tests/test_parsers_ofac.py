"""OFAC parsers: the SDN CSV set and the sdnList XML, on literal rows and the full shared files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from watchlists.entities import EntityKind, ListSnapshot, NameQuality
from watchlists.parsers import ListFormatError, parse_list
from watchlists.parsers.dates import ofac_dates
from watchlists.parsers.ofac_csv import parse_ofac_csv
from watchlists.parsers.ofac_xml import parse_ofac_xml

SDN = (
    '10481,"SOLEIMANI, Qasem","individual","SDGT] [SYRIA] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- ,'
    '-0- ,-0- ,"DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen Iran."\r\n'
    '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    "\"a.k.a. 'BNC'.\"\r\n"
    '4243,"EBANO","vessel","CUBA",-0- ,-0- ,"General Cargo","2595","1865","Panama",-0- ,'
    "\"Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'.\"\r\n"
    '15431,"EP-GOM","aircraft","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    '77,"MU\xd1OZ, Jos\xe9","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 1960 to 1962; alt. DOB circa 1965."\r\n'
    "\x1a"
).encode("latin-1")
ALT = (
    b'10481,10480,"aka","SOLEYMANI, Ghasem",-0- \r\n'
    b'306,220,"fka","NATIONAL BANK OF CUBA",-0- \r\n'
    b'306,221,"aka","BNC BANK","weak aka"\r\n'
    b'99999,1,"aka","NOBODY",-0- \r\n'
)
COMMENTS = b"306,\"; a.k.a. 'BANCUBA'.\"\r\n"


@pytest.fixture(scope="session")
def ofac_2024(shared_data: Path) -> ListSnapshot:
    """The 2024 SDN CSV set (alt/add/comments from a later date), parsed once."""
    folder = shared_data / "sanctions" / "ofac" / "sdn_2024-05-03"
    return parse_list({p.name: p.read_bytes() for p in folder.iterdir()})


@pytest.fixture(scope="session")
def ofac_2021(shared_data: Path) -> ListSnapshot:
    """The self-consistent 2021 SDN CSV set, parsed once."""
    folder = shared_data / "sanctions" / "ofac" / "sdn_2021-07-07"
    return parse_list({p.name: p.read_bytes() for p in folder.iterdir()})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11 Mar 1957", ["1957-03-11"]),
        ("Mar 1957", ["1957-03"]),
        ("1957", ["1957"]),
        ("circa 1965.", ["1965"]),
        ("1960 to 1962", ["1960", "1961", "1962"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960-01-01", "1962-12-31"]),
        ("31 Feb 1970", ["1970-02"]),
    ],
)
def test_ofac_dates(text: str, expected: list[str]) -> None:
    assert ofac_dates(text) == expected


def test_csv_set_literal_rows() -> None:
    snapshot = parse_ofac_csv({"x/sdn.csv": SDN, "x/alt.csv": ALT, "x/sdn_comments.csv": COMMENTS})
    by_ref = {e.ref: e for e in snapshot.entities}
    assert [by_ref[r].kind for r in ("10481", "306", "4243", "15431")] == [
        EntityKind.PERSON,
        EntityKind.ORGANISATION,
        EntityKind.VESSEL,
        EntityKind.AIRCRAFT,
    ]
    soleimani = by_ref["10481"]
    assert soleimani.name == "SOLEIMANI, Qasem"
    assert soleimani.programmes == ("SDGT", "SYRIA", "IRGC")
    assert soleimani.birth_dates == ("1957-03-11",)
    assert soleimani.nationalities == ("Iran",)
    assert soleimani.url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=10481"
    assert [(a.name, a.quality) for a in soleimani.aliases] == [
        ("SOLEYMANI, Ghasem", NameQuality.STRONG)
    ]
    assert [(a.name, a.quality) for a in by_ref["306"].aliases] == [
        ("NATIONAL BANK OF CUBA", NameQuality.STRONG),
        ("BNC BANK", NameQuality.WEAK),
        ("BNC", NameQuality.WEAK),
        ("BANCUBA", NameQuality.WEAK),  # from the remarks continued in sdn_comments.csv
    ]
    assert [a.name for a in by_ref["4243"].aliases] == ["ANA I"]
    assert by_ref["4243"].nationalities == ("Panama",)  # the vessel's flag
    assert by_ref["77"].name == "MUÑOZ, José"  # Latin-1 decoded
    assert by_ref["77"].birth_dates == ("1960", "1961", "1962", "1965")
    assert snapshot.problems == ("x/alt.csv line 4: entry 99999 not in sdn.csv",)


def test_csv_many_dangling_rows_are_summarised() -> None:
    alt = b"".join(b'%d,1,"aka","GHOST",-0- \r\n' % n for n in range(1000, 1050))
    snapshot = parse_ofac_csv({"sdn.csv": SDN, "alt.csv": alt})
    assert len(snapshot.entities) == 5
    assert len(snapshot.problems) == 21
    assert snapshot.problems[0] == "alt.csv line 1: entry 1000 not in sdn.csv"
    assert snapshot.problems[-1] == (
        "alt.csv: 50 rows name entries not in sdn.csv (first 20 listed above)"
    )


def test_csv_short_row_is_a_problem_not_fatal() -> None:
    data = SDN.replace(b"-0- ,-0- ,-0- ,-0- \r\n", b"\r\n")
    snapshot = parse_ofac_csv({"sdn.csv": data})
    assert len(snapshot.entities) == 4
    assert snapshot.problems == ("sdn.csv line 4: expected 12 fields, got 9; skipped",)


@pytest.mark.parametrize(
    ("files", "location", "message"),
    [
        ({"alt.csv": ALT}, "", "sdn.csv is required"),
        ({"sdn.csv": b""}, "line 1", "file is empty"),
        ({"sdn.csv": SDN[:40]}, "line 1", "malformed CSV"),  # truncated inside a quote
        ({"sdn.csv": SDN, "alt.csv": b'1,2,"aka","OPEN\r\n'}, "line 1", "malformed CSV"),
        ({"sdn.csv": b"a,b\r\n"}, "line 1", "no SDN entries"),
    ],
)
def test_csv_fatal_errors(files: dict[str, bytes], location: str, message: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_ofac_csv(files)
    assert caught.value.location == location
    assert message in caught.value.message


OFAC_XML = b"""<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>01/08/2026</Publish_Date></publshInformation>
  <sdnEntry>
    <uid>9647</uid><firstName>Mahmoud Khaled</firstName><lastName>ZAHHAR</lastName>
    <sdnType>Individual</sdnType>
    <programList><program>NS-PLC</program></programList>
    <akaList>
      <aka><uid>1</uid><type>a.k.a.</type><category>weak</category>
        <lastName>ZAHAR</lastName><firstName>Mahmoud</firstName></aka>
      <aka><uid>2</uid><type>f.k.a.</type><category>strong</category>
        <lastName>AL-ZAHHAR</lastName></aka>
    </akaList>
    <dateOfBirthList><dateOfBirthItem><dateOfBirth>1945</dateOfBirth></dateOfBirthItem>
    </dateOfBirthList>
    <nationalityList><nationality><country>Palestinian</country></nationality></nationalityList>
  </sdnEntry>
  <sdnEntry><uid>17013</uid><lastName>VTB BANK</lastName><sdnType>Entity</sdnType></sdnEntry>
  <sdnEntry><uid>1</uid><sdnType>Entity</sdnType></sdnEntry>
</sdnList>
"""


def test_xml_literal_document() -> None:
    snapshot = parse_ofac_xml(OFAC_XML, "cons.xml")
    assert snapshot.published == datetime(2026, 1, 8, tzinfo=UTC)
    assert [e.ref for e in snapshot.entities] == ["9647", "17013"]
    zahhar, vtb = snapshot.entities
    assert zahhar.name == "ZAHHAR, Mahmoud Khaled"
    assert zahhar.kind is EntityKind.PERSON
    assert [(a.name, a.quality) for a in zahhar.aliases] == [
        ("ZAHAR, Mahmoud", NameQuality.WEAK),
        ("AL-ZAHHAR", NameQuality.STRONG),
    ]
    assert (zahhar.birth_dates, zahhar.nationalities, zahhar.programmes) == (
        ("1945",),
        ("Palestinian",),
        ("NS-PLC",),
    )
    assert vtb.kind is EntityKind.ORGANISATION
    assert snapshot.problems == ("cons.xml: <sdnEntry> #3: uid 1 has no <lastName>; skipped",)


@pytest.mark.slow
def test_full_2024_set(ofac_2024: ListSnapshot) -> None:
    kinds = [e.kind for e in ofac_2024.entities]
    assert len(kinds) == 14965
    assert (kinds.count(EntityKind.PERSON), kinds.count(EntityKind.ORGANISATION)) == (6854, 6884)
    assert (kinds.count(EntityKind.VESSEL), kinds.count(EntityKind.AIRCRAFT)) == (851, 376)
    # alt/add/comments are newer than sdn.csv: the rows for missing entries are reported.
    assert ofac_2024.problems[0].endswith("not in sdn.csv")
    assert any("rows name entries not in sdn.csv" in p for p in ofac_2024.problems)
    by_ref = {e.ref: e for e in ofac_2024.entities}
    assert by_ref["10481"].name == "SOLEIMANI, Qasem"
    assert by_ref["10481"].birth_dates == ("1957-03-11",)
    assert by_ref["35096"].name == "PUTIN, Vladimir Vladimirovich"
    assert by_ref["35173"].name.startswith("SHOIGU, Sergei")
    assert "QODS FORCE" in [a.name for a in by_ref["10465"].aliases]


@pytest.mark.slow
def test_full_2021_set(ofac_2021: ListSnapshot) -> None:
    assert len(ofac_2021.entities) == 8976
    assert ofac_2021.problems == ()


@pytest.mark.slow
def test_full_consolidated_xml(shared_data: Path) -> None:
    path = shared_data / "sanctions" / "ofac" / "consolidated_non_sdn_2026-01-08.xml"
    snapshot = parse_list({path.name: path.read_bytes()})
    assert len(snapshot.entities) == 442
    assert snapshot.published == datetime(2026, 1, 8, tzinfo=UTC)
    weak = [a for e in snapshot.entities for a in e.aliases if a.quality is NameQuality.WEAK]
    assert len(weak) == 72
