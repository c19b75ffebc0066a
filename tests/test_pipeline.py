"""The pipeline on both engines: store once, stories, matches, fan-out rules, idempotent steps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from bot.matching_state import MatcherState
from bot.pipeline import Pipeline, plan_fan_out, story_key, text_with_title
from ingest.documents import IncomingDocument
from ingest.list_files import read_list_paths, seed_lists_dir
from storage.chats import update_chat_settings, upsert_chat
from storage.matches import document_matches
from storage.models import AlertOutbox, DigestEntry, Document, MatchRow
from storage.suppressions import suppress
from storage.terms import add_watch
from watchlists.entities import ListEntity
from watchlists.linking import link_entities
from watchlists.matcher import Matcher
from watchlists.term_keys import normalise_term

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

# Long enough (> ingest.near_duplicates.MIN_WORDS) to carry a story fingerprint.
ARTICLE = (
    "Iran's Quds Force commander Ghasem Soleimani visited Moscow in July, officials said on "
    "Friday, in a trip that broke a United Nations travel ban. Soleimani met senior Russian "
    "officials to discuss the war in Syria and the delivery of missile systems, according to "
    "two regional sources. The Kremlin declined to comment on the report. Analysts said the "
    "visit showed how closely Tehran and Moscow now coordinate their military plans in the "
    "region, and that further meetings were expected before the end of the year."
)
UNRELATED = (
    "Shares in European carmakers rose sharply on Tuesday after the latest sales figures showed "
    "a strong recovery in demand across the continent. Investors welcomed the news after months "
    "of weak results, and analysts said the rally could continue if consumer confidence holds. "
    "Several firms announced plans to hire more staff at their factories in the coming year."
)


@pytest.fixture(scope="session")
def seed_entities() -> tuple[list[ListEntity], dict[str, str]]:
    """The bundled seed lists, parsed once."""
    entities = [e for s in read_list_paths([seed_lists_dir()]) for e in s.entities]
    return entities, link_entities(entities)


@pytest.fixture
def state(seed_entities: tuple[list[ListEntity], dict[str, str]]) -> MatcherState:
    """A matcher over the seed lists, with no terms yet."""
    entities, links = seed_entities
    return MatcherState(Matcher(entities, links=links), links)


def _chat(
    engine: Engine,
    chat_id: int,
    terms: list[str],
    *,
    alert_mode: str = "instant",
    sanctions_mode: str = "off",
    active: bool = True,
) -> None:
    with Session(engine) as session, session.begin():
        upsert_chat(session, chat_id, "private", None)
        update_chat_settings(session, chat_id, alert_mode=alert_mode, sanctions_mode=sanctions_mode)
        for term in terms:
            add_watch(session, chat_id, term, normalise_term(term))
        if not active:
            from storage.chats import mark_chat_inactive

            mark_chat_inactive(session, chat_id, "blocked")


def _outbox(engine: Engine) -> list[tuple[int, str, int | None]]:
    with Session(engine) as session:
        rows = session.scalars(select(AlertOutbox).order_by(col(AlertOutbox.chat_id)))
        return [(r.chat_id, r.dedup_key, r.document_id) for r in rows]


def _digests(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as session:
        rows = session.scalars(select(DigestEntry).order_by(col(DigestEntry.chat_id)))
        return sorted({(r.chat_id, r.target) for r in rows})


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def pipeline(engine: Engine, state: MatcherState) -> Iterator[Pipeline]:
    """A pipeline with a fixed clock."""
    yield Pipeline(engine, state, clock=lambda: NOW)


async def test_watch_fan_out_by_mode(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"], alert_mode="instant")
    _chat(engine, 2, ["Soleimani"], alert_mode="digest")
    _chat(engine, 3, ["Soleimani"], alert_mode="both")
    _chat(engine, 4, ["Soleimani"], active=False)
    _chat(engine, 5, ["Putin"])  # watches something else
    state.add_terms(["Soleimani", "Putin"])

    result = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/story-1"))

    assert not result.duplicate
    assert result.story_id == result.document_id
    assert result.match_count > 0
    key = story_key(result.story_id)
    assert _outbox(engine) == [(1, key, result.document_id), (3, key, result.document_id)]
    assert result.alerts_enqueued == 2
    assert _digests(engine) == [(2, "soleimani"), (3, "soleimani")]
    with Session(engine) as session:
        doc = session.get(Document, result.document_id)
        assert doc is not None and doc.scanned_at == NOW and doc.fanned_out_at == NOW
        outbox = session.scalars(select(AlertOutbox)).first()
        assert outbox is not None
        matched = {m.id: m for m in document_matches(session, result.document_id)}
        assert outbox.match_ids and all(matched[i].target == "soleimani" for i in outbox.match_ids)


async def test_same_document_again_is_a_duplicate(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"])
    state.add_term("Soleimani")
    first = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/story-1"))
    matches = _count(engine, MatchRow)

    # Same URL with tracking parameters and a different text: the URL says it is the same.
    again = await pipeline.ingest(
        IncomingDocument(ARTICLE + " Updated.", url="https://A.example/story-1?utm_source=x")
    )
    # Same text under another URL: the content hash says it is the same.
    copy = await pipeline.ingest(IncomingDocument(ARTICLE.upper(), url="https://b.example/other"))

    for result in (again, copy):
        assert result.duplicate and result.document_id == first.document_id
        assert result.alerts_enqueued == 0 and result.digest_entries == 0
        assert result.match_count == first.match_count
    assert _count(engine, Document) == 1
    assert _count(engine, MatchRow) == matches
    assert len(_outbox(engine)) == 1


async def test_near_duplicate_joins_story_and_alerts_once(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"])
    _chat(engine, 2, ["Soleimani"], alert_mode="digest")
    state.add_term("Soleimani")
    first = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/1"))
    edited = ARTICLE + " Reporting by Example News."  # the same wire story, lightly edited
    second = await pipeline.ingest(IncomingDocument(edited, url="https://b.example/2"))
    other = await pipeline.ingest(IncomingDocument(UNRELATED + " Soleimani.", url="https://c/3"))

    assert not second.duplicate and second.document_id != first.document_id
    assert second.story_id == first.story_id
    assert second.alerts_enqueued == 0  # chat 1 already owes an alert for this story
    assert other.story_id == other.document_id != first.story_id
    assert sorted(_outbox(engine)) == [
        (1, story_key(first.story_id), first.document_id),
        (1, story_key(other.story_id), other.document_id),
    ]
    # The digest keeps every document: both outlets and the unrelated one.
    with Session(engine) as session:
        docs = session.scalars(
            select(DigestEntry.document_id).where(col(DigestEntry.chat_id) == 2).distinct()
        )
        assert sorted(docs) == sorted({first.document_id, second.document_id, other.document_id})


async def test_sanctions_modes_and_suppression(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, [], sanctions_mode="on")
    _chat(engine, 2, [], sanctions_mode="digest")
    _chat(engine, 3, [], sanctions_mode="off")
    _chat(engine, 4, [], sanctions_mode="on")
    _chat(engine, 5, ["Soleimani"])
    _chat(engine, 6, ["Soleimani"])
    state.add_term("Soleimani")
    probe = state.scan(ARTICLE)
    soleimani = next(m for m in probe if m.kind == "sanction" and "Soleimani" in m.text)
    target = state.target_of(soleimani)
    others = {state.target_of(m) for m in probe if m.kind == "sanction"} - {target}
    with Session(engine) as session, session.begin():
        # Chat 4 says "Soleimani is not relevant" for every way the article names him, and
        # chat 5 for the watch term as matched by "Soleimani".
        for m in probe:
            if m.kind == "sanction" and state.target_of(m) == target:
                suppress(session, 4, target, m.text.casefold())
        suppress(session, 5, "soleimani", "soleimani")
        suppress(session, 6, "soleimani", "soleimaini")  # a spelling this article lacks

    result = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/1"))

    outbox = {chat for chat, _, _ in _outbox(engine)}
    assert 1 in outbox and 3 not in outbox and 2 not in outbox
    assert (4 in outbox) == bool(others)  # only the Quds Force is left for chat 4
    # Every watch mention in the article reads "Soleimani": chat 5 hears nothing, chat 6 all.
    assert 5 not in outbox and 6 in outbox
    with Session(engine) as session:
        by_id = {m.id: m for m in document_matches(session, result.document_id)}
        alerts = {r.chat_id: r.match_ids for r in session.scalars(select(AlertOutbox))}
    assert alerts[4] and all(by_id[i].target != target for i in alerts[4])
    assert {by_id[i].target for i in alerts[1]} >= {target}
    assert (2, target) in _digests(engine)


async def test_digest_band_watch_match_goes_to_digest_not_alert(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"], alert_mode="instant")
    state.add_term("Soleimani")
    stored = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/1"))
    with Session(engine) as session:
        matches = document_matches(session, stored.document_id)
        for m in matches:  # pretend the matcher had been unsure of every mention
            m.band = "digest"
            session.add(m)
        session.commit()
        alerts, digests = plan_fan_out(session, document_matches(session, stored.document_id))
    assert alerts == {}
    assert {(chat, target) for chat, _, target in digests} == {(1, "soleimani")}


async def test_steps_run_again_create_nothing_twice(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    """A crash after any step: the next run finishes it and every row exists once."""
    _chat(engine, 1, ["Soleimani"], alert_mode="both")
    _chat(engine, 2, [], sanctions_mode="on")
    state.add_term("Soleimani")
    doc = IncomingDocument(ARTICLE, url="https://a.example/1")

    stored, _ = pipeline._store(doc)  # crash after storing
    assert await pipeline.resume() == 1
    counts = (_count(engine, MatchRow), _count(engine, AlertOutbox), _count(engine, DigestEntry))
    assert all(counts)

    # Replay each step by hand, as if the marks had not been committed.
    with Session(engine) as session, session.begin():
        row = session.get(Document, stored.id)
        assert row is not None
        row.scanned_at = None
        row.fanned_out_at = None
    assert await pipeline.resume() == 1
    assert (
        _count(engine, MatchRow),
        _count(engine, AlertOutbox),
        _count(engine, DigestEntry),
    ) == counts
    assert await pipeline.resume() == 0
    again = await pipeline.ingest(doc)
    assert again.duplicate and again.alerts_enqueued == 0
    assert (
        _count(engine, MatchRow),
        _count(engine, AlertOutbox),
        _count(engine, DigestEntry),
    ) == counts


async def test_short_and_url_less_documents(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"])
    state.add_term("Soleimani")
    one = await pipeline.ingest(IncomingDocument("Soleimani was seen.", source_label="inbox"))
    two = await pipeline.ingest(IncomingDocument("Soleimani was seen again.", source_label="inbox"))
    # Too short for a story fingerprint: each is its own story and alerts on its own.
    assert one.story_id != two.story_id
    assert one.alerts_enqueued == two.alerts_enqueued == 1
    long_url = "https://a.example/" + "x" * 3000
    three = await pipeline.ingest(
        IncomingDocument("Nothing to see.", url=long_url, source_label="y" * 400)
    )
    assert three.match_count == 0 and not three.duplicate
    with Session(engine) as session:
        row = session.get(Document, three.document_id)
        assert row is not None and row.canonical_url is None and len(row.url or "") == 2048


async def test_concurrent_ingests_store_and_alert_each_once(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    """Feeds, inbox and push may hand documents in at once, repeats included."""
    import asyncio

    _chat(engine, 1, ["Soleimani"], alert_mode="both")
    _chat(engine, 2, [], sanctions_mode="on")
    state.add_term("Soleimani")
    docs = [
        IncomingDocument(f"Report {n}: Qasem Soleimani was seen in city {n}.", url=f"https://x/{n}")
        for n in range(12)
    ]
    results = await asyncio.gather(*(pipeline.ingest(d) for d in docs + docs[:4]))

    assert sum(not r.duplicate for r in results) == 12
    assert len({r.document_id for r in results}) == 12
    assert _count(engine, Document) == 12
    outbox = _outbox(engine)
    assert sorted(chat for chat, _, _ in outbox) == [1] * 12 + [2] * 12
    assert len(set(outbox)) == len(outbox)
    with Session(engine) as session:
        assert all(d.fanned_out_at is not None for d in session.scalars(select(Document)))


async def test_entity_watch_hears_every_alias_once(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    """A chat watching a listed entity with all its aliases hears of each mention, once a place."""
    probe = state.scan(ARTICLE)
    soleimani = next(m for m in probe if m.kind == "sanction" and "Soleimani" in m.text)
    cluster = state.target_of(soleimani)
    with Session(engine) as session, session.begin():
        upsert_chat(session, 7, "private", None)
        update_chat_settings(session, 7, alert_mode="both", sanctions_mode="off")
        add_watch(session, 7, "Qasem Soleimani", "qasem soleimani", entity_key=cluster)
    state.add_term("Qasem Soleimani")

    result = await pipeline.ingest(IncomingDocument(ARTICLE, url="https://a.example/1"))

    with Session(engine) as session:
        by_id = {m.id: m for m in document_matches(session, result.document_id)}
        (alert,) = session.scalars(select(AlertOutbox).where(col(AlertOutbox.chat_id) == 7))
        digested = set(
            session.scalars(select(DigestEntry.match_id).where(col(DigestEntry.chat_id) == 7))
        )
    heard = sorted((by_id[i].start, by_id[i].end) for i in alert.match_ids)
    soleimani_spans = {
        (m.start, m.end) for m in by_id.values() if m.kind == "sanction" and m.target == cluster
    }
    # Every place the article names him is in the alert (as the watch term or the entity)...
    assert all(any(s < e2 and s2 < e for s2, e2 in heard) for s, e in soleimani_spans)
    # ...and no place twice; the Quds Force (another entity) is not this chat's business.
    assert all(a[1] <= b[0] for a, b in zip(heard, heard[1:], strict=False))
    assert all(by_id[i].target in {cluster, "qasem soleimani"} for i in alert.match_ids)
    assert digested == set(alert.match_ids)
    # "Soleimani" alone is found only as the listed entity: it reaches the chat through it.
    assert any(by_id[i].kind == "sanction" for i in alert.match_ids)


async def test_two_instances_join_one_story(engine: Engine, state: MatcherState) -> None:
    """A second service instance (or the same one after a restart) sees the other's stories."""
    _chat(engine, 1, ["Soleimani"])
    state.add_term("Soleimani")
    first = Pipeline(engine, state, clock=lambda: NOW)
    second = Pipeline(engine, state, clock=lambda: NOW)
    await first.ingest(IncomingDocument(UNRELATED, url="https://c.example/0"))
    await second.ingest(IncomingDocument(UNRELATED + " More.", url="https://c.example/00"))
    one = await first.ingest(IncomingDocument(ARTICLE, url="https://a.example/1"))
    two = await second.ingest(
        IncomingDocument(ARTICLE + " Reporting by Example News.", url="https://b.example/2")
    )
    assert two.story_id == one.story_id != two.document_id
    assert two.alerts_enqueued == 0 and len(_outbox(engine)) == 1


@pytest.mark.parametrize(
    ("title", "text", "stored"),
    [
        (None, "Body.", "Body."),
        ("Soleimani in Moscow", "Soleimani in Moscow\n\nBody.", "Soleimani in Moscow\n\nBody."),
        ("Soleimani  in\nMoscow", "SOLEIMANI IN MOSCOW. Body.", "SOLEIMANI IN MOSCOW. Body."),
        (
            "Soleimani in Moscow",
            "The general flew in.",
            "Soleimani in Moscow\n\nThe general flew in.",
        ),
    ],
)
def test_title_is_stored_with_the_text_unless_already_there(
    title: str | None, text: str, stored: str
) -> None:
    assert text_with_title(title, text) == stored


async def test_a_name_only_in_the_headline_alerts(
    engine: Engine, state: MatcherState, pipeline: Pipeline
) -> None:
    _chat(engine, 1, ["Soleimani"])
    state.add_terms(["Soleimani"])
    result = await pipeline.ingest(
        IncomingDocument(UNRELATED, title="Soleimani in Moscow", url="https://a.example/h")
    )
    assert result.match_count >= 1
    assert _outbox(engine) == [(1, story_key(result.story_id), result.document_id)]
