"""Format detection, dispatch, unsafe XML, reading list files from disk, and the bundled seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.list_files import read_list_paths, seed_lists_dir
from watchlists.entities import EntityKind
from watchlists.parsers import FORMATS, ListFormatError, detect_format, parse_list

UN_MINI = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27">'
    b"<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><SECOND_NAME>B</SECOND_NAME>"
    b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>"
    b"<ENTITIES/></CONSOLIDATED_LIST>\n"
)
SDN_ROW = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (UN_MINI, "un-xml"),
        (b'<?xml version="1.0"?>\n<sdnList xmlns="https://x/XML"><sdnEntry/>', "ofac-xml"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><sdnList>", "ofac-xml"),
        (SDN_ROW, "ofac-csv"),
        (b'36,12,"aka","AERO-CARIBBEAN",-0- \r\n', "ofac-csv"),  # alt.csv
        (b'36,25,-0- ,"Havana","Cuba",-0- \r\n', "ofac-csv"),  # add.csv
        (b"Last Updated,14/04/2025\r\nName 6,Name 1", "uk-csv"),
        (b"\xef\xbb\xbfName 6,Name 1,Group Type,Group ID\r\n", "uk-csv"),
        (b'"id","schema","name","aliases"\n', "opensanctions-csv"),
        (b"id,schema,name,aliases\n", "opensanctions-csv"),
        (b'{"id": "Q7747", "schema": "Person", "properties": {}}\n', "ftm-json"),
        (
            b'{"id": "Q1", "properties": {"notes": ["' + b"x" * 20000 + b'"]}, "schema": "Person"}',
            "ftm-json",
        ),
    ],
)
def test_detect_from_content(head: bytes, expected: str) -> None:
    # The file name is deliberately misleading: content decides.
    assert detect_format(head, "misleading.txt") == expected


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (b"", "line 1"),
        (b"  \r\n", "line 1"),
        (b"<html><body>Not a list</body></html>", "line 1"),
        (b"name,dob\nPutin,1952\n", "line 1"),
        (b'{"not": "ftm"}\n', "line 1"),
        (b"PK\x03\x04 zipped xlsx", "line 1"),
    ],
)
def test_detect_refuses_unknown(data: bytes, location: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        detect_format(data, "upload.bin")
    assert (caught.value.file, caught.value.location) == ("upload.bin", location)


def test_format_override_wins() -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_list({"un.xml": UN_MINI}, format="ofac-xml")
    assert "expected <sdnList>" in str(caught.value)
    assert parse_list({"un.xml": UN_MINI}, format="un-xml").entities[0].ref == "QDi.1"


@pytest.mark.parametrize(
    ("files", "fmt", "message"),
    [
        ({}, None, "nothing to parse"),
        ({"un.xml": UN_MINI}, "eu-json", "unknown format 'eu-json'"),
        ({"a.xml": UN_MINI, "sdn.csv": SDN_ROW}, None, "different lists given as one: ofac, un"),
    ],
)
def test_dispatch_errors(files: dict[str, bytes], fmt: str | None, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        parse_list(files, format=fmt)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME>
<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&xxe;</lastName></sdnEntry></sdnList>
"""
PLAIN_DTD = (
    b'<?xml version="1.0"?>\n<!DOCTYPE sdnList SYSTEM "http://127.0.0.1:9/x.dtd">\n<sdnList/>'
)


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DTD])
def test_unsafe_xml_is_refused(data: bytes) -> None:
    with pytest.raises(ListFormatError) as caught:
        parse_list({"evil.xml": data})
    assert (caught.value.file, caught.value.location) == ("evil.xml", "prolog")
    assert "refused unsafe XML" in caught.value.message


def test_seed_lists_parse_cleanly() -> None:
    folder = seed_lists_dir()
    snapshots = read_list_paths([folder])
    by_source = {Path(s.source.split(", ")[0]).relative_to(folder).parts[0]: s for s in snapshots}
    assert sorted(by_source) == ["ofac", "opensanctions", "uk", "un"]
    assert len(snapshots) == 4  # one per list: OFAC (CSV set + XML), OpenSanctions (CSV + FtM)
    assert all(s.problems == () for s in snapshots)
    keys = {e.key: e for s in snapshots for e in s.entities}
    for key in (
        "un:IRi.039",
        "un:QDe.004",
        "ofac:10481",
        "ofac:10465",
        "ofac:35096",
        "ofac:35173",
        "ofac:22790",
        "ofac:23343",
        "uk:14196",
        "uk:14640",
        "uk:13042",
        "opensanctions:Q7747",
        "opensanctions:NK-2PacmNpiLUmoz4XD2mSt7A",
    ):
        assert key in keys, key
    kinds = {e.kind for e in keys.values()}
    assert {EntityKind.VESSEL, EntityKind.AIRCRAFT} <= kinds
    assert "THE BASE" in [a.name for a in keys["ofac:6366"].aliases]
    sizes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert sizes < 60_000


