"""UN consolidated XML parser: literal snippets, the seed extract and the full shared list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from watchlists.entities import EntityKind, ListSnapshot, NameQuality
from watchlists.parsers import ListFormatError, parse_list
from watchlists.parsers.un_xml import parse_un_xml

UN_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>QASEM</FIRST_NAME>
      <SECOND_NAME>SOLEIMANI</SECOND_NAME>
      <UN_LIST_TYPE>Iran</UN_LIST_TYPE>
      <REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER>
      <LISTED_ON>2007-03-24</LISTED_ON>
      <NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>
        <ALIAS_NAME>Qasim Soleimani; Qasem Sulaimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>
        <ALIAS_NAME>Haj Qasem; Sardar Soleimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <DATE>1957-03-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <FIRST_NAME>ABU</FIRST_NAME>
      <SECOND_NAME>RANGE</SECOND_NAME>
      <REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>أبو</NAME_ORIGINAL_SCRIPT>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1975</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <FIRST_NAME>NO REF</FIRST_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <FIRST_NAME>AL-QAIDA</FIRST_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDe.004</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>"The Base"</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


@pytest.fixture(scope="session")
def un_full(shared_data: Path) -> ListSnapshot:
    """The full shared UN list, parsed once."""
    path = shared_data / "sanctions" / "un" / "consolidated_2026-02-27.xml"
    return parse_list({path.name: path.read_bytes()})


def test_literal_document() -> None:
    snapshot = parse_un_xml(UN_DOC.encode(), "un.xml")
    assert snapshot.list_name == "un"
    assert snapshot.published == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)
    by_ref = {e.ref: e for e in snapshot.entities}
    assert sorted(by_ref) == ["IRi.039", "QDe.004", "QDi.999"]
    soleimani = by_ref["IRi.039"]
    assert soleimani.name == "QASEM SOLEIMANI"
    assert soleimani.kind is EntityKind.PERSON
    assert [(a.name, a.quality) for a in soleimani.aliases] == [
        ("Qasim Soleimani", NameQuality.STRONG),
        ("Qasem Sulaimani", NameQuality.STRONG),
        ("Haj Qasem", NameQuality.LOW),
        ("Sardar Soleimani", NameQuality.LOW),
    ]
    assert soleimani.birth_dates == ("1957-03-11",)
    assert soleimani.listed_on == date(2007, 3, 24)
    assert soleimani.programmes == ("Iran",)
    assert soleimani.nationalities == ("Iran (Islamic Republic of)",)
    assert by_ref["QDi.999"].birth_dates == ("1973", "1974", "1975", "1971")
    assert by_ref["QDi.999"].aliases[0].script == "arabic"
    qaida = by_ref["QDe.004"]
    assert qaida.kind is EntityKind.ORGANISATION
    assert [a.name for a in qaida.aliases] == ["The Base"]
    assert snapshot.problems == (
        "un.xml: <INDIVIDUAL> #3: no REFERENCE_NUMBER (DATAID ?); skipped",
    )


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (UN_DOC[: len(UN_DOC) // 2], "line "),
        (UN_DOC.replace("</SECOND_NAME>", "</SECOND>", 1), "line 7"),
        ("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", "<CONSOLIDATED_LIST>"),
        ("<sdnList/>", "root element <sdnList>"),
    ],
)
def test_broken_documents_name_file_and_place(data: str, location: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_un_xml(data.encode(), "un.xml")
    assert caught.value.file == "un.xml"
    assert caught.value.location.startswith(location)


@pytest.mark.slow
def test_full_list_counts(un_full: ListSnapshot) -> None:
    kinds = [e.kind for e in un_full.entities]
    assert kinds.count(EntityKind.PERSON) == 730
    assert kinds.count(EntityKind.ORGANISATION) == 273
    assert un_full.problems == ()
    assert len({e.ref for e in un_full.entities}) == 1003


@pytest.mark.slow
def test_full_list_soleimani(un_full: ListSnapshot) -> None:
    entity = next(e for e in un_full.entities if e.ref == "IRi.039")
    assert entity.name == "QASEM SOLEIMANI"
    assert entity.birth_dates == ("1957-03-11",)
    assert "Kasim Sulaymani" in [a.name for a in entity.aliases]
    assert ("Haji Qassem", NameQuality.LOW) in [(a.name, a.quality) for a in entity.aliases]
