"""Read what an alert or a digest shows from the database into the views `alert_texts` renders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from bot.alert_texts import AlertView, DigestGroup, DigestItem, MatchView, RefLink, snippet
from storage.digests import PendingDigestItem
from storage.models import Document, ListEntityRow, MatchRow, WatchTerm
from storage.suppressions import suppressed_pairs

__all__ = ["DIGEST_TOP_ITEMS", "alert_view", "digest_groups"]

DIGEST_TOP_ITEMS = 3
_ALSO_IN_MAX = 5


def _term_names(session: Session, chat_id: int, targets: set[str]) -> dict[str, str]:
    """Normalised term -> the text the chat typed."""
    if not targets:
        return {}
    stmt = select(col(WatchTerm.normalised), col(WatchTerm.text)).where(
        col(WatchTerm.chat_id) == chat_id, col(WatchTerm.normalised).in_(sorted(targets))
    )
    return {str(n): str(t) for n, t in session.execute(stmt)}


def _ref_links(session: Session, refs: Sequence[str]) -> tuple[RefLink, ...]:
    if not refs:
        return ()
    stmt = select(ListEntityRow).where(col(ListEntityRow.key).in_(list(refs)))
    rows = {row.key: row for row in session.scalars(stmt)}
    links = []
    for key in refs:
        row = rows.get(key)
        if row is None:
            list_name, _, ref = key.partition(":")
            links.append(RefLink(f"{list_name.upper()} {ref}".strip()))
        else:
            links.append(RefLink(f"{row.list_name.upper()} {row.ref}", row.url))
    return tuple(links)


def _also_in(session: Session, document: Document) -> tuple[RefLink, ...]:
    """Other outlets that carried the same story (near-duplicates share a story_id)."""
    story = document.story_id or document.id
    stmt = (
        select(Document)
        .where(
            (col(Document.story_id) == story) | (col(Document.id) == story),
            col(Document.id) != document.id,
        )
        .order_by(col(Document.id))
        .limit(50)
    )
    seen = {document.source_label}
    links = []
    for other in session.scalars(stmt):
        label = other.source_label or "unknown source"
        if label in seen:
            continue
        seen.add(label)
        links.append(RefLink(label, other.url))
        if len(links) == _ALSO_IN_MAX:
            break
    return tuple(links)


def alert_view(
    session: Session, chat_id: int, document_id: int, match_ids: Sequence[int]
) -> AlertView | None:
    """The alert for these matches of a document, without the pairings the chat suppressed.

    None when the document is gone or every match was marked not relevant meanwhile.
    """
    document = session.get(Document, document_id)
    if document is None or not match_ids:
        return None
    matches = list(
        session.scalars(
            select(MatchRow)
            .where(col(MatchRow.id).in_(list(match_ids)))
            .order_by(col(MatchRow.start))
        )
    )
    suppressed = {(t, m) for _, t, m in suppressed_pairs(session, [chat_id])}
    matches = [m for m in matches if (m.target, m.text.casefold()) not in suppressed]
    if not matches:
        return None
    names = _term_names(session, chat_id, {m.target for m in matches if m.kind == "watch"})
    by_target: dict[str, list[MatchRow]] = defaultdict(list)
    for match in matches:
        by_target[match.target].append(match)
    # The alert shows the title already: a snippet from the body says more.
    title = (document.title or "").strip()
    title_end = len(title) if title and document.text.startswith(title) else 0
    views = []
    for group in by_target.values():
        # One snippet per term or entity: the best-scored mention in the body, the earliest
        # on a tie; a mention in the title only when the body has none.
        match = min(group, key=lambda m: (m.start < title_end, -m.score, m.start))
        before, matched, after = snippet(document.text, match.start, match.end)
        views.append(
            MatchView(
                match_id=match.id or 0,
                kind=match.kind,
                name=names.get(match.target, match.name) if match.kind == "watch" else match.name,
                matched=matched,
                before=before,
                after=after,
                score=match.score,
                band=match.band,
                refs=_ref_links(session, match.refs),
                more=len(group) - 1,
            )
        )
    return AlertView(
        title=document.title,
        url=document.url,
        source=document.source_label,
        published=document.published_at or document.received_at,
        matches=tuple(views),
        also_in=_also_in(session, document),
    )


def digest_groups(
    session: Session, chat_id: int, items: Sequence[PendingDigestItem]
) -> list[DigestGroup]:
    """Group held matches by term or entity: counts, the best documents first, "+N more"."""
    suppressed = {(t, m) for _, t, m in suppressed_pairs(session, [chat_id])}
    by_target: dict[str, list[PendingDigestItem]] = defaultdict(list)
    for item in items:
        if (item.match.target, item.match.text.casefold()) in suppressed:
            continue
        by_target[item.entry.target].append(item)
    names = _term_names(session, chat_id, set(by_target))
    groups = []
    for target, held in by_target.items():
        best: dict[int, PendingDigestItem] = {}
        for item in sorted(held, key=lambda i: -i.match.score):
            best.setdefault(item.document.id or 0, item)
        documents = list(best.values())
        top = documents[:DIGEST_TOP_ITEMS]
        groups.append(
            DigestGroup(
                name=names.get(target, held[0].match.name),
                count=len(documents),
                items=tuple(
                    DigestItem(i.document.title, i.document.url, i.document.source_label)
                    for i in top
                ),
                more=len(documents) - len(top),
            )
        )
    groups.sort(key=lambda g: (-g.count, g.name.casefold()))
    return groups
