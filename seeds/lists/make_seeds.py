"""Regenerate the seed list extracts from the full lists in ../shared/data (run from the checkout).

Each seed file is a byte-for-byte copy of chosen entries of one official file, with the file's
own header, so the same parsers read the seeds and the full lists.
Usage: .venv/bin/python seeds/lists/make_seeds.py
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1].parent / "shared" / "data" / "sanctions"

UN_REFS = {"IRi.039", "IRi.040", "QDe.004", "QDi.006", "CDi.001"}
OFAC_REFS = {
    "10481",  # SOLEIMANI, Qasem
    "10465",  # IRGC-Qods Force
    "35096",  # PUTIN, Vladimir Vladimirovich
    "35173",  # SHOIGU, Sergei Kuzhugetovich
    "22790",  # MADURO MOROS, Nicolas
    "23343",  # KADYROV, Ramzan Akhmatovich
    "6366",  # AL QA'IDA, a.k.a. THE BASE
    "306",  # BANCO NACIONAL DE CUBA, weak a.k.a. 'BNC'
    "4243",  # EBANO, a vessel
    "15431",  # EP-GOM, an aircraft
    "27307",  # LAZARUS GROUP: plain-word weak akas (ZINC, RED DOT), remarks continued
    "21806",  # SOLEIMANI, Sohrab: same surname, another person
}
OFAC_XML_UIDS = {"9639", "9647", "50476"}
# Putin, Shoigu, Kadyrov, al-Qaida (with UN Ref), Gholamreza Soleimani, the ship JI SONG 6.
# (IRGC-Qods Force, 11241, is left out: its 20 rows alone weigh 28 KB.)
UK_GROUPS = {"14196", "14640", "13042", "6965", "15599", "13655"}
OS_IDS = {"Q7747", "Q32024", "NK-24cf2zYe7LEKhr2zFck73j", "NK-24ZomtS59XsEEB94Qcqy7S"}
FTM_IDS = {"NK-2PacmNpiLUmoz4XD2mSt7A", "NK-2KeUB68qUJtykm3BuAcazG", "NK-2MQE6AmhAk4tqhENJAMUG9"}


def xml_blocks(text: str, tag: str, keep: Callable[[str], bool]) -> list[str]:
    """Raw <tag>...</tag> blocks of `text` for which `keep` is true."""
    pattern = re.compile(rf"[ \t]*<{tag}>.*?</{tag}>\r?\n", re.S)
    return [m.group(0) for m in pattern.finditer(text) if keep(m.group(0))]


def un() -> None:
    """UN: the root element and the chosen INDIVIDUAL and ENTITY blocks."""
    text = (DATA / "un" / "consolidated_2026-02-27.xml").read_text("utf-8")
    head = text[: text.index("<INDIVIDUALS>")]

    def keep(block: str) -> bool:
        ref = re.search(r"<REFERENCE_NUMBER>(.*?)</REFERENCE_NUMBER>", block)
        return bool(ref and ref.group(1) in UN_REFS)

    people = "".join(xml_blocks(text, "INDIVIDUAL", keep))
    groups = "".join(xml_blocks(text, "ENTITY", keep))
    body = f"{head}<INDIVIDUALS>\n{people}  </INDIVIDUALS>\n  <ENTITIES>\n{groups}  </ENTITIES>\n"
    write("un/consolidated.xml", (body + "</CONSOLIDATED_LIST>\n").encode("utf-8"))


def ofac_csv() -> None:
    """OFAC: the chosen rows of each CSV file, as raw Latin-1 lines (sdn.csv keeps its Ctrl-Z)."""
    folder = DATA / "ofac" / "sdn_2024-05-03"
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        raw = (folder / name).read_bytes()
        lines = [ln for ln in raw.split(b"\r\n") if ln.split(b",", 1)[0].decode() in OFAC_REFS]
        tail = b"\x1a" if raw.endswith(b"\x1a") else b""
        write(f"ofac/{name}", b"".join(ln + b"\r\n" for ln in lines) + tail)


def ofac_xml() -> None:
    """OFAC consolidated XML: header, publish information, the chosen sdnEntry blocks."""
    text = (DATA / "ofac" / "consolidated_non_sdn_2026-01-08.xml").read_text("utf-8")
    head = text[: text.index("<sdnEntry>")].rstrip(" ")

    def keep(block: str) -> bool:
        uid = re.search(r"<uid>(\d+)</uid>", block)
        return bool(uid and uid.group(1) in OFAC_XML_UIDS)

    entries = xml_blocks(text, "sdnEntry", keep)
    head = re.sub(r"<Record_Count>\d+<", f"<Record_Count>{len(entries)}<", head)
    write("ofac/consolidated.xml", (head + "".join(entries) + "</sdnList>\n").encode("utf-8"))


def csv_records(lines: list[str]) -> list[tuple[list[str], str]]:
    """(fields, raw text) of each CSV record, records spanning several lines kept whole."""
    reader = csv.reader(lines)
    records, start = [], 0
    for row in reader:
        records.append((row, "".join(lines[start : reader.line_num])))
        start = reader.line_num
    return records


def uk() -> None:
    """UK: the "Last Updated" line, the header and every row of the chosen groups."""
    text = (DATA / "uk" / "ConList_2025-04-14.csv").read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    records = csv_records(lines[1:])
    group = records[0][0].index("Group ID")
    rows = [raw for row, raw in records[1:] if row[group] in UK_GROUPS]
    write("uk/ConList.csv", (lines[0] + records[0][1] + "".join(rows)).encode("utf-8"))


def opensanctions() -> None:
    """OpenSanctions: the header and chosen rows; the chosen FtM lines."""
    text = (DATA / "opensanctions" / "ua_war_targets.simple.csv").read_text("utf-8")
    records = csv_records(text.splitlines(keepends=True))
    rows = [raw for row, raw in records[1:] if row[0] in OS_IDS]
    write("opensanctions/targets.simple.csv", (records[0][1] + "".join(rows)).encode("utf-8"))
    ftm = (DATA / "opensanctions" / "sample_entities.ftm.json").read_text("utf-8")
    kept = [ln for ln in ftm.splitlines(keepends=True) if json.loads(ln)["id"] in FTM_IDS]
    write("opensanctions/entities.ftm.json", "".join(kept).encode("utf-8"))


def write(relative: str, data: bytes) -> None:
    """Write one seed file and say how big it is."""
    path = HERE / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"{relative}: {len(data):,} bytes")


if __name__ == "__main__":
    un()
    ofac_csv()
    ofac_xml()
    uk()
    opensanctions()