def test_read_folder_groups_ofac_set(tmp_path: Path) -> None:
    seeds = seed_lists_dir()
    shutil.copytree(seeds / "ofac", tmp_path / "ofac")
    shutil.copy(seeds / "un" / "consolidated.xml", tmp_path / "un.xml")
    (tmp_path / "README.md").write_text("not a list")
    (tmp_path / "ConList.xlsx").write_bytes(b"PK\x03\x04")
    snapshots = read_list_paths([tmp_path])
    # The SDN CSV set (12 entries) and the consolidated XML (3) are one OFAC list.
    assert [(s.list_name, len(s.entities)) for s in snapshots] == [("ofac", 15), ("un", 5)]
    # Naming sdn.csv alone brings its companions along.
    (alone,) = read_list_paths([tmp_path / "ofac" / "sdn.csv"])
    assert "alt.csv" in alone.source
    assert "THE BASE" in [a.name for e in alone.entities for a in e.aliases]


def test_read_refuses_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(UN_MINI)
    with pytest.raises(ListFormatError) as caught:
        read_list_paths([path], max_bytes=100)
    assert caught.value.file == str(path)
    assert "over the limit of 100 bytes" in caught.value.message
    assert len(read_list_paths([path], max_bytes=len(UN_MINI))[0].entities) == 1


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({}, "no such file or folder"),
        ({"notes.txt": b"x"}, "folder holds no list files"),
        ({"list.csv": b"name,dob\n"}, "unknown list format"),
    ],
)
def test_read_errors(tmp_path: Path, layout: dict[str, bytes], message: str) -> None:
    for name, data in layout.items():
        (tmp_path / name).write_bytes(data)
    target = tmp_path if layout else tmp_path / "missing"
    with pytest.raises(ListFormatError, match=message):
        read_list_paths([target])


def test_formats_constant() -> None:
    assert FORMATS == ("un-xml", "ofac-csv", "ofac-xml", "uk-csv", "opensanctions-csv", "ftm-json")


@pytest.mark.slow
def test_detect_full_shared_files(shared_data: Path) -> None:
    sanctions = shared_data / "sanctions"
    expected = {
        "un/consolidated_2026-02-27.xml": "un-xml",
        "ofac/consolidated_non_sdn_2026-01-08.xml": "ofac-xml",
        "ofac/sdn_2024-05-03/sdn.csv": "ofac-csv",
        "ofac/sdn_2021-07-07/alt.csv": "ofac-csv",
        "ofac/sdn_2024-05-03/sdn_comments.csv": "ofac-csv",
        "uk/ConList_2025-04-14.csv": "uk-csv",
        "opensanctions/ua_war_targets.simple.csv": "opensanctions-csv",
        "opensanctions/sample_entities.ftm.json": "ftm-json",
    }
    for relative, fmt in expected.items():
        with (sanctions / relative).open("rb") as handle:
            assert detect_format(handle.read(8192), relative) == fmt, relative


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf\r\n  \r\n"], ids=["empty", "bom-and-blanks"])
def test_empty_file_each_format(fmt: str, data: bytes) -> None:
    name = "sdn.csv" if fmt == "ofac-csv" else "list.dat"
    with pytest.raises(ListFormatError) as caught:
        parse_list({name: data}, format=fmt)
    assert caught.value.file == name
    assert caught.value.location == "line 1"
    assert "empty" in caught.value.message


def test_xml_in_the_wrong_encoding_names_the_line() -> None:
    # Declared UTF-8, but a Latin-1 "é" sits on line 3.
    data = UN_MINI.replace(b"<FIRST_NAME>A<", b"\n<FIRST_NAME>Jos\xe9<")
    with pytest.raises(ListFormatError) as caught:
        parse_list({"un.xml": data})
    assert caught.value.location.startswith("line 3, column")
    assert "malformed XML" in caught.value.message


def test_files_of_one_list_merge_into_one_snapshot() -> None:
    # OFAC's SDN CSV and its consolidated XML are one list: replaced together, never in turn.
    ofac = seed_lists_dir() / "ofac"
    files = {p.name: p.read_bytes() for p in sorted(ofac.iterdir())}
    csv_only = parse_list({k: v for k, v in files.items() if k.endswith(".csv")})
    xml_only = parse_list({k: v for k, v in files.items() if k.endswith(".xml")})
    both = parse_list(files)
    assert both.list_name == "ofac"
    assert len(both.entities) == len(csv_only.entities) + len(xml_only.entities)
    assert {e.ref for e in both.entities} == {e.ref for e in csv_only.entities + xml_only.entities}


def test_reading_the_seed_folder_gives_one_snapshot_per_list() -> None:
    names = [s.list_name for s in read_list_paths([seed_lists_dir()])]
    assert sorted(names) == ["ofac", "opensanctions", "uk", "un"]


def test_the_same_entry_in_two_files_is_kept_once_and_reported() -> None:
    snapshot = parse_list({"a.xml": UN_MINI, "b.xml": UN_MINI})
    assert len(snapshot.entities) == len({e.ref for e in snapshot.entities})
    assert any("also in another file" in p for p in snapshot.problems)
