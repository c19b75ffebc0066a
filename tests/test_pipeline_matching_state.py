"""MatcherState: built from lists (or seeds) and stored terms; terms change while threads scan."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlmodel import Session

from bot.matching_state import MatcherState
from ingest.list_files import read_list_paths, seed_lists_dir
from storage.chats import upsert_chat
from storage.lists_repo import replace_list
from storage.terms import add_watch, chats_watching, list_watches, remove_watch
from watchlists.term_keys import normalise_term

TEXT = (
    "Iran's Quds Force commander Ghasem Soleimani met Vladimir Putin in Moscow, "
    "officials said. Sergei Shoigu was also present."
)


def _watch(engine: Engine, chat_id: int, term: str) -> str:
    key = normalise_term(term)
    with Session(engine) as session, session.begin():
        upsert_chat(session, chat_id, "private", None)
        add_watch(session, chat_id, term, key)
    return key


def test_load_uses_seeds_without_lists_and_stored_terms(engine: Engine) -> None:
    _watch(engine, 1, "Shoigu")
    _watch(engine, 2, "SHOIGU")
    _watch(engine, 2, '"Quds Force"')
    state = MatcherState.load(engine)
    assert state.source.startswith("bundled seeds")
    assert state.terms() == {"shoigu", '"quds force'}
    kinds = {(m.kind, m.term) for m in state.scan(TEXT)}
    assert ("watch", "shoigu") in kinds and ("watch", '"quds force') in kinds
    assert any(kind == "sanction" for kind, _ in kinds)


def test_load_rekeys_terms_stored_before_ampersands_or_apostrophes_changed(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        upsert_chat(session, 1, "private", None)
        add_watch(session, 1, "Marks & Spencer", "marks spencer")  # the key as once stored
        add_watch(session, 1, "Ernst & Young", "ernst & young")  # already current
        add_watch(session, 1, "Shoigu", "shoigu")
        add_watch(session, 1, "Myo'ng-hun Ri", "myo ng hun ri")  # before apostrophes joined
        add_watch(session, 1, "Qa\u2019ida", "qa ida")
        add_watch(session, 1, "طارق عزيز", "trq zyz")  # before an opening ain folded to "a"
    state = MatcherState.load(engine)
    assert state.terms() == {
        "marks & spencer",
        "ernst & young",
        "shoigu",
        "myong hun ri",
        "qaida",
        "trq azyz",
    }
    with Session(engine) as session:
        assert {t.normalised for t in list_watches(session, 1)} == state.terms()
        assert chats_watching(session, ["marks & spencer"]) == {"marks & spencer": [1]}
    text = "Marks & Spencer and Ernst & Young met Shoigu, Myo'ng-hun Ri and Qa'ida. قال طارق عزيز"
    assert {m.term for m in state.scan(text)} == state.terms()


def test_load_prefers_installed_lists(engine: Engine) -> None:
    (un,) = read_list_paths([seed_lists_dir() / "un"])
    replace_list(engine, un)
    state = MatcherState.load(engine)
    assert state.source == "installed lists"
    refs = {r for m in state.scan(TEXT) if m.kind == "sanction" for r in m.refs}
    # Only the UN list is installed: OFAC's and the UK's entries of Putin are not there.
    assert refs and all(r.startswith("un:") for r in refs)


def test_release_term_only_when_nobody_watches(engine: Engine) -> None:
    key = _watch(engine, 1, "Soleimani")
    _watch(engine, 2, "soleimani")
    state = MatcherState.load(engine)
    assert state.add_term("Soleimani") == key == "soleimani"

    with Session(engine) as session, session.begin():
        remove_watch(session, 1, key)
    assert not state.release_term(key, engine)  # chat 2 still watches it
    assert key in state.terms()
    with Session(engine) as session, session.begin():
        remove_watch(session, 2, key)
    assert state.release_term(key)  # the engine from load() is used
    assert key not in state.terms()
    assert not [m for m in state.scan(TEXT) if m.kind == "watch"]
    assert not state.release_term(key)  # already gone


def test_scans_in_threads_while_terms_are_added(engine: Engine) -> None:
    """Scanning threads never fail or lose the sanctions part while /watch adds 150 terms."""
    state = MatcherState.load(engine)
    expected = [(m.start, m.end, m.refs) for m in state.scan(TEXT) if m.kind == "sanction"]
    errors: list[BaseException] = []
    mismatches: list[object] = []
    stop = threading.Event()

    def scanner() -> None:
        try:
            while not stop.is_set():
                got = [(m.start, m.end, m.refs) for m in state.scan(TEXT) if m.kind == "sanction"]
                if got != expected:
                    mismatches.append(got)
        except BaseException as exc:  # reported below: a thread's error must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=scanner) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        adders = [
            threading.Thread(
                target=lambda n=n: [state.add_term(f"Term{n}x{i} Name") for i in range(50)]
            )
            for n in range(3)
        ]
        for adder in adders:
            adder.start()
        for adder in adders:
            adder.join()
        state.add_term("Shoigu")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors and not mismatches
    assert len(state.terms()) == 151
    assert ("watch", "shoigu") in {(m.kind, m.term) for m in state.scan(TEXT)}
    assert {(m.kind, m.term) for m in state.scan("We met Term2x49 Name today.")} == {
        ("watch", "term2x49 name")
    }


async def test_reload_lists_swaps_sanctions_and_keeps_terms(engine: Engine) -> None:
    _watch(engine, 1, "Shoigu")
    state = MatcherState.load(engine)
    before = {r for m in state.scan(TEXT) if m.kind == "sanction" for r in m.refs}
    assert any(r.startswith("ofac:") for r in before)
    (un,) = read_list_paths([seed_lists_dir() / "un"])
    replace_list(engine, un)

    assert await state.reload_lists(engine) == "installed lists"

    after = {r for m in state.scan(TEXT) if m.kind == "sanction" for r in m.refs}
    assert after and all(r.startswith("un:") for r in after)
    assert "shoigu" in state.terms()
    assert ("watch", "shoigu") in {(m.kind, m.term) for m in state.scan(TEXT)}
