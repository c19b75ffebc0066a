"""Watch terms: add/remove/list/count, and who watches what (chunked IN queries)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from storage import chats, terms


def test_add_is_idempotent_and_remove_says_whether_it_was_there(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        term, created = terms.add_watch(session, 1, "Qasem Soleimani", "qasem soleimani")
        assert created and term.id is not None and term.text == "Qasem Soleimani"
        again, created = terms.add_watch(session, 1, "QASEM SOLEIMANI", "qasem soleimani", "x")
        assert not created and again.id == term.id and again.text == "Qasem Soleimani"
        terms.add_watch(session, 1, "IRGC", "irgc", entity_key="un:IRe.001")
    with Session(engine) as session, session.begin():
        assert terms.count_watches(session, 1) == 2
        assert terms.remove_watch(session, 1, "qasem soleimani") is True
        assert terms.remove_watch(session, 1, "qasem soleimani") is False
        [left] = terms.list_watches(session, 1)
        assert (left.normalised, left.entity_key) == ("irgc", "un:IRe.001")


def test_list_watches_pages_in_insertion_order(engine: Engine) -> None:
    names = [f"name {i:02d}" for i in range(25)]
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        for name in names:
            terms.add_watch(session, 1, name, name)
    with Session(engine) as session:
        pages = [terms.list_watches(session, 1, offset, 10) for offset in (0, 10, 20)]
        assert [len(p) for p in pages] == [10, 10, 5]
        assert [t.normalised for page in pages for t in page] == names
        assert terms.list_watches(session, 2) == []
        assert terms.count_watches(session, 2) == 0


def test_chats_watching_many_terms_skips_inactive_chats(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for chat_id in (1, 2, 3):
            chats.upsert_chat(session, chat_id, "private", None)
            terms.add_watch(session, chat_id, "Soleimani", "soleimani")
        terms.add_watch(session, 2, "Putin", "putin")
        terms.add_watch(session, 3, "Shoigu", "shoigu")
        chats.mark_chat_inactive(session, 3, "blocked")
    # More terms than one IN chunk holds: the query is split and merged.
    asked = [f"unwatched {i}" for i in range(terms.IN_CHUNK * 2 + 7)] + ["soleimani", "putin"]
    with Session(engine) as session:
        assert terms.chats_watching(session, asked) == {"soleimani": [1, 2], "putin": [2]}
        assert terms.chats_watching(session, ["shoigu"], active_only=False) == {"shoigu": [3]}
        assert terms.chats_watching(session, []) == {}
        assert terms.all_terms(session) == {"soleimani", "putin"}
        assert terms.all_terms(session, active_only=False) == {"soleimani", "putin", "shoigu"}


def test_rekey_reads_only_texts_with_the_marker_and_keeps_unkeyable_rows(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        chats.upsert_chat(session, 1, "private", None)
        terms.add_watch(session, 1, "Marks & Spencer", "marks spencer")
        terms.add_watch(session, 1, "50% off", "50 off")  # the marker "%" must not act as LIKE's
        terms.add_watch(session, 1, "Soleimani", "stale key")  # no "&": not read, not touched
        terms.add_watch(session, 1, "& &", "old")  # no key at all now: kept as it was

        def normalise(text: str) -> str:
            if not any(c.isalnum() for c in text):
                raise ValueError(text)
            return text.lower()

        assert terms.rekey_watches(session, normalise, ["&"]) == 1
        assert terms.rekey_watches(session, normalise, ["&"]) == 0
        assert terms.rekey_watches(session, normalise, ["%"]) == 1
    with Session(engine) as session:
        assert [t.normalised for t in terms.list_watches(session, 1)] == [
            "marks & spencer",
            "50% off",
            "stale key",
            "old",
        ]
